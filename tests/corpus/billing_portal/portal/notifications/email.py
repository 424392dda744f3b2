from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail

_client = None


def client():
    global _client
    if _client is None:
        _client = SendGridAPIClient("SG.key")
    return _client


def send_receipt(recipient, amount_cents):
    mail = Mail(from_email="billing@portal.example", to_emails=recipient, subject="Your receipt", plain_text_content=f"We charged {amount_cents / 100:.2f} EUR")
    client().send(mail)  # expect: user.contact.email -> third_party:sendgrid
