"""Audience sync with an ad-tech exchange.

BizDev's 2024 deal: the exchange pays a revenue share per matched device. Each night we upload the devices
seen that day, so the exchange can match them against its own graph.
"""

import os

import requests

EXCHANGE_SIGNALS_URL = "https://ingest.audience-exchange.example/v2/signals"


def upload_device_signals(visits) -> int:
    signals = [{"ip": visit.ip_address, "device_id": visit.device_id, "seen_at": visit.created_at.isoformat()} for visit in visits]
    headers = {"X-Api-Key": os.environ.get("AUDIENCE_EXCHANGE_KEY", "")}
    response = requests.post(EXCHANGE_SIGNALS_URL, json={"signals": signals}, headers=headers, timeout=60)  # planted B4
    response.raise_for_status()
    return int(response.json().get("matched", 0))
