"""Checking a project on disk: find its root, its configuration, its policy and its plugins, scan
it, then hand everything to ``privlint.checks.runner.check_scan``.

File arguments (what pre-commit passes) do not narrow the analysis - a flow from a changed view
into an unchanged helper must still be seen - they narrow the *report*: the project the files
belong to is analysed, and only findings whose trace touches one of them are shown.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from privlint import diffing
from privlint.checks.runner import PluginHooks, ReportFilter, _relative_to_root, check_scan
from privlint.checks.selection import Selection
from privlint.checks.sourcefile import StatementMemo
from privlint.engine.cache import CacheStore
from privlint.types import CheckResult, Finding, Location, ScanResult

if TYPE_CHECKING:
    from policy_model.model import Policy
    from privlint.config import Config

MEMO_LIMIT = 50_000  # files' statement entries kept between runs; past that the memo starts afresh


def _policy_error_result(error: Exception, policy_path: Path, root: Path) -> CheckResult:
    """An unloadable policy: PRV100 findings at the policy's FILE:LINE:COL, no scan, exit 2."""
    findings = []
    for d in getattr(error, "diagnostics", []) or []:
        findings.append(
            Finding(
                code="PRV100",
                message=f"{d.key_path}: {d.message}" if d.key_path else d.message,
                location=Location(d.path or str(policy_path), max(d.line, 1), max(d.column, 1)),
                severity="error",
                clause=d.key_path or None,
                hint=d.hint or None,
            )
        )
    if not findings:
        findings.append(Finding("PRV100", str(error), Location(str(policy_path), 1, 1), "error"))
    scan = ScanResult(root=str(root), flows=(), analyzed=())
    findings = [_relative_to_root(f, root) for f in findings]
    return CheckResult(scan=scan, findings=tuple(sorted(findings)), policy_path=str(policy_path))


def lint_findings(policy: Policy) -> list[Finding]:
    from policy_model import lint

    return [
        Finding(
            code=f.code,
            message=f"{f.key_path}: {f.message}" if f.key_path else f.message,
            location=Location(
                f.position.path or policy.source_path, max(f.position.line, 1), max(f.position.column, 1)
            ),
            severity="error",
            clause=f.key_path or None,
            hint=f.hint or None,
        )
        for f in lint(policy)
    ]


def analysis_root(files: frozenset[Path], config: Config, policy_path: Path | None) -> Path:
    """The project a list of files belongs to: the first of the config file's directory, the
    policy's directory, the working directory and the git work tree that contains every file;
    else the files' common directory."""
    candidates = [config.base_dir if config.path else None, policy_path.resolve().parent if policy_path else None]
    candidates += [Path.cwd().resolve(), _git_toplevel(next(iter(files)).parent)]
    for candidate in candidates:
        if candidate is not None and all(f == candidate or candidate in f.parents for f in files):
            return candidate
    return Path(os.path.commonpath([str(f if f.is_dir() else f.parent) for f in files]))


def _git_toplevel(directory: Path) -> Path | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=directory, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 and done.stdout.strip() else None


def project_root(scan_paths: Sequence[str], config: Config, policy_path: Path) -> Path | None:
    """The directory finding paths (and so fingerprints and baselines) are relative to, whatever
    the working directory: the config file's directory, else the policy's, when it contains every
    analysed path; else the engine's default."""
    resolved = [Path(p).resolve() for p in scan_paths]
    for candidate in (config.base_dir if config.path else None, policy_path.resolve().parent):
        if candidate is not None and all(p == candidate or candidate in p.parents for p in resolved):
            return candidate
    return None


def run_check(
    paths: Sequence[str],
    *,
    policy_path: str | None = None,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    extend_select: Sequence[str] | None = None,
    extend_ignore: Sequence[str] | None = None,
    jobs: int | None = None,
    blocked_plugins: Sequence[str] = (),
    baseline_path: str | None = None,
    diff_base: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: bool | None = None,
) -> CheckResult:
    """Analyse ``paths`` and check them against the policy.

    File arguments (what pre-commit passes) do not narrow the analysis - a flow from a changed
    view into an unchanged helper must still be seen - they narrow the *report*: the project
    they belong to (``analysis_root``) is analysed and only findings whose trace touches a named
    file (or lies under a named directory) are shown. Directory arguments alone are analysed as
    given. Finding paths are relative to ``project_root``, so baselines do not depend on the
    working directory.
    """
    from policy_model import PolicyError, load
    from privlint import api
    from privlint.baseline import Baseline
    from privlint.checks.bindings import catalogue_from_policy
    from privlint.config import discover_policy, load_config, purposes_by_path
    from privlint.errors import UsageError
    from privlint.plugin_manager import build_catalogue, load_plugins

    targets = [Path(p) for p in paths] or [Path(".")]
    missing = [str(t) for t in targets if not t.exists()]
    if missing:
        raise UsageError(f"{', '.join(missing)}: no such file or directory")
    start = targets[0] if targets[0].is_dir() else targets[0].resolve().parent
    config = config if config is not None else load_config(start)
    found_policy = discover_policy(policy_path, config, start)
    report_only: frozenset[Path] | None = None
    scan_paths = [str(t) for t in targets]
    if any(t.is_file() for t in targets):
        report_only = frozenset(t.resolve() for t in targets)
        scan_paths = [str(analysis_root(report_only, config, found_policy))]

    if found_policy is None:
        raise UsageError(
            'no policy file found. Hint: pass --policy FILE, set policy = "..." in [tool.privlint], '
            "or add privacy-policy.yaml to the project root."
        )
    if not found_policy.is_file():
        raise UsageError(f"{found_policy}: policy file not found")
    found_policy = found_policy.resolve()  # positions in findings are then absolute, shown relative to cwd
    root_guess = Path(scan_paths[0]).resolve()
    try:
        policy = load(found_policy)
    except PolicyError as error:
        return _policy_error_result(error, found_policy, root_guess if root_guess.is_dir() else root_guess.parent)

    selection = Selection.build(
        config=config.values, select=select, ignore=ignore, extend_select=extend_select, extend_ignore=extend_ignore
    )
    baseline = Baseline.load(baseline_path) if baseline_path else None
    plugins = load_plugins(blocked_plugins, config=config)
    hooks = _plugin_hooks(plugins, config)
    _refuse_unknown_codes(selection, hooks, config)
    catalogue = build_catalogue(plugins, config.values).merged(catalogue_from_policy(policy))
    root = project_root(scan_paths, config, found_policy)
    scan = api.scan(
        scan_paths,
        root=root,
        catalogue=catalogue,
        jobs=jobs,
        config=config,
        blocked_plugins=tuple(blocked_plugins),
        progress=progress,
        cache=cache,
    )
    if plugins.errors:
        scan = replace(scan, errors=(*plugins.errors, *scan.errors))
    if report_only:  # a file named on the command line is reported, never silently dropped
        scan = _account_for_non_python(scan, report_only)
    changed = diffing.changed_lines(Path(scan.root), diff_base) if diff_base else None
    report = ReportFilter(changed=changed, only_files=report_only) if (changed is not None or report_only) else None
    use_cache = bool(config.get("cache", False)) if cache is None else cache
    store = CacheStore.open(scan.root, catalogue) if use_cache else None
    loaded = store.load("statements") if store is not None else None
    memo = loaded if isinstance(loaded, StatementMemo) and len(loaded) < MEMO_LIMIT else StatementMemo()
    memo.changed = False  # saved while changed: only what this run adds is worth writing again
    memo.add_spans(scan.statement_spans)
    result = check_scan(
        scan,
        policy,
        catalogue=catalogue,
        selection=selection,
        purposes_by_path=purposes_by_path(config),
        lint_findings=lint_findings(policy),
        baseline=baseline,
        report=report,
        policy_path=str(found_policy),
        plugin_hooks=hooks,
        memo=memo,
    )
    if store is not None and memo.changed:
        store.save("statements", memo)
    return result


def _account_for_non_python(scan: ScanResult, named: frozenset[Path]) -> ScanResult:
    """Named files that are not Python (``check README.md``) are skipped files (PRV001), as ``scan`` says."""
    from privlint.discovery import NOT_PYTHON, is_python_file
    from privlint.types import SkippedFile

    root = Path(scan.root).resolve()
    extra = []
    for path in sorted(named):
        if path.is_file() and not is_python_file(path):
            shown = path.relative_to(root).as_posix() if root in path.parents else str(path)
            extra.append(SkippedFile(shown, NOT_PYTHON))
    return replace(scan, skipped=tuple(sorted((*scan.skipped, *extra)))) if extra else scan


def _refuse_unknown_codes(selection: Selection, hooks: PluginHooks, config: Config) -> None:
    """``--select PRV999`` selects nothing and would pass every run: a usage error (exit 2), with the
    config file's line when the code is written there. Codes of loaded plugins' checks count as known."""
    from privlint.checks.registry import all_docs
    from privlint.config import ConfigError
    from privlint.errors import UsageError

    known = [*all_docs(), *(str(getattr(check, "code", "")) for _, check in hooks.checks)]
    unknown = selection.unknown(code for code in known if code)
    written = [
        config.diagnostic(origin, f"unknown rule code or prefix '{code}'", hint)
        for origin, code, hint in unknown
        if not isinstance(origin, str)
    ]
    if written:
        raise ConfigError(written)
    if unknown:
        origin, code, hint = unknown[0]
        raise UsageError(f"{origin}: unknown rule code or prefix '{code}' ({hint})")


def _plugin_hooks(plugins: Any, config: Config) -> PluginHooks:
    from privlint.plugin_manager import call_each

    checks = tuple(
        (name, check)
        for name, provided in sorted(call_each(plugins, "privlint_checks", config=config.values).items())
        for check in provided
    )

    def adjust(findings: list[Finding]) -> None:
        plugins.manager.hook.privlint_adjust_findings(findings=findings, config=config.values)

    has_adjusters = bool(plugins.manager.hook.privlint_adjust_findings.get_hookimpls())
    return PluginHooks(checks=checks, adjust=adjust if has_adjusters else None)
