"""What the engine summarises and what it gets back: one ``Job`` per file, one ``Outcome`` per job.

Their own module because two others share them: ``privlint.engine.run`` makes jobs and summarises
them, and ``privlint.engine.incremental`` resumes a solved program with the outcomes of edited
files. Kept here, ``incremental`` needs nothing of ``run`` and the two do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from privlint.engine.summary import FileSummary
from privlint.statements import Spans


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
    spans: tuple[str, Spans] | None = None  # of a parsed file: its text key and statement spans (for the checks)
