"""The check pipeline in one place: what ``privlint check``, ``report`` and ``baseline``, ``privlint.api``
and editors run. Each stage is a call to the module that is its home, plain data in and out::

    scan        paths -> discover (discovery) -> engine (engine.run) -> test code out (test_code)
    check       flows + policy -> rules (checks: PRV000/001, policy PRV1xx, PRV2xx, PRV3xx, plugins)
    select      --select/--ignore/per-file-ignores (checks.selection)
    suppress    inline ``# privlint: ignore[...]`` and its hygiene, PRV9xx (suppressions)
    fingerprint line-independent identities (checks.fingerprint); plugins' last look at the findings
    baseline    accepted old violations out (baseline)
    diff        only what touches changed lines or named files (diffing)
    result      sorted findings in a ``CheckResult``; ``exit_code`` says 0, 1 or 2

``scan`` is the first stage alone (``privlint scan``); ``check`` is all of it for a project on disk (it
finds the project's config, policy, plugins and root first); ``check_sources`` is all of it for files
in memory; ``check_scan`` is everything after the scan. Suppression hygiene is judged before the
baseline and diff filters, so a stale suppression is stale whatever part of the result is shown.
Nothing here prints.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from privlint import diffing, suppressions
from privlint.catalogue import Catalogue
from privlint.checks import fingerprint
from privlint.checks.base import CheckContext
from privlint.checks.bindings import catalogue_from_policy
from privlint.checks.meta import FATAL_CODES
from privlint.checks.policy_file import POLICY_FILE_PREFIX, lint_findings, load_error_findings
from privlint.checks.registry import all_docs
from privlint.checks.runner import PluginHooks, evaluate, run_plugin_checks, scan_account
from privlint.checks.selection import Selection
from privlint.checks.sourcefile import Sources, StatementMemo
from privlint.checks.transfers import fold_policy_transfer_findings
from privlint.config import Config
from privlint.diffing import ReportFilter
from privlint.discovery import DEFAULT_MAX_FILE_SIZE, Discovery, discover
from privlint.engine.cache import CacheStore
from privlint.engine.run import make_jobs, run_engine
from privlint.test_code import production_flows
from privlint.types import CheckResult, ExitCode, Finding, InternalError, ScanResult

if TYPE_CHECKING:
    from policy_model.model import Policy
    from privlint.baseline import Baseline

MEMO_LIMIT = 50_000  # files' statement entries kept between runs; past that the memo starts afresh
FAILING_SEVERITIES = frozenset({"error", "warning"})


# ---- scan ------------------------------------------------------------------------------------------


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
    overlay: Mapping[str, bytes] | None = None,
    discovered: Discovery | None = None,
) -> ScanResult:
    """Find every personal-data flow in ``paths`` (files or directories). Paths in the result are
    relative to ``root`` (default: the current directory when it contains all paths). Flows in test
    code are left out (counted in ``test_flows``) unless the config says ``include-tests``.

    ``cache``: reuse per-file summaries from ``<root>/.privlint_cache`` (default: config ``cache``,
    else off; the ``scan`` command turns it on). Results are identical with and without it.
    ``overlay``: contents to analyse instead of the disk's, by absolute path (an editor's unsaved buffers).
    ``discovered``: the files, as ``discover_files`` found them earlier (an editor that watches the tree)."""
    values = _config_values(config)
    errors: list[InternalError] = []
    if catalogue is None:
        catalogue, errors = _catalogue_and_errors(blocked_plugins, config)
    found = discovered or discover_files(paths, root=root, config=config)
    overlay = overlay or {}
    job_list = make_jobs((f.path, f.absolute, overlay.get(f.absolute)) for f in found.files)
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


def discover_files(
    paths: Sequence[str | Path], *, root: str | Path | None = None, config: Config | Mapping[str, Any] | None = None
) -> Discovery:
    """The files ``scan`` analyses: excludes and the size cap from the config."""
    values = _config_values(config)
    return discover(
        [str(p) for p in paths] or ["."],
        root=Path(root) if root is not None else None,
        excludes=_get(values, "exclude") or (),
        max_file_size=int(_get(values, "max-file-size", DEFAULT_MAX_FILE_SIZE)),
    )


def scan_sources(sources: Mapping[str, str], catalogue: Catalogue | None = None, *, jobs: int | None = 1) -> ScanResult:
    """Scan in-memory files: ``{"pkg/mod.py": "code", ...}`` (for examples, tests, editors)."""
    errors: list[InternalError] = []
    if catalogue is None:
        catalogue, errors = _catalogue_and_errors((), None)
    job_list = make_jobs((path, None, code.encode("utf-8")) for path, code in sources.items())
    return run_engine(job_list, catalogue, root=".", workers=jobs, errors=errors)


def default_catalogue(
    blocked_plugins: Iterable[str] = (), config: Config | Mapping[str, Any] | None = None
) -> Catalogue:
    """The catalogue of every enabled plugin (built-ins plus the ``privlint`` entry-point group)."""
    catalogue, _ = _catalogue_and_errors(blocked_plugins, config)
    return catalogue


def _catalogue_and_errors(
    blocked_plugins: Iterable[str], config: Config | Mapping[str, Any] | None
) -> tuple[Catalogue, list[InternalError]]:
    """The catalogue, and the plugins' load failures (PRV000 in the scan)."""
    from privlint.plugin_manager import build_catalogue, load_plugins

    values = _config_values(config)
    blocked = [*blocked_plugins, *(_get(values, "disable-plugins") or ())]
    plugins = load_plugins(blocked, config=config)  # config: catalogues, local plugins (opt-in)
    catalogue = build_catalogue(plugins, values)
    return catalogue, list(plugins.errors)


def _config_values(config: Config | Mapping[str, Any] | None) -> Mapping[str, Any]:
    if config is None:
        return {}
    if isinstance(config, Config):
        return config.values
    return config


def _get(values: Mapping[str, Any], key: str, default: Any = None) -> Any:
    return values.get(key, values.get(key.replace("-", "_"), default))


def _relative(path: Path, root: str) -> str:
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return ""


# ---- the whole pipeline ----------------------------------------------------------------------------


def check(
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
    checks: Checks | None = None,
) -> CheckResult:
    """Analyse ``paths`` and check them against the policy: the config, policy and plugins that
    govern them are found first (``privlint.config``, ``privlint.project``).

    File arguments (what pre-commit passes) do not narrow the analysis - a flow from a changed
    view into an unchanged helper must still be seen - they narrow the *report*: the project
    they belong to (``analysis_root``) is analysed and only findings whose trace touches a named
    file (or lies under a named directory) are shown. Directory arguments alone are analysed as
    given. Finding paths are relative to ``project_root``, so baselines do not depend on the
    working directory. Raises ``UsageError`` for usage/config problems; a policy that does not
    load is not an exception but PRV100 findings in the result. ``checks``: set up by the caller
    (who judges the scan again, ``check_against``); the selection arguments are then not read."""
    from policy_model import PolicyError, load
    from privlint.baseline import Baseline
    from privlint.config import discover_policy, load_config
    from privlint.errors import UsageError
    from privlint.project import analysis_root, project_root

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

    checks = checks or Checks.build(
        config,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        extend_ignore=extend_ignore,
        blocked_plugins=blocked_plugins,
    )
    baseline = Baseline.load(baseline_path) if baseline_path else None
    catalogue = checks.catalogue_for(policy)
    root = project_root(scan_paths, config, found_policy)
    scanned = scan(
        scan_paths,
        root=root,
        catalogue=catalogue,
        jobs=jobs,
        config=config,
        blocked_plugins=tuple(blocked_plugins),
        progress=progress,
        cache=cache,
    )
    if checks.plugin_errors:
        scanned = replace(scanned, errors=(*checks.plugin_errors, *scanned.errors))
    if report_only:  # a file named on the command line is reported, never silently dropped
        scanned = _account_for_non_python(scanned, report_only)
    changed = diffing.changed_lines(Path(scanned.root), diff_base) if diff_base else None
    report = ReportFilter(changed=changed, only_files=report_only) if (changed is not None or report_only) else None
    use_cache = bool(config.get("cache", False)) if cache is None else cache
    store = CacheStore.open(scanned.root, catalogue) if use_cache else None
    loaded = store.load("statements") if store is not None else None
    memo = loaded if isinstance(loaded, StatementMemo) and len(loaded) < MEMO_LIMIT else StatementMemo()
    memo.changed = False  # saved while changed: only what this run adds is worth writing again
    memo.add_spans(scanned.statement_spans)
    result = check_scan(
        scanned,
        policy,
        catalogue=catalogue,
        selection=checks.selection,
        purposes_by_path=checks.purposes_by_path,
        lint_findings=lint_findings(policy),
        baseline=baseline,
        report=report,
        policy_path=str(found_policy),
        plugin_hooks=checks.hooks,
        memo=memo,
    )
    if store is not None and memo.changed:
        store.save("statements", memo)
    return result


@dataclass(frozen=True)
class Checks:
    """What judges a scan besides the policy, set up once per run: the selection, the plugins' checks and
    last look at the findings, the plugins' catalogue (each policy adds its own bindings) and the config's
    path purposes. ``check`` builds it; ``check_against`` reuses it to judge the same scan by another
    policy (``privlint policy suggest`` verifies its patch so)."""

    selection: Selection
    hooks: PluginHooks
    catalogue: Catalogue
    purposes_by_path: tuple[tuple[str, str], ...] = ()
    plugin_errors: tuple[InternalError, ...] = ()

    @classmethod
    def build(
        cls,
        config: Config,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        extend_ignore: Sequence[str] | None = None,
        blocked_plugins: Sequence[str] = (),
    ) -> Checks:
        """Raises ``UsageError`` for a selected code no rule has (a typo must not pass every run)."""
        from privlint.config import purposes_by_path
        from privlint.plugin_manager import build_catalogue, load_plugins

        selection = Selection.build(
            config=config.values, select=select, ignore=ignore, extend_select=extend_select, extend_ignore=extend_ignore
        )
        plugins = load_plugins(blocked_plugins, config=config)
        hooks = _plugin_hooks(plugins, config)
        _refuse_unknown_codes(selection, hooks, config)
        return cls(
            selection=selection,
            hooks=hooks,
            catalogue=build_catalogue(plugins, config.values),
            purposes_by_path=purposes_by_path(config),
            plugin_errors=tuple(plugins.errors),
        )

    def catalogue_for(self, policy: Policy) -> Catalogue:
        return self.catalogue.merged(catalogue_from_policy(policy))


def check_against(
    scan: ScanResult,
    policy: Policy,
    checks: Checks,
    *,
    policy_path: str | None = None,
    texts: Mapping[str, str] | None = None,
    memo: StatementMemo | None = None,
) -> CheckResult:
    """``scan`` judged by ``policy`` without scanning again. A recipient the policy binds by host
    (``hosts:``) is bound in the flows as the engine binds it (``engine.solve``: a network call to a
    host a recipient owns is a call to that recipient), so a policy that declares a new host is judged
    as a fresh scan would be; the scan's other flows do not depend on the policy's recipients."""
    catalogue = checks.catalogue_for(policy)
    return check_scan(
        _bind_hosts(scan, catalogue),
        policy,
        catalogue=catalogue,
        selection=checks.selection,
        purposes_by_path=checks.purposes_by_path,
        lint_findings=lint_findings(policy),
        policy_path=policy_path,
        plugin_hooks=checks.hooks,
        texts=texts,
        memo=memo,
    )


def _bind_hosts(scan: ScanResult, catalogue: Catalogue) -> ScanResult:
    flows = []
    for flow in scan.flows:
        if flow.sink.kind == "network" and flow.sink.host:
            owner = catalogue.recipient_for_host(flow.sink.host)
            if owner is not None:
                flow = replace(flow, sink=replace(flow.sink, kind="third_party", recipient=owner.id))
        flows.append(flow)
    return replace(scan, flows=tuple(flows))


def check_sources(
    sources: Mapping[str, str], policy: Policy, *, selection: Selection | None = None, jobs: int | None = 1
) -> CheckResult:
    """Check in-memory files (``{"pkg/mod.py": "code"}``) against a loaded policy with the active plugins
    and the policy's bindings: a rule's examples (``privlint.checks.testing``), editors."""
    catalogue = default_catalogue().merged(catalogue_from_policy(policy))
    scanned = scan_sources(sources, catalogue, jobs=jobs)
    return check_scan(scanned, policy, catalogue=catalogue, selection=selection, lint_findings=lint_findings(policy))


# ---- after the scan: check -> select -> suppress -> fingerprint -> baseline -> diff -> result -----------


def check_scan(
    scan: ScanResult,
    policy: Policy,
    *,
    catalogue: Catalogue | None = None,
    selection: Selection | None = None,
    purposes_by_path: Sequence[tuple[str, str]] = (),
    lint_findings: Iterable[Finding] = (),
    baseline: Baseline | None = None,
    report: ReportFilter | None = None,
    policy_path: str | None = None,
    plugin_hooks: PluginHooks | None = None,
    memo: StatementMemo | None = None,
    texts: Mapping[str, str] | None = None,
) -> CheckResult:
    """The findings of a scan against a policy. ``memo``: what earlier runs learnt about statements,
    filled in place (see ``StatementMemo``). ``texts``: files' contents by path relative to the root,
    read instead of the disk's (an editor's unsaved buffers: their suppressions count)."""
    selection = selection or Selection()
    hooks = plugin_hooks or PluginHooks()
    root = Path(scan.root)
    sources = Sources(root, memo, texts)

    # check: the rules, pure functions of flows and policy
    ctx = CheckContext(
        policy=policy,
        catalogue=catalogue,
        purposes_by_path=(*purposes_by_path, *policy.bindings.purposes_by_path),
    )
    extra, plugin_errors = run_plugin_checks(hooks, scan.flows, policy, ctx)
    if plugin_errors:
        scan = replace(scan, errors=(*scan.errors, *plugin_errors))
    raw = scan_account(scan) + list(lint_findings) + evaluate(scan.flows, ctx) + extra
    raw = [_relative_to_root(f, root) for f in raw]

    # select
    selected = fold_policy_transfer_findings([f for f in raw if selection.enabled(f.code, f.location.path)], policy)

    # suppress (+ PRV9xx hygiene)
    found = {}
    for path in scan.analyzed:
        if scan.marked is not None and path not in scan.marked:
            continue  # the engine read every file's bytes: no marker in this one
        if sources.mentions(path, b"privlint:") and (source := sources.get(path)) is not None:
            found[path] = suppressions.find_suppressions(path, source)
    outcome = suppressions.apply(
        selected,
        {path: items for path, items in found.items() if items},
        enabled=lambda code, path: selection.enabled(code, path),
        known=lambda code: _known(code) or any(str(getattr(c, "code", "")).startswith(code) for _, c in hooks.checks),
    )
    hygiene = [f for f in outcome.hygiene if selection.enabled(f.code, f.location.path)]

    # fingerprint, then the plugins' last look
    findings = fingerprint.assign(outcome.kept + hygiene, sources.get)
    if hooks.adjust is not None:
        try:
            hooks.adjust(findings)
        except Exception as exc:  # contained like every plugin failure
            error = InternalError(path="", plugin="privlint_adjust_findings", message=f"{type(exc).__name__}: {exc}")
            scan = replace(scan, errors=(*scan.errors, error))
            findings.extend(scan_account(replace(scan, errors=(error,), skipped=())))

    # baseline
    baselined = stale = 0
    if baseline is not None:
        findings, baselined, stale = baseline.filter(findings)

    # diff / files named on the command line
    if report is not None:
        absolute = functools.cache(lambda path: sources.absolute(path).resolve())
        findings = [f for f in findings if _always_shown(f, report) or report.shows(f, absolute)]

    # result
    findings.sort(key=lambda f: (f.location.path, f.location.line, f.location.column, f.code, f.message))
    return CheckResult(
        scan=scan,
        findings=tuple(findings),
        policy_path=policy_path,
        policy=policy,
        suppressed=outcome.suppressed,
        baselined=baselined,
        stale_baseline=stale,
    )


def exit_code(result: CheckResult, *, exit_zero: bool = False) -> ExitCode:
    """2 when the check did not fully happen (wins over 1); 1 for error/warning findings."""
    if any(f.code in FATAL_CODES for f in result.findings) or not result.scan.complete:
        return ExitCode.ERROR
    if not exit_zero and any(f.severity in FAILING_SEVERITIES for f in result.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _always_shown(finding: Finding, report: ReportFilter) -> bool:
    """A run that did not happen is always shown; so are the policy's problems, except with ``--diff``:
    the policy governs every file, and file arguments (pre-commit) must not hide them."""
    if finding.code in FATAL_CODES:
        return True
    return finding.code.startswith(POLICY_FILE_PREFIX) and report.changed is None


def _known(code: str) -> bool:
    return any(doc.startswith(code) for doc in all_docs())


def _relative_to_root(finding: Finding, root: Path) -> Finding:
    """Policy-file findings carry the policy's path: make it root-relative when it lies inside."""
    path = Path(finding.location.path)
    if not path.is_absolute():
        return finding
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return finding
    return replace(finding, location=replace(finding.location, path=relative))


# ---- what ``check`` sets up --------------------------------------------------------------------------


def _policy_error_result(error: Exception, policy_path: Path, root: Path) -> CheckResult:
    """An unloadable policy: PRV100 findings at the policy's FILE:LINE:COL, no scan, exit 2."""
    findings = [_relative_to_root(f, root) for f in load_error_findings(error, policy_path)]
    empty = ScanResult(root=str(root), flows=(), analyzed=())
    return CheckResult(scan=empty, findings=tuple(sorted(findings)), policy_path=str(policy_path))


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
    """What loaded plugins add to a check: their checks and their last look at the findings."""
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
