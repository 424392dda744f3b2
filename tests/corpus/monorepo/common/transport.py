"""HTTP and audit helpers used by billing and notify."""
import logging

import requests

from common.config import settings

log = logging.getLogger("common.transport")
DEFAULT_TIMEOUT = 8


def _headers():
    return {
        "Authorization": f"Bearer {settings.service_token}",
        "X-Service": settings.service_name,
    }


def post_json(url, payload, timeout=DEFAULT_TIMEOUT):
    response = requests.post(url, json=payload, headers=_headers(), timeout=timeout)  # expect: user.financial.bank_account -> network; user.name -> network
    response.raise_for_status()
    return response.json()


def audit(event, **fields):
    log.info("audit event=%s service=%s fields=%s", event, settings.service_name, fields)  # expect: user.device.ip_address -> log
