"""``privlint baseline``: record today's violations so CI fails only on new ones.

Writes ``.privlint-baseline.json`` (or ``-o FILE``, or ``[tool.privlint] baseline``): versioned
JSON with one entry per (path, code, fingerprint) and a count, and no personal values. Check
against it with ``privlint check --baseline FILE``. Commit the file and protect it with
CODEOWNERS: editing it hides findings just as a suppression does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from privlint.commands import options


def run(args: argparse.Namespace) -> int:
    from privlint.baseline import DEFAULT_PATH, render
    from privlint.checks.meta import FATAL_CODES
    from privlint.pipeline import check
    from privlint.types import ExitCode

    paths, config = options.project_config(args)
    result = check(paths, **options.check_arguments(args, config))
    fatal = [f for f in result.findings if f.code in FATAL_CODES]
    if fatal or not result.scan.complete:
        for f in fatal:
            print(f"{f.location.path}:{f.location.line}:{f.location.column}: {f.code} {f.message}", file=sys.stderr)
        print("privlint: error: the check did not complete; no baseline written", file=sys.stderr)
        return ExitCode.ERROR
    target = Path(
        args.output_file or (config.resolve_path(config.get("baseline")) if config.get("baseline") else DEFAULT_PATH)
    )
    recorded = [f for f in result.findings if f.severity != "info"]
    options.write_file(target, render(recorded, getattr(result.policy, "digest", None)))
    print(f"privlint: wrote {len(recorded)} finding(s) to {target}", file=sys.stderr)
    return ExitCode.OK
