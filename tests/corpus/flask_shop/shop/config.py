import os


class Settings:
    DEFAULT_FROM_EMAIL = "noreply@shop.example"
    REPORT_EMAIL = "reports@shop.example"
    SENDGRID_KEY = os.environ.get("SENDGRID_KEY", "")
    EMAIL_BACKEND = "smtp"


settings = Settings()
