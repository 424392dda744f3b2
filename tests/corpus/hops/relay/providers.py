"""Outbound message providers, picked per user by Profile.preferred_channel."""
import logging

import httpx
from django.conf import settings
from twilio.rest import Client

logger = logging.getLogger(__name__)
_twilio = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)


def send_sms(address, text):
    _twilio.messages.create(to=address, from_=settings.SMS_FROM, body=text)  # expect: user.contact.phone_number -> third_party:twilio


def send_whatsapp(address, text):
    body = {"to": address, "type": "text", "text": {"body": text}}
    httpx.post(settings.WHATSAPP_GATEWAY, json=body, headers={"X-Api-Key": settings.RELAY_API_KEY}, timeout=10.0)  # expect: user.contact.phone_number -> network


def send_console(address, text):
    logger.info("[dev message] to=%s text=%r", address, text)  # expect: user.contact.phone_number -> log


PROVIDERS = {
    "sms": send_sms,
    "whatsapp": send_whatsapp,
    "console": send_console,
}
