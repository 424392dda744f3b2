import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str = os.environ.get("DATABASE_URL", "sqlite:///riverside.db")
    site_code: str = os.environ.get("SITE_CODE", "RFC-01")
    twilio_account_sid: str = os.environ.get("TWILIO_ACCOUNT_SID", "")
    twilio_auth_token: str = os.environ.get("TWILIO_AUTH_TOKEN", "")
    sms_sender: str = os.environ.get("SMS_SENDER", "+441632960000")
    sendgrid_api_key: str = os.environ.get("SENDGRID_API_KEY", "")
    mail_from: str = "appointments@riverside-clinic.example"
    clinic_iban: str = os.environ.get("CLINIC_IBAN", "GB33BUKB20201555555555")
    payouts_url: str = "https://api.payouts.northbank.example/v2/transfers"
    payouts_token: str = os.environ.get("PAYOUTS_TOKEN", "")
    claims_url: str = "https://claims.healthshield.example/v1/claims"
    idcheck_url: str = "https://verify.idcheckr.example/v3/documents"
    idcheck_token: str = os.environ.get("IDCHECK_TOKEN", "")
    licensing_url: str = "https://licensing.medirecord-software.example/activate"
    licence_key: str = os.environ.get("EMR_LICENCE_KEY", "")
    reports_dir: Path = Path(os.environ.get("REPORTS_DIR", "/var/lib/riverside/reports"))


settings = Settings()
