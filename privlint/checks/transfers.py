"""PRV205: a flow to a recipient located outside the controller's region, in a country without
an adequacy decision, and without a transfer mechanism declared in the policy.

Locations come from the policy's recipient entry, else from the catalogue's vendor record. The
adequacy list (which countries, for which exporting regime, as of which date) is data shipped
by ``policy_model``; see ``privlint.checks.geography``.
"""

from __future__ import annotations

from collections.abc import Iterable

from privlint.checks import geography
from privlint.checks._examples import STRIPE_CHARGE, policy
from privlint.checks.base import CheckContext, Example, FlowRule, RuleDoc, Violation, is_personal
from privlint.checks.recipients import flow_recipient
from privlint.types import Flow

_STRIPE_US = """\
  - id: stripe
    kind: payment
    role: processor
    locations: [US]
    categories: [user.name, user.contact.email, user.financial.credit_card]
    purposes: [essential.service.payment_processing]
"""
_SCC = """\
transfers:
  - {recipient: stripe, destination: US, mechanism: scc, reference: "Implementing Decision (EU) 2021/914"}
"""
_CHARGE = STRIPE_CHARGE


class TransferWithoutSafeguard(FlowRule):
    DOC = RuleDoc(
        code="PRV205",
        name="transfer-without-safeguard",
        severity="error",
        summary="Personal data is transferred to a country without adequacy and without a declared mechanism",
        explanation=(
            "Personal data may leave the controller's region (for an EEA controller: the EU plus Iceland, "
            "Liechtenstein and Norway) only to a country with an adequacy decision or under an appropriate "
            "safeguard such as Standard Contractual Clauses or Binding Corporate Rules (GDPR Art. 44-49). "
            "A flow to a recipient located elsewhere needs a `transfers` entry naming the recipient, the "
            "destination and the mechanism. Partial decisions (the US: only organisations certified under the "
            "Data Privacy Framework) count only when the policy declares the transfer."
        ),
        protects="transfers: every transfer out of the region has a legal mechanism",
        fix=(
            "Use the vendor's in-region hosting, or declare the transfer (recipient, destination, mechanism, "
            "reference) in the policy once the safeguard is signed."
        ),
        valid=(Example(files=_CHARGE, policy=policy(recipients=_STRIPE_US, extra=_SCC)),),
        invalid=(Example(files=_CHARGE, policy=policy(recipients=_STRIPE_US)),),
    )
    SUPERSEDED_BY = ("PRV202",)

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        recipient_id = flow_recipient(flow)
        declared = ctx.policy_recipient(recipient_id)
        if declared is None or not is_personal(flow, ctx):
            return
        locations = declared.locations
        if not locations and ctx.catalogue is not None:
            vendor = ctx.catalogue.recipient(declared.id)
            locations = vendor.locations if vendor else ()
        controller = ctx.policy.controller
        region = controller.region
        safeguarded = {t.destination.upper() for t in ctx.policy.transfers_to(declared.id) if t.mechanism}
        missing = [
            loc
            for loc in locations
            if not geography.within(region, loc, controller.country)
            and not geography.adequate(region, loc)
            and loc.upper() not in safeguarded
        ]
        if not missing:
            return
        yield Violation(
            message=f"{flow.category} is sent to {declared.id} in {', '.join(missing)}: outside {region}, "
            f"no adequacy decision ({geography.as_of(region)}), and no transfer mechanism declared",
            clause=f"transfers[{declared.id}]",
            clause_position=declared.position,
            hint=f"declare a transfer for {declared.id} to {', '.join(missing)} (e.g. mechanism: scc) "
            f"or use an in-region service",
        )
