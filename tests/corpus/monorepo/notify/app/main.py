"""Notify service entry point."""
import logging
from dataclasses import dataclass

from twilio.rest import Client

from app.util import build_payload, describe, write_record
from common.config import settings
from common.transport import audit, post_json

logger = logging.getLogger("notify")
sms = Client(settings.twilio_sid, settings.twilio_token)


@dataclass
class Recipient:
    user_id: int
    phone: str
    locale: str
    signup_ip: str


@dataclass
class DeliveryStats:
    sent: int = 0
    failed: int = 0


def send_welcome(recipient: Recipient, stats: DeliveryStats):
    rendered = post_json(settings.renderer_url + "/render", build_payload(recipient))
    try:
        sms.messages.create(to=recipient.phone, from_=settings.sms_sender, body=rendered["text"])  # expect: user.contact.phone_number -> third_party:twilio
    except Exception:
        stats.failed += 1
        logger.exception("welcome sms failed for user %s", recipient.user_id)  # ok: any
        return
    stats.sent += 1
    audit("sms.sent", user_id=recipient.user_id, ip=recipient.signup_ip)
    logger.info("sent %s", describe(recipient))  # ok: any


def flush(stats: DeliveryStats):
    write_record(settings.export_dir / "notify_stats.json", stats)
    logger.info("delivery stats: %d sent, %d failed", stats.sent, stats.failed)  # ok: any
