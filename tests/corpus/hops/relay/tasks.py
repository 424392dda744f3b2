import asyncio
import logging
import smtplib

from celery import shared_task
from django.contrib.auth.models import User

from relay.exporters import AudienceExporter, MarketingAudienceExporter
from relay.payloads import contact_payload, event_payload, heartbeat_payload, sms_optin_payload
from relay.providers import PROVIDERS
from relay.transport import build_welcome, crm_post, deliver, ingest_event, legacy_post

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(smtplib.SMTPException,), retry_backoff=True, max_retries=5)
def send_welcome_email(self, email, first_name):
    deliver(build_welcome(email, first_name))
    logger.info("welcome email sent to %s", email)  # expect: user.contact.email -> log


@shared_task
def register_sms_optin(user_id, phone):
    status = legacy_post("/sms/optin", sms_optin_payload(phone))
    logger.info("sms opt-in for %s returned %s", phone, status)  # expect: user.contact.phone_number -> log


@shared_task
def track_event(event, email, ip):
    return asyncio.run(ingest_event(event_payload(event, email, ip)))


@shared_task
def sync_contact(user_id):
    user = User.objects.get(pk=user_id)
    crm_post("/contacts", contact_payload(user))
    logger.info("contact %s synced", user_id)  # ok: any


@shared_task
def notify(channel, address, text):
    PROVIDERS[channel](address, text)


@shared_task
def export_audiences():
    opted_in = User.objects.filter(profile__marketing_opt_in=True).select_related("profile")
    MarketingAudienceExporter().export(opted_in)
    AudienceExporter().export(User.objects.all())
    logger.info("exported %d marketing members", opted_in.count())  # ok: any


@shared_task
def heartbeat(queue_depth):
    legacy_post("/heartbeat", heartbeat_payload(queue_depth))
