"""``privlint check``: analyse the code, compare every flow with the policy, report violations.

Exit codes: 0 no violations, 1 violations (error or warning findings), 2 usage, configuration
or policy error, or an incomplete run (PRV000); 2 wins over 1, and ``--exit-zero`` turns only 1
into 0; 130 Ctrl-C. Only the chosen format goes to stdout; the summary goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from privlint.commands import options


def run(args: argparse.Namespace) -> int:
    from privlint.pipeline import check, exit_code
    from privlint.progress import progress_bar
    from privlint.reporters import FORMATS
    from privlint.reporters.model import build
    from privlint.reporters.text import summary

    paths, config = options.project_config(args)
    fmt = options.output_format(args, config.get("output-format"))
    plugin_format = None if fmt in FORMATS else _plugin_format(str(fmt), args, config)
    baseline = options.baseline_path(args, config)
    progress = progress_bar()  # None unless stderr is an interactive terminal
    try:
        result = check(
            paths,
            **options.check_arguments(args, config),
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
    stale = result.stale_baseline
    if baseline and stale > 0:
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
        known = ", ".join([*options.CHECK_FORMATS, *sorted(formats)])
        raise UsageError(f"unknown output format '{name}' (choose from {known})")
    return formats[name]
