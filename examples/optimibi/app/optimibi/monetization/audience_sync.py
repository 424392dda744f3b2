"""Audience sync with an ad-tech exchange.

BizDev's 2024 deal: the exchange prices Optimibi's ad slots by page popularity, and pays a revenue
share per matched device. Each night we upload the devices seen that day, so the exchange can match
them against its own graph.
"""

import os

import requests

EXCHANGE_API = "https://ingest.audience-exchange.example/v2"


def _headers() -> dict[str, str]:
    return {"X-Api-Key": os.environ.get("AUDIENCE_EXCHANGE_KEY", "")}


def upload_page_popularity(page_views: dict[str, int]) -> None:
    """Contextual advertising: views per page, nothing about who viewed them."""
    response = requests.post(f"{EXCHANGE_API}/context", json={"page_views": page_views}, headers=_headers(), timeout=60)  # look-alike B4
    response.raise_for_status()


def upload_device_signals(visits) -> int:
    signals = [{"ip": visit.ip_address, "device_id": visit.device_id, "seen_at": visit.created_at.isoformat()} for visit in visits]
    response = requests.post(f"{EXCHANGE_API}/signals", json={"signals": signals}, headers=_headers(), timeout=60)  # planted B4
    response.raise_for_status()
    return int(response.json().get("matched", 0))
