"""The programmatic entry point for tools embedding privlint; the stable names and signatures.

Never prints; returns the plain data of ``privlint.types``. The work is done by the check pipeline,
``privlint.pipeline``, which the CLI commands call too: this module only keeps its public face.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from privlint import pipeline
from privlint.config import Config
from privlint.pipeline import default_catalogue, scan, scan_sources
from privlint.test_code import production_flows
from privlint.types import CheckResult

__all__ = ["check", "default_catalogue", "production_flows", "scan", "scan_sources"]


def check(
    paths: Sequence[str | Path],
    *,
    policy_path: str | Path | None = None,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    jobs: int | None = None,
    blocked_plugins: Iterable[str] = (),
    baseline: str | Path | None = None,
    diff_base: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: bool | None = None,
) -> CheckResult:
    """Scan ``paths`` and compare every flow with the policy (what ``privlint check`` reports).

    Raises ``privlint.errors.UsageError`` for usage/config problems; an invalid policy is not an
    exception but PRV100 findings in the result. See ``privlint.pipeline.check``."""
    return pipeline.check(
        [str(p) for p in paths],
        policy_path=str(policy_path) if policy_path is not None else None,
        config=config,
        select=select,
        ignore=ignore,
        jobs=jobs,
        blocked_plugins=tuple(blocked_plugins),
        baseline_path=str(baseline) if baseline is not None else None,
        diff_base=diff_base,
        progress=progress,
        cache=cache,
    )
