"""Outbound SMS: Vonage for one-time codes, Plivo for shipping updates, SNS as fallback."""
import boto3
import plivo
from vonage import Auth, Vonage
from vonage_sms import SmsMessage

from shopapp import settings

sns = boto3.client("sns", region_name=settings.AWS_REGION)


class SmsGateway:
    def __init__(self):
        self.vonage = Vonage(Auth(api_key=settings.VONAGE_API_KEY, api_secret=settings.VONAGE_API_SECRET))
        self.plivo = plivo.RestClient(auth_id=settings.PLIVO_AUTH_ID, auth_token=settings.PLIVO_AUTH_TOKEN)

    def send_login_code(self, phone, code):
        response = self.vonage.sms.send(SmsMessage(to=phone, from_=settings.SMS_SENDER, text=f"Your ShopApp code is {code}"))  # expect: user.contact.phone_number -> third_party:vonage
        return response.messages[0].status == "0"

    def send_shipping_update(self, phone, order_id):
        self.plivo.messages.create(src=settings.SMS_SENDER, dst=phone, text=f"Good news: order {order_id} has shipped.")  # expect: user.contact.phone_number -> third_party:plivo


def send_fallback_sms(phone_number, text):
    sns.publish(PhoneNumber=phone_number, Message=text, MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}})  # expect: user.contact.phone_number -> third_party:aws
