"""Wall time per pipeline stage of one privlint command, in-process: where a run's time goes.

cProfile doubles the cost of Python-heavy stages and hides waiting on worker processes; this wraps
the stage functions with a timer instead and runs the real CLI, e.g.

    .venv/bin/python benchmarks/stages.py check /work/ext/saleor --policy P --output-format json -o /dev/null

Not a test: the numbers go to ``benchmarks/README.md``. Stages nest (``pipeline.run_engine`` contains the
cache loads and the solve), so the column does not add up to the total.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.perf_counter()

import policy_model  # noqa: E402  (imports are part of what is measured)
import privlint.cli  # noqa: E402
from privlint import pipeline  # noqa: E402
from privlint.checks import fingerprint, sourcefile  # noqa: E402
from privlint.engine import cache, run, solve  # noqa: E402

IMPORTS = time.perf_counter() - START
TIMES: dict[str, float] = {}

# (owner, attribute, label); cache entries are told apart by their name argument
STAGES: list[tuple[Any, str, str]] = [
    (pipeline, "discover", "discover"),
    (pipeline, "make_jobs", "module names"),
    (pipeline, "run_engine", "engine"),
    (run, "resume", "engine: resume the kept program"),
    (run, "_first_round", "engine: first round (summarise all)"),
    (run, "_solve", "engine: solve and on-demand rounds"),
    (run._Batches, "close", "engine: write the summaries pack"),
    (solve.Solver, "solve", "solver fixpoint"),
    (cache.CacheStore, "load", "cache load"),
    (cache.CacheStore, "save", "cache save"),
    (policy_model, "load", "policy load"),
    (pipeline, "check_scan", "checks"),
    (fingerprint, "assign", "checks: fingerprints"),
    (sourcefile.Sources, "mentions", "checks: suppression markers"),
]


def timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            name = label
            if label.startswith("cache") and len(args) > 1 and isinstance(args[1], str):
                name = f"{label}: {args[1]}"
            TIMES[name] = TIMES.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def main(argv: list[str]) -> int:
    for owner, attribute, label in STAGES:
        setattr(owner, attribute, timed(getattr(owner, attribute), label))
    started = time.perf_counter()
    code = privlint.cli.main(argv)
    total = time.perf_counter() - started
    print(f"\n| stage | wall time (s) |\n|---|---:|\n| imports | {IMPORTS:.3f} |", file=sys.stderr)
    for label, seconds in sorted(TIMES.items(), key=lambda item: -item[1]):
        print(f"| {label} | {seconds:.3f} |", file=sys.stderr)
    print(f"| **command (after imports)** | {total:.3f} |", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
