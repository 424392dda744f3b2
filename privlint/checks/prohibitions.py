"""PRV210-PRV213: flows that break an explicit prohibition of the policy ("we never ...").

A prohibition applies to a flow when one of its ``categories`` covers the flow's category, the
flow's recipient is among its ``recipients`` (empty: any) and not among ``except_recipients``.

How sanitisers count (the sanitiser kind comes from the catalogue's ``SanitizerRule.kind``):

* anonymised and truncated values (``core.netutils.anonymize_ip``, a card's last four digits) are
  no longer personal data: no PRV2xx rule applies to them at all;
* ``no_storage``, ``no_logging``: hashed, tokenised, redacted, truncated or anonymised values
  are compliant (a card's last four digits or a salted hash of an email are not the data the
  prohibition is about); encrypted values are not (they are the data, kept).
* ``anonymised_only`` and ``requires: anonymised``: only anonymisation and truncation satisfy them.
  Hashing or tokenising a direct identifier is pseudonymisation, and pseudonymised data is still
  personal data (GDPR Recital 26; WP29 Opinion 05/2014): the recipient can link or reverse it.
  ``requires: pseudonymised`` accepts hashing, tokenisation, redaction, truncation, anonymisation
  and encryption.
* ``no_third_party``: any flow to a recipient breaks it unless anonymised (pseudonymised data is
  still personal data). Storage sinks are judged by ``no_storage`` only, even when the store is
  a hosting processor's (S3): that is "our servers".
* ``no_sale``: identifiable (not de-identified) data reaching a recipient whose policy role is
  ``third_party`` or ``partner``, a recipient the prohibition lists, or a flow whose explicit
  purpose is a sale data use (``policy_model.model.SALE_USES``). Where PRV212 already reports
  identifiable data to an anonymised-only partner, PRV213 stays silent (one root cause).
* ``no_use``: a flow whose explicit purpose (annotation or path mapping) is excluded.
* ``no_cookies``: a cookie is kept on the user's device and travels with every request; de-identified
  values and encrypted ones (opaque to the browser and to proxies) are compliant. A signed cookie
  (Django's ``set_signed_cookie``, Flask's ``session``) is not encrypted: anyone holding it reads it.
* ``no_storage`` is about storage sinks only; logs are ``no_logging``'s, and so are exception messages
  (the ``exception`` sink kind: the framework logs them and error trackers capture them).
"""

from __future__ import annotations

from collections.abc import Iterable

from policy_model.model import is_sale_use
from privlint.checks._examples import MIXPANEL, STRIPE, policy
from privlint.checks.base import (
    ANONYMISING_KINDS,
    DEIDENTIFYING_KINDS,
    PSEUDONYMISING_KINDS,
    CheckContext,
    Example,
    FlowRule,
    RuleDoc,
    Violation,
    any_covers,
    is_personal,
)
from privlint.checks.recipients import deidentified_for, flow_recipient
from privlint.types import Flow

SALE_ROLES = ("third_party", "partner")


def applicable(ctx: CheckContext, flow: Flow, rule: str):  # -> list[policy_model.Prohibition]
    recipient = flow_recipient(flow)
    found = []
    for prohibition in ctx.policy.prohibitions:
        if prohibition.rule != rule or not any_covers(prohibition.categories, flow.category):
            continue
        if prohibition.recipients and recipient not in prohibition.recipients:
            continue
        if recipient is not None and recipient in getattr(prohibition, "except_recipients", ()):
            continue
        found.append(prohibition)
    return found


def _violation(prohibition, message: str, hint: str) -> Violation:
    return Violation(
        message=f"{message} (prohibition '{prohibition.id}')",
        clause=f"prohibitions[{prohibition.id}]",
        clause_position=prohibition.position,
        statement=prohibition.statement,
        hint=hint,
    )


def _deidentified(flow: Flow, ctx: CheckContext) -> bool:
    return ctx.sanitizer_kind(flow) in DEIDENTIFYING_KINDS


def _anonymised(flow: Flow, ctx: CheckContext) -> bool:
    return ctx.sanitizer_kind(flow) in ANONYMISING_KINDS


def _prohibition(rule_id: str, rule: str, categories: str, statement: str, extra: str = "") -> str:
    return (
        f"prohibitions:\n  - id: {rule_id}\n    rule: {rule}\n    categories: [{categories}]\n"
        f"    statement: {statement}\n{extra}"
    )


_NO_CARD_STORAGE = _prohibition(
    "no-card-storage", "no_storage", "user.financial.credit_card", "We do not store full card numbers."
)
_NO_LOGS = _prohibition("no-pii-in-logs", "no_logging", "user.contact, user.name", "No personal data in logs.")
_NO_COOKIES = _prohibition(
    "cookies-hold-ids-only", "no_cookies", "user.contact, user.name", "Our cookies never hold contact details."
)
_PARTNER = """\
  - id: partner
    kind: analytics
    role: partner
    locations: [IE]
    categories: [user.device.ip_address]
    purposes: [analytics.reporting]
    requires: anonymised
    hosts: [api.partner.example]
"""
_ANON_ONLY = _prohibition(
    "partners-anonymised",
    "anonymised_only",
    "user",
    "Partners only receive anonymised data.",
    "    recipients: [partner]\n",
)
_CARDS_TO_STRIPE_ONLY = _prohibition(
    "cards-only-to-stripe",
    "no_third_party",
    "user.financial.credit_card",
    "Card details go to our payment provider only.",
    "    except_recipients: [stripe]\n",
)


class ProhibitedStorage(FlowRule):
    DOC = RuleDoc(
        code="PRV210",
        name="prohibited-storage",
        severity="error",
        summary="Data the policy says is never stored is written to storage",
        explanation=(
            'A `no_storage` prohibition ("we do not store full card numbers on our servers") is a promise about '
            "the controller's own systems, often backed by a compliance regime such as PCI DSS. A flow of such data "
            "into a database, cache, file or object store breaks it. Hashed, tokenised, truncated, redacted or "
            "anonymised values are accepted; encrypted values are not (they are still the data)."
        ),
        protects="prohibitions[ID] with rule: no_storage",
        fix=(
            "Keep only the payment provider's token or the last four digits; never persist the raw value. If the "
            "storage is legitimate, narrow the prohibition in the policy."
        ),
        valid=(
            Example(
                files={
                    "cards.py": "def save(db, card):\n"
                    "    db.execute('INSERT INTO cards (last4) VALUES (?)', (card.last4,))\n"
                },
                policy=policy(extra=_NO_CARD_STORAGE),
            ),
        ),
        invalid=(
            Example(
                files={
                    "cards.py": "import sqlite3\n\ndef save(card_number):\n    conn = sqlite3.connect('app.db')\n"
                    "    conn.execute('INSERT INTO cards (pan) VALUES (?)', (card_number,))\n"
                },
                policy=policy(extra=_NO_CARD_STORAGE),
            ),
        ),
    )

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        if flow.sink.kind != "storage" or not is_personal(flow, ctx) or _deidentified(flow, ctx):
            return
        for prohibition in applicable(ctx, flow, "no_storage"):
            yield _violation(
                prohibition,
                f"{flow.category} is stored via {flow.sink.callee}",
                "store a token or truncated value instead of the raw data",
            )


class PersonalDataInLogs(FlowRule):
    DOC = RuleDoc(
        code="PRV211",
        name="personal-data-in-logs",
        severity="error",
        summary="Personal data the policy keeps out of logs reaches a log call or an exception message",
        explanation=(
            "Logs are copied widely (log shippers, error trackers, support staff, backups) and kept for long, "
            "so personal data in them escapes retention limits and access controls. A `no_logging` prohibition "
            'makes this explicit. The message of a raised exception (`raise PaymentError(f"declined for '
            "{user.email}\")`) is logged too, by the framework's error handler, the worker's traceback and the "
            "error tracker that captures it, so it is judged like a log line. Redacted, hashed, tokenised or "
            "truncated values are accepted."
        ),
        protects="prohibitions[ID] with rule: no_logging",
        fix=(
            "Log an internal id (user.id) or a redacted value instead of the personal data; in exception messages "
            "name the record (order id, user id), not the person."
        ),
        valid=(
            Example(
                files={
                    "accounts.py": "import logging\n\nlogger = logging.getLogger(__name__)\n\n"
                    "def signup(user):\n    logger.info('signup user_id=%s', user.id)\n"
                },
                policy=policy(extra=_NO_LOGS),
            ),
            Example(
                files={
                    "billing.py": "class PaymentError(Exception):\n    pass\n\n\n"
                    "def charge(user):\n    raise PaymentError(f'payment for user {user.id} declined')\n"
                },
                policy=policy(extra=_NO_LOGS),
                note="the exception names the account by its internal id",
            ),
        ),
        invalid=(
            Example(
                files={
                    "accounts.py": "import logging\n\nlogger = logging.getLogger(__name__)\n\n"
                    "def signup(user):\n    logger.info('signup %s', user.email)\n"
                },
                policy=policy(extra=_NO_LOGS),
            ),
            Example(
                files={
                    "billing.py": "class PaymentError(Exception):\n    pass\n\n\n"
                    "def charge(user):\n    raise PaymentError(f'payment for {user.email} declined')\n"
                },
                policy=policy(extra=_NO_LOGS),
                note="the exception message carries the email into the error log and the error tracker",
            ),
        ),
    )

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        kind = flow.sink.kind
        if kind not in ("log", "exception") or not is_personal(flow, ctx) or _deidentified(flow, ctx):
            return
        for prohibition in applicable(ctx, flow, "no_logging"):
            if kind == "exception":
                yield _violation(
                    prohibition,
                    f"{flow.category} is put in an exception message ({flow.sink.callee}), which ends up in logs "
                    "and error reports",
                    "name the record (an internal id) in the exception message, not the person",
                )
            else:
                yield _violation(
                    prohibition,
                    f"{flow.category} is written to a log via {flow.sink.callee}",
                    "log an internal id or a redacted value instead",
                )


class PersonalDataInCookies(FlowRule):
    DOC = RuleDoc(
        code="PRV214",
        name="personal-data-in-cookie",
        severity="error",
        summary="Personal data the policy keeps out of cookies is put in a cookie",
        explanation=(
            "A cookie is stored on the user's device and sent back with every request: scripts on the page read "
            "it unless it is HttpOnly, so do browser extensions, whoever uses the device next and every proxy that "
            "logs headers, and it outlives the session. A signed cookie (Django's `set_signed_cookie`, Flask's "
            "default `session`) is tamper-proof, not secret: its value is base64 anyone holding it can read. "
            "Storing information on a user's device is itself regulated (ePrivacy Directive Art. 5(3)). A "
            "`no_cookies` prohibition states which categories never go into cookies; de-identified (hashed, "
            "tokenised) and encrypted values are accepted."
        ),
        protects="prohibitions[ID] with rule: no_cookies",
        fix=(
            "Keep the data on the server (a server-side session, the database) and put only an opaque id in the "
            "cookie, or encrypt the value."
        ),
        valid=(
            Example(
                files={
                    "views.py": "from django.http import JsonResponse\n\n\n"
                    "def login(request, user):\n    response = JsonResponse({'id': user.pk})\n"
                    "    response.set_cookie('uid', str(user.pk), httponly=True)\n    return response\n"
                },
                policy=policy(extra=_NO_COOKIES),
            ),
        ),
        invalid=(
            Example(
                files={
                    "views.py": "from django.http import JsonResponse\n\n\n"
                    "def login(request, user):\n    response = JsonResponse({'id': user.pk})\n"
                    "    response.set_cookie('remember_email', user.email)\n    return response\n"
                },
                policy=policy(extra=_NO_COOKIES),
            ),
            Example(
                files={
                    "views.py": "from flask import session\n\n\ndef login(user):\n    session['name'] = user.name\n"
                },
                policy=policy(extra=_NO_COOKIES),
                note="Flask's default session is a signed cookie the browser keeps: signed, not encrypted",
            ),
        ),
    )

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        if flow.sink.kind != "cookie" or not is_personal(flow, ctx):
            return
        if ctx.sanitizer_kind(flow) in PSEUDONYMISING_KINDS:
            return
        for prohibition in applicable(ctx, flow, "no_cookies"):
            yield _violation(
                prohibition,
                f"{flow.category} is put in a cookie via {flow.sink.callee}",
                "keep the data server-side and put only an opaque id in the cookie",
            )


class IdentifiableToAnonymisedOnly(FlowRule):
    DOC = RuleDoc(
        code="PRV212",
        name="identifiable-data-to-anonymised-only-recipient",
        severity="error",
        summary="Identifiable data reaches a recipient that may only receive anonymised data",
        explanation=(
            "Some recipients (partners, researchers) may only receive anonymised or pseudonymised data, stated "
            "either as an `anonymised_only` prohibition or as `requires:` on the recipient. A raw identifier "
            "reaching them is a disclosure of personal data the policy rules out. Only anonymisation and "
            "truncation satisfy `anonymised`: a hash or token of an identifier is pseudonymised data, still "
            "personal data (GDPR Recital 26). `pseudonymised` also accepts hashing, tokenisation, redaction "
            "and encryption."
        ),
        protects="prohibitions[ID] with rule: anonymised_only; recipients[ID].requires",
        fix="Hash or tokenise the identifier (or aggregate the data) before it is sent to this recipient.",
        valid=(
            Example(
                files={
                    "share.py": "import requests\nfrom app.privacy import anonymize_ip\n\n"
                    "def share(ip_address):\n"
                    "    net = anonymize_ip(ip_address)\n"
                    "    requests.post('https://api.partner.example/v1/events', json={'net': net})\n"
                },
                policy=policy(recipients=STRIPE + _PARTNER, extra=_ANON_ONLY),
            ),
        ),
        invalid=(
            Example(  # a hash of an email is pseudonymised, still personal data: not for this partner
                files={
                    "share.py": "import hashlib\nimport requests\n\n"
                    "def share(user):\n    digest = hashlib.sha256(user.email.encode()).hexdigest()\n"
                    "    requests.post('https://api.partner.example/v1/events', json={'uid': digest})\n"
                },
                policy=policy(recipients=STRIPE + _PARTNER, extra=_ANON_ONLY),
            ),
            Example(
                files={
                    "share.py": "import requests\n\n"
                    "def share(user):\n"
                    "    requests.post('https://api.partner.example/v1/events', json={'email': user.email})\n"
                },
                policy=policy(recipients=STRIPE + _PARTNER, extra=_ANON_ONLY),
            ),
        ),
    )

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        recipient_id = flow_recipient(flow)
        if recipient_id is None or not is_personal(flow, ctx):
            return
        prohibitions = [p for p in applicable(ctx, flow, "anonymised_only") if not _anonymised(flow, ctx)]
        if prohibitions:
            what = "pseudonymised" if _deidentified(flow, ctx) else "identifiable"
            yield _violation(
                prohibitions[0],
                f"{what} {flow.category} is sent to {recipient_id}, which may only receive anonymised data",
                "aggregate or anonymise the data before sending it (a hash or token of an identifier is still "
                "personal data)",
            )
            return
        declared = ctx.policy_recipient(recipient_id)
        requires = declared.requires if declared is not None else "none"
        if (
            declared is not None
            and requires in ("anonymised", "pseudonymised")
            and not deidentified_for(flow, ctx, requires)
        ):
            yield Violation(
                message=f"identifiable {flow.category} is sent to {declared.id}, which requires {requires} data",
                clause=f"recipients[{declared.id}].requires",
                clause_position=declared.position,
                hint=(
                    "aggregate or anonymise the data before sending it"
                    if requires == "anonymised"
                    else "hash, tokenise or encrypt the data before sending it"
                ),
            )


class OtherProhibition(FlowRule):
    DOC = RuleDoc(
        code="PRV213",
        name="prohibited-disclosure",
        severity="error",
        summary="A flow breaks a prohibition on disclosure or use (no_third_party, no_sale, no_use)",
        explanation=(
            "A `no_third_party` prohibition keeps a category away from every recipient except those it names "
            "(card details only to the payment provider); a `no_sale` prohibition keeps identifiable data away "
            "from recipients whose role is `third_party` or `partner`; a `no_use` prohibition excludes purposes "
            "for a category. privlint cannot see money change hands, so it treats any identifiable disclosure to "
            "such a recipient (or for a sale purpose) as the sale the policy rules out. A disclosure to a "
            "recipient the policy does not declare at all is reported once, as PRV202, whose message names the "
            "prohibition too."
        ),
        protects="prohibitions[ID] with rule: no_third_party | no_sale",
        fix="Remove the disclosure, or send only anonymised or aggregate data.",
        valid=(
            Example(
                files={
                    "pay.py": "import stripe\n\n"
                    "def pay(card_number):\n    stripe.PaymentMethod.create(card={'number': card_number})\n"
                },
                policy=policy(extra=_CARDS_TO_STRIPE_ONLY),
            ),
        ),
        invalid=(
            Example(
                files={
                    "pay.py": "from mixpanel import Mixpanel\n\nmp = Mixpanel('token')\n\n"
                    "def pay(user, card_number):\n    mp.track(user.id, 'payment_failed', {'card': card_number})\n"
                },
                policy=policy(recipients=STRIPE + MIXPANEL, extra=_CARDS_TO_STRIPE_ONLY),
                note="card data reaches Mixpanel; the policy allows it only to Stripe",
            ),
        ),
    )

    SUPERSEDED_BY = ("PRV212", "PRV202")

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        if not is_personal(flow, ctx):
            return
        purpose = flow.purpose or ctx.path_purpose(flow.location.path)
        for prohibition in applicable(ctx, flow, "no_use"):
            if purpose and any_covers(prohibition.purposes, purpose):
                yield _violation(
                    prohibition,
                    f"{flow.category} is used for {purpose}, which the policy rules out for it",
                    "do not use this data for this purpose",
                )
        recipient_id = flow_recipient(flow)
        if recipient_id is None or flow.sink.kind == "storage":
            return
        for prohibition in applicable(ctx, flow, "no_third_party"):
            yield _violation(
                prohibition,
                f"{flow.category} is disclosed to {recipient_id}",
                "do not send this data to this recipient",
            )
        if _deidentified(flow, ctx):
            return
        declared = ctx.policy_recipient(recipient_id)
        for prohibition in applicable(ctx, flow, "no_sale"):
            sold = purpose is not None and is_sale_use(purpose)
            if sold or prohibition.recipients or (declared is not None and declared.role in SALE_ROLES):
                yield _violation(
                    prohibition,
                    f"identifiable {flow.category} is disclosed to {recipient_id}: the policy rules this out as a sale",
                    "share only anonymised or aggregate data with third parties and partners",
                )
