"""Nightly billing jobs (Celery beat)."""

from celery import shared_task

from billing.models import Subscription
from billing.services import renew


@shared_task
def renew_due_subscriptions() -> int:
    renewed = 0
    for subscription in Subscription.objects.due_for_renewal():
        if renew(subscription) is not None:
            renewed += 1
    return renewed
