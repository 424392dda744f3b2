"""PRV202/PRV203: who personal data may be disclosed to, and which data each recipient may get."""

from __future__ import annotations

import re
from collections.abc import Iterable

from policy_model.recipient_kinds import RECIPIENT_KINDS
from privlint.checks._examples import MIXPANEL, SENTRY, STRIPE, STRIPE_CHARGE, policy
from privlint.checks.base import (
    ANONYMISING_KINDS,
    PSEUDONYMISING_KINDS,
    CheckContext,
    Example,
    FlowRule,
    RuleDoc,
    Violation,
    any_covers,
    how_sent,
    is_personal,
    setting_of,
)
from privlint.types import Flow


def flow_recipient(flow: Flow) -> str | None:
    """The party a flow discloses to: the catalogue recipient, else the host of a network call.

    Logs and storage without a recipient stay with the controller; a network call whose host
    privlint cannot resolve is not judged (it may be the controller's own service)."""
    if flow.sink.recipient:
        return flow.sink.recipient
    if flow.sink.kind in ("network", "third_party") and flow.sink.host:
        return flow.sink.host
    return None


class UndeclaredRecipient(FlowRule):
    DOC = RuleDoc(
        code="PRV202",
        name="undeclared-recipient",
        severity="error",
        summary="Personal data reaches a recipient the policy does not declare",
        explanation=(
            "A privacy policy must name the recipients or categories of recipients of personal data (GDPR "
            "Art. 13(1)(e)), and every processor needs a contract (Art. 28). A flow to a vendor SDK or API host "
            "that is not in the policy's `recipients` is a disclosure nobody agreed to, and usually also a "
            "missing data-processing agreement and an unreviewed international transfer."
        ),
        protects="recipients: the parties personal data is disclosed to",
        fix=(
            "Remove the call, or add the recipient to the policy (role, locations, categories, purposes and "
            "transfer mechanism) once a DPA is in place."
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
                    "track.py": "from mixpanel import Mixpanel\n\nmp = Mixpanel('token')\n\n"
                    "def signup(user):\n    mp.track(user.id, 'signup', {'email': user.email})\n"
                },
                policy=policy(),
                note="Mixpanel is not among the policy's recipients",
            ),
        ),
    )

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        recipient = flow_recipient(flow)
        if recipient is None or not is_personal(flow, ctx) or ctx.policy_recipient(recipient) is not None:
            return
        yield Violation(
            message=f"{flow.category} is sent to {recipient}{how_sent(flow)}, which the policy does not declare as a "
            "recipient",
            clause="recipients",
            hint=declaration_hint(flow, recipient, ctx),
        )


_POLICY_HOST = re.compile(r"^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")  # policy.schema.json $defs/host
# Host labels that name a service's endpoint, not its owner (api.ipinfo.io is ipinfo).
_SERVICE_LABELS = frozenset({"api", "www", "app", "eu", "us", "rest", "data", "collect", "ingest", "events"})
# Second-level labels under a country code that are not the owner (example.co.uk is example).
_PUBLIC_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})


def recipient_id_for_host(host: str) -> str:
    """A policy id for the owner of ``host``: ``ipinfo.io`` -> ``ipinfo``, ``api.geo.example.co.uk`` ->
    ``example``. Host names cannot be ids (ids have no dots), which is why the hint spells out both."""
    labels = [label for label in host.lower().strip(".").split(".") if label]
    if all(label.isdigit() for label in labels):  # an IP address names no owner
        return "host_" + "_".join(labels)
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _PUBLIC_SECOND_LEVEL:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    owner = next((label for label in reversed(labels) if label not in _SERVICE_LABELS), labels[-1] if labels else "")
    rid = re.sub(r"[^a-z0-9_]", "_", owner).strip("_")
    return rid if rid and rid[0].isalnum() else f"host_{rid}".rstrip("_")


def declaration_hint(flow: Flow, recipient: str, ctx: CheckContext) -> str:
    """How to declare the recipient, as a recipients entry that validates against the policy schema.

    A recipient the catalogue knows is declared by its id (with its kind and locations); a bare API host
    needs an id of its own plus ``hosts:``, since ids cannot contain dots. Purposes are the flow's own
    (annotation or path mapping), else the declared purposes that use the category; locations the
    catalogue does not know are WORLD, for the reader to narrow."""
    known = ctx.catalogue.recipient(recipient) if ctx.catalogue is not None and flow.sink.recipient else None
    fields: list[str]
    if flow.sink.recipient:
        fields = [f"id: {recipient}"]
    elif _POLICY_HOST.match(recipient):
        rid = recipient_id_for_host(recipient)
        if ctx.policy_recipient(rid) is not None:  # the short id is taken by another recipient
            rid = re.sub(r"[^a-z0-9_]", "_", recipient.lower()).strip("_")
        fields = [f"id: {rid}", f"hosts: [{recipient}]"]
    else:
        return f"declare the owner of {recipient} under recipients (with its hosts) or remove the call"
    purpose = flow.purpose or ctx.path_purpose(flow.location.path)
    purposes = [purpose] if purpose else [p.key for p in ctx.policy.purposes if any_covers(p.categories, flow.category)]
    locations = list(known.locations) if known is not None and known.locations else ["WORLD"]
    kind = known.kind if known is not None and known.kind in RECIPIENT_KINDS else "other"
    fields += [
        "role: processor",
        f"kind: {kind}",
        f"locations: [{', '.join(locations)}]",
        f"categories: [{flow.category}]",
        f"purposes: [{', '.join(purposes)}]",
    ]
    setting = setting_of(flow)
    undo = f"turn {setting} off" if setting else "remove the call"
    return f"declare it under recipients: {{{', '.join(fields)}}}, or {undo}"


def deidentified_for(flow: Flow, ctx: CheckContext, requires: str) -> bool:
    """Whether a sanitised flow meets a recipient's ``requires: pseudonymised|anonymised``."""
    kind = ctx.sanitizer_kind(flow)
    accepted = {"anonymised": ANONYMISING_KINDS, "pseudonymised": PSEUDONYMISING_KINDS}.get(requires, frozenset())
    return kind is not None and kind in accepted


class RecipientNotDeclaredForCategory(FlowRule):
    DOC = RuleDoc(
        code="PRV203",
        name="recipient-not-declared-for-category",
        severity="error",
        summary="A declared recipient receives a category it is not declared for",
        explanation=(
            "Declaring a recipient is not a blanket permission: the policy lists which categories each recipient "
            "may receive (email to the payment provider, not to the analytics vendor). Sending another category "
            "widens the disclosure beyond what the data subjects were told and what the processor contract "
            "covers. A recipient with `requires: anonymised` or `pseudonymised` lists what it may receive in "
            "identifiable form; a hashed or tokenised derivative of another category is judged by PRV212 instead."
        ),
        protects="recipients[ID].categories: what each recipient may receive",
        fix=(
            "Do not send this field to the recipient (drop it, or send a pseudonymous id instead), or extend the "
            "recipient's categories in the policy if the disclosure is intended and covered by its contract."
        ),
        valid=(
            Example(
                files={
                    "track.py": "from mixpanel import Mixpanel\n\nmp = Mixpanel('token')\n\n"
                    "def visit(user):\n    mp.track('anon', 'visit', {'ip': user.ip_address})\n"
                },
                policy=policy(recipients=STRIPE + MIXPANEL),
            ),
        ),
        invalid=(
            Example(
                files={
                    "track.py": "from mixpanel import Mixpanel\n\nmp = Mixpanel('token')\n\n"
                    "def signup(user):\n    mp.track(user.id, 'signup', {'email': user.email})\n"
                },
                policy=policy(recipients=STRIPE + MIXPANEL),
                note="email is declared for Stripe, not for Mixpanel",
            ),
            Example(
                files={
                    "settings.py": "import sentry_sdk\n\nsentry_sdk.init(dsn='https://k@o1.ingest.de.sentry.io/1')\n",
                    "billing.py": "class PaymentError(Exception):\n    pass\n\n"
                    "def charge(user):\n    raise PaymentError(f'card declined for {user.email}')\n",
                },
                policy=policy(recipients=STRIPE + SENTRY),
                note="Sentry captures the exceptions the project raises, and email is not declared for Sentry",
            ),
        ),
    )
    # (an exception or log line that breaks a ``no_logging`` prohibition is that one root cause, PRV211, even
    # when the error tracker that captures it is not declared for the category)
    SUPERSEDED_BY = ("PRV201", "PRV202", "PRV211", "PRV212", "PRV213")

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        declared = ctx.policy_recipient(flow_recipient(flow))
        if declared is None or not is_personal(flow, ctx) or any_covers(declared.categories, flow.category):
            return
        if deidentified_for(flow, ctx, declared.requires):
            return
        allowed = ", ".join(declared.categories) or "no categories"
        setting = setting_of(flow)
        through = how_sent(flow) if setting else ""
        stop = f"turn {setting} off" if setting else f"stop sending {flow.category} to {declared.id}"
        yield Violation(
            message=f"{flow.category} is sent to {declared.id}{through}, which is declared only for: {allowed}",
            clause=f"recipients[{declared.id}].categories",
            clause_position=declared.position,
            hint=f"{stop}, or add it to recipients[{declared.id}].categories",
        )
