"""Background jobs on the sign-in history (Celery)."""

import logging

from celery import shared_task

from accounts.models import LoginEvent
from core.geo import country_for_ip

logger = logging.getLogger(__name__)


@shared_task
def locate_login(event_id: int, ip_address: str) -> None:
    """Adds the country to a sign-in so that the security page can show "new country" warnings."""
    country = country_for_ip(ip_address)
    LoginEvent.objects.filter(pk=event_id).update(country=country)
