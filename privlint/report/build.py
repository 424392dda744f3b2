"""Build the reviewer's report model from a check result and its policy, once, for every format.

Reading guide: a flow's *sink key* names where its data goes (a recipient id, or ``logs`` /
``exceptions`` / ``storage`` / ``cookies`` / a host for sinks that are not vendors); a flow is
*violating* when a finding of severity error or warning carries it. Everything else (map edges, matrix cells, record-of-
processing rows) is a grouping of flows by these two facts and the policy's declarations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from policy_model.model import Category, Controller, Policy, Purpose, Transfer, covers
from policy_model.model import Recipient as PolicyRecipient
from privlint import __version__
from privlint.catalogue import Catalogue
from privlint.checks.base import CheckContext
from privlint.report.links import LinkMaker
from privlint.report.model import (
    CodeRef,
    DataMap,
    MapEdge,
    MapNode,
    Matrix,
    MatrixCell,
    MatrixRow,
    Note,
    RecipientInfo,
    Report,
    RopaRow,
    Summary,
    Violation,
)
from privlint.types import CheckResult, Finding, Flow, Sink

SEVERITIES = ("error", "warning", "info")
INTERNAL_SINKS: dict[str, tuple[str, str]] = {  # sink kind -> (key, display name)
    "log": ("logs", "Application logs"),
    "exception": ("exceptions", "Exception messages (logs, error reports)"),
    "storage": ("storage", "Storage (databases, files, caches)"),
    "cookie": ("cookies", "Cookies (the user's browser)"),
}
SNIPPET_MAX = 240
LINE_BREAKS = re.compile(r"\r\n|\r|\n")
MAX_COMPONENTS = 40  # boxes in the map's code column before modules are grouped by package
LISTED_FUNCTIONS = 15  # functions named in a component's tooltip

#: Art. 30 status of flows to a recipient the policy declares, but not for their data categories.
OTHER_DATA = "observed, recipient declared for other data"


def sink_key(sink: Sink) -> str:
    if sink.recipient:
        return sink.recipient
    if sink.kind in INTERNAL_SINKS:
        return INTERNAL_SINKS[sink.kind][0]
    return sink.host or sink.kind or "unknown"


def component_of(path: str) -> str:
    """The code component a flow passes through: its module, from the file path."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if len(parts) > 1 and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or path


def component_grouping(modules: set[str], limit: int = MAX_COMPONENTS) -> dict[str, str]:
    """Module -> map component: the modules themselves, or their packages when there are too many to draw.

    A map of a large application with one box per module is unreadable; cutting every module name to
    the deepest package level that keeps at most ``limit`` boxes keeps the map a map.
    """
    depth = max((m.count(".") + 1 for m in modules), default=1)
    while depth > 1 and len({_prefix(m, depth) for m in modules}) > limit:
        depth -= 1
    return {m: _prefix(m, depth) for m in modules}


def _common_package(modules: list[str]) -> str:
    """The dotted package prefix every component shares ("saleor."), left out of the map's labels."""
    if len(modules) < 2:
        return ""
    parts = [m.split(".") for m in modules]
    shared: list[str] = []
    for segments in zip(*parts, strict=False):
        if len(set(segments)) != 1:
            break
        shared.append(segments[0])
    shared = shared[: min(len(p) for p in parts) - 1]  # never a whole module name
    return ".".join(shared) + "." if shared else ""


def _prefix(module: str, depth: int) -> str:
    return ".".join(module.split(".")[:depth])


def _listing(items: set[str], shown: int = LISTED_FUNCTIONS) -> str:
    ordered = sorted(items)
    more = f"\n… {len(ordered) - shown} more" if len(ordered) > shown else ""
    return "\n".join(ordered[:shown]) + more


def _empty_policy() -> Policy:
    return Policy(controller=Controller(name=""))


class _Snippets:
    """Source lines for evidence, read lazily once per file (the scanned tree is untrusted text)."""

    def __init__(self, root: str) -> None:
        self.root = Path(root) if root else None
        self.cache: dict[str, list[str]] = {}

    def line(self, path: str, line: int) -> str:
        if self.root is None:
            return ""
        lines = self.cache.get(path)
        if lines is None:
            try:
                text = (self.root / path).read_text(encoding="utf-8", errors="replace")
                lines = LINE_BREAKS.split(text)  # Python's own line breaks, not str.splitlines' (\f, \x1c, ...)
            except OSError:
                lines = []
            self.cache[path] = lines
        if 1 <= line <= len(lines):
            text = lines[line - 1].strip()
            return text if len(text) <= SNIPPET_MAX else text[: SNIPPET_MAX - 1] + "…"
        return ""


class _Builder:
    def __init__(
        self,
        result: CheckResult,
        policy: Policy,
        links: LinkMaker,
        catalogue: Catalogue | None,
        title: str | None,
        purposes_by_path: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.result = result
        self.policy = policy
        self.links = links
        self.catalogue = catalogue
        self.title = title
        found = {flow for f in result.findings for flow in _flows_of(f)}
        self.flows = tuple(sorted(set(result.scan.flows) | found))
        self.violating: dict[Flow, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            if finding.severity != "info":
                for flow in _flows_of(finding):  # a finding for a call names every category it sends
                    self.violating[flow].append(finding)
        self.declared = {r.id: r for r in policy.recipients}
        self.snippets = _Snippets(result.scan.root)
        # the checks' own path -> purpose matching ([tool.privlint.purposes], then the policy's bindings)
        self.paths = CheckContext(
            policy=policy, purposes_by_path=(*purposes_by_path, *policy.bindings.purposes_by_path)
        )
        self._recipients: dict[str, RecipientInfo] = {}

    # -- shared pieces -------------------------------------------------------------------------
    def ref(self, path: str, line: int, column: int = 1, note: str = "", snippet: bool = True) -> CodeRef:
        return CodeRef(
            path=path,
            line=line,
            column=column,
            url=self.links.url(path, line, column),
            note=note,
            snippet=self.snippets.line(path, line) if snippet else "",
        )

    def recipient(self, sink: Sink) -> RecipientInfo:
        key = sink_key(sink)
        info = self._recipients.get(key)
        if info is None:
            info = self._recipient_info(key, sink.kind, sink.host)
            self._recipients[key] = info
        return info

    def _recipient_info(self, key: str, sink_kind: str, host: str | None) -> RecipientInfo:
        known = self.catalogue.recipient(key) if self.catalogue else None
        declared: PolicyRecipient | None = self.declared.get(key)
        if declared is not None:
            return RecipientInfo(
                key=key,
                name=declared.name or (known.name if known else key),
                kind=declared.kind or (known.kind if known else "other"),
                locations=declared.locations or (known.locations if known else ()),
                role=declared.role,
                declared=True,
            )
        if sink_kind in INTERNAL_SINKS and key == INTERNAL_SINKS[sink_kind][0]:
            return RecipientInfo(key=key, name=INTERNAL_SINKS[sink_kind][1], kind=sink_kind, internal=True)
        if known is not None:
            return RecipientInfo(key=key, name=known.name, kind=known.kind, locations=known.locations)
        return RecipientInfo(key=key, name=host or key, kind="network" if host else sink_kind or "other")

    def category_label(self, key: str) -> str:
        category = self._category(key)
        return category.name if category is not None and category.key == key and category.name else key

    def _category(self, key: str) -> Category | None:
        """The most specific policy category covering ``key`` (for names and sensitivity)."""
        return self.policy.declared_category(key)

    # -- the parts of the report ---------------------------------------------------------------
    def summary(self) -> Summary:
        scan = self.result.scan
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.result.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        controller = self.policy.controller.name
        return Summary(
            title=self.title or f"Privacy data-flow report{': ' + controller if controller else ''}",
            controller=controller,
            root=self._root_label(scan.root),
            files_analyzed=len(scan.analyzed),
            skipped=tuple(sorted((s.path, s.reason) for s in scan.skipped)),
            internal_errors=tuple(sorted((e.path, e.plugin, e.message) for e in scan.errors)),
            flows=len(self.flows),
            severity_counts=tuple(counts.items()),
            policy_path=_display_path(self.result.policy_path or self.policy.source_path, scan.root),
            policy_version=self.policy.version,
            policy_digest=self.policy.digest,
            commit=self.links.commit,
            privlint_version=__version__,
            suppressed=self.result.suppressed,
            baselined=self.result.baselined,
            controller_contact=self.policy.controller.contact or "",
            controller_dpo=self.policy.controller.dpo,
            security_measures=self.policy.security_measures,
        )

    def _root_label(self, root: str) -> str:
        """Inside git, the scanned directory relative to the repository (reports travel; machine paths do not)."""
        if self.links.commit:
            return self.links.prefix or Path(root).resolve().name
        return root

    def data_map(self) -> DataMap:
        cat_edges: dict[tuple[str, str], list[Flow]] = defaultdict(list)
        rec_edges: dict[tuple[str, str], list[Flow]] = defaultdict(list)
        functions: dict[str, set[str]] = defaultdict(set)
        grouping = component_grouping({component_of(f.location.path) for f in self.flows})
        for flow in self.flows:
            component = grouping[component_of(flow.location.path)]
            cat_edges[(flow.category, component)].append(flow)
            rec_edges[(component, sink_key(flow.sink))].append(flow)
            if flow.function:
                functions[component].add(flow.function)
        edges_flows = (*cat_edges.items(), *rec_edges.items())
        bad = {key for key, flows in edges_flows if any(f in self.violating for f in flows)}
        bad_categories = {c for c, m in cat_edges if (c, m) in bad}
        bad_components = {m for c, m in cat_edges if (c, m) in bad} | {m for m, r in rec_edges if (m, r) in bad}
        bad_recipients = {r for m, r in rec_edges if (m, r) in bad}

        categories = sorted({c for c, _ in cat_edges})
        recipients = sorted({self.recipient(f.sink) for f in self.flows}, key=lambda r: (r.internal, r.group, r.key))
        cat_index = {c: i / max(len(categories) - 1, 1) for i, c in enumerate(categories)}
        rec_index = {r.key: i / max(len(recipients) - 1, 1) for i, r in enumerate(recipients)}
        weights: dict[str, list[float]] = defaultdict(list)
        for cat, component in cat_edges:
            weights[component].append(cat_index[cat])
        for component, rec in rec_edges:
            weights[component].append(rec_index[rec])
        components = sorted(weights, key=lambda c: (sum(weights[c]) / len(weights[c]), c))

        cat_nodes = tuple(
            MapNode(
                id=f"c:{c}",
                column="category",
                label=self.category_label(c),
                detail=c if self._category(c) else f"{c} · not declared in the policy",
                violation=c in bad_categories,
                undeclared=self._category(c) is None,
            )
            for c in categories
        )
        shared = _common_package(components)
        comp_nodes = tuple(
            MapNode(
                id=f"m:{c}",
                column="component",
                label=c[len(shared) :] or c,
                detail=f"{c}\n{_listing(functions[c])}" if functions[c] else c,
                violation=c in bad_components,
            )
            for c in components
        )
        rec_nodes = tuple(
            MapNode(
                id=f"r:{r.key}",
                column="recipient",
                label=r.name,
                detail=f"{r.key} · {r.group}{'' if r.declared or r.internal else ' · not declared in the policy'}",
                group=r.group,
                violation=r.key in bad_recipients,
                undeclared=not (r.declared or r.internal),
            )
            for r in recipients
        )
        edges = [
            MapEdge(f"c:{c}", f"m:{m}", len(fl), (c, m) in bad, f"{c} → {m}: {len(fl)} flow{'s' * (len(fl) != 1)}")
            for (c, m), fl in sorted(cat_edges.items())
        ]
        edges += [
            MapEdge(
                f"m:{m}",
                f"r:{r}",
                len(fl),
                (m, r) in bad,
                f"{m} → {r}: " + ", ".join(sorted({f.category for f in fl})),
            )
            for (m, r), fl in sorted(rec_edges.items())
        ]
        return DataMap(cat_nodes, comp_nodes, rec_nodes, tuple(edges))

    def matrix(self) -> Matrix:
        by_cell: dict[tuple[str, str], list[Flow]] = defaultdict(list)
        by_recipient: dict[str, set[str]] = defaultdict(set)
        for flow in self.flows:
            key = sink_key(flow.sink)
            self.recipient(flow.sink)
            by_cell[(flow.category, key)].append(flow)
            by_recipient[key].add(flow.category)
        for declared in self.policy.recipients:
            if declared.id not in self._recipients:
                self._recipients[declared.id] = self._recipient_info(declared.id, "third_party", None)
        columns = tuple(sorted(self._recipients.values(), key=lambda r: (r.internal, r.group, r.key)))
        row_keys = (
            {f.category for f in self.flows}
            | {c for r in self.policy.recipients for c in r.categories}
            | {c.key for c in self.policy.categories}
        )
        rows = []
        for key in sorted(row_keys):
            cells = []
            for column in columns:
                flows = by_cell.get((key, column.key), [])
                declared_keys = self.declared[column.key].categories if column.key in self.declared else ()
                codes = tuple(sorted({f.code for fl in flows for f in self.violating.get(fl, ())}))
                if flows:
                    covered = any(covers(d, key) for d in declared_keys)
                    status = "violation" if codes else ("ok" if covered else "observed")
                    cells.append(MatrixCell(status, len(flows), codes))
                elif key in declared_keys:
                    via = tuple(sorted(c for c in by_recipient.get(column.key, ()) if covers(key, c) and c != key))
                    cells.append(MatrixCell("ok" if via else "unused", 0, (), via))
                else:
                    cells.append(MatrixCell("none"))
            category = self._category(key)
            rows.append(MatrixRow(key, self.category_label(key), bool(category and category.sensitive), tuple(cells)))
        return Matrix(columns, tuple(rows))

    def violations_and_notes(self) -> tuple[tuple[Violation, ...], tuple[Note, ...]]:
        violations: list[Violation] = []
        notes: list[Note] = []
        for finding in sorted(self.result.findings, key=_finding_order):
            loc = finding.location
            flow = finding.flow
            if flow is None or finding.severity == "info":
                notes.append(
                    Note(
                        finding.code,
                        finding.severity,
                        finding.message,
                        self.ref(loc.path, loc.line, loc.column, snippet=not loc.path.endswith((".yaml", ".yml"))),
                        finding.hint or "",
                    )
                )
                continue
            source = flow.source
            violations.append(
                Violation(
                    code=finding.code,
                    severity=finding.severity,
                    message=finding.message,
                    location=self.ref(loc.path, loc.line, loc.column),
                    category=", ".join(finding.categories),
                    recipient=sink_key(flow.sink),
                    source=self.ref(source.path, source.line, source.column, note=source.evidence),
                    source_evidence=source.evidence,
                    trace=tuple(self.ref(s.path, s.line, s.column, note=s.note) for s in flow.trace),
                    clause=finding.clause or "",
                    hint=finding.hint or "",
                    sanitizer=flow.sanitizer or "",
                    sink=flow.sink.callee,
                )
            )
        return tuple(violations), tuple(notes)

    def ropa(self) -> tuple[RopaRow, ...]:
        """Art. 30(1) rows: each declared purpose (activity) x each recipient, observed flows as evidence."""
        purposes = {p.key: p for p in self.policy.purposes}
        attributed: dict[tuple[str, str], list[Flow]] = defaultdict(list)  # (purpose or "", recipient) -> flows
        for flow in self.flows:
            info = self.recipient(flow.sink)
            if info.internal:
                continue
            for purpose_key in self._purposes_of(flow, purposes) or ("",):
                attributed[(purpose_key if purpose_key in purposes else "", info.key)].append(flow)
        rows: list[RopaRow] = []
        for purpose in sorted(purposes.values(), key=lambda p: p.key):
            keys = {r.id for r in self.policy.recipients if r.serves(purpose.key)}
            keys |= {rec for (p, rec) in attributed if p == purpose.key}
            for key in sorted(keys) or [""]:
                rows.append(self._ropa_row(purpose, key, attributed.get((purpose.key, key), [])))
        for (p, key), flows in sorted(attributed.items()):
            if not p:
                rows.append(self._ropa_row(None, key, flows))
        return tuple(rows)

    def _purposes_of(self, flow: Flow, purposes: dict[str, Purpose]) -> tuple[str, ...]:
        if flow.purpose:
            return (flow.purpose,)
        by_path = self.paths.path_purpose(flow.location.path)
        if by_path:
            return (by_path,)
        declared = self.declared.get(sink_key(flow.sink))
        if declared is None:
            return ()
        return tuple(
            key
            for key, purpose in purposes.items()
            if declared.serves(key) and any(covers(c, flow.category) for c in purpose.categories)
        )

    def _ropa_row(self, purpose: Purpose | None, key: str, flows: list[Flow]) -> RopaRow:
        declared = self.declared.get(key)
        info = self._recipients.get(key) or (self._recipient_info(key, "third_party", None) if key else None)
        is_declared = purpose is not None and declared is not None and declared.serves(purpose.key)
        if purpose is not None and declared is not None:
            declared_cats = {
                c for c in declared.categories if any(covers(p, c) or covers(c, p) for p in purpose.categories)
            }
        elif purpose is not None and not key:
            declared_cats = set(purpose.categories)
        else:
            declared_cats = set()
        categories = tuple(sorted(declared_cats | {f.category for f in flows}))
        transfers = [t for t in self.policy.transfers if t.recipient == key]
        if flows and is_declared:
            status = "declared and observed"
        elif is_declared or not key:
            status = "declared, not observed" if key else "declared (no recipient)"
        elif purpose is None and declared is not None:
            status = OTHER_DATA  # the recipient is in the policy, only not for these categories
        else:
            status = "observed, not declared"
        evidence = sorted({(f.location.path, f.location.line, f.location.column) for f in flows})
        if purpose is not None:
            activity, description = purpose.key, purpose.name or purpose.description
        elif declared is not None:
            missing = sorted({f.category for f in flows if not any(covers(c, f.category) for c in declared.categories)})
            activity = "(no declared purpose)"
            description = f"{key} is in the policy, but not for {', '.join(missing) or 'these flows'}"
        else:
            activity, description = "(not in the policy)", "flows no declared purpose covers"
        return RopaRow(
            activity=activity,
            activity_description=description,
            purposes=(purpose.key,) if purpose else (),
            legal_basis=(purpose.legal_basis or "not stated") if purpose else "",
            categories=categories,
            sensitive_categories=tuple(c for c in categories if (cat := self._category(c)) and cat.sensitive),
            data_subjects=_subjects(self.policy, purpose),
            recipient=key,
            recipient_name=info.name if info else "",
            recipient_role=info.role if info else "",
            recipient_kind=info.kind if info else "",
            recipient_locations=info.locations if info else (),
            transfers=tuple(f"{t.destination}" for t in transfers),
            safeguards=tuple(_safeguard(t) for t in transfers),
            retention=tuple(_retention(self.policy.retention_for(c), c) for c in categories),
            status=status,
            evidence=tuple(self.ref(p, line, col, snippet=False) for p, line, col in evidence),
            controller=self.policy.controller.name,
        )


def _display_path(path: str, root: str) -> str:
    """A policy inside the scanned tree is shown relative to it (reports travel; absolute paths do not)."""
    if not path or not root or not Path(path).is_absolute():
        return path
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path


def _flows_of(finding: Finding) -> tuple[Flow, ...]:
    return (finding.flow, *finding.more_flows) if finding.flow is not None else ()


def _finding_order(finding: Finding) -> tuple[int, str, int, str]:
    rank = SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else len(SEVERITIES)
    return (rank, finding.location.path, finding.location.line, finding.code)


def _subjects(policy: Policy, purpose: Purpose | None) -> tuple[str, ...]:
    """Data subjects: the purpose's own, else the policy-wide list."""
    if purpose is not None and purpose.subjects:
        return purpose.subjects
    return policy.subjects


def _safeguard(transfer: Transfer) -> str:
    reference = f" ({transfer.reference})" if transfer.reference else ""
    return f"{transfer.destination}: {transfer.mechanism or 'no mechanism declared'}{reference}"


def _retention(category: Category | None, key: str) -> str:
    if category is None or not category.retention:
        return f"{key}: not stated"
    trigger = f" from {category.retention_trigger.replace('_', ' ')}" if category.retention_trigger else ""
    note = f" ({category.retention_note})" if category.retention_note else ""
    return f"{key}: {category.retention}{trigger}{note}"


def build_report(
    result: CheckResult,
    *,
    policy: Policy | None = None,
    links: LinkMaker | None = None,
    catalogue: Catalogue | None = None,
    title: str | None = None,
    purposes_by_path: Sequence[tuple[str, str]] = (),
) -> Report:
    """The one report model every renderer reads. ``policy`` defaults to ``result.policy``;
    ``purposes_by_path`` is ``[tool.privlint.purposes]`` (glob -> purpose), as the checks use it."""
    chosen = policy if policy is not None else result.policy
    builder = _Builder(
        result,
        chosen if isinstance(chosen, Policy) else _empty_policy(),
        links or LinkMaker(),
        catalogue,
        title,
        purposes_by_path,
    )
    summary = builder.summary()
    data_map = builder.data_map()
    matrix = builder.matrix()
    violations, notes = builder.violations_and_notes()
    codes = {f.code for f in result.findings}
    return Report(summary, data_map, matrix, violations, notes, builder.ropa(), _rule_titles(codes))


def _rule_titles(codes: set[str]) -> tuple[tuple[str, str], ...]:
    from privlint.checks.registry import doc  # the rule catalogue: one-line summaries

    titles = []
    for code in sorted(codes):
        record = doc(code)
        if record is not None:
            titles.append((code, record.summary))
    return tuple(titles)
