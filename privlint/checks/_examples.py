"""Shared building blocks for the rules' VALID/INVALID examples: a small policy they vary."""

from __future__ import annotations

POLICY_HEAD = """\
privlint: "1.0"
policy: {id: acme, name: Acme Privacy Policy}
controller: {name: Acme, region: EEA}
"""

CATEGORIES = """\
categories:
  - {key: user.name, retention: {duration: P1Y, trigger: account_closure}}
  - {key: user.contact.email, retention: {duration: P1Y, trigger: account_closure}}
  - {key: user.device.ip_address, retention: {duration: P90D, trigger: collection}}
  - {key: user.financial.credit_card, retention: {duration: PT0S, trigger: collection}}
"""

PURPOSES = """\
purposes:
  - key: essential.service.payment_processing
    legal_basis: contract
    categories: [user.name, user.contact.email, user.financial.credit_card]
  - key: analytics.reporting
    legal_basis: consent
    categories: [user.device.ip_address]
"""

STRIPE = """\
  - id: stripe
    kind: payment
    role: processor
    locations: [IE]
    categories: [user.name, user.contact.email, user.financial.credit_card]
    purposes: [essential.service.payment_processing]
"""

MIXPANEL = """\
  - id: mixpanel
    kind: analytics
    role: processor
    locations: [IE]
    categories: [user.device.ip_address]
    purposes: [analytics.reporting]
"""

SENTRY = """\
  - id: sentry
    kind: error_monitoring
    role: processor
    locations: [DE]
    categories: [user.device.ip_address]
    purposes: [analytics.reporting]
"""


# The prohibition the check, interrupt, sink tests and the many-findings benchmark share.
NO_LOGS = """\
prohibitions:
  - id: no-pii-in-logs
    rule: no_logging
    categories: [user.contact, user.name]
    statement: We never write contact details into logs.
"""


def policy(*, recipients: str = STRIPE, extra: str = "", categories: str = CATEGORIES, purposes: str = PURPOSES) -> str:
    """A complete example policy; ``recipients`` is the indented list body, ``extra`` more sections."""
    return POLICY_HEAD + categories + purposes + "recipients:\n" + recipients + extra


STRIPE_CHARGE = {"billing.py": "import stripe\n\ndef charge(user):\n    stripe.Customer.create(email=user.email)\n"}
