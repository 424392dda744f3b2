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
import signal
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from privlint.catalogue import Catalogue
from privlint.discovery import module_names, namespace_of
from privlint.engine.cache import CacheStore
from privlint.engine.incremental import CannotResume, finish, resume
from privlint.engine.index import CatalogueIndex
from privlint.engine.jobs import Job, Outcome
from privlint.engine.prefilter import Prefilter
from privlint.engine.program import Program, load_program, store_program
from privlint.engine.source_text import UndecodableError, decode_source
from privlint.engine.summarise import summarise_tree
from privlint.engine.summary import FileSummary
from privlint.statements import Spans, statement_spans, text_key
from privlint.types import Flow, InternalError, ScanResult, SkippedFile

PARALLEL_THRESHOLD = 64  # fewer files than this are summarised in-process: a pool costs more than it saves
HUB_IMPORTERS = 10  # whole-module importers of a data-returning module parsed on demand, at most
# A file nested deeper than Python's recursion limit (generated code: one expression of thousands of
# ``+`` terms) is skipped (PRV001) with this reason; the rest of the scan goes on.
TOO_DEEP = "nested too deeply to analyse (an expression deeper than Python's recursion limit); split it up"


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
        except RecursionError:
            return Outcome(job.path, skipped=TOO_DEEP)
        except (ValueError, MemoryError) as exc:
            return Outcome(job.path, skipped=_nul_reason(text) or f"unparsable: {type(exc).__name__}: {exc}")
        try:
            summary = summarise_tree(self.index, tree, job.path, job.module, job.is_package, text)
        except RecursionError:  # parsed, but deeper than the summariser's recursion: not analysed, not a bug
            return Outcome(job.path, skipped=TOO_DEEP)
        except Exception as exc:  # one file's failure must not end the scan (PRV000)
            return Outcome(job.path, error=f"{type(exc).__name__}: {exc}")
        # keyed by the text as the checks read it (``SourceFile``), so the key matches theirs
        spans = (text_key(data.decode("utf-8", errors="replace")), statement_spans(tree))
        return Outcome(job.path, summary=summary, spans=spans)


_IMPORT = re.compile(
    rb"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([\w, \t]+)|import[ \t]+([\w., \t]+))", re.M
)


def imported_modules(data: bytes, module: str, is_package: bool) -> tuple[str, ...]:
    """What a file imports, from its bytes alone (``from a.b import c`` gives ``a.b`` and ``a.b.c``)."""
    package = module if is_package else module.rpartition(".")[0]
    namespace = namespace_of(module)
    found: set[str] = set()
    for source, names, plain in _IMPORT.findall(data):
        if plain:
            found.update(
                namespace + p.strip().split(" ")[0] for p in plain.decode("ascii", "replace").split(",") if p.strip()
            )
            continue
        base = source.decode("ascii", "replace")
        level = len(base) - len(base.lstrip("."))
        if not level and base:
            base = namespace + base
        elif level:
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


def _nul_reason(text: str) -> str | None:
    """Python source cannot contain NUL bytes: say so, and where, rather than blame the syntax or the
    Python version (a binary or corrupted file saved with a .py name)."""
    at = text.find("\0")
    if at < 0:
        return None
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"contains a NUL byte at line {line}, column {column}: not Python source text (binary or corrupted?)"


def _syntax_reason(exc: SyntaxError, text: str) -> str:
    nul = _nul_reason(text)
    if nul:
        return nul
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
    """A worker ignores Ctrl-C: the terminal sends SIGINT to the whole process group, and the parent
    alone answers it (``_Batches.abort``); a worker interrupted mid-file printed its own traceback.
    SIGINT is blocked while workers start (``_sigint_deferred``), so none arrives before this."""
    global _WORKER
    if hasattr(signal, "pthread_sigmask"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _WORKER = _Worker(catalogue)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold SIGINT back while worker processes may be forked (they inherit the blocked mask until
    ``_init_worker`` ignores it); a Ctrl-C meanwhile is delivered to the parent on leaving."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process groups to share the signal
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _work(jobs: Sequence[Job], force: bool) -> list[Outcome]:
    """One chunk of jobs in a worker process."""
    assert _WORKER is not None
    with _no_gc():
        return [_WORKER.summarise(job, force=force) for job in jobs]


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
        self.parallel = workers > 1 and total >= PARALLEL_THRESHOLD
        self.catalogue = catalogue
        self.store = store
        with _no_gc():
            self.pack = store.load_pack("summaries") if store is not None else None
        self.used: dict[str, object] = {}  # what this run needed: the next pack, so it never grows stale
        self.spans: dict[str, tuple[str, Spans]] = {}  # path -> statement spans of the files parsed here
        self.rewrite = True  # False: the pack stays as it is (a resumed run keeps its few new bodies elsewhere)
        self.file_keys = file_keys or {}  # computed once per run for the whole-result key

    def summarise(
        self, jobs: Sequence[Job], *, force: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> list[tuple[Outcome, str | None]]:
        """Each job's outcome with its cache key (None when uncached)."""
        keys = [self._key(job, force) for job in jobs]
        outcomes: list[Outcome | None] = [self.cached(k) if k else None for k in keys]
        missing = [i for i, outcome in enumerate(outcomes) if outcome is None or outcome.path != jobs[i].path]
        computed = self._compute([jobs[i] for i in missing], force, progress)
        for i, outcome in zip(missing, computed, strict=True):
            outcomes[i] = outcome
        result = [o for o in outcomes if o is not None]
        for key, outcome in zip(keys, result, strict=True):
            if key and outcome.error is None:
                self.used[key] = outcome
            if outcome.spans is not None:
                self.spans[outcome.path] = outcome.spans
        return list(zip(result, keys, strict=True))

    def __contains__(self, key: str) -> bool:
        return self.pack is not None and key in self.pack

    def cached(self, key: str) -> Outcome | None:
        found = self.used.get(key)
        if isinstance(found, Outcome):
            return found  # computed earlier in this run
        if self.pack is None:
            return None
        with _no_gc():
            found = self.pack.get(key)
        return found if isinstance(found, Outcome) else None

    def _key(self, job: Job, force: bool) -> str | None:
        if self.store is None or job.data is None:
            return None
        if not force:
            return self.file_keys.get(job.path)
        return self.store.file_key(job.path + "\0full", job.module, job.is_package, job.data)

    def _compute(self, jobs: Sequence[Job], force: bool, progress: Callable[[int, int], None] | None) -> list[Outcome]:
        if not self.parallel or len(jobs) < 2 * self.workers:
            with _no_gc():
                return _counted((self.local.summarise(job, force=force) for job in jobs), len(jobs), progress)
        size = max(1, min(64, len(jobs) // (self.workers * 8)))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        with _sigint_deferred():  # every chunk is submitted now, forking workers as it goes
            if self.pool is None:  # started on first need: a run answered from the cache never pays for it
                self.pool = ProcessPoolExecutor(
                    max_workers=self.workers, initializer=_init_worker, initargs=(self.catalogue,)
                )
            # Not ``pool.map``: on Ctrl-C its iterator cancels the pending futures, and the pool's thread
            # then raises InvalidStateError on them and prints it (CPython 3.11) after ``abort``.
            futures = [self.pool.submit(_work, chunk, force) for chunk in chunks]
        return _counted((outcome for future in futures for outcome in future.result()), len(jobs), progress)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
        if self.store is not None and self.pack is not None and self.rewrite:
            self.store.save_pack("summaries", self.used, self.pack)

    def abort(self) -> None:
        """Ctrl-C: end the workers now and write nothing. Waiting for them (``shutdown``) could hang
        on a worker blocked writing a result that nobody reads any more; the cache stays as the last
        complete run left it (every entry is replaced atomically, and the parts of the solved program
        carry a shared token)."""
        pool, self.pool, self.pack = self.pool, None, None
        if pool is None:
            return
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        pool.shutdown(wait=False)  # not ``cancel_futures``: the same InvalidStateError as ``map``


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
    """``cache``: reuse per-file summaries, the last solved program and the last whole result from
    ``<root>/.privlint_cache`` (see ``privlint.engine.cache``); results are identical with and without it."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    skipped, errors = tuple(skipped), tuple(errors)
    store = CacheStore.open(root, catalogue) if cache else None
    scan_key = context = ""
    file_keys: dict[str, str] = {}
    if store is not None:
        jobs = [_with_data(job) for job in jobs]  # read once here: the bytes are the cache key
        file_keys = {
            job.path: store.file_key(job.path, job.module, job.is_package, job.data)
            for job in jobs
            if job.data is not None
        }
        context = _context_key(root, skipped, errors)
        scan_key = _scan_key(context, jobs, file_keys)
        previous = store.load("scan")
        if isinstance(previous, tuple) and len(previous) == 2 and previous[0] == scan_key:
            return replace(previous[1], marked=_marked(jobs))
    local = _Worker(catalogue)
    batches = _Batches(catalogue, workers, local, len(jobs), store, file_keys)
    by_path = {job.path: job for job in jobs}
    try:
        resumed = None
        if store is not None:
            with _no_gc():
                kept = load_program(store)
            resumed = resume(kept, context, file_keys, by_path, batches, catalogue)
        try:
            if resumed is None:
                raise CannotResume("no previous program to resume")
            program, start, unsure = resumed
            flows = _solve(program, start, batches, by_path)
            finish(program, batches, unsure)
        except CannotResume:
            batches.rewrite = True
            program = _first_round(jobs, catalogue, batches, skipped, errors, progress)
            flows = _solve(program, None, batches, by_path)
        located = {flow.location.path for flow in flows}
        spans = {key: found for path, (key, found) in batches.spans.items() if path in located}
        result = replace(program.result(root, flows), statement_spans=spans, marked=_marked(jobs))
    except KeyboardInterrupt:
        batches.abort()
        raise
    finally:
        batches.close()  # after ``abort``: nothing left to do
    program.solver.body_loader = None  # it closes over the program: without it, refcounting frees both
    if store is not None and not result.errors:
        store.save("scan", (scan_key, replace(result, statement_spans={}, marked=None)))  # recomputed each run
        program.keys, program.context = file_keys, context
        with _no_gc():
            store_program(store, program)
    return result


def _marked(jobs: Sequence[Job]) -> frozenset[str] | None:
    """Files whose bytes mention ``privlint:``, when every file's bytes are at hand."""
    if any(job.data is None for job in jobs):
        return None
    return frozenset(job.path for job in jobs if job.data is not None and b"privlint:" in job.data)


def _with_data(job: Job) -> Job:
    if job.data is not None:
        return job
    try:
        return replace(job, data=_read(job.absolute or job.path))
    except OSError:
        return job  # the worker reads again and reports it unreadable


def _context_key(root: str, skipped: Sequence[SkippedFile], errors: Sequence[InternalError]) -> str:
    """What a result depends on besides the files: the root, and what discovery and plugin loading
    already reported."""
    material = f"{root}\0{sorted(skipped)!r}\0{sorted(errors, key=repr)!r}\0"
    return hashlib.sha256(material.encode()).hexdigest()


def _scan_key(context: str, jobs: Sequence[Job], file_keys: dict[str, str]) -> str:
    """Everything a ``ScanResult`` depends on: the context and every file's key (``?`` for an unreadable one)."""
    digest = hashlib.sha256(context.encode())
    for job in jobs:
        digest.update(f"{job.path}\0{file_keys.get(job.path, '?')}\0".encode())
    return digest.hexdigest()


def _first_round(
    jobs: Sequence[Job],
    catalogue: Catalogue,
    batches: _Batches,
    skipped: Iterable[SkippedFile],
    errors: Iterable[InternalError],
    progress: Callable[[int, int], None] | None,
) -> Program:
    """Every file's outcome: the files that can hold personal data parsed, the others deferred."""
    program = Program.empty(catalogue)
    program.skipped.extend(skipped)
    program.errors.extend(errors)
    parsed: list[tuple[FileSummary, str | None]] = []
    for job, (outcome, key) in zip(jobs, batches.summarise(jobs, progress=progress), strict=True):
        _account(program, job, outcome, key, parsed)
    program.solver.skipped_modules = set(program.deferred)
    program.add_summaries(parsed)
    return program


def _account(
    program: Program, job: Job, outcome: Outcome, key: str | None, parsed: list[tuple[FileSummary, str | None]]
) -> None:
    if outcome.skipped is not None:
        program.skipped.append(SkippedFile(outcome.path, outcome.skipped))
        return
    program.analysed.append(outcome.path)  # a file that raised was still read; the error says the run is incomplete
    if outcome.error is not None:
        program.errors.append(InternalError(outcome.path, "engine", outcome.error))
    elif outcome.deferred:
        program.deferred[job.module] = job.path
        program.imports[job.module] = outcome.imports
    elif outcome.summary is not None:
        parsed.append((outcome.summary, key))


def _solve(program: Program, start: set[str] | None, batches: _Batches, by_path: dict[str, Job]) -> list[Flow]:
    """Solve, then parse the deferred files the solution needs and solve on from there, until none is."""
    solver = program.solver
    with _no_gc():
        solution = solver.solve(start)
    while True:
        wanted = {m: set(solver.wanters.get(m, ())) for m in solution.wanted_modules if m in program.deferred}
        # Data also travels *out* of functions: an unparsed module that imports one whose functions
        # return personal data may pass it on to a sink (``rows = reports.fetch(); client.send(rows)``).
        sourcing = solver.sourcing_modules()
        importers: dict[str, list[str]] = {}
        for module in program.deferred:
            for name in program.imports.get(module, ()):
                if name in sourcing:
                    wanted.setdefault(module, set()).update(sourcing[name])  # ``from app.reports import fetch``
                elif f"module:{name}" in sourcing:
                    importers.setdefault(name, []).append(module)  # ``from app import reports``
        for name, modules in importers.items():
            if len(modules) <= HUB_IMPORTERS:  # a module imported everywhere would pull in the whole tree
                for module in modules:
                    wanted.setdefault(module, set()).update(sourcing[f"module:{name}"])
        if not wanted:
            return solution.flows
        parsed: list[tuple[FileSummary, str | None]] = []
        batch = [by_path[program.deferred.pop(module)] for module in sorted(wanted)]
        program.tables_token = None  # files join the program: its stable part is written again
        for module, reasons in wanted.items():
            program.forced_by.setdefault(module, set()).update(reasons)
        for job, (outcome, key) in zip(batch, batches.summarise(batch, force=True), strict=True):
            program.analysed.remove(job.path)
            _account(program, job, outcome, key, parsed)
        with _no_gc():
            start = set(program.add_summaries(parsed, forced=True))
            for module in wanted:
                start |= solver.entered.pop(module, set())
            solution = solver.solve(start)
