"""privlint plugin for ACME's in-house CRM SDK.

``acme_crm`` wraps ACME's CRM HTTP API (``crm.acme.example``). Teaching privlint about it takes
one recipient (who receives the data, where it is kept) and the call shapes that carry data;
every other call into the package becomes a sink for the recipient through its ``packages``.
The ``examples`` are run through privlint's engine by the test suite, Fixit style.
"""

from __future__ import annotations

from privlint.catalogue import Examples, Recipient, SanitizerRule, SinkRule
from privlint.hookspecs import hookimpl

UPSERT_CONTACT = """\
from acme_crm import CrmClient

crm = CrmClient(api_key="key")

def sync(user):
    crm.contacts.upsert({"email": user.email, "name": user.full_name})
"""

ALIASED_MODULE = """\
import acme_crm as crm_sdk

def log_call(customer):
    crm_sdk.activities.log_call(phone=customer.phone_number, minutes=12)
"""

PSEUDONYMISED = """\
from acme_crm import CrmClient, pseudonymise

def sync(user):
    CrmClient(api_key="key").contacts.upsert({"ref": pseudonymise(user.email)})
"""

NO_PERSONAL_DATA = """\
from acme_crm import CrmClient

def pipeline_stats():
    return CrmClient(api_key="key").pipelines.stats(region="emea")
"""


@hookimpl
def privlint_recipients() -> list[Recipient]:
    return [
        Recipient(
            id="acme_crm",
            name="ACME CRM (in-house)",
            kind="crm",
            locations=("DE",),
            packages=("acme_crm",),
            hosts=("crm.acme.example",),
            docs="https://wiki.acme.example/crm-sdk",
            examples=Examples(flows=(UPSERT_CONTACT, ALIASED_MODULE), no_flows=(NO_PERSONAL_DATA,)),
        )
    ]


@hookimpl
def privlint_sinks() -> list[SinkRule]:
    return [
        SinkRule("acme_crm.CrmClient().contacts.upsert", "third_party", "acme_crm"),
        SinkRule("acme_crm.activities.log_call", "third_party", "acme_crm"),
    ]


@hookimpl
def privlint_sanitizers() -> list[SanitizerRule]:
    return [SanitizerRule("acme_crm.pseudonymise", "hash", examples=Examples(no_flows=(PSEUDONYMISED,)))]
