"""Resuming the last run's solved program after an edit, instead of solving from scratch.

Why: on a large application the per-file summaries come from the cache, but solving the whole
program again costs seconds, while an edit inside a function body can only change what that
function and the functions depending on it conclude (a median of 6 of 14,868 functions on saleor).

When it applies: the same files as last time (none added, removed or renamed), the same context
(root, plugin errors, discovery skips), at most ``MAX_CHANGED`` edited files, and each edited file
keeps its *interface* (``program.interface_digest``: the names it defines, how calls through them
resolve, its typed fields) and its status (parsed stays parsed, deferred stays deferred with the
same imports). Then only the edited functions' dependency cone is cleared and solved again, and
the result is the one a cold run gives: solving converges on one fixpoint whatever the order
(``Solver.add`` clears what files parsed later make stale), and the files parsed on demand are
the same as long as each still has a reason outside the cone. Anything else -- a new function, a renamed class, a file
that now fails to parse, an edit that changes why an unparsed file had to be parsed -- returns
None and the caller solves from scratch, which is always correct.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from privlint.catalogue import Catalogue
from privlint.engine.jobs import Job, Outcome
from privlint.engine.program import Program, field_hits, interface_digest
from privlint.engine.summary import FileSummary

MAX_CHANGED = 32  # more edited files than this (a checkout of another branch) are solved from scratch
MAX_BODIES = 64  # edited files carried in the state beyond the summaries pack; more: a full run compacts


class Batches(Protocol):
    """What resuming needs of the run's batch summariser (``privlint.engine.run._Batches``), named
    here so that this module depends on ``run`` for nothing and ``run`` alone calls ``resume``."""

    rewrite: bool  # False: the summaries pack stays as it is

    def summarise(self, jobs: Sequence[Job], *, force: bool = False) -> list[tuple[Outcome, str | None]]: ...

    def __contains__(self, key: str) -> bool: ...

    def cached(self, key: str) -> Outcome | None: ...


def resume(
    state: object,
    context: str,
    file_keys: Mapping[str, str],
    by_path: Mapping[str, Job],
    batches: Batches,
    catalogue: Catalogue,
) -> tuple[Program, set[str], set[str]] | None:
    """The previous program brought up to date with the edited files, the functions to solve
    again, and the modules parsed on demand whose reasons to be were all cleared (for ``finish``);
    None when the edit is not one this can follow."""
    if not isinstance(state, Program) or state.context != context or state.keys.keys() != file_keys.keys():
        return None
    changed = sorted(path for path, key in file_keys.items() if state.keys[path] != key)
    if len(changed) > MAX_CHANGED or len(state.bodies) > MAX_BODIES:
        return None
    if not all(key in batches or index in state.bodies for index, key in state.summary_keys.items()):
        return None
    program = state
    replacements: list[tuple[int, FileSummary, str | None]] = []
    for path in changed:
        job = by_path[path]
        if path in program.index_of:
            force = path in program.forced
            [(outcome, key)] = batches.summarise([job], force=force)
            if outcome.summary is None or interface_digest(outcome.summary) != program.digests[path]:
                return None
            replacements.append((program.index_of[path], outcome.summary, key))
        elif program.deferred.get(job.module) == path:
            [(outcome, _)] = batches.summarise([job])
            if not outcome.deferred or outcome.imports != program.imports.get(job.module):
                return None
        else:
            return None  # skipped or failed last time: let a full run report it afresh
    solver = program.solver
    solver.attach(catalogue, lambda index: _body(program, batches, index))
    edited: list[str] = []
    for index, summary, key in replacements:
        if field_hits(summary) != field_hits(solver.summaries[index]):
            edited += solver.field_users.get(index, ())  # they quote the fields' old lines
        edited += solver.replace(index, summary)
        if key:
            program.summary_keys[index] = key
    cone, rerun = solver.invalidate(edited)
    # A file parsed on demand only because of what the cone concluded may not be needed now: it is
    # checked after solving (``finish``). One reason outside the cone is enough: it is unaffected.
    unsure = {module for module, reasons in program.forced_by.items() if reasons <= cone}
    batches.rewrite = False  # new bodies go into the state (``finish``); the pack stays as it is
    return program, cone | rerun, unsure


def finish(program: Program, batches: Batches, unsure: set[str]) -> None:
    """After the resumed solve: check that the ``unsure`` files parsed on demand are still wanted
    (else raise ``CannotResume``: a cold run would not parse them), and keep the bodies the pack
    does not have."""
    solver = program.solver
    if unsure:
        sourcing = solver.sourcing_modules()
        for module in unsure:
            imports = program.imports.get(module, ())
            if not solver.wanters.get(module) and not any(
                name in sourcing or f"module:{name}" in sourcing for name in imports
            ):
                raise CannotResume(f"{module} is no longer needed")
    for index in solver.loaded:
        key = program.summary_keys.get(index)
        if key is None or key not in batches:
            program.bodies[index] = solver.summaries[index]
        else:
            program.bodies.pop(index, None)  # back to a version the pack has (an edit undone)


def _body(program: Program, batches: Batches, index: int) -> FileSummary:
    """A body from the pack (the carried ``program.bodies`` are in place since ``load_program``)."""
    key = program.summary_keys.get(index)
    outcome = batches.cached(key) if key else None
    if outcome is None or outcome.summary is None:
        raise CannotResume(f"the cached body of file #{index} is gone")
    return outcome.summary


class CannotResume(Exception):
    """Found while resuming (a damaged cache entry, a file parsed on demand that no longer would
    be): the run starts again from scratch, which is always correct."""
