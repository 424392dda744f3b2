"""Error monitoring with Sentry: which account an error report belongs to."""

import os

import sentry_sdk
from django.conf import settings

if os.environ.get("OPTIMER_ENV", "production") == "staging":
    # staging runs on a nightly copy of production: "we need to see who hit the bug" (on-call request)
    sentry_sdk.init(dsn=settings.SENTRY_DSN, environment="staging", send_default_pii=True)  # planted O11
else:
    sentry_sdk.init(dsn=settings.SENTRY_DSN, send_default_pii=False, traces_sample_rate=0.1)  # look-alike O11


def identify_for_errors(user) -> None:
    """Sentry may know the account id, never who the person is (policy: recipient "sentry")."""
    sentry_sdk.set_user({"id": user.pk})  # look-alike O8
