import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only")
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "relay",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "relay"}}
AUTH_USER_MODEL = "auth.User"

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")
CELERY_TASK_SERIALIZER = "json"

RELAY_API_KEY = os.environ.get("RELAY_API_KEY", "")
CRM_URL = "https://crm.internal.relay.example/api"
LEGACY_URL = "https://legacy.partner-telco.example"
EVENTS_URL = "https://events.relay.example/v1/ingest"
STATUS_URL = "https://status.relay.example/api/ping"
WHATSAPP_GATEWAY = "https://wa-gateway.relay.example/v2/messages"

SMTP_HOST = os.environ.get("SMTP_HOST", "smtp.relay.example")
SMTP_PORT = 587
MAIL_FROM = "hello@relay.example"

TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
SMS_FROM = os.environ.get("SMS_FROM", "+15005550006")
FREEMAIL_DOMAINS = ("@gmail.com", "@outlook.com", "@yahoo.com", "@icloud.com")
