from django.conf import settings
from twilio.rest import Client


class SmsGateway:
    def __init__(self):
        self.client = Client(settings.TWILIO_SID, settings.TWILIO_TOKEN)
        self.sender = settings.TWILIO_FROM

    def send(self, to_number, body):
        return self.client.messages.create(to=to_number, from_=self.sender, body=body)  # expect: user.contact.phone_number -> third_party:twilio; user.name -> third_party:twilio


gateway = SmsGateway()
