"""From a scan and a policy to the findings ``privlint check`` reports.

The order is fixed and each step is plain data in, plain data out::

    scan account (PRV000/PRV001) + policy lint (PRV1xx) + flow rules (PRV2xx) + project rules (PRV3xx)
      -> select/ignore/per-file-ignores -> inline suppressions (+ PRV9xx hygiene)
      -> fingerprints -> baseline -> --diff / report-only-files -> sorted findings

Suppression hygiene is judged before the baseline and diff filters, so a stale suppression
is stale whatever part of the result is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from privlint import diffing, suppressions
from privlint.checks import fingerprint
from privlint.checks.base import CheckContext, RuleDoc, Violation
from privlint.checks.meta import FILE_SKIPPED, INTERNAL_ERROR
from privlint.checks.registry import FLOW_RULES, PROJECT_RULES, all_docs
from privlint.checks.selection import Selection
from privlint.checks.sourcefile import SourceFile, StatementMemo
from privlint.checks.transfers import fold_policy_transfer_findings
from privlint.types import CheckResult, ExitCode, Finding, Flow, InternalError, Location, ScanResult

if TYPE_CHECKING:
    from policy_model.model import Policy
    from privlint.baseline import Baseline
    from privlint.catalogue import Catalogue

FATAL_CODES = frozenset({"PRV000", "PRV100"})
POLICY_FILE_PREFIX = "PRV1"  # PRV1xx: problems of the policy file itself (policy_model.lint_rules)
CODE = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")
FAILING_SEVERITIES = frozenset({"error", "warning"})


@dataclass(frozen=True)
class ReportFilter:
    """What part of the result to show; the analysis itself always covers the whole program."""

    changed: dict[Path, frozenset[int]] | None = None  # --diff BASE_REF
    only_files: frozenset[Path] | None = None  # files named on the command line (pre-commit)


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


class Sources:
    """Source files of the scan root, read once per run."""

    def __init__(self, root: Path, memo: StatementMemo | None = None) -> None:
        self.root = root
        self._cache: dict[str, SourceFile | None] = {}
        self.memo = memo

    def absolute(self, path: str) -> Path:
        candidate = Path(path)
        return candidate if candidate.is_absolute() else self.root / candidate

    def mentions(self, path: str, marker: bytes) -> bool:
        """A cheap byte test before any decoding or tokenising (most files have no suppression)."""
        if path in self._cache:
            source = self._cache[path]
            return source is not None and marker.decode() in source.text
        try:
            return marker in self.absolute(path).read_bytes()
        except OSError:
            return False

    def get(self, path: str) -> SourceFile | None:
        if path not in self._cache:
            source = SourceFile.read(self.absolute(path)) if path.endswith(".py") else None
            if source is not None:
                source.memo = self.memo
            self._cache[path] = source
        return self._cache[path]


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


def _known(code: str) -> bool:
    return any(doc.startswith(code) for doc in all_docs())


def check_scan(
    scan: ScanResult,
    policy: Policy,
    *,
    catalogue: Catalogue | None = None,
    selection: Selection | None = None,
    purposes_by_path: Sequence[tuple[str, str]] = (),
    lint_findings: Iterable[Finding] = (),
    baseline: Baseline | None = None,
    report: ReportFilter | None = None,
    policy_path: str | None = None,
    plugin_hooks: PluginHooks | None = None,
    memo: StatementMemo | None = None,
) -> CheckResult:
    """``memo``: what earlier runs learnt about statements, filled in place (see ``StatementMemo``)."""
    selection = selection or Selection()
    hooks = plugin_hooks or PluginHooks()
    root = Path(scan.root)
    sources = Sources(root, memo)
    ctx = CheckContext(
        policy=policy,
        catalogue=catalogue,
        purposes_by_path=(*purposes_by_path, *policy.bindings.purposes_by_path),
    )
    extra, plugin_errors = run_plugin_checks(hooks, scan.flows, policy, ctx)
    if plugin_errors:
        scan = replace(scan, errors=(*scan.errors, *plugin_errors))
    raw = scan_account(scan) + list(lint_findings) + evaluate(scan.flows, ctx) + extra
    raw = [_relative_to_root(f, root) for f in raw]
    selected = fold_policy_transfer_findings([f for f in raw if selection.enabled(f.code, f.location.path)], policy)

    found = {}
    for path in scan.analyzed:
        if scan.marked is not None and path not in scan.marked:
            continue  # the engine read every file's bytes: no marker in this one
        if sources.mentions(path, b"privlint:") and (source := sources.get(path)) is not None:
            found[path] = suppressions.find_suppressions(path, source)
    outcome = suppressions.apply(
        selected,
        {path: items for path, items in found.items() if items},
        enabled=lambda code, path: selection.enabled(code, path),
        known=lambda code: _known(code) or any(str(getattr(c, "code", "")).startswith(code) for _, c in hooks.checks),
    )
    hygiene = [f for f in outcome.hygiene if selection.enabled(f.code, f.location.path)]
    findings = fingerprint.assign(outcome.kept + hygiene, sources.get)
    if hooks.adjust is not None:
        try:
            hooks.adjust(findings)
        except Exception as exc:  # contained like every plugin failure
            error = InternalError(path="", plugin="privlint_adjust_findings", message=f"{type(exc).__name__}: {exc}")
            scan = replace(scan, errors=(*scan.errors, error))
            findings.extend(scan_account(replace(scan, errors=(error,), skipped=())))

    baselined = stale = 0
    if baseline is not None:
        findings, baselined, stale = baseline.filter(findings)
    if report is not None:
        resolved: dict[str, Path] = {}
        findings = [f for f in findings if _shown(f, report, sources, resolved)]
    findings.sort(key=lambda f: (f.location.path, f.location.line, f.location.column, f.code, f.message))
    return CheckResult(
        scan=scan,
        findings=tuple(findings),
        policy_path=policy_path,
        policy=policy,
        suppressed=outcome.suppressed,
        baselined=baselined,
        stale_baseline=stale,
    )


def _relative_to_root(finding: Finding, root: Path) -> Finding:
    """Policy-file findings carry the policy's path: make it root-relative when it lies inside."""
    path = Path(finding.location.path)
    if not path.is_absolute():
        return finding
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return finding
    return replace(finding, location=replace(finding.location, path=relative))


def trace_locations(finding: Finding) -> list[tuple[str, int]]:
    """Every (path, line) a finding's trace touches: source, hops, sink."""
    points = [(finding.location.path, finding.location.line)]
    flow = finding.flow
    if flow is not None:
        points.append((flow.source.path, flow.source.line))
        points.extend((step.path, step.line) for step in flow.trace)
        points.append((flow.location.path, flow.location.line))
    return points


def _shown(finding: Finding, report: ReportFilter, sources: Sources, resolved: dict[str, Path]) -> bool:
    """``resolved``: absolute paths by finding path, shared by the run's findings (resolving each
    trace point again cost 0.3 s for a staged file of saleor)."""
    if finding.code in FATAL_CODES:
        return True
    if finding.code.startswith(POLICY_FILE_PREFIX) and report.changed is None:
        return True  # the policy governs every file: file arguments (pre-commit) must not hide its problems
    points = []
    for path, line in trace_locations(finding):
        if path:
            if path not in resolved:
                resolved[path] = sources.absolute(path).resolve()
            points.append((resolved[path], line))
    if report.only_files is not None and not any(_under(path, report.only_files) for path, _ in points):
        return False
    if report.changed is not None:
        return any(diffing.touches(report.changed, path, line) for path, line in points)
    return True


def _under(path: Path, targets: frozenset[Path]) -> bool:
    return path in targets or any(t in path.parents for t in targets)


def exit_code(result: CheckResult, *, exit_zero: bool = False) -> ExitCode:
    """2 when the check did not fully happen (wins over 1); 1 for error/warning findings."""
    if any(f.code in FATAL_CODES for f in result.findings) or not result.scan.complete:
        return ExitCode.ERROR
    if not exit_zero and any(f.severity in FAILING_SEVERITIES for f in result.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK
