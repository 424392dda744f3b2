"""The smallest policy change that permits the flows the policy does not declare (``privlint policy suggest``).

For undeclared categories (PRV201), recipients (PRV202), recipient categories (PRV203), purposes (PRV204)
and transfers (PRV205), the fix may be the policy's: the vendor is real and contracted, the data use is
intended. For each flow of such a finding this plans what the policy lacks to permit it - the category
(with a retention to decide), the recipient (id, name, kind and locations from the catalogue, ``hosts``
when only its API host named it), the category on the recipient, a purpose that uses the category (the
flow's own, else one matching the recipient's kind, else a new one with a legal basis to decide), and a
transfer for each location outside the controller's region without adequacy (a mechanism to confirm).
Every guess a person must confirm carries a ``# TODO`` comment in the file; the guesses themselves
(purpose by recipient kind, legal basis, retention, role) are ``policy_model.guesses``, as ``policy init``'s.

The plan is then *verified*, not trusted: the patched policy must load and lint as cleanly as before, and
the same scan judged by it (``pipeline.check_against``) must show no finding on the permitted flows and
no new finding elsewhere. A flow whose permission would contradict the policy - card data to a new
analytics vendor under a ``no_third_party`` promise - is taken out of the patch and reported as needing a
code change, like every prohibition finding (PRV210 and up): the policy says the code must not do it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_model import guesses
from policy_model.model import Policy, covers
from privlint import policy_edit
from privlint.checks import geography
from privlint.checks.base import CheckContext, any_covers
from privlint.checks.recipients import deidentified_for, flow_recipient, recipient_id_for_host
from privlint.policy_edit import Append, Note
from privlint.types import CheckResult, Finding, Flow

#: Findings a policy edit can resolve: the policy does not declare what the code does.
SUGGESTIBLE = ("PRV201", "PRV202", "PRV203", "PRV204", "PRV205")
#: Findings only a code change resolves: every other code-vs-policy rule (PRV210-PRV214 and any later
#: prohibition) says the policy forbids what the code does.
CODE_VS_POLICY = "PRV2"

RETENTION_TODO = "TODO: decide the retention"
LEGAL_BASIS_TODO = "TODO: confirm the legal basis"
TRANSFER_TODO = "TODO: confirm the mechanism (scc? adequacy with certification: dpf?), add its reference"
LOCATIONS_TODO = "TODO: the countries it processes data in"
PURPOSE_TODO = "TODO: check that this is what the data is used for"


@dataclass(frozen=True)
class Suggestion:
    """A patch of the policy file and what it does to the findings."""

    policy_path: str
    edited: policy_edit.Edited
    changes: tuple[str, ...]  # "declare recipient mixpanel (analytics, US)", in the order planned
    fixed: tuple[Finding, ...]  # findings the patch removes
    code_changes: tuple[tuple[Finding, str], ...]  # findings only a code change resolves, and why
    flow_changes: dict[Flow, tuple[str, ...]] = field(default_factory=dict)  # per permitted flow

    @property
    def original(self) -> str:
        return self.edited.original

    @property
    def patched(self) -> str:
        return self.edited.text

    @property
    def has_patch(self) -> bool:
        return self.patched != self.original

    def diff(self, label: str | None = None) -> str:
        """The unified diff of the policy file (``git apply`` reads it from ``label``'s directory)."""
        return self.edited.diff(label or self.policy_path)


Judge = Any  # (Policy) -> CheckResult: the same scan judged by another policy (``pipeline.check_against``)


def suggest(
    result: CheckResult,
    policy_text: str,
    judge: Judge,
    *,
    catalogue: Any = None,
    purposes_by_path: Sequence[tuple[str, str]] = (),
    only: Iterable[Finding] | None = None,
) -> Suggestion:
    """The verified patch for ``result``'s findings (``only``: just these, e.g. the ones on new flows).
    ``judge(policy)`` checks the same scan against a patched policy; it must not scan again."""
    from policy_model import load_text

    policy = result.policy
    if not isinstance(policy, Policy):
        raise policy_edit.EditError("the policy did not load")
    path = result.policy_path or policy.source_path
    findings = list(only) if only is not None else list(result.findings)
    units = [(f, flow) for f in findings if f.code in SUGGESTIBLE for flow in _flows(f)]
    code_changes = [
        (f, _prohibited(f)) for f in findings if f.code.startswith(CODE_VS_POLICY) and f.code not in SUGGESTIBLE
    ]
    ctx = CheckContext(policy=policy, catalogue=catalogue, purposes_by_path=purposes_by_path)

    def attempt(chosen: Sequence[tuple[Finding, Flow]]) -> tuple[policy_edit.Edited, _Draft, list[str]]:
        draft = _Draft(policy, ctx)
        for _, flow in chosen:
            draft.permit(flow)
        edited = policy_edit.edit(policy_text, draft.edits())
        try:
            patched = load_text(edited.text, path)
        except Exception as exc:  # the plan made the file invalid: refused, never written
            return edited, draft, [f"the patched policy does not load: {exc}"]
        permitted, asked = [flow for _, flow in chosen], [flow for _, flow in units]
        return edited, draft, _problems(result, judge(patched), permitted, asked)

    edited, draft, problems = attempt(units)
    rejected: dict[tuple[int, int], str] = {}
    if problems:  # find the flows the policy cannot permit, one at a time
        accepted: list[tuple[Finding, Flow]] = []
        for unit in units:
            _, _, trouble = attempt([*accepted, unit])
            if trouble:
                rejected[_unit_key(unit)] = f"no policy edit permits it ({trouble[0]}): change the code"
            else:
                accepted.append(unit)
        edited, draft, _ = attempt(accepted)
    fixed = []
    for finding in dict.fromkeys(f for f, _ in units):
        reasons = [
            rejected[_unit_key((finding, flow))] for flow in _flows(finding) if _unit_key((finding, flow)) in rejected
        ]
        if reasons:
            code_changes.append((finding, reasons[0]))
        else:
            fixed.append(finding)
    return Suggestion(
        policy_path=path,
        edited=edited,
        changes=tuple(draft.changes),
        fixed=tuple(fixed),
        code_changes=tuple(code_changes),
        flow_changes={flow: tuple(changes) for flow, changes in draft.by_flow.items() if changes},
    )


def _flows(finding: Finding) -> tuple[Flow, ...]:
    return (finding.flow, *finding.more_flows) if finding.flow is not None else ()


def _unit_key(unit: tuple[Finding, Flow]) -> tuple[int, int]:
    return id(unit[0]), id(unit[1])


def _prohibited(finding: Finding) -> str:
    where = f" ({finding.clause})" if finding.clause else ""
    return f"the policy forbids it{where}: change the code, see `privlint rule {finding.code}`"


def flow_key(flow: Flow) -> tuple[object, ...]:
    """A flow whatever its recipient binding (a host the policy now binds is the same call)."""
    return (flow.category, flow.location, flow.sink.callee, flow.source, flow.sanitized)


def _codes_by_flow(result: CheckResult) -> tuple[dict[tuple[object, ...], set[str]], set[tuple[str, str]]]:
    by_flow: dict[tuple[object, ...], set[str]] = {}
    loose: set[tuple[str, str]] = set()
    for finding in result.findings:
        flows = _flows(finding)
        if not flows:
            loose.add((finding.code, finding.message))
        for flow in flows:
            by_flow.setdefault(flow_key(flow), set()).add(finding.code)
    return by_flow, loose


def _problems(before: CheckResult, after: CheckResult, permitted: Sequence[Flow], targets: Sequence[Flow]) -> list[str]:
    """What is wrong with a patched policy: a permitted flow still has a finding, another flow (not one
    the patch was asked about) gained one, or the policy gained a problem of its own."""
    old, old_loose = _codes_by_flow(before)
    new, new_loose = _codes_by_flow(after)
    problems = []
    for flow in permitted:
        problems += [_describe(after, flow, code) for code in sorted(new.get(flow_key(flow), ()))]
    problems += [f"{code} {message}" for code, message in sorted(new_loose - old_loose)]
    asked = {flow_key(flow) for flow in targets}
    for key, codes in new.items():
        if key not in asked and codes - old.get(key, set()):
            problems.append(f"{', '.join(sorted(codes - old.get(key, set())))} on another flow")
    return problems


def _describe(result: CheckResult, flow: Flow, code: str) -> str:
    key = flow_key(flow)
    finding = next(f for f in result.findings if f.code == code and any(flow_key(x) == key for x in _flows(f)))
    return f"{finding.code} {finding.message}"


# -- planning ---------------------------------------------------------------------------------------------------
@dataclass
class _Recipient:
    """A recipient as declared, or as this patch declares it."""

    id: str
    kind: str
    locations: list[str]
    categories: list[str]
    purposes: list[str]
    requires: str = "none"
    index: int | None = None  # its position in the file; None: new


@dataclass
class _Purpose:
    key: str
    categories: list[str]
    index: int | None = None


class _Draft:
    """The edits planned so far, over the policy as it would read after them. Each edit is recorded
    under the requirement it meets (``("recipient", "mixpanel")``), so every flow that relies on it -
    not only the first that asked - is linked to it (``by_flow``)."""

    def __init__(self, policy: Policy, ctx: CheckContext) -> None:
        self.policy = policy
        self.ctx = ctx
        self.categories = [c.key for c in policy.categories]
        self.recipients = {
            r.id: _Recipient(r.id, r.kind, list(r.locations), list(r.categories), list(r.purposes), r.requires, i)
            for i, r in enumerate(policy.recipients)
        }
        self.purposes = [_Purpose(p.key, list(p.categories), i) for i, p in enumerate(policy.purposes)]
        self.transfers = {(t.recipient, t.destination.upper()) for t in policy.transfers if t.mechanism}
        self.new_categories: list[dict[str, Any]] = []
        self.new_recipients: list[tuple[_Recipient, dict[str, Any]]] = []
        self.new_transfers: list[dict[str, Any]] = []
        self.appends: list[Append] = []
        self.changes: list[str] = []
        self.made: dict[tuple[str, ...], str] = {}
        self.by_flow: dict[Flow, list[str]] = {}
        self._current: list[str] = []

    def edits(self) -> list[Append]:
        edits = list(self.appends)
        edits += [Append(("categories",), entry) for entry in self.new_categories]
        edits += [Append(("purposes",), p) for p in self._new_purpose_entries()]
        for recipient, entry in self.new_recipients:
            notes = entry.get("_notes", {})
            body = {k: v for k, v in entry.items() if k != "_notes"}
            body["categories"] = list(recipient.categories)
            body["purposes"] = list(recipient.purposes)
            ordered = {k: body[k] for k in ("id", "name", "role", "kind", "locations", "categories", "purposes")}
            ordered.update((k, v) for k, v in body.items() if k not in ordered)
            edits.append(
                Append(("recipients",), {k: Note(v, notes[k]) if k in notes else v for k, v in ordered.items()})
            )
        edits += [Append(("transfers",), entry) for entry in self.new_transfers]
        return edits

    def _new_purpose_entries(self) -> list[dict[str, Any]]:
        return [
            {
                "key": purpose.key,
                "name": _use_name(purpose.key),
                "legal_basis": Note(guesses.legal_basis(purpose.key), LEGAL_BASIS_TODO),
                "categories": list(purpose.categories),
            }
            for purpose in self.purposes
            if purpose.index is None
        ]

    def _make(self, requirement: tuple[str, ...], change: str) -> None:
        self.made[requirement] = change
        if change not in self.changes:
            self.changes.append(change)
        self._rely(requirement)

    def _rely(self, requirement: tuple[str, ...]) -> None:
        change = self.made.get(requirement)
        if change is not None and change not in self._current:
            self._current.append(change)

    # -- what a flow needs ----------------------------------------------------------------------------------
    def permit(self, flow: Flow) -> None:
        self._current = self.by_flow.setdefault(flow, [])
        category = flow.category
        declared = next((c for c in self.categories if covers(c, category)), None)
        if declared is None:
            self._declare_category(category)
        else:
            self._rely(("category", declared))
        explicit = flow.purpose or self.ctx.path_purpose(flow.location.path)
        if explicit:
            self._purpose_using(explicit, category)
        recipient_id = flow_recipient(flow)
        if recipient_id is None:
            return
        recipient = self.recipients.get(recipient_id)
        if recipient is None:
            recipient = self._declare_recipient(flow, recipient_id)
        else:
            self._rely(("recipient", recipient.id))
        covering = next((c for c in recipient.categories if covers(c, category)), None)
        if covering is not None:
            self._rely(("recipient-category", recipient.id, covering))
        elif not deidentified_for(flow, self.ctx, recipient.requires):
            recipient.categories.append(category)
            if recipient.index is not None:
                self.appends.append(Append(("recipients", recipient.index, "categories"), category))
                change = f"add {category} to recipients[{recipient.id}].categories"
                self._make(("recipient-category", recipient.id, category), change)
        if explicit:
            served = next((p for p in recipient.purposes if covers(p, explicit)), None)
            if served is None:
                self._serve(recipient, explicit)
            else:
                self._rely(("serves", recipient.id, served))
            return self._transfers(recipient)
        used = next((key for key in recipient.purposes if self._uses(key, category)), None)
        if used is not None:
            self._rely(("serves", recipient.id, used))
            self._purpose_using(used, category)  # already true: links the flow to what made it so
        else:
            target = next((key for key in recipient.purposes if self._declared_purposes(key)), None)
            if target is not None:
                self._purpose_using(self._declared_purposes(target)[-1].key, category)
            else:
                self._serve(recipient, self._purpose_for(recipient.kind, category))
        self._transfers(recipient)

    def _declare_category(self, category: str) -> None:
        from policy_model.lint import policy_taxonomy

        name = policy_taxonomy(self.policy).name("data_categories", category)
        self.categories.append(category)
        entry: dict[str, Any] = {"key": category}
        if name and name != category:
            entry["name"] = name
        duration, trigger = guesses.retention(category)
        entry["retention"] = Note({"duration": duration, "trigger": trigger}, RETENTION_TODO)
        self.new_categories.append(entry)
        self._make(("category", category), f"declare category {category} (retention to decide)")

    def _declare_recipient(self, flow: Flow, recipient_id: str) -> _Recipient:
        from policy_model.recipient_kinds import RECIPIENT_KINDS

        catalogue = self.ctx.catalogue
        known = catalogue.recipient(recipient_id) if catalogue is not None and flow.sink.recipient else None
        host = None if flow.sink.recipient else recipient_id
        rid = recipient_id if host is None else recipient_id_for_host(host)
        if host is not None and rid in self.recipients:  # the short id is taken
            rid = "".join(ch if ch.isalnum() else "_" for ch in host.lower()).strip("_")
        kind = known.kind if known is not None and known.kind in RECIPIENT_KINDS else "other"
        locations = list(known.locations) if known is not None and known.locations else ["WORLD"]
        entry: dict[str, Any] = {
            "id": rid,
            "name": known.name if known is not None else host or rid,
            "role": guesses.role(kind),
            "kind": kind,
            "locations": locations,
        }
        if host is not None:
            entry["hosts"] = [host]
        notes: dict[str, str] = {}
        entry["_notes"] = notes
        if known is None or not known.locations:
            notes["locations"] = LOCATIONS_TODO
        if _unknown(kind):
            notes["purposes"] = PURPOSE_TODO
        recipient = _Recipient(rid, kind, locations, [], [])
        self.recipients[recipient_id] = recipient
        self.recipients[rid] = recipient
        self.new_recipients.append((recipient, entry))
        where = ", ".join(locations)
        change = f"declare recipient {rid} ({kind}, {where})" + (f" for host {host}" if host else "")
        self._make(("recipient", rid), change)
        return recipient

    def _declared_purposes(self, key: str) -> list[_Purpose]:
        """Declared purposes covering ``key``, most general first (as PRV204 reads a recipient's purposes)."""
        return sorted((p for p in self.purposes if covers(p.key, key)), key=lambda p: p.key.count("."))

    def _uses(self, key: str, category: str) -> bool:
        return any(any_covers(p.categories, category) for p in self._declared_purposes(key))

    def _purpose_using(self, key: str, category: str) -> None:
        """Purpose ``key`` declared, and using ``category`` (PRV204's explicit-purpose test)."""
        declared = self._declared_purposes(key)
        for purpose in declared:
            covering = next((c for c in purpose.categories if covers(c, category)), None)
            if covering is not None:
                self._rely(("purpose", purpose.key))
                self._rely(("purpose-category", purpose.key, covering))
                return
        if not declared:
            self.purposes.append(_Purpose(key, [category]))
            self._make(("purpose", key), f"declare purpose {key} (legal basis to confirm)")
            self._make(("purpose-category", key, category), f"declare purpose {key} (legal basis to confirm)")
            return
        purpose = declared[-1]
        purpose.categories.append(category)
        self._rely(("purpose", purpose.key))
        if purpose.index is not None:
            self.appends.append(Append(("purposes", purpose.index, "categories"), category))
            change = f"add {category} to purposes[{purpose.key}].categories"
        else:
            change = f"declare purpose {purpose.key} (legal basis to confirm)"
        self._make(("purpose-category", purpose.key, category), change)

    def _purpose_for(self, kind: str, category: str) -> str:
        """The purpose a recipient of ``kind`` receives ``category`` for: a declared one among the kind's
        uses that already uses the category, else the closest of the kind's uses (declared, or declared now)."""
        if _unknown(kind):  # nothing known about what it is for: a purpose that uses the data already
            using = next((p for p in self.purposes if any_covers(p.categories, category)), None)
            if using is not None:
                self._purpose_using(using.key, category)
                return using.key
        uses = (guesses.purpose_for_kind(kind),)
        # the kind's own uses first, each by closeness: the use itself, a narrower one, then a broader one
        ranked = []
        for order, use in enumerate(uses):
            for purpose in self.purposes:
                closeness = 0 if purpose.key == use else 1 if covers(use, purpose.key) else 2
                if closeness < 2 or covers(purpose.key, use):
                    ranked.append((order, closeness, purpose))
        matching = list({id(p): p for _, _, p in sorted(ranked, key=lambda r: (r[0], r[1]))}.values())
        for purpose in matching:
            if any_covers(purpose.categories, category):
                self._purpose_using(purpose.key, category)
                return purpose.key
        key = matching[0].key if matching else uses[0]
        self._purpose_using(key, category)
        return key

    def _serve(self, recipient: _Recipient, purpose: str) -> None:
        recipient.purposes.append(purpose)
        if recipient.index is not None:
            self.appends.append(Append(("recipients", recipient.index, "purposes"), purpose))
            self._make(("serves", recipient.id, purpose), f"add {purpose} to recipients[{recipient.id}].purposes")
        else:
            self._rely(("recipient", recipient.id))

    def _transfers(self, recipient: _Recipient) -> None:
        locations = recipient.locations
        if not locations and self.ctx.catalogue is not None:
            known = self.ctx.catalogue.recipient(recipient.id)
            locations = list(known.locations) if known is not None else []
        controller = self.policy.controller
        for location in locations:
            destination = location.upper()
            if geography.within(controller.region, destination, controller.country) or geography.adequate(
                controller.region, destination
            ):
                continue
            if (recipient.id, destination) in self.transfers:
                self._rely(("transfer", recipient.id, destination))
                continue
            self.transfers.add((recipient.id, destination))
            self.new_transfers.append(
                {"recipient": recipient.id, "destination": destination, "mechanism": Note("scc", TRANSFER_TODO)}
            )
            change = f"declare a transfer of {recipient.id} data to {destination} (mechanism to confirm)"
            self._make(("transfer", recipient.id, destination), change)


def _unknown(kind: str) -> bool:
    """A recipient privlint knows nothing about: its purpose is a guess to check."""
    return kind == "other" or kind not in guesses.PURPOSE_BY_KIND


def _use_name(use: str) -> str:
    from policy_model.taxonomy import default_taxonomy

    return default_taxonomy().name("data_uses", use) or use


def policy_label(path: str | Path, base: Path | None = None) -> str:
    """The policy's path as a diff names it: relative to ``base`` (the working directory) when inside."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to((base or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()
