"""Email through SendGrid (recipient "sendgrid": name and email, for notices and announcements)."""

import os

from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail

SENDER = "Optimibi <no-reply@optimibi.com>"
sendgrid_client = SendGridAPIClient(os.environ.get("SENDGRID_API_KEY", ""))


def send_mail(to_email: str, subject: str, html: str) -> None:
    sendgrid_client.send(Mail(from_email=SENDER, to_emails=to_email, subject=subject, html_content=html))


def send_welcome(user) -> None:
    send_mail(user.email, "Welcome to Optimibi", f"<p>Hi {user.full_name}, your dashboards are ready.</p>")


def send_login_code(user, code: str) -> None:
    send_mail(user.email, "Your Optimibi sign-in code", f"<p>Your code is <b>{code}</b>.</p>")
