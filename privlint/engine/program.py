"""What one run learnt about a project: the solved program plus the bookkeeping around it.

A cold run builds it from every file's outcome; a run after a small edit takes the previous run's
(cache entry ``state``) and changes only what the edit touched (``privlint.engine.incremental``).
Both then go through the same on-demand rounds in ``privlint.engine.run``, so there is one place
that decides which unparsed files are needed and why.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

from privlint.catalogue import Catalogue
from privlint.engine.cache import CacheStore
from privlint.engine.solve import Solver
from privlint.engine.summary import FileSummary, SourceHit
from privlint.types import Flow, InternalError, ScanResult, SkippedFile, TraceStep


def interface_digest(summary: FileSummary) -> bytes:
    """What other files can see of a file: the names it defines and how calls through them resolve,
    its typed model fields (but not where they are: see ``field_hits``). Two versions with the same
    digest differ only inside function bodies, which is the edit the incremental solver handles;
    anything else is solved from scratch."""
    material = (
        summary.path,
        summary.module,
        sorted(summary.bindings.items()),
        sorted(summary.constants.items()),
        sorted(summary.dispatch.items()),
        summary.hashing_setters,
        summary.captures,
        summary.switches,
        [(f.qualname, f.params, f.vararg, f.kwarg, f.kind, f.cls, f.return_ref) for f in summary.functions],
        [(c.qualname, c.bases, sorted(c.attr_refs.items())) for c in summary.classes],
        [
            (h.cls, h.name, h.source, h.named, summary.sources[h.source].category, summary.sources[h.source].strength)
            for h in summary.fields
        ],
    )
    return hashlib.sha256(repr(material).encode()).digest()


def field_hits(summary: FileSummary) -> list[SourceHit]:
    """The typed fields' evidence as flows quote it (line, column, text): when only this moves,
    the functions that read those fields are solved again, not the whole program."""
    return [summary.sources[h.source] for h in summary.fields]


@dataclass
class Program:
    solver: Solver
    analysed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    deferred: dict[str, str] = field(default_factory=dict)  # module -> path of a file not parsed (yet)
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)  # module -> what a deferred file imports
    index_of: dict[str, int] = field(default_factory=dict)  # path -> position of its summary in the solver
    digests: dict[str, bytes] = field(default_factory=dict)  # path -> interface digest
    summary_keys: dict[int, str] = field(default_factory=dict)  # solver position -> cache key of the outcome
    forced: set[str] = field(default_factory=set)  # paths parsed on demand
    forced_by: dict[str, set[str]] = field(default_factory=dict)  # such a module -> functions that needed it
    # bodies summarised since the summaries pack was last written (edited files), kept here so a
    # small edit does not rewrite the pack
    bodies: dict[int, FileSummary] = field(default_factory=dict)
    tables_token: str | None = None  # names the stored ``tables`` this program's state goes with (``store``)
    # what the run was computed from, checked before it is reused
    keys: dict[str, str] = field(default_factory=dict)  # path -> file cache key
    context: str = ""  # root, discovery's skips, plugin errors

    @classmethod
    def empty(cls, catalogue: Catalogue) -> Program:
        return cls(Solver([], catalogue))

    def add_summaries(self, found: list[tuple[FileSummary, str | None]], *, forced: bool = False) -> list[str]:
        """Register parsed files (with their outcome's cache key); return their functions' names."""
        found = sorted(found, key=lambda item: item[0].path)
        start = len(self.solver.summaries)
        for position, (summary, key) in enumerate(found, start):
            self.index_of[summary.path] = position
            self.digests[summary.path] = interface_digest(summary)
            if key:
                self.summary_keys[position] = key
            if forced:
                self.forced.add(summary.path)
        return self.solver.add(summary for summary, _ in found)

    def result(self, root: str, flows: list[Flow]) -> ScanResult:
        return ScanResult(
            root=root,
            flows=tuple(captured_exceptions(switched(flows, self.solver.summaries), self.solver.summaries)),
            analyzed=tuple(sorted(self.analysed)),
            skipped=tuple(sorted(set(self.skipped))),
            errors=tuple(sorted(set(self.errors), key=lambda e: (e.path, e.plugin, e.message))),
            demo_files=frozenset(s.path for s in self.solver.summaries if s.demo),
        )


# What only changes when files are added to the program (a full run, or files parsed on demand): the
# name tables and the files' bookkeeping, three quarters of the kept program. A resumed run after a
# body edit writes just the rest (``state``), which saves a tenth of a second on saleor.
_STABLE_SOLVER = (
    "summaries", "functions", "classes", "bindings", "constants", "modules", "skipped_modules", "roots",
    "field_sources", "model_fields",
)  # fmt: skip
_STABLE_PROGRAM = ("analysed", "skipped", "errors", "deferred", "imports", "index_of", "digests", "forced", "forced_by")
_CHANGING_PROGRAM = tuple(
    name for name in Program.__dataclass_fields__ if name != "solver" and name not in _STABLE_PROGRAM
)


def store_program(store: CacheStore, program: Program) -> None:
    """Write the program as two cache entries, the stable ``tables`` only when they changed."""
    solver_state = program.solver.__getstate__()
    if program.tables_token is None:
        program.tables_token = secrets.token_hex(16)
        stable = ({k: solver_state[k] for k in _STABLE_SOLVER}, {k: getattr(program, k) for k in _STABLE_PROGRAM})
        store.save("tables", (program.tables_token, stable))
    changing_solver = {k: v for k, v in solver_state.items() if k not in _STABLE_SOLVER}
    changing = {k: getattr(program, k) for k in _CHANGING_PROGRAM}
    store.save("state", (program.tables_token, changing_solver, changing))


def load_program(store: CacheStore) -> Program | None:
    """The kept program, or None when there is none or its two entries do not belong together."""
    state, tables = store.load("state"), store.load("tables")
    if not (isinstance(state, tuple) and len(state) == 3 and isinstance(tables, tuple) and len(tables) == 2):
        return None
    if state[0] != tables[0] or not all(isinstance(part, dict) for part in (*tables[1], state[1], state[2])):
        return None
    solver = Solver.__new__(Solver)
    solver.__dict__.update(tables[1][0])
    solver.__dict__.update(state[1])
    values: dict[str, Any] = {**tables[1][1], **state[2]}
    program = Program(solver=solver, **values)
    for index, summary in program.bodies.items():
        solver.replace(index, summary)  # the tables hold these files as they were when written
    return program


def captured_exceptions(flows: list[Flow], summaries: list[FileSummary]) -> list[Flow]:
    """The exception flows given to the error trackers the project installs.

    An exception's message goes wherever the exception is captured: where the project calls a vendor's
    installer of automatic capture (``sentry_sdk.init``, catalogue ``captures_exceptions``), every exception
    flow also reaches that vendor, so the policy is asked whether it may get the category. One flow per
    tracker, with the installing call as the last step of its trace; without one, the flow stays a log-like
    exception flow with no recipient."""
    trackers: dict[str, tuple[str, int]] = {}
    for summary in summaries:
        for recipient, line in summary.captures:
            trackers.setdefault(recipient, (summary.path, line))
    if not trackers:
        return flows
    out: list[Flow] = []
    for flow in flows:
        if flow.sink.kind != "exception" or flow.sink.recipient:
            out.append(flow)
            continue
        for recipient, (path, line) in sorted(trackers.items()):
            step = TraceStep(path, line, f"raised exceptions are captured by {recipient}, installed here")
            out.append(replace(flow, sink=replace(flow.sink, recipient=recipient), trace=(*flow.trace, step)))
    return sorted(out)


def switched(flows: list[Flow], summaries: list[FileSummary]) -> list[Flow]:
    """Flows at sinks a project-wide switch changes (``catalogue.SinkSwitch``): Flask-Session installed, what the
    code puts in ``flask.session`` is stored server-side, not sent to the browser in a cookie."""
    switches: dict[str, tuple[str, str, int]] = {}
    for summary in summaries:
        for prefix, kind, line in summary.switches:
            switches.setdefault(prefix, (kind, summary.path, line))
    if not switches:
        return flows
    out: list[Flow] = []
    for flow in flows:
        callee = flow.sink.callee
        found = next((v for prefix, v in switches.items() if callee == prefix or callee.startswith(prefix + ".")), None)
        if found is None or found[0] == flow.sink.kind:
            out.append(flow)
            continue
        kind, path, line = found
        step = TraceStep(path, line, f"the project makes {flow.sink.callee.rsplit('.', 1)[0]} {kind} here")
        out.append(replace(flow, sink=replace(flow.sink, kind=kind, recipient=None), trace=(*flow.trace, step)))
    return sorted(out)
