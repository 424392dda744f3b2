"""PRV204: the purpose a flow serves is not a purpose the policy declares for its category.

Where the purpose of a flow comes from, first match wins:

1. an annotation in the code (``Flow.purpose``, set by the engine);
2. a path mapping: ``[tool.privlint.purposes]`` in pyproject.toml, then the policy's
   ``bindings.purposes_by_path`` (glob on the file path of the sink -> purpose key);
3. the recipient: the purposes the policy declares for the recipient of the flow.

With an explicit purpose (1, 2) the purpose must be declared, must list the category, and, for a
flow to a recipient, must be one of the recipient's purposes. Without one, the rule asks only
whether *some* purpose of the recipient lists the category. Flows with neither an explicit
purpose nor a recipient (local logs, storage) are not judged by this rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from privlint.checks._examples import STRIPE_CHARGE, policy
from privlint.checks.base import CheckContext, Example, FlowRule, RuleDoc, Violation, any_covers, is_personal
from privlint.checks.recipients import deidentified_for, flow_recipient
from privlint.types import Flow


def declared_purposes(ctx: CheckContext, key: str):  # -> list[policy_model.Purpose]
    """The policy purposes that cover ``key`` (a declared purpose covers its sub-purposes)."""
    from policy_model.model import covers

    return [p for p in ctx.policy.purposes if covers(p.key, key)]


class PurposeNotDeclared(FlowRule):
    DOC = RuleDoc(
        code="PRV204",
        name="purpose-not-declared-for-category",
        severity="error",
        summary="The purpose of a flow is not a declared purpose for its category",
        explanation=(
            "Purpose limitation (GDPR Art. 5(1)(b)): data collected for one purpose may not be used for another "
            "that the policy does not state. privlint takes the purpose of a flow from a `# privlint: purpose=` "
            "annotation, from a path mapping (`[tool.privlint.purposes]` or the policy's `bindings`), or from the "
            "purposes declared for its recipient, and requires that purpose to list the flow's category."
        ),
        protects="purposes[KEY].categories: which data each purpose may use; recipients[ID].purposes",
        fix=(
            "Use data that the purpose is declared for, move the code to where it belongs, or declare the purpose "
            "(with its legal basis) for the category in the policy."
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
                    "billing.py": "import stripe\n\ndef charge(user):\n"
                    "    stripe.Customer.create(email=user.email)  # privlint: purpose=analytics.reporting\n"
                },
                policy=policy(),
                note="annotated as analytics, a purpose the policy declares only for the IP address",
            ),
        ),
    )
    SUPERSEDED_BY = ("PRV201", "PRV202", "PRV203", "PRV212", "PRV213")

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        if not is_personal(flow, ctx):
            return
        recipient = ctx.policy_recipient(flow_recipient(flow))
        purpose = flow.purpose or ctx.path_purpose(flow.location.path)
        if purpose:
            yield from self._explicit(flow, ctx, purpose, recipient)
        elif recipient is not None:
            yield from self._by_recipient(flow, ctx, recipient)

    def _explicit(self, flow: Flow, ctx: CheckContext, purpose: str, recipient) -> Iterable[Violation]:
        origin = "annotated" if flow.purpose else "mapped by path"
        purposes = declared_purposes(ctx, purpose)
        if not purposes:
            yield Violation(
                message=f"{flow.category} is used for purpose {purpose} ({origin}), which the policy does not declare",
                clause="purposes",
                hint=f"declare purpose {purpose} with a legal basis and its categories, or fix the mapping",
            )
            return
        if not any(any_covers(p.categories, flow.category) for p in purposes):
            yield Violation(
                message=f"{flow.category} is used for purpose {purpose} ({origin}), "
                f"which the policy does not declare for this category",
                clause=f"purposes[{purposes[0].key}].categories",
                clause_position=purposes[0].position,
                hint=f"add {flow.category} to purposes[{purposes[0].key}].categories, or do not use it here",
            )
            return
        if recipient is not None and not any_covers(recipient.purposes, purpose):
            yield Violation(
                message=f"{flow.category} is sent to {recipient.id} for purpose {purpose} ({origin}), "
                f"but {recipient.id} is declared only for: {', '.join(recipient.purposes) or 'no purposes'}",
                clause=f"recipients[{recipient.id}].purposes",
                clause_position=recipient.position,
                hint=f"add {purpose} to recipients[{recipient.id}].purposes, or do not send it here",
            )

    def _by_recipient(self, flow: Flow, ctx: CheckContext, recipient) -> Iterable[Violation]:
        if deidentified_for(flow, ctx, recipient.requires):
            return  # what a `requires:` recipient may get de-identified is PRV212's concern
        for key in recipient.purposes:
            if any(any_covers(p.categories, flow.category) for p in declared_purposes(ctx, key)):
                return
        yield Violation(
            message=f"{flow.category} is sent to {recipient.id}, but none of its declared purposes "
            f"({', '.join(recipient.purposes) or 'none'}) lists {flow.category}",
            clause=f"recipients[{recipient.id}].purposes",
            clause_position=recipient.position,
            hint=f"declare a purpose for {flow.category} on {recipient.id}, or stop sending it",
        )
