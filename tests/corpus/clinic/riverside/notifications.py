"""Patient messaging: SMS reminders through Twilio, e-mail through SendGrid."""
import logging

from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail
from twilio.rest import Client

from riverside.settings import settings

logger = logging.getLogger(__name__)


class Notifier:
    def __init__(self):
        self.sms = Client(settings.twilio_account_sid, settings.twilio_auth_token)
        self.mail = SendGridAPIClient(settings.sendgrid_api_key)

    def appointment_sms(self, mobile, when):
        body = f"Riverside Clinic: your follow-up is booked for {when:%a %d %b at %H:%M}. Reply C to cancel."
        message = self.sms.messages.create(to=mobile, from_=settings.sms_sender, body=body)  # expect: user.contact.phone_number -> third_party:twilio
        logger.info("reminder sms queued sid=%s", message.sid)  # ok: any

    def welcome_email(self, email, full_name):
        message = Mail(
            from_email=settings.mail_from,
            to_emails=email,
            subject="Welcome to Riverside Family Clinic",
            html_content=f"<p>Dear {full_name},</p><p>Your registration is complete.</p>",
        )
        self.mail.send(message)  # expect: user.contact.email -> third_party:sendgrid; user.name -> third_party:sendgrid

    def prescription_email(self, email, full_name, medications):
        items = "".join(f"<li>{drug}</li>" for drug in medications)
        message = Mail(
            from_email=settings.mail_from,
            to_emails=email,
            subject="Your prescription is ready",
            html_content=f"<p>Dear {full_name},</p><p>Ready for collection:</p><ul>{items}</ul>",
        )
        self.mail.send(message)  # expect: user.contact.email -> third_party:sendgrid; user.name -> third_party:sendgrid; user.health_and_medical -> third_party:sendgrid
