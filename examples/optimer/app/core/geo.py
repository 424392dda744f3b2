"""Geolocation of client IP addresses, used by the sign-in security checks."""

import requests

GEO_TIMEOUT_SECONDS = 2


def country_for_ip(ip_address: str) -> str:
    response = requests.get(f"https://ipinfo.io/{ip_address}/json", timeout=GEO_TIMEOUT_SECONDS)  # planted O5
    response.raise_for_status()
    return response.json().get("country", "")
