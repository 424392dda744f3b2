"""Settings read from the environment, one object per process."""
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    service_name: str = os.environ.get("SERVICE_NAME", "unknown")
    service_token: str = os.environ.get("INTERNAL_SERVICE_TOKEN", "")
    ledger_url: str = os.environ.get("LEDGER_URL", "https://ledger.internal.acme.example/api")
    renderer_url: str = os.environ.get("RENDERER_URL", "https://templates.internal.acme.example")
    stripe_key: str = os.environ.get("STRIPE_SECRET_KEY", "")
    twilio_sid: str = os.environ.get("TWILIO_ACCOUNT_SID", "")
    twilio_token: str = os.environ.get("TWILIO_AUTH_TOKEN", "")
    sms_sender: str = os.environ.get("SMS_SENDER", "+15005550006")
    export_dir: Path = field(default_factory=lambda: Path(os.environ.get("EXPORT_DIR", "/var/lib/acme")))


settings = Settings()
