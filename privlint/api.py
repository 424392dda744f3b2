"""The programmatic entry point: what the CLI commands call, and what tools embedding privlint use.

Never prints; returns the plain data of ``privlint.types``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from privlint.catalogue import Catalogue
from privlint.config import Config
from privlint.discovery import DEFAULT_MAX_FILE_SIZE, discover
from privlint.engine.run import make_jobs, run_engine
from privlint.test_code import is_test_code
from privlint.types import CheckResult, InternalError, ScanResult


def _config_values(config: Config | Mapping[str, Any] | None) -> Mapping[str, Any]:
    if config is None:
        return {}
    if isinstance(config, Config):
        return config.values
    return config


def _get(values: Mapping[str, Any], key: str, default: Any = None) -> Any:
    return values.get(key, values.get(key.replace("-", "_"), default))


def default_catalogue(
    blocked_plugins: Iterable[str] = (), config: Config | Mapping[str, Any] | None = None
) -> Catalogue:
    """The catalogue of every enabled plugin (built-ins plus the ``privlint`` entry-point group)."""
    catalogue, _ = _catalogue_and_errors(blocked_plugins, config)
    return catalogue


def _catalogue_and_errors(
    blocked_plugins: Iterable[str], config: Config | Mapping[str, Any] | None
) -> tuple[Catalogue, list[InternalError]]:
    from privlint.plugin_manager import build_catalogue, load_plugins

    values = _config_values(config)
    blocked = [*blocked_plugins, *(_get(values, "disable-plugins") or ())]
    plugins = load_plugins(blocked, config=config)  # config: catalogues, local plugins (opt-in)
    catalogue = build_catalogue(plugins, values)
    return catalogue, list(plugins.errors)


def scan(
    paths: Sequence[str | Path],
    *,
    root: str | Path | None = None,
    catalogue: Catalogue | None = None,
    jobs: int | None = None,
    config: Config | Mapping[str, Any] | None = None,
    blocked_plugins: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
    cache: bool | None = None,
) -> ScanResult:
    """Find every personal-data flow in ``paths`` (files or directories). Paths in the result are
    relative to ``root`` (default: the current directory when it contains all paths).

    ``cache``: reuse per-file summaries from ``<root>/.privlint_cache`` (default: config ``cache``,
    else off; the ``scan`` command turns it on). Results are identical with and without it."""
    values = _config_values(config)
    errors: list[InternalError] = []
    if catalogue is None:
        catalogue, errors = _catalogue_and_errors(blocked_plugins, config)
    found = discover(
        [str(p) for p in paths] or ["."],
        root=Path(root) if root is not None else None,
        excludes=_get(values, "exclude") or (),
        max_file_size=int(_get(values, "max-file-size", DEFAULT_MAX_FILE_SIZE)),
    )
    job_list = make_jobs((f.path, f.absolute, None) for f in found.files)
    use_cache = bool(_get(values, "cache", False)) if cache is None else cache
    result = run_engine(
        job_list,
        catalogue,
        root=found.root,
        workers=jobs if jobs is not None else _get(values, "jobs"),
        skipped=found.skipped,
        errors=errors,
        progress=progress,
        cache=use_cache,
    )
    if _get(values, "include-tests", False):
        return result
    scanned = [Path(p) for p in paths or ["."] if Path(p).is_dir()]
    return production_flows(result, [_relative(p, found.root) for p in scanned])


def _relative(path: Path, root: str) -> str:
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return ""


def production_flows(result: ScanResult, scanned: Sequence[str] = ()) -> ScanResult:
    """The result without flows located in test code or whose best source is test code: the engine ranks
    production sources first, so a flow sourced from a test has no production source (issue 13).
    Only the part of a path below the directory given to scan counts: scanning ``tests/corpus/app``
    does not make all of it test code."""
    prefixes = sorted((f"{p}/" for p in scanned if p not in ("", ".")), key=len, reverse=True)

    def in_tests(path: str) -> bool:
        below = next((path[len(p) :] for p in prefixes if path.startswith(p)), path)
        return is_test_code(below)

    kept = tuple(f for f in result.flows if not in_tests(f.location.path) and not in_tests(f.source.path))
    return replace(result, flows=kept, test_flows=len(result.flows) - len(kept))


def scan_sources(sources: Mapping[str, str], catalogue: Catalogue | None = None, *, jobs: int | None = 1) -> ScanResult:
    """Scan in-memory files: ``{"pkg/mod.py": "code", ...}`` (for examples, tests, editors)."""
    errors: list[InternalError] = []
    if catalogue is None:
        catalogue, errors = _catalogue_and_errors((), None)
    job_list = make_jobs((path, None, code.encode("utf-8")) for path, code in sources.items())
    return run_engine(job_list, catalogue, root=".", workers=jobs, errors=errors)


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
    exception but PRV100 findings in the result. See ``privlint.checks.project.run_check``."""
    from privlint.checks.project import run_check

    return run_check(
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
