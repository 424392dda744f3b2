"""A small but realistic SaaS app, its policy, and the CheckResult privlint would produce for it.

Hand-made so the report can be tested before (and independently of) the engine: billing sends the
customer's e-mail to Stripe (declared), analytics sends it to Mixpanel (not declared for that
category: PRV203), the request middleware logs the client IP (prohibited: PRV211), error handling
sends the user's e-mail to Sentry (undeclared recipient: PRV202), Segment gets a hashed id
(sanitised, permitted), SendGrid is declared but never used (PRV301) and phone numbers are
declared but never observed (PRV302).
"""

from __future__ import annotations

from pathlib import Path

from policy_model.model import (
    Category,
    Controller,
    Policy,
    Prohibition,
    Purpose,
    Recipient,
    Transfer,
)
from privlint.types import CheckResult, Finding, Flow, Location, ScanResult, Sink, SkippedFile, Source, TraceStep

FILES = {
    "shop/billing/stripe_client.py": """import stripe


def create_customer(user):
    email = user.email
    return stripe.Customer.create(email=email, name=user.full_name)
""",
    "shop/analytics/events.py": """from mixpanel import Mixpanel

mp = Mixpanel("token")


def track_signup(user):
    mp.track(user.id, "signup", {"email": user.email})


def track_login(user):
    mp.track(user.id, "login")
""",
    "shop/middleware.py": """import logging

log = logging.getLogger(__name__)


def audit(request):
    log.info("request from %s", request.remote_addr)
""",
    "shop/errors.py": """import sentry_sdk


def report(user, exc):
    sentry_sdk.set_user({"email": user.email})
    sentry_sdk.capture_exception(exc)
""",
    "shop/segment_sync.py": """import hashlib

import analytics


def identify(user):
    analytics.identify(hashlib.sha256(user.email.encode()).hexdigest(), {"plan": user.plan})
""",
    "shop/broken.py": "def oops(:\n",
}

POLICY = Policy(
    controller=Controller(name="Optimer Inc.", region="EEA", country="DE", contact="privacy@optimer.example"),
    categories=(
        Category("user.contact.email", "E-mail address", retention="P3Y", retention_note="after account closure"),
        Category("user.name", "Name", retention="P3Y"),
        Category("user.device.ip_address", "IP address", retention="P30D"),
        Category("user.contact.phone_number", "Phone number", retention="P1Y"),
        Category("user.financial", "Payment data", sensitive=True, retention="P10Y", retention_note="tax law"),
        Category("user.unique_id", "Account identifier", retention="P3Y"),
    ),
    purposes=(
        Purpose(
            "essential.service.payment_processing",
            "contract",
            ("user.contact.email", "user.name", "user.financial"),
            "Process subscription payments",
        ),
        Purpose(
            "analytics.reporting",
            "legitimate_interests",
            ("user.unique_id", "user.device"),
            "Product usage analytics",
        ),
        Purpose(
            "essential.service.notifications.email",
            "contract",
            ("user.contact.email", "user.name"),
            "Transactional e-mail",
        ),
    ),
    recipients=(
        Recipient(
            "stripe",
            "Stripe",
            kind="payment",
            locations=("US", "IE"),
            categories=("user.contact", "user.name", "user.financial"),
            purposes=("essential.service.payment_processing",),
        ),
        Recipient(
            "mixpanel",
            "Mixpanel",
            kind="analytics",
            locations=("US",),
            categories=("user.unique_id",),
            purposes=("analytics.reporting",),
        ),
        Recipient(
            "segment",
            "Segment",
            kind="analytics",
            locations=("US",),
            categories=("user.unique_id",),
            purposes=("analytics.reporting",),
            requires="pseudonymised",
        ),
        Recipient(
            "sendgrid",
            "SendGrid",
            kind="email",
            locations=("US",),
            categories=("user.contact.email", "user.name"),
            purposes=("essential.service.notifications.email",),
        ),
    ),
    transfers=(
        Transfer("stripe", "US", "adequacy", "EU-US Data Privacy Framework"),
        Transfer("mixpanel", "US", "scc", "2021/914 module 2"),
        Transfer("sendgrid", "US", None),
    ),
    prohibitions=(Prohibition("no-ip-logs", "no_logging", ("user.device.ip_address",), statement="We never log IPs"),),
    version="2026-11-01",
    source_path="privacy-policy.yaml",
    digest="3f1d2c0b9a8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060000",
)


def flow(category, kind, callee, recipient, path, line, src_line, evidence, function, trace=(), **kw):
    return Flow(
        category=category,
        sink=Sink(kind=kind, callee=callee, recipient=recipient),
        location=Location(path, line, 12),
        source=Source(path, src_line, 5, evidence),
        trace=tuple(TraceStep(path, ln, note) for ln, note in trace),
        function=function,
        **kw,
    )


STRIPE_EMAIL = flow(
    "user.contact.email",
    "third_party",
    "stripe.Customer.create",
    "stripe",
    "shop/billing/stripe_client.py",
    6,
    5,
    "user.email",
    "shop.billing.stripe_client.create_customer",
    trace=((5, "assigned to email"), (6, "passed as email= to stripe.Customer.create")),
)
STRIPE_NAME = flow(
    "user.name",
    "third_party",
    "stripe.Customer.create",
    "stripe",
    "shop/billing/stripe_client.py",
    6,
    6,
    "user.full_name",
    "shop.billing.stripe_client.create_customer",
)
MIXPANEL_EMAIL = flow(
    "user.contact.email",
    "third_party",
    "mixpanel.Mixpanel().track",
    "mixpanel",
    "shop/analytics/events.py",
    7,
    7,
    "user.email",
    "shop.analytics.events.track_signup",
    trace=((7, "dict value 'email' passed as properties to mp.track"),),
)
MIXPANEL_ID = flow(
    "user.unique_id",
    "third_party",
    "mixpanel.Mixpanel().track",
    "mixpanel",
    "shop/analytics/events.py",
    11,
    11,
    "user.id",
    "shop.analytics.events.track_login",
)
LOG_IP = flow(
    "user.device.ip_address",
    "log",
    "logging.Logger.info",
    None,
    "shop/middleware.py",
    7,
    7,
    "request.remote_addr",
    "shop.middleware.audit",
)
SENTRY_EMAIL = flow(
    "user.contact.email",
    "third_party",
    "sentry_sdk.set_user",
    "sentry",
    "shop/errors.py",
    5,
    5,
    "user.email",
    "shop.errors.report",
)
SEGMENT_ID = flow(
    "user.unique_id",
    "third_party",
    "analytics.identify",
    "segment",
    "shop/segment_sync.py",
    7,
    7,
    "user.email",
    "shop.segment_sync.identify",
    sanitized=True,
    sanitizer="hashlib.sha256",
)
FLOWS = (STRIPE_EMAIL, STRIPE_NAME, MIXPANEL_EMAIL, MIXPANEL_ID, LOG_IP, SENTRY_EMAIL, SEGMENT_ID)


def findings(flows_by_name=None):
    f = flows_by_name or {}
    mixpanel_email = f.get("MIXPANEL_EMAIL", MIXPANEL_EMAIL)
    return (
        Finding(
            "PRV203",
            "user.contact.email is sent to mixpanel, which the policy permits only user.unique_id",
            mixpanel_email.location,
            flow=mixpanel_email,
            clause="recipients[mixpanel].categories",
            hint="send a pseudonymous id instead, or declare the category for mixpanel",
        ),
        Finding(
            "PRV211",
            "user.device.ip_address reaches a log line; the policy prohibits logging it",
            LOG_IP.location,
            flow=LOG_IP,
            clause="prohibitions[no-ip-logs]",
        ),
        Finding(
            "PRV202",
            "user.contact.email is sent to sentry, which the policy does not declare",
            SENTRY_EMAIL.location,
            flow=SENTRY_EMAIL,
            clause="recipients",
        ),
        Finding(
            "PRV301",
            "recipient sendgrid is declared but no code sends it data",
            Location("privacy-policy.yaml", 60, 5),
            severity="info",
        ),
        Finding(
            "PRV302",
            "category user.contact.phone_number is declared but never observed",
            Location("privacy-policy.yaml", 12, 5),
            severity="info",
        ),
    )


def write_app(root: Path, files: dict[str, str] | None = None) -> None:
    for path, text in (files or FILES).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def check_result(root: Path, flows=FLOWS, finding_list=None) -> CheckResult:
    write_app(root)
    analyzed = tuple(sorted(p for p in FILES if p != "shop/broken.py"))
    scan = ScanResult(
        root=str(root),
        flows=tuple(sorted(flows)),
        analyzed=analyzed,
        skipped=(SkippedFile("shop/broken.py", "syntax error at 1:9"),),
    )
    return CheckResult(
        scan=scan,
        findings=tuple(finding_list if finding_list is not None else findings()),
        policy_path="privacy-policy.yaml",
        policy=POLICY,
    )
