"""PRV205: a flow to a recipient located outside the controller's region, in a country without
an adequacy decision, and without a transfer mechanism declared in the policy.

Locations come from the policy's recipient entry, else from the catalogue's vendor record. The
adequacy list (which countries, for which exporting regime, as of which date) is data shipped
by ``policy_model``; see ``privlint.checks.geography``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from privlint.checks import geography
from privlint.checks._examples import STRIPE_CHARGE, policy
from privlint.checks.base import CheckContext, Example, FlowRule, RuleDoc, Violation, is_personal
from privlint.checks.recipients import flow_recipient
from privlint.types import Finding, Flow

if TYPE_CHECKING:
    from policy_model.model import Policy

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
            "Data Privacy Framework) count only when the policy declares the transfer. The policy lint's PRV104 "
            "for the same recipient and country is not reported as well: one missing transfer, one finding per "
            "call where the data leaves."
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
            extra=((DESTINATIONS, " ".join(loc.upper() for loc in missing)),),
        )


DESTINATIONS = "destinations"  # Finding.extra key: the countries a PRV205 finding names


def fold_policy_transfer_findings(findings: Sequence[Finding], policy: Policy) -> list[Finding]:
    """Drop the policy lint's PRV104 (a recipient located abroad with no transfer, or a transfer with no
    mechanism) where PRV205 reports the same recipient and destination in the code: one missing
    ``transfers`` entry, reported where the data leaves (the finding cites the policy clause too).
    PRV104 stays for recipients no code reaches, and ``privlint policy validate`` always reports it."""
    in_code: set[tuple[str | None, str]] = set()
    for finding in findings:
        if finding.code == "PRV205" and finding.flow is not None:
            party = flow_recipient(finding.flow)
            in_code.update((party, d) for d in dict(finding.extra).get(DESTINATIONS, "").split())
    if not in_code:
        return list(findings)
    return [f for f in findings if not (f.code == "PRV104" and _transfer_of(f.clause or "", policy) in in_code)]


def _transfer_of(clause: str, policy: Policy) -> tuple[str, str] | None:
    """(recipient, destination) a PRV104 clause is about: ``recipients[ID].locations[J]`` or ``transfers[I]``."""
    if match := _LOCATION.match(clause):
        recipient = policy.recipient(match[1])
        if recipient is not None and int(match[2]) < len(recipient.locations):
            return recipient.id, recipient.locations[int(match[2])].upper()
    elif (match := _TRANSFER.match(clause)) and int(match[1]) < len(policy.transfers):
        transfer = policy.transfers[int(match[1])]
        return transfer.recipient, transfer.destination.upper()
    return None


_LOCATION = re.compile(r"^recipients\[(.+)\]\.locations\[(\d+)\]$")
_TRANSFER = re.compile(r"^transfers\[(\d+)\]$")
