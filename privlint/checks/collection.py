"""PRV201: personal data of a category the policy never declares is collected or processed."""

from __future__ import annotations

from collections.abc import Iterable

from privlint.checks._examples import STRIPE_CHARGE, policy
from privlint.checks.base import (
    CheckContext,
    Example,
    FlowRule,
    RuleDoc,
    Violation,
    category_declared,
    how_sent,
    is_personal,
    setting_of,
)
from privlint.types import Flow


class UndeclaredCategory(FlowRule):
    DOC = RuleDoc(
        code="PRV201",
        name="undeclared-category",
        severity="error",
        summary="Personal data of a category the policy does not declare is collected or processed",
        explanation=(
            "The policy's `categories` list is the promise of what personal data the service handles at all "
            "(GDPR Art. 13(1)(c), 30(1)(c)). Code that reads a category the policy never mentions processes data "
            "the data subjects were not told about, whatever it then does with it. A declared parent covers its "
            "descendants (`user.contact` covers `user.contact.phone_number`)."
        ),
        protects="categories: the personal data the policy says is collected",
        fix=(
            "Stop collecting the data, or declare the category (with its purposes, legal basis and retention) "
            "in the policy after the privacy owner agrees."
        ),
        valid=(
            Example(
                files=STRIPE_CHARGE,
                policy=policy(),
            ),
        ),
        invalid=(
            Example(
                files={
                    "billing.py": "import stripe\n\n"
                    "def charge(user):\n    stripe.Customer.create(phone=user.phone_number)\n"
                },
                policy=policy(),
                note="the phone number is not among the declared categories",
            ),
        ),
    )

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        if not is_personal(flow, ctx) or category_declared(ctx.policy, flow.category):
            return
        if setting_of(flow) is not None:  # the SDK collects it by itself, because of a setting
            party = flow.sink.recipient or flow.sink.host or "a recipient"
            message = f"{flow.category} is sent to {party}{how_sent(flow)}, but the policy declares no such category"
        else:
            message = f"{flow.category} is processed here but the policy declares no such category"
        yield Violation(
            message=message,
            clause="categories",
            hint=f"declare {flow.category} in the policy's categories, or stop collecting it",
        )
