"""``privlint check``: analyse the code, compare every flow with the policy, report violations.

Exit codes: 0 no violations, 1 violations (error or warning findings), 2 usage, configuration
or policy error, or an incomplete run (PRV000); 2 wins over 1, and ``--exit-zero`` turns only 1
into 0. Only the chosen format goes to stdout; the summary goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from privlint.commands import options

FORMAT_NAMES = ("text", "json", "sarif", "github", "junit")


def shared_check_arguments(args: argparse.Namespace, config: Any) -> dict[str, Any]:
    """The ``run_check`` keywords ``check`` and ``baseline`` take from the same options, so the two
    commands can never analyse a project differently."""
    return {
        "policy_path": args.policy,
        "config": config,
        "select": args.select,
        "ignore": args.ignore,
        "extend_select": args.extend_select,
        "extend_ignore": args.extend_ignore,
        "jobs": args.jobs,
        "cache": options.cache_enabled(args, config),
        "blocked_plugins": options.blocked_plugins(args),
    }


def add_selection(parser: argparse.ArgumentParser) -> None:
    """``--select``/``--ignore`` and friends: shared by ``check`` and ``baseline``."""
    for flag, what in (
        ("--select", "report only these codes or prefixes (replaces [tool.privlint] select)"),
        ("--ignore", "do not report these codes or prefixes (replaces [tool.privlint] ignore)"),
        ("--extend-select", "report these codes too (e.g. PRV3 for reviewer information)"),
        ("--extend-ignore", "ignore these codes too"),
    ):
        parser.add_argument(
            flag, dest=flag[2:].replace("-", "_"), action="append", default=None, metavar="CODES", help=what
        )


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check the code against the privacy policy (exit 1 on violations)",
        description=(
            "Analyse Python code for personal-data flows and report every flow the policy does not permit. "
            "Directories are analysed as given; file arguments (as pre-commit passes them) analyse the whole "
            "project but report only findings whose trace touches those files."
        ),
    )
    options.add_paths(parser)
    options.add_policy(parser)
    options.add_output_format(parser, FORMAT_NAMES, "text")
    options.add_output_file(parser)
    add_selection(parser)
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with violations (still 2 on errors)")
    parser.add_argument(
        "--diff",
        dest="diff_base",
        metavar="BASE_REF",
        default=None,
        help="report only violations whose trace touches lines changed since the git revision BASE_REF",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        default=None,
        help="report only violations not recorded in this baseline (see `privlint baseline`)",
    )
    options.add_jobs(parser)
    options.add_cache(parser)
    options.add_plugins(parser)
    options.add_config(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from privlint.checks.project import run_check
    from privlint.checks.runner import exit_code
    from privlint.config import unknown_keys
    from privlint.progress import progress_bar
    from privlint.reporters import FORMATS
    from privlint.reporters.model import build
    from privlint.reporters.text import summary

    paths, config = options.project_config(args)
    for key in unknown_keys(config):
        print(f"privlint: warning: {config.path}: unknown key [tool.privlint] {key}", file=sys.stderr)
    fmt = args.output_format or config.get("output-format") or args.default_output_format
    plugin_format = None if fmt in FORMATS else _plugin_format(str(fmt), args, config)
    baseline = args.baseline
    progress = progress_bar()  # None unless stderr is an interactive terminal
    try:
        result = run_check(
            paths,
            **shared_check_arguments(args, config),
            baseline_path=baseline,
            diff_base=args.diff_base,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    code = exit_code(result, exit_zero=args.exit_zero)
    report = build(result, exit_code=int(code))
    rendered = plugin_format(result=result, context=report) if plugin_format else FORMATS[fmt](report)
    options.write_output(args, rendered)
    print(summary(report), file=sys.stderr)
    if baseline:
        from privlint.baseline import Baseline

        stale = sum(Baseline.load(baseline).counts.values()) - result.baselined
        if stale > 0:
            print(
                f"privlint: {stale} baseline entr{'y' if stale == 1 else 'ies'} matched nothing (fixed or changed); "
                f"prune them with `privlint baseline -o {baseline}`",
                file=sys.stderr,
            )
    return int(code)


def _plugin_format(name: str, args: argparse.Namespace, config: Any) -> Any:
    """An output format contributed through ``privlint_output_formats`` (chosen in
    ``[tool.privlint] output-format``): ``callable(result=CheckResult, context=report dict) -> str``."""
    from privlint.errors import UsageError
    from privlint.plugin_manager import call_each, load_plugins

    plugins = load_plugins(options.blocked_plugins(args), config=config)
    formats: dict[str, Any] = {}
    for provided in call_each(plugins, "privlint_output_formats", config=config.values).values():
        formats.update(provided)
    if name not in formats:
        known = ", ".join([*FORMAT_NAMES, *sorted(formats)])
        raise UsageError(f"unknown output format '{name}' (choose from {known})")
    return formats[name]
