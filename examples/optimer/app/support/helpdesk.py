"""Clients for the helpdesks that receive Optimer's support requests.

Zendesk is the declared support platform (recipient "zendesk"). The Freshdesk account belongs to the
outsourced billing-dispute desk that finance contracted in 2023; nobody told the privacy team.
"""

import requests
from django.conf import settings

ZENDESK_TICKETS_URL = "https://optimer.zendesk.com/api/v2/tickets.json"
FRESHDESK_TICKETS_URL = "https://optimer-billing.freshdesk.com/api/v2/tickets"
TIMEOUT_SECONDS = 10


def create_zendesk_ticket(requester_name: str, requester_email: str, subject: str, ticket_body: str) -> str:
    ticket = {
        "subject": subject,
        "comment": {"body": ticket_body},
        "requester": {"name": requester_name, "email": requester_email},
    }
    auth = (f"{settings.ZENDESK_API_USER}/token", settings.ZENDESK_API_TOKEN)
    response = requests.post(ZENDESK_TICKETS_URL, json={"ticket": ticket}, auth=auth, timeout=TIMEOUT_SECONDS)  # look-alike O7
    response.raise_for_status()
    return str(response.json()["ticket"]["id"])


def create_freshdesk_ticket(requester_name: str, requester_email: str, subject: str, ticket_body: str) -> str:
    ticket = {"name": requester_name, "email": requester_email, "subject": subject, "description": ticket_body}
    auth = (settings.FRESHDESK_API_KEY, "X")
    response = requests.post(FRESHDESK_TICKETS_URL, json=ticket, auth=auth, timeout=TIMEOUT_SECONDS)  # planted O7
    response.raise_for_status()
    return str(response.json()["id"])
