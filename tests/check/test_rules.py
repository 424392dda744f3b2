"""Every rule: its own VALID examples stay silent and its INVALID examples fire, through the
real pipeline (plugins, engine, policy loader); plus the policy semantics the examples cannot
show alone (sanitisers, supersession, transfers, purposes), on hand-made flows."""

from __future__ import annotations

import pytest

from policy_model import load_text
from privlint.checks._examples import MIXPANEL, STRIPE, policy
from privlint.checks.base import CheckContext
from privlint.checks.registry import FLOW_RULES, PROJECT_RULES, all_docs
from privlint.checks.runner import evaluate
from privlint.checks.selection import Selection
from privlint.checks.testing import codes_of
from privlint.pipeline import check_scan
from privlint.types import Flow, Location, ScanResult, Sink, Source, TraceStep

RULES = [*FLOW_RULES, *PROJECT_RULES]
CASES = [
    pytest.param(rule.DOC.code, kind, example, id=f"{rule.DOC.code}-{kind}-{i}")
    for rule in RULES
    for kind, examples in (("valid", rule.DOC.valid), ("invalid", rule.DOC.invalid))
    for i, example in enumerate(examples)
]


def test_every_rule_has_a_violating_and_a_compliant_example():
    for rule in RULES:
        assert rule.DOC.valid and rule.DOC.invalid, rule.DOC.code


@pytest.mark.parametrize(("code", "kind", "example"), CASES)
def test_rule_examples(code, kind, example):
    fired = codes_of(example)
    if kind == "invalid":
        assert code in fired, f"{code} did not fire on its INVALID example: {sorted(fired)}"
    else:
        assert code not in fired, f"{code} fired on its VALID example"


def test_every_code_in_the_brief_is_documented():
    expected = {"PRV000", "PRV001"} | {f"PRV10{i}" for i in range(7)}
    expected |= {"PRV201", "PRV202", "PRV203", "PRV204", "PRV205", "PRV210", "PRV211", "PRV212", "PRV213"}
    expected |= {"PRV301", "PRV302", "PRV901", "PRV902"}
    docs = all_docs()
    assert expected <= set(docs)
    for doc in docs.values():
        assert doc.name and doc.summary and doc.explanation and doc.fix and doc.protects, doc.code
        assert doc.severity in ("error", "warning", "info")


# ------------------------------------------------------------------------------ hand-made flows
PARTNER = """\
  - id: partner
    kind: analytics
    role: partner
    locations: [IE]
    categories: [user.device.ip_address]
    purposes: [analytics.reporting]
    requires: {requires}
"""


def flow(
    category="user.contact.email",
    kind="third_party",
    callee="x.send",
    recipient=None,
    *,
    host=None,
    sanitizer=None,
    purpose=None,
    path="app/x.py",
    line=10,
) -> Flow:
    return Flow(
        category=category,
        sink=Sink(kind, callee, recipient, host),
        location=Location(path, line, 5),
        source=Source("app/models.py", 3, 5, "EmailField"),
        trace=(TraceStep("app/views.py", 7, "passed as argument to send(user)"),),
        sanitized=sanitizer is not None,
        sanitizer=sanitizer,
        purpose=purpose,
        function="app.x.f",
    )


def codes(policy_text: str, *flows: Flow, purposes_by_path=()) -> list[str]:
    ctx = CheckContext(policy=load_text(policy_text, "p.yaml"), purposes_by_path=purposes_by_path)
    return sorted(f.code for f in evaluate(list(flows), ctx) if not f.code.startswith("PRV3"))


@pytest.mark.parametrize(
    ("requires", "sanitizer", "expected"),
    [
        ("anonymised", None, ["PRV212"]),
        ("anonymised", "hashlib.sha256", ["PRV212"]),  # pseudonymised is still personal data
        ("anonymised", "secrets.token_hex", ["PRV212"]),
        ("pseudonymised", "hashlib.sha256", []),
        ("anonymised", "cryptography.fernet.Fernet().encrypt", ["PRV212"]),
        ("pseudonymised", "cryptography.fernet.Fernet().encrypt", []),
        ("none", "hashlib.sha256", ["PRV203"]),
    ],
)
def test_requires_and_sanitisers(requires, sanitizer, expected):
    text = policy(recipients=STRIPE + PARTNER.format(requires=requires))
    assert codes(text, flow(recipient="partner", sanitizer=sanitizer)) == expected


def test_anonymised_data_is_no_longer_personal():
    text = policy(recipients=STRIPE + MIXPANEL)
    assert codes(text, flow(recipient="segment", sanitizer="myapp.privacy.anonymize")) == []
    assert codes(text, flow(recipient="segment")) == ["PRV202"]
    # an email (not declared for Mixpanel) truncated by an in-house helper: no longer identifying
    assert codes(text, flow(recipient="mixpanel", sanitizer="core.netutils.truncate_ip")) == []
    assert codes(text, flow(recipient="mixpanel", sanitizer="hashlib.sha256")) == ["PRV203"]  # still personal


@pytest.mark.parametrize(
    ("sanitizer", "expected"),
    [(None, ["PRV210"]), ("hashlib.sha256", []), ("myapp.cards.truncate_pan", []), ("Fernet().encrypt", ["PRV210"])],
)
def test_no_storage_accepts_deidentified_values_only(sanitizer, expected):
    extra = "prohibitions:\n  - {id: no-cards, rule: no_storage, categories: [user.financial.credit_card]}\n"
    card = flow("user.financial.credit_card", "storage", "sqlite3.connect().execute", sanitizer=sanitizer)
    assert codes(policy(extra=extra), card) == expected


def test_no_storage_is_not_about_logs_and_no_logging_not_about_storage():
    extra = "prohibitions:\n  - {id: no-cards, rule: no_storage, categories: [user.financial.credit_card]}\n"
    assert codes(policy(extra=extra), flow("user.financial.credit_card", "log", "logging.info")) == []
    extra = "prohibitions:\n  - {id: no-logs, rule: no_logging, categories: [user]}\n"
    assert codes(policy(extra=extra), flow("user.contact.email", "storage", "db.save")) == []
    assert codes(policy(extra=extra), flow("user.contact.email", "log", "logging.info")) == ["PRV211"]
    assert codes(policy(extra=extra), flow("user.contact.email", "log", "logging.info", sanitizer="redact")) == []


def test_one_root_cause_one_finding():
    text = policy(recipients=STRIPE + MIXPANEL)
    # undeclared recipient: no PRV203/204/205 on top
    assert codes(text, flow(recipient="freshdesk")) == ["PRV202"]
    # undeclared category to a declared recipient: PRV201 only
    assert codes(text, flow("user.demographic.date_of_birth", recipient="stripe")) == ["PRV201"]
    # declared recipient, wrong category: PRV203 only (not PRV204 as well)
    assert codes(text, flow(recipient="mixpanel")) == ["PRV203"]
    # an unresolved network host is not judged; a resolved one is a recipient
    assert codes(text, flow(kind="network", callee="requests.post")) == []
    assert codes(text, flow(kind="network", callee="requests.post", host="ipinfo.io")) == ["PRV202"]


def test_identifiable_data_to_anonymised_only_partner_is_one_finding():
    extra = (
        "prohibitions:\n"
        "  - {id: no-sale, rule: no_sale, categories: [user]}\n"
        "  - {id: anon, rule: anonymised_only, categories: [user], recipients: [partner]}\n"
    )
    text = policy(recipients=STRIPE + PARTNER.format(requires="anonymised"), extra=extra)
    assert codes(text, flow(recipient="partner")) == ["PRV212"]
    # a hash is pseudonymisation: still one PRV212 (not also PRV213 for the no-sale promise)
    assert codes(text, flow(recipient="partner", sanitizer="hashlib.sha256")) == ["PRV212"]
    assert codes(text, flow(recipient="partner", sanitizer="app.privacy.anonymize_ip")) == []


def test_no_sale_and_no_third_party():
    third = (
        "  - {id: broker, kind: advertising, role: third_party, locations: [IE], categories: [user.contact.email], "
        "purposes: [essential.service.payment_processing]}\n"
    )
    extra = "prohibitions:\n  - {id: no-sale, rule: no_sale, categories: [user]}\n"
    assert codes(policy(recipients=STRIPE + third, extra=extra), flow(recipient="broker")) == ["PRV213"]
    assert codes(policy(recipients=STRIPE + third, extra=extra), flow(recipient="stripe")) == []
    extra = (
        "prohibitions:\n  - {id: cards, rule: no_third_party, categories: [user.financial.credit_card], "
        "except_recipients: [stripe]}\n"
    )
    text = policy(recipients=STRIPE + MIXPANEL, extra=extra)
    assert codes(text, flow("user.financial.credit_card", recipient="stripe")) == []
    assert codes(text, flow("user.financial.credit_card", recipient="mixpanel")) == ["PRV213"]
    # storage is no_storage's business, even in a hosting processor's bucket
    assert codes(text, flow("user.financial.credit_card", "storage", "boto3.client(s3).put_object", "stripe")) == []


@pytest.mark.parametrize(
    ("locations", "transfer", "expected"),
    [
        ("[IE]", "", []),
        ("[EEA]", "", []),
        ("[JP]", "", []),  # full adequacy decision
        ("[CH, GB]", "", []),
        ("[US]", "", ["PRV205"]),  # partial (DPF) decision: needs a declared transfer
        ("[IN]", "", ["PRV205"]),
        ("[US]", "transfers:\n  - {recipient: stripe, destination: US, mechanism: scc}\n", []),
        ("[IE, IN]", "transfers:\n  - {recipient: stripe, destination: US, mechanism: scc}\n", ["PRV205"]),
    ],
)
def test_transfers(locations, transfer, expected):
    stripe = STRIPE.replace("locations: [IE]", f"locations: {locations}")
    assert codes(policy(recipients=stripe, extra=transfer), flow(recipient="stripe")) == expected


def test_purpose_from_annotation_and_path_mapping():
    text = policy(recipients=STRIPE + MIXPANEL)
    assert codes(text, flow(recipient="stripe", purpose="essential.service.payment_processing")) == []
    assert codes(text, flow(recipient="stripe", purpose="analytics.reporting")) == ["PRV204"]
    assert codes(text, flow(recipient="stripe", purpose="marketing.advertising")) == ["PRV204"]
    mapping = (("app/marketing/*", "analytics.reporting"),)
    assert codes(
        text, flow("user.contact.email", "storage", "db.save", path="app/marketing/x.py"), purposes_by_path=mapping
    ) == ["PRV204"]
    assert (
        codes(text, flow("user.contact.email", "storage", "db.save", path="app/billing/x.py"), purposes_by_path=mapping)
        == []
    )


def test_reviewer_information_is_opt_in_and_exempts_authorities():
    authority = (
        "  - {id: police, kind: authority, role: authority, locations: [IE], categories: [user.name], "
        "purposes: [essential.service.payment_processing]}\n"
    )
    text = policy(recipients=STRIPE + MIXPANEL + authority)
    scan = ScanResult(root="/nonexistent", flows=(flow(recipient="stripe"),), analyzed=())
    loaded = load_text(text, "p.yaml")
    default = check_scan(scan, loaded)
    assert not [f for f in default.findings if f.code.startswith("PRV3")]
    everything = check_scan(scan, loaded, selection=Selection(select=("PRV",)))
    unused = sorted(f.message.split()[1] for f in everything.findings if f.code == "PRV301")
    assert unused == ["mixpanel"]
    assert all(f.severity == "info" for f in everything.findings if f.code.startswith("PRV3"))


def test_one_call_reached_twice_is_one_finding():
    extra = "prohibitions:\n  - {id: no-logs, rule: no_logging, categories: [user]}\n"
    first = flow("user.contact.email", "log", "logging.info")
    second = flow("user.contact.email", "log", "app.log.logger.info")  # same call, another resolution
    assert codes(policy(extra=extra), first, second) == ["PRV211"]
    elsewhere = flow("user.contact.email", "log", "logging.info", line=30)
    assert codes(policy(extra=extra), first, elsewhere) == ["PRV211", "PRV211"]
