"""The engine pipeline: read -> prefilter -> summarise (parallel) -> solve, with on-demand parsing.

Files that cannot hold a source are not parsed up front; when the solver sees personal data
enter a function, class or module-level client defined in such a file, that file is summarised
and the program solved again, so wrappers in files without personal-data words are never lost.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import hashlib
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from privlint.catalogue import Catalogue
from privlint.discovery import module_names
from privlint.engine.cache import CacheStore
from privlint.engine.index import CatalogueIndex
from privlint.engine.prefilter import Prefilter
from privlint.engine.solve import Solver
from privlint.engine.source_text import UndecodableError, decode_source
from privlint.engine.summarise import summarise_tree
from privlint.engine.summary import FileSummary
from privlint.types import Flow, InternalError, ScanResult, SkippedFile

PARALLEL_THRESHOLD = 64  # fewer files than this are summarised in-process: a pool costs more than it saves
HUB_IMPORTERS = 10  # whole-module importers of a data-returning module parsed on demand, at most


@dataclass(frozen=True)
class Job:
    path: str  # relative to the root
    module: str
    is_package: bool
    absolute: str | None = None
    data: bytes | None = None  # in-memory sources (scan_sources)


@dataclass
class Outcome:
    """What summarising one file gave: exactly one of the fields is set (deferred: not parsed yet)."""

    path: str
    summary: FileSummary | None = None
    skipped: str | None = None
    error: str | None = None
    deferred: bool = False
    imports: tuple[str, ...] = ()  # of a deferred file: the modules it imports (to parse it when they return data)


class _Worker:
    """Per-process state: the prepared catalogue is built once per worker, not per file."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.index = CatalogueIndex(catalogue)
        self.prefilter = Prefilter(catalogue, self.index.classifier)

    def summarise(self, job: Job, *, force: bool = False) -> Outcome:
        try:
            data = job.data if job.data is not None else _read(job.absolute or job.path)
        except OSError as exc:
            return Outcome(job.path, skipped=f"unreadable: {exc.strerror or exc}")
        return self._summarise(job, data, force)

    def _summarise(self, job: Job, data: bytes, force: bool) -> Outcome:
        try:
            text = decode_source(data)
        except UndecodableError as exc:
            return Outcome(job.path, skipped=f"undecodable: {exc}")
        if not force and not self.prefilter.needs_summary(data):
            # Not parsed into an AST unless the solver needs it, but still checked for syntax errors:
            # ``compile`` keeps its tree in C and is faster than ``ast.parse`` (268k vs 200k lines/s).
            # Both are given bytes: from ``str`` they run 2-4x slower (measured on saleor).
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # scanned code's SyntaxWarnings are not ours to print
                    compile(data, job.path, "exec", dont_inherit=True)
                return Outcome(job.path, deferred=True, imports=imported_modules(data, job.module, job.is_package))
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass  # the compiler is stricter than the parser (``return`` outside a function): ask the parser
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(data, filename=job.path)
        except SyntaxError as exc:
            return Outcome(job.path, skipped=_syntax_reason(exc, text))
        except (ValueError, RecursionError, MemoryError) as exc:
            return Outcome(job.path, skipped=f"unparsable: {type(exc).__name__}: {exc}")
        try:
            summary = summarise_tree(self.index, tree, job.path, job.module, job.is_package, text)
        except RecursionError:
            return Outcome(job.path, error="RecursionError: expression nested too deeply to summarise")
        except Exception as exc:  # one file's failure must not end the scan (PRV000)
            return Outcome(job.path, error=f"{type(exc).__name__}: {exc}")
        return Outcome(job.path, summary=summary)


_IMPORT = re.compile(
    rb"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([\w, \t]+)|import[ \t]+([\w., \t]+))", re.M
)


def imported_modules(data: bytes, module: str, is_package: bool) -> tuple[str, ...]:
    """What a file imports, from its bytes alone (``from a.b import c`` gives ``a.b`` and ``a.b.c``)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for source, names, plain in _IMPORT.findall(data):
        if plain:
            found.update(p.strip().split(" ")[0] for p in plain.decode("ascii", "replace").split(",") if p.strip())
            continue
        base = source.decode("ascii", "replace")
        level = len(base) - len(base.lstrip("."))
        if level:
            anchor = package
            for _ in range(level - 1):
                anchor = anchor.rpartition(".")[0]
            base = f"{anchor}.{base.lstrip('.')}".strip(".") if base.lstrip(".") else anchor
        found.add(base)
        for name in names.decode("ascii", "replace").split(","):
            name = name.strip().split(" ")[0]
            if name:
                found.add(f"{base}.{name}" if base else name)
    return tuple(sorted(found))


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _syntax_reason(exc: SyntaxError, text: str) -> str:
    message = f"SyntaxError: {exc.msg} at line {exc.lineno or 0}, column {exc.offset or 0}"
    try:
        import libcst

        libcst.parse_module(text)
    except Exception:
        return message
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return f"{message} (newer syntax than Python {version} running privlint understands; run it on a newer Python)"


_WORKER: _Worker | None = None


def _init_worker(catalogue: Catalogue) -> None:
    global _WORKER
    _WORKER = _Worker(catalogue)


def _work(job: Job) -> Outcome:
    assert _WORKER is not None
    with _no_gc():
        return _WORKER.summarise(job)


def _work_forced(job: Job) -> Outcome:
    assert _WORKER is not None
    with _no_gc():
        return _WORKER.summarise(job, force=True)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: syntax trees and summaries hold no cycles, and with
    thousands of live summaries every collection rescans them all (measured: 30 s -> 13 s on saleor)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Batches:
    """Summarises batches of files: from the cache when it knows them, else in-process or in worker
    processes kept for the whole run, so the files parsed on demand between solver rounds are
    spread over the workers too."""

    def __init__(
        self,
        catalogue: Catalogue,
        workers: int,
        local: _Worker,
        total: int,
        store: CacheStore | None = None,
        file_keys: dict[str, str] | None = None,
    ) -> None:
        self.local = local
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1 and total >= PARALLEL_THRESHOLD:
            self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(catalogue,))
        self.store = store
        known = store.load("summaries") if store is not None else None
        self.known: dict[str, Outcome] = known if isinstance(known, dict) else {}
        self.used: dict[str, Outcome] = {}  # what this run needed: the next cache, so it never grows stale
        self.file_keys = file_keys or {}  # computed once per run for the whole-result key

    def summarise(
        self, jobs: Sequence[Job], *, force: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> list[Outcome]:
        keys = [self._key(job, force) for job in jobs]
        outcomes: list[Outcome | None] = [self.known.get(k) if k else None for k in keys]
        missing = [i for i, outcome in enumerate(outcomes) if outcome is None or outcome.path != jobs[i].path]
        computed = self._compute([jobs[i] for i in missing], force, progress)
        for i, outcome in zip(missing, computed, strict=True):
            outcomes[i] = outcome
        result = [o for o in outcomes if o is not None]
        for key, outcome in zip(keys, result, strict=True):
            if key and outcome.error is None:
                self.used[key] = outcome
        return result

    def _key(self, job: Job, force: bool) -> str | None:
        if self.store is None or job.data is None:
            return None
        if not force:
            return self.file_keys.get(job.path)
        return self.store.file_key(job.path + "\0full", job.module, job.is_package, job.data)

    def _compute(self, jobs: Sequence[Job], force: bool, progress: Callable[[int, int], None] | None) -> list[Outcome]:
        if self.pool is None or len(jobs) < 2 * self.workers:
            with _no_gc():
                return _counted((self.local.summarise(job, force=force) for job in jobs), len(jobs), progress)
        chunk = max(1, min(64, len(jobs) // (self.workers * 8)))
        work = _work_forced if force else _work
        return _counted(self.pool.map(work, jobs, chunksize=chunk), len(jobs), progress)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
        if self.store is not None:
            self.store.save("summaries", self.used)


def _counted(outcomes: Iterable[Outcome], total: int, progress: Callable[[int, int], None] | None) -> list[Outcome]:
    """Collect outcomes, telling ``progress(done, total)`` (a terminal progress bar) as files finish."""
    if progress is None:
        return list(outcomes)
    done: list[Outcome] = []
    for outcome in outcomes:
        done.append(outcome)
        progress(len(done), total)
    return done


def make_jobs(paths: Iterable[tuple[str, str | None, bytes | None]]) -> list[Job]:
    """``(relative path, absolute path or None, bytes or None)`` -> jobs with module names."""
    items = sorted(paths)
    names = module_names(p for p, _, _ in items)
    return [Job(p, names[p][0], names[p][1], absolute, data) for p, absolute, data in items]


def run_engine(
    jobs: Sequence[Job],
    catalogue: Catalogue,
    *,
    root: str,
    workers: int | None = None,
    skipped: Iterable[SkippedFile] = (),
    errors: Iterable[InternalError] = (),
    progress: Callable[[int, int], None] | None = None,
    cache: bool = False,
) -> ScanResult:
    """``cache``: reuse per-file summaries and the last whole result from ``<root>/.privlint_cache``
    (see ``privlint.engine.cache``); results are identical with and without it."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    skipped, errors = tuple(skipped), tuple(errors)
    store = CacheStore.open(root, catalogue) if cache else None
    scan_key = ""
    file_keys: dict[str, str] = {}
    if store is not None:
        jobs = [_with_data(job) for job in jobs]  # read once here: the bytes are the cache key
        file_keys = {
            job.path: store.file_key(job.path, job.module, job.is_package, job.data)
            for job in jobs
            if job.data is not None
        }
        scan_key = _scan_key(jobs, file_keys, root, skipped, errors)
        previous = store.load("scan")
        if isinstance(previous, tuple) and len(previous) == 2 and previous[0] == scan_key:
            return previous[1]
    local = _Worker(catalogue)
    batches = _Batches(catalogue, workers, local, len(jobs), store, file_keys)
    try:
        result = _run(jobs, catalogue, root, batches, skipped, errors, progress)
    finally:
        batches.close()
    if store is not None and not result.errors:
        store.save("scan", (scan_key, result))
    return result


def _with_data(job: Job) -> Job:
    if job.data is not None:
        return job
    try:
        return replace(job, data=_read(job.absolute or job.path))
    except OSError:
        return job  # the worker reads again and reports it unreadable


def _scan_key(
    jobs: Sequence[Job],
    file_keys: dict[str, str],
    root: str,
    skipped: Sequence[SkippedFile],
    errors: Sequence[InternalError],
) -> str:
    """Everything a ``ScanResult`` depends on: every file's key (``?`` for an unreadable one), and
    what discovery and plugin loading already reported."""
    digest = hashlib.sha256(f"{root}\0{sorted(skipped)!r}\0{sorted(errors, key=repr)!r}\0".encode())
    for job in jobs:
        digest.update(f"{job.path}\0{file_keys.get(job.path, '?')}\0".encode())
    return digest.hexdigest()


def _run(
    jobs: Sequence[Job],
    catalogue: Catalogue,
    root: str,
    batches: _Batches,
    skipped: Iterable[SkippedFile],
    errors: Iterable[InternalError],
    progress: Callable[[int, int], None] | None,
) -> ScanResult:
    outcomes = batches.summarise(jobs, progress=progress)
    by_path = {job.path: job for job in jobs}
    summaries: list[FileSummary] = []
    deferred: dict[str, Job] = {}
    imports: dict[str, tuple[str, ...]] = {}
    all_skipped = list(skipped)
    all_errors = list(errors)
    analysed: list[str] = []
    for outcome in outcomes:
        _account(outcome, by_path, summaries, deferred, all_skipped, all_errors, analysed, imports)
    flows = _solve(summaries, deferred, catalogue, batches, by_path, all_skipped, all_errors, analysed, imports)
    return ScanResult(
        root=root,
        flows=tuple(flows),
        analyzed=tuple(sorted(analysed)),
        skipped=tuple(sorted(set(all_skipped))),
        errors=tuple(sorted(set(all_errors), key=lambda e: (e.path, e.plugin, e.message))),
    )


def _account(
    outcome: Outcome,
    by_path: dict[str, Job],
    summaries: list[FileSummary],
    deferred: dict[str, Job],
    skipped: list[SkippedFile],
    errors: list[InternalError],
    analysed: list[str],
    imports: dict[str, tuple[str, ...]],
) -> None:
    if outcome.skipped is not None:
        skipped.append(SkippedFile(outcome.path, outcome.skipped))
        return
    analysed.append(outcome.path)  # a file that raised was still read; the error says the run is incomplete
    if outcome.error is not None:
        errors.append(InternalError(outcome.path, "engine", outcome.error))
    elif outcome.deferred:
        job = by_path[outcome.path]
        deferred[job.module] = job
        imports[job.module] = outcome.imports
    elif outcome.summary is not None:
        summaries.append(outcome.summary)


def _solve(
    summaries: list[FileSummary],
    deferred: dict[str, Job],
    catalogue: Catalogue,
    batches: _Batches,
    by_path: dict[str, Job],
    skipped: list[SkippedFile],
    errors: list[InternalError],
    analysed: list[str],
    imports: dict[str, tuple[str, ...]],
) -> list[Flow]:
    summaries.sort(key=lambda s: s.path)
    with _no_gc():
        solver = Solver(summaries, catalogue, skipped_modules=deferred)
        solution = solver.solve()
    while True:
        wanted_set = {m for m in solution.wanted_modules if m in deferred}
        # Data also travels *out* of functions: an unparsed module that imports one whose functions
        # return personal data may pass it on to a sink (``rows = reports.fetch(); client.send(rows)``).
        sourcing = solver.sourcing_modules()
        importers: dict[str, list[str]] = {}
        for module in deferred:
            for name in imports.get(module, ()):
                if name in sourcing:
                    wanted_set.add(module)  # ``from app.reports import fetch``
                elif f"module:{name}" in sourcing:
                    importers.setdefault(name, []).append(module)  # ``from app import reports``
        for modules in importers.values():
            if len(modules) <= HUB_IMPORTERS:  # a module imported everywhere would pull in the whole tree
                wanted_set.update(modules)
        wanted = sorted(wanted_set)
        if not wanted:
            return solution.flows
        added: list[FileSummary] = []
        batch = [deferred.pop(module) for module in wanted]
        for job, outcome in zip(batch, batches.summarise(batch, force=True), strict=True):
            analysed.remove(job.path)
            _account(outcome, by_path, added, deferred, skipped, errors, analysed, imports)
        with _no_gc():
            start = set(solver.add(added))
            for module in wanted:
                start |= solver.entered.pop(module, set())
            solution = solver.solve(start)
