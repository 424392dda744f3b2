"""Transactional email through Postmark (recipient "postmark": name and email, for notifications)."""

from django.conf import settings
from django.template.loader import render_to_string
from postmarker.core import PostmarkClient

postmark = PostmarkClient(server_token=settings.POSTMARK_SERVER_TOKEN)
SENDER = "Optimer <hello@optimer.cloud>"


def send_welcome_email(user) -> None:
    body = render_to_string("emails/welcome.html", {"name": user.full_name})
    postmark.emails.send(From=SENDER, To=user.email, Subject="Welcome to Optimer", HtmlBody=body)


def send_receipt(user, plan_code: str, amount_cents: int, card_last4: str) -> None:
    context = {"name": user.full_name, "plan": plan_code, "amount": amount_cents / 100, "card_last4": card_last4}
    body = render_to_string("emails/receipt.html", context)
    postmark.emails.send(From=SENDER, To=user.email, Subject="Your Optimer receipt", HtmlBody=body)


def send_password_reset(user, token: str) -> None:
    link = f"https://app.optimer.cloud/reset/{user.pk}/{token}"
    body = render_to_string("emails/password_reset.html", {"name": user.full_name, "link": link})
    postmark.emails.send(From=SENDER, To=user.email, Subject="Reset your Optimer password", HtmlBody=body)
