"""``privlint report``: the data-flow report for privacy reviewers (html, md, csv, json).

It runs the same analysis as ``privlint check`` and renders the result for people who do not read
SARIF: a map of what personal data goes where, the categories x recipients matrix, every violation
with its trace, and the GDPR Art. 30 record of processing (csv/json). Exit codes follow ``check``
(the report is written in every case but a usage error), so CI can publish it and still fail.
"""

from __future__ import annotations

import argparse
import sys

from privlint.commands import options
from privlint.config import purposes_by_path
from privlint.errors import UsageError
from privlint.types import ExitCode


def run(args: argparse.Namespace) -> int:
    # imported when needed, so that `privlint --help` and the other commands start fast
    from privlint.pipeline import check, default_catalogue, exit_code
    from privlint.progress import progress_bar
    from privlint.report import LinkMaker, build_report, render
    from privlint.report.links import TemplateError, check_template, git_commit, repo_prefix

    fmt = options.output_format(args)
    paths, config = options.project_config(args)
    template = args.repo_url or config.get("repo-url")
    if template:
        try:
            check_template(str(template))
        except TemplateError as exc:
            raise UsageError(str(exc)) from exc
    blocked = tuple(options.blocked_plugins(args))
    progress = progress_bar()
    try:
        result = check(paths, **options.check_arguments(args, config), progress=progress)
    finally:
        if progress is not None:
            progress.close()

    root = result.scan.root
    links = LinkMaker(str(template) if template else None, git_commit(root), repo_prefix(root))
    report = build_report(
        result,
        links=links,
        catalogue=default_catalogue(blocked, config),
        purposes_by_path=purposes_by_path(config),
    )
    text = render(report, fmt)
    options.write_output(args, text)
    counts = dict(report.summary.severity_counts)
    where = f" written to {args.output_file}" if args.output_file else ""
    print(
        f"privlint report ({fmt}){where}: {report.summary.flows} flows, {len(report.violations)} violations; "
        f"{counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, {counts.get('info', 0)} notes; "
        f"{report.summary.files_analyzed} files analysed, {len(report.summary.skipped)} skipped",
        file=sys.stderr,
    )
    code = exit_code(result, exit_zero=args.exit_zero)
    if code == ExitCode.ERROR:  # say why on stderr too: the report may be a file nobody opens in CI
        for finding in result.findings:
            if finding.code in ("PRV000", "PRV100"):
                loc = finding.location
                print(f"{loc.path}:{loc.line}:{loc.column}: {finding.code} {finding.message}", file=sys.stderr)
    return int(code)
