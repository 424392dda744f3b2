"""The plain data that flows through privlint's pipeline.

Every stage (discover -> summarise -> solve -> check -> report) takes and returns these frozen
values, so that stages can be tested alone, results can be cached and pickled across worker
processes, and reporters can never reach back into the engine. This module imports nothing
else from the project on purpose: it is the one vocabulary everybody shares.

Conventions: paths are POSIX strings relative to the scan root; lines and columns are 1-based
(what editors, SARIF and GitHub show), converted once where libcst's 0-based columns enter.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# third_party: a vendor SDK or API; network: an HTTP call whose host names no known vendor; log: a log line or
# the console; exception: the message of a raised exception (it ends up in logs and error reports);
# storage: the controller's databases, files and caches; cookie: a cookie set on the user's browser.
SinkKind = Literal["third_party", "log", "storage", "network", "exception", "cookie"]
SINK_KINDS: tuple[str, ...] = ("third_party", "log", "storage", "network", "exception", "cookie")


class ExitCode(enum.IntEnum):
    """One exit-code contract for every command (Ruff/flake8 convention); 2 wins over 1."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, what a shell reports for a process the signal ended


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int
    column: int = 1


@dataclass(frozen=True, order=True)
class TraceStep:
    """One hop of a flow, e.g. "passed as argument to _deliver(to_addr)"."""

    path: str
    line: int
    note: str
    column: int = 1


@dataclass(frozen=True, order=True)
class Source:
    """Where a value was recognised as personal data, and why (the evidence a reviewer reads)."""

    path: str
    line: int
    column: int
    evidence: str


def _optional(value: str | None) -> tuple[bool, str]:
    """Sorts None before any string, so values with optional fields have a total order (the
    dataclass order would compare None with a string and raise)."""
    return (value is not None, value or "")


@functools.total_ordering
@dataclass(frozen=True)
class Sink:
    """Where personal data leaves the process or is kept."""

    kind: str  # one of SINK_KINDS
    callee: str  # qualified name, e.g. "stripe.Customer.create"
    recipient: str | None = None  # catalogue recipient id, e.g. "stripe"
    host: str | None = None  # resolved destination host of a network call

    def sort_key(self) -> tuple[object, ...]:
        return (self.kind, self.callee, _optional(self.recipient), _optional(self.host))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Sink):
            return NotImplemented
        return self.sort_key() < other.sort_key()


@functools.total_ordering
@dataclass(frozen=True)
class Flow:
    """A personal-data category reaching a sink; the unit the policy is checked against."""

    category: str  # fideslang key, e.g. "user.contact.email"
    sink: Sink
    location: Location  # the sink call
    source: Source
    trace: tuple[TraceStep, ...] = ()
    sanitized: bool = False
    sanitizer: str | None = None  # what sanitised it ("hashlib.sha256"), if anything
    function: str | None = None  # enclosing "module.qualname" of the sink call: a code component
    purpose: str | None = None  # declared via annotation in code, if any

    def sort_key(self) -> tuple[object, ...]:
        return (
            self.category,
            self.sink.sort_key(),
            self.location,
            self.source,
            self.trace,
            self.sanitized,
            _optional(self.sanitizer),
            _optional(self.function),
            _optional(self.purpose),
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Flow):
            return NotImplemented
        return self.sort_key() < other.sort_key()


@dataclass(frozen=True, order=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True, order=True)
class InternalError:
    """A plugin or detector raised on one file: recorded (PRV000), the scan goes on."""

    path: str
    plugin: str
    message: str


@dataclass(frozen=True)
class ScanResult:
    """What the engine found in a set of paths: flows plus the account of every file."""

    root: str
    flows: tuple[Flow, ...]
    analyzed: tuple[str, ...]
    skipped: tuple[SkippedFile, ...] = ()
    errors: tuple[InternalError, ...] = ()
    # Statement spans (``privlint.statements``) of the files flows are in, by text digest: the
    # engine had their syntax trees, so fingerprinting need not parse them again. Not a result.
    statement_spans: Mapping[str, list[tuple[int, int]]] = field(default_factory=dict, compare=False, repr=False)
    # The analysed files whose bytes contain ``privlint:`` (suppressions, annotations), when the
    # engine read every file (a cached run does, for the keys); None: the checks look themselves.
    marked: frozenset[str] | None = field(default=None, compare=False, repr=False)
    # Flows left out because they are located in, or sourced only from, test code (``privlint.test_code``;
    # ``include-tests`` shows them): counted so the summary can say so.
    test_flows: int = 0
    # Analysed files that import a fake-data library (Faker...): demo-data generators, treated as test code.
    demo_files: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)

    @property
    def complete(self) -> bool:
        return not self.errors


Severity = Literal["error", "warning", "info"]


@functools.total_ordering
@dataclass(frozen=True)
class Finding:
    """A rule violation (or reviewer information) tied to a location and, usually, a flow."""

    code: str  # e.g. "PRV203"
    message: str
    location: Location
    severity: str = "error"  # one of Severity
    flow: Flow | None = None
    clause: str | None = None  # the policy statement protected, e.g. "recipients[mixpanel].categories"
    hint: str | None = None
    fingerprint: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())
    # One root cause, one finding: the flows of the other categories the same sink statement sends,
    # when the same rule breaks the same clause for each (``flow`` is the first, whose trace is shown).
    more_flows: tuple[Flow, ...] = ()

    @property
    def categories(self) -> tuple[str, ...]:
        """Every category this finding covers, sorted (empty without a flow)."""
        flows = (self.flow, *self.more_flows) if self.flow is not None else ()
        return tuple(sorted({f.category for f in flows}))

    def sort_key(self) -> tuple[object, ...]:
        flow = (self.flow is not None, self.flow.sort_key() if self.flow is not None else ())
        more = tuple(f.sort_key() for f in self.more_flows)
        rest = (_optional(self.clause), _optional(self.hint), self.fingerprint, self.extra, more)
        return (self.code, self.message, self.location, self.severity, flow, *rest)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self.sort_key() < other.sort_key()


@dataclass(frozen=True)
class CheckResult:
    """A scan compared against a policy: what ``privlint check`` reports and reports render."""

    scan: ScanResult
    findings: tuple[Finding, ...]
    policy_path: str | None = None
    policy: object | None = None  # the policy_model.Policy checked against (types imports nothing)
    suppressed: int = 0  # findings hidden by inline suppressions
    baselined: int = 0  # findings hidden by the baseline
    stale_baseline: int = 0  # baseline entries that matched no finding (fixed or changed)
