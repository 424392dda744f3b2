"""The report model: everything a privacy reviewer reads, computed once, rendered many ways.

``privlint.report.build.build_report`` turns a ``CheckResult`` and its ``Policy`` into a ``Report``;
the renderers (html, md, csv, json) only lay these values out. Keeping every decision here
(which edge is a violation, what a matrix cell means, which code locations are evidence for a
record-of-processing row) is what keeps the four formats saying the same thing.

Strings in the model are raw: they may come from scanned code (identifiers, snippets, paths), so
each renderer escapes them for its own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CellStatus = Literal["ok", "unused", "violation", "observed", "none"]

ROPA_COLUMNS: tuple[str, ...] = (
    "Activity",
    "Legal basis",
    "Categories",
    "Data subjects",
    "Recipient",
    "Transfers & safeguards",
    "Retention",
    "Status",
    "Evidence",
)

CELL_LABELS: dict[str, str] = {
    "ok": "declared and observed",
    "unused": "declared, never observed",
    "violation": "observed, not permitted",
    "observed": "observed (internal, permitted)",
    "none": "",
}


@dataclass(frozen=True)
class CodeRef:
    """A place in the scanned code, with a clickable URL when a repository template is configured."""

    path: str
    line: int
    column: int = 1
    url: str | None = None
    note: str = ""  # what happens here ("passed to _deliver(to)")
    snippet: str = ""  # the source line, stripped (untrusted text)

    @property
    def label(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class RecipientInfo:
    """Where data goes: a policy/catalogue recipient, or an internal sink (logs, storage, a host)."""

    key: str  # recipient id, or "logs", "exceptions", "storage", "cookies", a host name
    name: str
    kind: str  # payment, analytics, email, log, storage, network...
    locations: tuple[str, ...] = ()
    role: str = ""
    declared: bool = False  # listed under the policy's recipients
    # logs, exceptions, storage, cookies: not a recipient in the GDPR sense (cookies go to the data subject's
    # own browser), so no row of the Art. 30 record
    internal: bool = False

    @property
    def place(self) -> str:
        """Where an internal sink keeps the data: the controller's own systems, or the user's browser."""
        return "user's browser" if self.kind == "cookie" else "internal"

    @property
    def group(self) -> str:
        """How the map groups recipients: by kind and location."""
        where = ", ".join(self.locations) if self.locations else "location not stated"
        if self.internal:
            return f"{self.kind} ({self.place})"
        return f"{self.kind or 'other'} · {where}"


@dataclass(frozen=True)
class MapNode:
    id: str
    column: Literal["category", "component", "recipient"]
    label: str
    detail: str = ""  # tooltip: category key, functions of a component, recipient kind/location
    group: str = ""  # recipients only
    violation: bool = False
    unused: bool = False  # a declared recipient/category no flow reaches
    undeclared: bool = False  # a recipient the policy does not list


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    flows: int
    violation: bool
    detail: str = ""


@dataclass(frozen=True)
class DataMap:
    """Categories -> code components (modules) -> recipients, in display order per column."""

    categories: tuple[MapNode, ...]
    components: tuple[MapNode, ...]
    recipients: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]


@dataclass(frozen=True)
class MatrixCell:
    status: str  # a CellStatus
    flows: int = 0
    codes: tuple[str, ...] = ()  # finding codes on this cell
    via: tuple[str, ...] = ()  # narrower observed categories that use a broader declaration


@dataclass(frozen=True)
class MatrixRow:
    category: str
    label: str
    sensitive: bool
    cells: tuple[MatrixCell, ...]  # one per Matrix.columns


@dataclass(frozen=True)
class Matrix:
    columns: tuple[RecipientInfo, ...]
    rows: tuple[MatrixRow, ...]

    def counts(self) -> dict[str, int]:
        result = {status: 0 for status in ("ok", "unused", "violation", "observed")}
        for row in self.rows:
            for cell in row.cells:
                if cell.status in result:
                    result[cell.status] += 1
        return result


@dataclass(frozen=True)
class Violation:
    """A finding about a flow the policy does not permit, with the evidence to check it by hand."""

    code: str
    severity: str
    message: str
    location: CodeRef
    category: str = ""
    recipient: str = ""
    source: CodeRef | None = None
    source_evidence: str = ""
    trace: tuple[CodeRef, ...] = ()
    clause: str = ""
    hint: str = ""
    sanitizer: str = ""
    sink: str = ""  # the call that sends or keeps the data ("stripe.Customer.create")


@dataclass(frozen=True)
class Note:
    """Any other finding: policy-file lint (PRV1xx), reviewer information (PRV3xx), hygiene (PRV9xx)."""

    code: str
    severity: str
    message: str
    location: CodeRef
    hint: str = ""


@dataclass(frozen=True)
class RopaRow:
    """One GDPR Art. 30(1) record-of-processing row: a processing activity x a recipient."""

    activity: str  # the purpose key naming the activity
    activity_description: str
    purposes: tuple[str, ...]
    legal_basis: str
    categories: tuple[str, ...]
    sensitive_categories: tuple[str, ...]
    data_subjects: tuple[str, ...]
    recipient: str  # "" for an activity with no recipient
    recipient_name: str
    recipient_role: str
    recipient_kind: str
    recipient_locations: tuple[str, ...]
    transfers: tuple[str, ...]  # "US (scc: 2021/914 module 2)"
    safeguards: tuple[str, ...]  # mechanisms and references, or "none declared"
    retention: tuple[str, ...]  # "user.contact.email: P3Y (after account closure)"
    status: str  # declared and observed | declared, not observed | observed, not declared | build.OTHER_DATA
    evidence: tuple[CodeRef, ...]
    controller: str


@dataclass(frozen=True)
class Summary:
    title: str
    controller: str
    root: str
    files_analyzed: int
    skipped: tuple[tuple[str, str], ...]  # (path, reason)
    internal_errors: tuple[tuple[str, str, str], ...]  # (path, plugin, message)
    flows: int
    severity_counts: tuple[tuple[str, int], ...]  # error, warning, info (always all three)
    policy_path: str
    policy_version: str
    policy_digest: str
    commit: str | None
    privlint_version: str
    suppressed: int
    baselined: int
    controller_contact: str = ""
    controller_dpo: str = ""
    security_measures: tuple[str, ...] = ()  # Art. 30(1)(g): technical and organisational measures

    @property
    def complete(self) -> bool:
        return not self.internal_errors


@dataclass(frozen=True)
class ViolationGroup:
    code: str
    severity: str
    title: str  # the rule's one-line summary
    violations: tuple[Violation, ...]


@dataclass(frozen=True)
class Report:
    summary: Summary
    data_map: DataMap
    matrix: Matrix
    violations: tuple[Violation, ...]
    notes: tuple[Note, ...]
    ropa: tuple[RopaRow, ...]
    rule_titles: tuple[tuple[str, str], ...] = ()  # (code, one-line summary) of every code in the report

    def violation_groups(self) -> tuple[ViolationGroup, ...]:
        """Violations by rule: errors first, then the most frequent, so a reviewer sees the pattern first."""
        titles = dict(self.rule_titles)
        by_code: dict[str, list[Violation]] = {}
        for violation in self.violations:
            by_code.setdefault(violation.code, []).append(violation)
        groups = [
            ViolationGroup(code, items[0].severity, titles.get(code, ""), tuple(items))
            for code, items in by_code.items()
        ]
        rank = {"error": 0, "warning": 1, "info": 2}
        groups.sort(key=lambda g: (rank.get(g.severity, 3), -len(g.violations), g.code))
        return tuple(groups)
