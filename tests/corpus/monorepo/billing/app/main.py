"""Billing service entry point."""
import logging
from dataclasses import dataclass

import stripe

from app.util import build_payload, describe, write_record
from common.config import settings
from common.transport import audit, post_json

logger = logging.getLogger("billing")
stripe.api_key = settings.stripe_key


@dataclass
class Account:
    account_id: int
    email: str
    full_name: str
    iban: str
    postal_address: str
    subscription_id: str = ""


class SubscriptionHandler:
    def __init__(self, ledger_url=settings.ledger_url):
        self.ledger_url = ledger_url

    def subscribe(self, account: Account, plan: str):
        customer = stripe.Customer.create(email=account.email, name=account.full_name, metadata={"account_id": account.account_id})  # expect: user.contact.email -> third_party:stripe; user.name -> third_party:stripe
        post_json(self.ledger_url + "/mandates", build_payload(account))
        write_record(settings.export_dir / "billing_addresses.csv", account)
        logger.info("subscribed %s to plan %s", describe(account), plan)  # expect: user.contact.email -> log
        audit("subscription.created", plan=plan, account_id=account.account_id)
        return customer.id

    def cancel(self, account: Account, reason: str):
        stripe.Subscription.delete(account.subscription_id)  # ok: any
        logger.info("cancelled account %s: %s", account.account_id, reason)  # ok: any


def handle(event):
    account = Account(
        account_id=event["account_id"],
        email=event["email"],
        full_name=event["full_name"],
        iban=event["iban"],
        postal_address=event["postal_address"],
    )
    return SubscriptionHandler().subscribe(account, event.get("plan", "starter"))
