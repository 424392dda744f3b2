"""PRV301/PRV302: information for reviewers: declarations the code never exercises.

These do not fail a run (severity ``info``): an unused declaration is not a violation, but it is
either a stale policy (promising less would be more honest) or a sign that privlint misses a
flow (a vendor called in a way the catalogue does not know). Recipients with role ``authority``
are exempt from PRV301: disclosures to authorities happen outside the code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from privlint.checks._examples import MIXPANEL, STRIPE, STRIPE_CHARGE, policy
from privlint.checks.base import CheckContext, Example, ProjectRule, RuleDoc, Violation
from privlint.checks.recipients import flow_recipient
from privlint.types import Flow, Location

_STRIPE_CALL = STRIPE_CHARGE
_EMAIL_ONLY = policy(
    categories="categories:\n  - {key: user.contact.email, retention: {duration: P1Y, trigger: account_closure}}\n",
    purposes="purposes:\n  - {key: essential.service.payment_processing, legal_basis: contract, "
    "categories: [user.contact.email]}\n",
    recipients="  - {id: stripe, kind: payment, role: processor, locations: [IE], categories: [user.contact.email], "
    "purposes: [essential.service.payment_processing]}\n",
)


def policy_location(position, policy_path: str) -> Location:
    """Where in the policy file a declaration is (line 1 when the loader gave no position)."""
    path = position.path if position is not None and position.path else policy_path
    line = position.line if position is not None and position.line else 1
    column = position.column if position is not None and position.column else 1
    return Location(path=path, line=line, column=column)


class UnusedRecipient(ProjectRule):
    DOC = RuleDoc(
        code="PRV301",
        name="declared-recipient-never-used",
        severity="info",
        summary="A recipient declared in the policy never receives personal data in the code",
        explanation=(
            "The policy names a recipient that no flow in the analysed code reaches. Either the integration was "
            "removed and the policy (and the processor list published to users) is stale, or the code reaches "
            "the vendor in a way privlint does not recognise - declare its packages/hosts in the policy's "
            "recipient entry so the flows are checked."
        ),
        protects="recipients: the published list of recipients stays true",
        fix="Remove the recipient from the policy, or bind it (packages/hosts) so privlint sees its flows.",
        valid=(Example(files=_STRIPE_CALL, policy=policy()),),
        invalid=(Example(files=_STRIPE_CALL, policy=policy(recipients=STRIPE + MIXPANEL)),),
    )

    def check_project(self, flows: Sequence[Flow], ctx: CheckContext) -> Iterable[tuple[Location, Violation]]:
        used = {flow_recipient(f) for f in flows}
        for recipient in ctx.policy.recipients:
            if recipient.id in used or recipient.role == "authority":
                continue
            yield (
                policy_location(recipient.position, ctx.policy.source_path),
                Violation(
                    message=f"recipient {recipient.id} is declared in the policy but no analysed code sends it "
                    f"personal data",
                    clause=f"recipients[{recipient.id}]",
                    clause_position=recipient.position,
                    hint="remove the recipient, or declare its packages/hosts so its flows are recognised",
                ),
            )


class UnobservedCategory(ProjectRule):
    DOC = RuleDoc(
        code="PRV302",
        name="declared-category-never-observed",
        severity="info",
        summary="A category declared in the policy is never observed in the code",
        explanation=(
            "No flow in the analysed code carries this category (or a more specific one). The policy may "
            "promise more collection than happens - fine legally, but worth pruning - or privlint does not "
            "recognise the fields that hold it: teach it with `bindings.identifiers` in the policy."
        ),
        protects="categories: the declared collection matches the real one",
        fix="Remove the category, or bind its identifiers so privlint recognises the data.",
        valid=(Example(files=_STRIPE_CALL, policy=_EMAIL_ONLY),),
        invalid=(Example(files=_STRIPE_CALL, policy=policy()),),
    )

    def check_project(self, flows: Sequence[Flow], ctx: CheckContext) -> Iterable[tuple[Location, Violation]]:
        from policy_model.model import covers

        observed = {f.category for f in flows}
        for category in ctx.policy.categories:
            if any(covers(category.key, seen) or covers(seen, category.key) for seen in observed):
                continue
            yield (
                policy_location(category.position, ctx.policy.source_path),
                Violation(
                    message=f"category {category.key} is declared in the policy but never observed in the code",
                    clause=f"categories[{category.key}]",
                    clause_position=category.position,
                    hint="remove the category, or add bindings.identifiers so privlint recognises it",
                ),
            )
