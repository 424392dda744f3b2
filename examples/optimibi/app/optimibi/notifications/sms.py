"""Text messages through Twilio, added for the mobile sign-in flow."""

import os

from twilio.rest import Client

twilio_client = Client(os.environ.get("TWILIO_ACCOUNT_SID", ""), os.environ.get("TWILIO_AUTH_TOKEN", ""))
FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")


def send_login_code_by_sms(phone_number: str, code: str) -> None:
    twilio_client.messages.create(to=phone_number, from_=FROM_NUMBER, body=f"Your Optimibi code is {code}")  # planted B3
