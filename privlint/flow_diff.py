"""What a change does to personal data: the flows of two revisions, compared (``privlint diff``).

The unit compared is a *sink flow*: one category reaching one sink call (the sources that reach it are
its evidence, not separate units). Units are matched across revisions by what does not move when lines
do - the file, the enclosing function, the sink's callee and the category - and, where a function calls
the same sink several times, by the call's statement text (as fingerprints do) and then by order.
Matched units whose recipient, sanitiser or verdict changed are **changed**; a category new to a call
that already sent others is **changed** too ("now also sends ..."); the rest are **added** or
**removed**. Each added or changed unit carries the head revision's findings on it, so a reviewer sees
at once whether the policy permits it and, if not, the rule code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from privlint.checks.recipients import flow_recipient
from privlint.checks.sourcefile import SourceFile, Sources
from privlint.types import CheckResult, Finding, Flow

FAILING = ("error", "warning")


@dataclass(frozen=True)
class Unit:
    """One category reaching one sink call, with every flow (source) that does."""

    flows: tuple[Flow, ...]

    @property
    def flow(self) -> Flow:
        """The representative flow: an unsanitised one when there is one (the one that matters)."""
        return min(self.flows, key=lambda f: (f.sanitized, f.sort_key()))

    @property
    def category(self) -> str:
        return self.flows[0].category

    @property
    def recipient(self) -> str | None:
        return flow_recipient(self.flow)

    @property
    def sanitized(self) -> bool:
        return all(f.sanitized for f in self.flows)

    @property
    def site(self) -> tuple[str, str, str]:
        flow = self.flows[0]
        return (flow.location.path, flow.function or "", flow.sink.callee)


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed
    unit: Unit  # head's unit (added, changed) or base's (removed)
    before: Unit | None = None  # base's unit, for changed
    reasons: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()  # head's findings on the unit (base's, for removed)

    @property
    def violating(self) -> bool:
        return self.kind != "removed" and any(f.severity in FAILING for f in self.findings)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({f.code for f in self.findings}))


@dataclass(frozen=True)
class FlowDiff:
    base: str  # the revision names as given
    head: str
    base_commit: str
    head_commit: str | None  # None: the working tree
    changes: tuple[Change, ...]
    head_result: CheckResult = field(repr=False)
    base_result: CheckResult = field(repr=False)

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def violating(self) -> list[Change]:
        return [c for c in self.changes if c.violating]


def compare(
    base: CheckResult,
    head: CheckResult,
    *,
    base_name: str,
    head_name: str,
    base_commit: str,
    head_commit: str | None,
) -> FlowDiff:
    """The changes from ``base`` to ``head`` (each already checked against its own revision's policy)."""
    base_units, head_units = _units(base.scan.flows), _units(head.scan.flows)
    base_findings, head_findings = _findings_by_flow(base), _findings_by_flow(head)
    statements = _Statements(base, head)
    pairs, added, removed = _match(base_units, head_units, statements)
    base_recipients = {r for u in base_units if (r := u.recipient)}
    base_sites = {_site_key(u) for u in base_units}
    changes: list[Change] = []
    for unit in added:
        reasons = []
        if unit.recipient and unit.recipient not in base_recipients:
            reasons.append("new recipient")
        kind = "added"
        if _site_key(unit) in base_sites and (head_site := _paired_site(unit, pairs)) is not None:
            kind = "changed"
            reasons.insert(0, f"now also sends {unit.category}, beside {', '.join(head_site)}")
        changes.append(Change(kind, unit, None, tuple(reasons), _on(unit, head_findings)))
    for old, new in pairs:
        reasons = _differences(old, new, base_recipients, _on(old, base_findings), _on(new, head_findings))
        if reasons:
            changes.append(Change("changed", new, old, tuple(reasons), _on(new, head_findings)))
    for unit in removed:
        changes.append(Change("removed", unit, None, (), _on(unit, base_findings)))
    changes.sort(key=_order)
    return FlowDiff(base_name, head_name, base_commit, head_commit, tuple(changes), head, base)


def _order(change: Change) -> tuple[object, ...]:
    flow = change.unit.flow
    return (flow.location.path, flow.location.line, flow.location.column, flow.category, change.kind)


# -- units and matching ----------------------------------------------------------------------------------------
def _units(flows: Iterable[Flow]) -> list[Unit]:
    grouped: dict[tuple[object, ...], list[Flow]] = defaultdict(list)
    for flow in flows:
        grouped[(flow.location, flow.sink.callee, flow.category, flow.function or "")].append(flow)
    return [Unit(tuple(sorted(group))) for _, group in sorted(grouped.items(), key=lambda item: item[1][0].sort_key())]


def _site_key(unit: Unit) -> tuple[str, str, str]:
    return unit.site


class _Statements:
    """The normalised text of the statement a sink call is in, read only where matching needs it."""

    def __init__(self, base: CheckResult, head: CheckResult) -> None:
        self._sources = {id(base): Sources(Path(base.scan.root)), id(head): Sources(Path(head.scan.root))}
        self._base, self._head = id(base), id(head)
        self._files: dict[tuple[int, str], SourceFile | None] = {}

    def text(self, side: str, unit: Unit) -> str:
        key = self._base if side == "base" else self._head
        location = unit.flow.location
        if (key, location.path) not in self._files:
            self._files[(key, location.path)] = self._sources[key].get(location.path)
        source = self._files[(key, location.path)]
        return source.normalised(*source.statement_span(location.line)) if source is not None else ""


def _match(
    base: Sequence[Unit], head: Sequence[Unit], statements: _Statements
) -> tuple[list[tuple[Unit, Unit]], list[Unit], list[Unit]]:
    """(matched pairs, head units without a partner, base units without a partner)."""
    by_key_base: dict[tuple[object, ...], list[Unit]] = defaultdict(list)
    by_key_head: dict[tuple[object, ...], list[Unit]] = defaultdict(list)
    for unit in base:
        by_key_base[(*unit.site, unit.category)].append(unit)
    for unit in head:
        by_key_head[(*unit.site, unit.category)].append(unit)
    pairs: list[tuple[Unit, Unit]] = []
    added: list[Unit] = []
    removed: list[Unit] = []
    for key in sorted(set(by_key_base) | set(by_key_head), key=repr):
        olds, news = by_key_base.get(key, []), by_key_head.get(key, [])
        if len(olds) != len(news) and olds and news:  # a call added or removed beside others: match by text
            old_texts = [statements.text("base", u) for u in olds]
            new_texts = [statements.text("head", u) for u in news]
            exact: list[tuple[Unit, Unit]] = []
            rest_new = []
            for unit, text in zip(news, new_texts, strict=True):
                if text in old_texts:
                    index = old_texts.index(text)
                    old_texts[index] = "\0taken"
                    exact.append((olds[index], unit))
                else:
                    rest_new.append(unit)
            taken = {id(old) for old, _ in exact}
            rest_old = [u for u in olds if id(u) not in taken]
            pairs += exact
            olds, news = rest_old, rest_new
        count = min(len(olds), len(news))
        pairs += list(zip(olds[:count], news[:count], strict=True))
        removed += olds[count:]
        added += news[count:]
    return pairs, added, removed


def _paired_site(unit: Unit, pairs: Sequence[tuple[Unit, Unit]]) -> list[str] | None:
    """The categories a matched call at the same site already sent (``None`` when no call there matched)."""
    location = unit.flow.location
    others = sorted({new.category for _, new in pairs if new.flow.location == location and new.site == unit.site})
    return others or None


def _findings_by_flow(result: CheckResult) -> dict[Flow, list[Finding]]:
    found: dict[Flow, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.flow is None:
            continue
        for flow in (finding.flow, *finding.more_flows):
            found[flow].append(finding)
    return found


def _on(unit: Unit, found: dict[Flow, list[Finding]]) -> tuple[Finding, ...]:
    return tuple(dict.fromkeys(f for flow in unit.flows for f in found.get(flow, ())))


def _differences(
    old: Unit,
    new: Unit,
    base_recipients: set[str],
    old_findings: Sequence[Finding],
    new_findings: Sequence[Finding],
) -> list[str]:
    reasons = []
    if old.recipient != new.recipient:
        was = f" (was {old.recipient or old.flow.sink.kind})"
        reasons.append(("new recipient" if new.recipient not in base_recipients else "other recipient") + was)
    if old.sanitized and not new.sanitized:
        sanitizer = old.flow.sanitizer or next((f.sanitizer for f in old.flows if f.sanitizer), None)
        reasons.append(f"sanitiser dropped (was {sanitizer})" if sanitizer else "sanitiser dropped")
    elif new.sanitized and not old.sanitized:
        reasons.append(f"now sanitised by {new.flow.sanitizer}" if new.flow.sanitizer else "now sanitised")
    old_codes = {f.code for f in old_findings if f.severity in FAILING}
    new_codes = {f.code for f in new_findings if f.severity in FAILING}
    if new_codes - old_codes and not reasons:
        reasons.append(f"no longer permitted ({', '.join(sorted(new_codes - old_codes))})")
    elif old_codes and not new_codes and not reasons:
        reasons.append(f"now permitted (was {', '.join(sorted(old_codes))})")
    return reasons


def describe(change: Change, display: Callable[[str], str] = str) -> str:
    """One line: ``app/track.py:20 now sends user.contact.email to mixpanel (new recipient)``."""
    flow = change.unit.flow
    where = f"{display(flow.location.path)}:{flow.location.line}"
    target = change.unit.recipient or f"{flow.sink.kind} ({flow.sink.callee})"
    verb = {"added": "now sends", "changed": "now sends", "removed": "no longer sends"}[change.kind]
    if change.unit.sanitized and change.kind != "removed":
        verb += " sanitised"
    reasons = f" ({'; '.join(change.reasons)})" if change.reasons else ""
    return f"{where} {verb} {change.unit.category} to {target}{reasons}"
