import stripe as payments

from shop.models import Customer, db
from shop.utils.logs import log_event

payments.api_key = "sk_test_123"


def create_stripe_customer(customer: Customer):
    result = payments.Customer.create(  # expect: user.contact.email -> third_party:stripe; user.name -> third_party:stripe
        email=customer.contact,
        name=customer.display(),
        metadata={"shop_customer": customer.id},
    )
    log_event("stripe customer created for %s", customer.contact)
    return result


def charge(customer_id, amount_cents):
    payments.Charge.create(customer=customer_id, amount=amount_cents, currency="eur")  # ok: any


def refund(charge_id, user_count):
    payments.Refund.create(charge=charge_id, metadata={"open_refunds": user_count})  # ok: any
