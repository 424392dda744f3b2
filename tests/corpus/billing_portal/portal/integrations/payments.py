import logging

import stripe

log = logging.getLogger(__name__)


class StripeGateway:
    def __init__(self, api_key):
        stripe.api_key = api_key

    def ensure_customer(self, profile):
        if profile.stripe_customer_id:
            return profile.stripe_customer_id
        customer = stripe.Customer.create(  # expect: user.contact.email -> third_party:stripe; user.contact.address -> third_party:stripe
            email=profile.invoice_email,
            address={"line1": profile.billing_address},
            metadata={"profile": profile.pk},
        )
        profile.stripe_customer_id = customer.id
        profile.save(update_fields=["stripe_customer_id"])  # ok: any
        log.info("created stripe customer %s for profile %s", customer.id, profile.pk)  # ok: any
        return customer.id

    def charge(self, customer_id, amount_cents, description):
        return stripe.PaymentIntent.create(customer=customer_id, amount=amount_cents, currency="eur", description=description)  # expect: user.contact.email -> third_party:stripe
