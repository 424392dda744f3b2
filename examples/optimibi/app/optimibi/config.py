"""Configuration from the environment. Hosting: AWS eu-west-1 (see privacy-policy.yaml, recipient "aws")."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", "postgresql://optimibi@optimibi-db.c9.eu-west-1.rds.amazonaws.com/optimibi"
    )
    SENDGRID_API_KEY = os.environ.get("SENDGRID_API_KEY", "")
    MAIL_SENDER = "Optimibi <no-reply@optimibi.com>"
    TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
    TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
    TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
    PARTNER_API_KEY = os.environ.get("INSIGHTFUL_PARTNERS_API_KEY", "")
    AUDIENCE_EXCHANGE_KEY = os.environ.get("AUDIENCE_EXCHANGE_KEY", "")
