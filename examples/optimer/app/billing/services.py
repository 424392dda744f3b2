"""Billing use cases: checkout, the legacy invoice form, and subscription renewals."""

import logging
from datetime import timedelta

import sentry_sdk
import stripe

from analytics.tracking import track_payment_failed, track_subscription_renewed
from billing import gateway
from billing.invoices import store_invoice
from billing.models import BillingProfile, Payment, Plan, Subscription
from notifications.email import send_receipt

logger = logging.getLogger(__name__)


def checkout(user, plan: Plan, payment_method_id: str) -> Payment:
    """The normal path: Stripe Elements tokenised the card in the browser, we only see its id."""
    profile = BillingProfile.objects.get(user=user)
    customer_id = gateway.ensure_customer(user, profile.billing_address)
    intent = gateway.charge(customer_id, payment_method_id, plan.price_cents, plan.currency)
    card = intent.payment_method.card
    logger.info("payment %s succeeded, card ending %s", intent.id, card.last4)  # look-alike O2
    payment = Payment.objects.create(  # look-alike O1
        user=user,
        plan=plan,
        amount_cents=plan.price_cents,
        stripe_payment_intent_id=intent.id,
        card_token=payment_method_id,
        card_last4=card.last4,
        card_brand=card.brand,
    )
    send_receipt(user, plan.code, payment.amount_cents, payment.card_last4)
    store_invoice(user, profile.billing_address, plan.code, payment.amount_cents, payment.pk)
    return payment


def legacy_checkout(user, plan: Plan, card_number: str, exp_month: int, exp_year: int, cvc: str) -> Payment:
    """Enterprise customers on the 2019 invoice form still post raw card data to us."""
    profile = BillingProfile.objects.get(user=user)
    customer_id = gateway.ensure_customer(user, profile.billing_address)
    payment_method = gateway.tokenize_card(card_number, exp_month, exp_year, cvc, user.full_name)
    try:
        intent = gateway.charge(customer_id, payment_method.id, plan.price_cents, plan.currency)
    except stripe.error.CardError:
        logger.warning("legacy checkout: card %s declined", card_number)  # planted O2
        sentry_sdk.set_tag("customer_email", user.email)  # planted O8
        raise
    payment = Payment.objects.create(  # planted O1
        user=user,
        plan=plan,
        amount_cents=plan.price_cents,
        stripe_payment_intent_id=intent.id,
        card_token=payment_method.id,
        card_last4=payment_method.card.last4,
        card_brand=payment_method.card.brand,
        card_number=card_number,  # "needed for chargeback disputes"
    )
    send_receipt(user, plan.code, payment.amount_cents, payment.card_last4)
    store_invoice(user, profile.billing_address, plan.code, payment.amount_cents, payment.pk)
    return payment


def renew(subscription: Subscription) -> Payment | None:
    user, plan = subscription.user, subscription.plan
    try:
        intent = gateway.charge(
            subscription.stripe_customer_id, subscription.stripe_payment_method_id, plan.price_cents, plan.currency
        )
    except stripe.error.CardError:
        track_payment_failed(user, plan.code)
        return None
    subscription.renews_at += timedelta(days=30)
    subscription.save(update_fields=["renews_at"])
    track_subscription_renewed(user, plan.code)
    card = intent.payment_method.card
    return Payment.objects.create(
        user=user,
        plan=plan,
        amount_cents=plan.price_cents,
        stripe_payment_intent_id=intent.id,
        card_token=subscription.stripe_payment_method_id,
        card_last4=card.last4,
        card_brand=card.brand,
    )
