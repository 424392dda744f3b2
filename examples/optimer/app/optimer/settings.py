"""Settings for the Optimer SaaS (optimer.cloud). Secrets come from the environment."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["optimer.cloud", "app.optimer.cloud"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "accounts",
    "billing",
    "support",
]

AUTH_USER_MODEL = "accounts.User"
ROOT_URLCONF = "optimer.urls"

# Hosting: AWS eu-central-1 (Frankfurt), see privacy-policy.yaml, recipient "aws".
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("DB_HOST", "optimer-prod.cluster-c1.eu-central-1.rds.amazonaws.com"),
        "NAME": "optimer",
        "USER": os.environ.get("DB_USER", "optimer"),
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
    }
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")

STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
POSTHOG_API_KEY = os.environ.get("POSTHOG_API_KEY", "")
POSTHOG_HOST = "https://eu.i.posthog.com"
MIXPANEL_TOKEN = os.environ.get("MIXPANEL_TOKEN", "")
POSTMARK_SERVER_TOKEN = os.environ.get("POSTMARK_SERVER_TOKEN", "")
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
ZENDESK_API_USER = os.environ.get("ZENDESK_API_USER", "")
ZENDESK_API_TOKEN = os.environ.get("ZENDESK_API_TOKEN", "")
FRESHDESK_API_KEY = os.environ.get("FRESHDESK_API_KEY", "")

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
