"""The one module that talks to Stripe, Optimer's payment provider (recipient "stripe")."""

import stripe
from django.conf import settings

stripe.api_key = settings.STRIPE_SECRET_KEY


def ensure_customer(user, billing_address: str) -> str:
    customer = stripe.Customer.create(
        email=user.email,
        name=user.full_name,
        address={"line1": billing_address},
        metadata={"optimer_id": user.pk},
    )
    return customer.id


def tokenize_card(card_number: str, exp_month: int, exp_year: int, cvc: str, billing_name: str):
    """Server-side tokenisation for the legacy invoice form; the card goes to Stripe only."""
    card = {"number": card_number, "exp_month": exp_month, "exp_year": exp_year, "cvc": cvc}
    return stripe.PaymentMethod.create(type="card", card=card, billing_details={"name": billing_name})


def charge(customer_id: str, payment_method_id: str, amount_cents: int, currency: str):
    return stripe.PaymentIntent.create(
        customer=customer_id,
        payment_method=payment_method_id,
        amount=amount_cents,
        currency=currency,
        confirm=True,
        off_session=True,
        expand=["payment_method"],
    )
