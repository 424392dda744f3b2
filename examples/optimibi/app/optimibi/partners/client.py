"""HTTP client for Insightful Partners (recipient "insightful_partners": anonymised data only)."""

import os

import requests

PARTNER_API = "https://api.insightful-partners.example/v1"
TIMEOUT_SECONDS = 30


def _headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {os.environ.get('INSIGHTFUL_PARTNERS_API_KEY', '')}"}


def push_usage_aggregates(aggregates: dict) -> None:
    response = requests.post(f"{PARTNER_API}/usage", json=aggregates, headers=_headers(), timeout=TIMEOUT_SECONDS)  # look-alike B1
    response.raise_for_status()


def push_engagement(records: list[dict]) -> None:
    response = requests.post(f"{PARTNER_API}/engagement", json={"records": records}, headers=_headers(), timeout=TIMEOUT_SECONDS)  # planted B1
    response.raise_for_status()
