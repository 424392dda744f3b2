"""Every way relay talks to the outside world over HTTP and SMTP."""
import json
import smtplib
import urllib.request
from email.message import EmailMessage

import aiohttp
import httpx
from django.conf import settings


def crm_post(path, payload):
    with httpx.Client(base_url=settings.CRM_URL, headers={"X-Api-Key": settings.RELAY_API_KEY}, timeout=10.0) as client:
        response = client.post(path, json=payload)  # expect: user.contact.email -> network; user.name -> network
    response.raise_for_status()
    return response.json()


def legacy_post(path, body):
    request = urllib.request.Request(
        settings.LEGACY_URL + path,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # expect: user.contact.phone_number -> network
        return response.status


async def ingest_event(body):
    async with aiohttp.ClientSession(headers={"X-Api-Key": settings.RELAY_API_KEY}) as session:
        async with session.post(settings.EVENTS_URL, json=body) as response:  # expect: user.contact.email -> network; user.device.ip_address -> network
            return response.status


def check_status():
    response = httpx.get(settings.STATUS_URL, headers={"Authorization": f"Bearer {settings.RELAY_API_KEY}"}, timeout=5.0)  # ok: any
    return response.status_code == 200


def build_welcome(email, first_name):
    msg = EmailMessage()
    msg["Subject"] = "Welcome to Relay"
    msg["From"] = settings.MAIL_FROM
    msg["To"] = email
    msg.set_content(f"Hi {first_name},\n\nThanks for signing up. Your inbox is ready.\n")
    return msg


def deliver(msg):
    with smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT) as smtp:
        smtp.starttls()
        smtp.send_message(msg)  # expect: user.contact.email -> network; user.name -> network
