"""CRM and lifecycle-marketing syncs."""
import brevo_python
import mailchimp_marketing as MailchimpMarketing
from braze.client import BrazeClient
from customerio import CustomerIO, Regions
from klaviyo_api import KlaviyoAPI
from pipedrive.client import Client as PipedriveClient

from shopapp import settings

brevo_config = brevo_python.Configuration()
brevo_config.api_key["api-key"] = settings.BREVO_API_KEY
transactional_emails = brevo_python.TransactionalEmailsApi(brevo_python.ApiClient(brevo_config))

pipedrive = PipedriveClient(domain=settings.PIPEDRIVE_DOMAIN)
pipedrive.set_api_token(settings.PIPEDRIVE_API_TOKEN)


class MarketingSync:
    def __init__(self):
        self.klaviyo = KlaviyoAPI(settings.KLAVIYO_PRIVATE_KEY, max_delay=60, max_retries=3)
        self.mailchimp = MailchimpMarketing.Client()
        self.mailchimp.set_config({"api_key": settings.MAILCHIMP_API_KEY, "server": settings.MAILCHIMP_SERVER})  # ok: any
        self.cio = CustomerIO(settings.CIO_SITE_ID, settings.CIO_API_KEY, region=Regions.EU)
        self.braze = BrazeClient(api_key=settings.BRAZE_API_KEY, api_url=settings.BRAZE_API_URL, use_auth_header=True)

    def subscribe_newsletter(self, customer):
        first_name, _, last_name = customer.full_name.partition(" ")
        member = {
            "email_address": customer.email,
            "status": "subscribed",
            "merge_fields": {"FNAME": first_name, "LNAME": last_name},
        }
        self.mailchimp.lists.add_list_member(settings.MAILCHIMP_LIST_ID, member)  # expect: user.contact.email -> third_party:mailchimp; user.name -> third_party:mailchimp

    def upsert_klaviyo_profile(self, customer):
        body = {
            "data": {
                "type": "profile",
                "attributes": {
                    "external_id": str(customer.id),
                    "email": customer.email,
                    "phone_number": customer.phone,
                    "properties": {"plan": customer.plan},
                },
            }
        }
        self.klaviyo.Profiles.create_or_update_profile(body)  # expect: user.contact.email -> third_party:klaviyo; user.contact.phone_number -> third_party:klaviyo

    def identify(self, customer):
        self.cio.identify(id=str(customer.id), email=customer.email, name=customer.full_name, plan=customer.plan)  # expect: user.contact.email -> third_party:customerio; user.name -> third_party:customerio

    def cart_abandoned(self, customer_id, cart_total_cents):
        self.cio.track(customer_id=str(customer_id), name="cart_abandoned", cart_total=cart_total_cents / 100)  # ok: any

    def push_braze_attributes(self, customer):
        attributes = [{"external_id": str(customer.id), "email": customer.email, "phone": customer.phone, "plan": customer.plan}]
        return self.braze.user_track(attributes=attributes, events=None, purchases=None)  # expect: user.contact.email -> third_party:braze; user.contact.phone_number -> third_party:braze


def send_order_confirmation(to_email, to_name, order_id, total):
    message = brevo_python.SendSmtpEmail(
        to=[{"email": to_email, "name": to_name}],
        template_id=settings.ORDER_CONFIRMATION_TEMPLATE,
        params={"order_id": order_id, "total": total},
    )
    transactional_emails.send_transac_email(message)  # expect: user.contact.email -> third_party:brevo; user.name -> third_party:brevo


def create_sales_lead(contact_name, contact_email, contact_phone, company):
    person = {
        "name": contact_name,
        "email": [{"value": contact_email, "primary": True}],
        "phone": [{"value": contact_phone, "primary": True}],
        "org_name": company,
    }
    return pipedrive.persons.create_person(person)  # expect: user.name -> third_party:pipedrive; user.contact.email -> third_party:pipedrive; user.contact.phone_number -> third_party:pipedrive
