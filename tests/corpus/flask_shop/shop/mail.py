from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail

from shop.config import settings


def send_welcome(to_email, first_name):
    message = Mail(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to_emails=to_email,
        subject="Welcome!",
        html_content=f"<p>Hello {first_name}</p>",
    )
    client = SendGridAPIClient(settings.SENDGRID_KEY)
    client.send(message)  # expect: user.contact.email -> third_party:sendgrid; user.name -> third_party:sendgrid


def send_report(address_book_size):
    message = Mail(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to_emails=settings.REPORT_EMAIL,
        subject="Weekly report",
        html_content=f"{address_book_size} contacts",
    )
    SendGridAPIClient(settings.SENDGRID_KEY).send(message)  # ok: any
