"""Error monitoring with Sentry: which account an error report belongs to."""

import sentry_sdk
from django.conf import settings

sentry_sdk.init(dsn=settings.SENTRY_DSN, send_default_pii=False, traces_sample_rate=0.1)


def identify_for_errors(user) -> None:
    """Sentry may know the account id, never who the person is (policy: recipient "sentry")."""
    sentry_sdk.set_user({"id": user.pk})  # look-alike O8
