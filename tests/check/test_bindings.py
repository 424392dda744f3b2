"""Policy bindings feed the catalogue: an in-house vendor SDK (``packages``), a partner API host
(``hosts``), the identifiers that hold a category (``bindings.identifiers``) and path -> purpose
mappings (``bindings.purposes_by_path``) work without any plugin knowing them."""

from __future__ import annotations

from policy_model import load_text
from privlint.checks._examples import STRIPE, policy
from privlint.checks.base import Example
from privlint.checks.bindings import catalogue_from_policy
from privlint.checks.testing import run_example

ACME = """\
  - id: acme_crm
    kind: crm
    role: processor
    locations: [IE]
    categories: [user.name]
    purposes: [essential.service.payment_processing]
    packages: [acme_crm]
"""
BINDINGS = """\
bindings:
  identifiers:
    user.contact.email: [cust ref]
  purposes_by_path:
    "reports/*": analytics.reporting
"""


def findings(files, text):
    return sorted(
        (f.code, f.flow.sink.recipient if f.flow else None)
        for f in run_example(Example(files, text)).findings
        if not f.code.startswith("PRV3")
    )


def test_catalogue_records_from_the_policy():
    catalogue = catalogue_from_policy(load_text(policy(recipients=STRIPE + ACME, extra=BINDINGS), "p.yaml"))
    assert [(r.id, r.packages, r.plugin) for r in catalogue.recipients] == [("acme_crm", ("acme_crm",), "policy")]
    assert [(i.category, i.phrases) for i in catalogue.identifiers] == [("user.contact.email", (("cust", "ref"),))]


def test_in_house_sdk_and_identifier_bindings_are_checked():
    code = "import acme_crm\n\n\ndef sync(customer):\n    acme_crm.upsert(customer.cust_ref)\n"
    text = policy(recipients=STRIPE + ACME, extra=BINDINGS)
    assert findings({"sync.py": code}, text) == [("PRV203", "acme_crm")]
    allowed = "import acme_crm\n\n\ndef sync(customer):\n    acme_crm.upsert(customer.full_name)\n"
    assert findings({"sync.py": allowed}, text) == []


def test_purposes_by_path_from_the_policy():
    code = "import stripe\n\n\ndef export(user):\n    stripe.Customer.create(email=user.email)\n"
    text = policy(extra=BINDINGS)
    assert findings({"billing/pay.py": code}, text) == []
    assert findings({"reports/pay.py": code}, text) == [("PRV204", "stripe")]
