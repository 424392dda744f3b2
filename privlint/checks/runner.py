"""The rules, run: flows and a policy in, findings out, nothing read from disk.

* ``evaluate``: every flow rule on every flow (one root cause, one finding), then the project rules;
* ``scan_account``: PRV000 for the scan's internal errors, PRV001 for its skipped files;
* ``run_plugin_checks``: the checks plugins contribute (``privlint_checks``), contained as PRV000.

What happens to the findings next (selection, suppressions, fingerprints, baseline, ``--diff``) is
the pipeline's, ``privlint.pipeline.check_scan``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from privlint.checks.base import CheckContext, RuleDoc, Violation
from privlint.checks.meta import FILE_SKIPPED, INTERNAL_ERROR
from privlint.checks.registry import FLOW_RULES, PROJECT_RULES, all_docs
from privlint.types import Finding, Flow, InternalError, Location, ScanResult

if TYPE_CHECKING:
    from policy_model.model import Policy

CODE = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")  # what a plugin's check code must look like


def _finding(doc: RuleDoc, location: Location, violation: Violation, flow: Flow | None) -> Finding:
    extra: list[tuple[str, str]] = []
    if violation.statement:
        extra.append(("statement", violation.statement))
    position = violation.clause_position
    if position is not None and position.line:
        extra.append(("clause_location", f"{position.path}:{position.line}:{position.column or 1}"))
    return Finding(
        code=doc.code,
        message=violation.message,
        location=location,
        severity=doc.severity,
        flow=flow,
        clause=violation.clause,
        hint=violation.hint or doc.fix,
        extra=(*extra, *violation.extra),
    )


def evaluate(flows: Sequence[Flow], ctx: CheckContext) -> list[Finding]:
    """Code-vs-policy findings: each flow rule per flow (with supersession), then project rules.

    One root cause, one finding: a rule superseded on a flow is silent (a prohibition it broke is named
    in the message of the finding that superseded it), and the findings of one rule at one sink call
    that differ only in the category (the same clause broken for email, name and message alike) are
    one finding listing the categories (``Finding.more_flows``). Flows that differ only in how the
    engine reached the call (two sink rules, two paths from one source) count once: the first flow in
    sorted order, so the trace shown is deterministic."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for flow in sorted(flows):
        fired: dict[str, list[Finding]] = {}
        for rule in FLOW_RULES:
            for violation in rule.check(flow, ctx):
                fired.setdefault(rule.DOC.code, []).append(_finding(rule.DOC, flow.location, violation, flow))
        folded: dict[str, list[str]] = {}  # superseding code -> prohibitions its findings also break
        for rule in FLOW_RULES:
            winner = next((code for code in rule.SUPERSEDED_BY if code in fired), None)
            if winner is not None and rule.DOC.code in fired:
                clauses = [f.clause for f in fired[rule.DOC.code] if f.clause and f.clause.startswith("prohibitions[")]
                folded.setdefault(winner, []).extend(c for c in clauses if c not in folded.get(winner, []))
        for rule in FLOW_RULES:
            if rule.DOC.code not in fired or any(code in fired for code in rule.SUPERSEDED_BY):
                continue
            for finding in fired[rule.DOC.code]:
                if folded.get(finding.code):
                    also = ", ".join(folded[finding.code])
                    finding = replace(finding, message=f"{finding.message}; {also} also rules this out")
                party = flow.sink.recipient or flow.sink.host
                key = (finding.code, flow.location, party, finding.clause)
                groups.setdefault(key, []).append(finding)
    findings = [_one_per_statement(group) for group in groups.values()]
    for project_rule in PROJECT_RULES:
        for location, violation in project_rule.check_project(flows, ctx):
            findings.append(_finding(project_rule.DOC, location, violation, None))
    return findings


def _list_categories(text: str, category: str, names: list[str], listed: str) -> str:
    """Name every category in a hint: prose gets "a, b and c", a YAML list in it (``categories:
    [a]``, PRV202's suggested declaration) gets ``[a, b, c]`` so that it still validates."""
    as_list = f"[{', '.join(names)}]"
    return as_list.join(part.replace(category, listed) for part in text.split(f"[{category}]"))


def _one_per_statement(group: list[Finding]) -> Finding:
    """One finding for a rule's findings at one sink call, one per category: the first (in category
    order) with the others' flows attached and every category named in its message and hint."""
    first = group[0]
    assert first.flow is not None
    seen = {first.flow.category}
    more = []
    for finding in group[1:]:
        assert finding.flow is not None
        if finding.flow.category not in seen:  # the same category again: another path to the same call
            seen.add(finding.flow.category)
            more.append(finding.flow)
    if not more:
        return first
    category = first.flow.category
    names = sorted(seen)
    listed = f"{', '.join(names[:-1])} and {names[-1]}"
    message = first.message.replace(f"{category} is ", f"{listed} are ", 1)
    if message == first.message:
        message = message.replace(category, listed, 1)
    hint = _list_categories(first.hint, category, names, listed) if first.hint else first.hint
    return replace(first, message=message, hint=hint, more_flows=tuple(more))


def scan_account(scan: ScanResult) -> list[Finding]:
    """PRV000 for every contained internal error, PRV001 for every skipped file."""
    findings = [
        Finding(
            code=INTERNAL_ERROR.code,
            message=f"internal error in plugin {e.plugin or '?'}: {e.message}; the run is incomplete",
            location=Location(e.path, 1, 1),
            severity=INTERNAL_ERROR.severity,
            hint=INTERNAL_ERROR.fix,
        )
        for e in scan.errors
    ]
    findings += [
        Finding(
            code=FILE_SKIPPED.code,
            message=f"file not analysed: {s.reason}",
            location=Location(s.path, 1, 1),
            severity=FILE_SKIPPED.severity,
            hint=FILE_SKIPPED.fix,
        )
        for s in scan.skipped
    ]
    return findings


@dataclass(frozen=True)
class PluginHooks:
    """What plugins add to a check: extra checks (``privlint_checks``) and a last look at the
    findings (``privlint_adjust_findings``). A plugin that raises is contained as PRV000."""

    checks: tuple[tuple[str, Any], ...] = ()  # (plugin name, check object)
    adjust: Callable[[list[Finding]], None] | None = None


def run_plugin_checks(
    hooks: PluginHooks, flows: Sequence[Flow], policy: Policy, ctx: CheckContext
) -> tuple[list[Finding], list[InternalError]]:
    """Checks contributed by plugins: objects with ``code``, ``name`` and
    ``run(flows=, policy=, context=)`` returning findings of their own code."""
    findings: list[Finding] = []
    errors: list[InternalError] = []
    for plugin, check in hooks.checks:
        code = str(getattr(check, "code", ""))
        try:
            if not CODE.match(code) or code in all_docs():
                raise ValueError(f"check code {code!r} is invalid or taken by a built-in rule")
            produced = list(check.run(flows=flows, policy=policy, context=ctx))
            if any(not isinstance(f, Finding) or f.code != code for f in produced):
                raise TypeError(f"check {code} returned something other than {code} findings")
        except Exception as exc:  # a plugin must not take the run down: PRV000
            errors.append(
                InternalError(path="", plugin=plugin, message=f"privlint_checks: {type(exc).__name__}: {exc}")
            )
            continue
        findings.extend(produced)
    return findings, errors
