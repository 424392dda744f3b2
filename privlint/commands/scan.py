"""``privlint scan``: discovery mode. Lists every personal-data flow; no policy needed.

Flows are not violations, so the exit code is 0 whenever the scan ran (2 on usage errors).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from privlint.commands import options
from privlint.errors import UsageError
from privlint.serialize import scan_result_to_dict
from privlint.terminal import visible
from privlint.types import ExitCode, Flow, ScanResult


def run(args: argparse.Namespace) -> int:
    from privlint import pipeline  # the engine: imported when needed so `privlint --help` stays fast
    from privlint.progress import progress_bar

    paths = list(args.paths) or ["."]
    for path in paths:
        if not Path(path).exists() and not Path(path).is_symlink():
            raise UsageError(f"{path}: no such file or directory")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")
    paths, config = options.project_config(args)
    use_cache = options.cache_enabled(args, config)
    progress = progress_bar()  # None unless stderr is an interactive terminal
    try:
        result = pipeline.scan(
            paths,
            jobs=args.jobs,
            config=config,
            blocked_plugins=options.blocked_plugins(args),
            cache=use_cache,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    fmt = options.output_format(args)
    text = render_json(result) if fmt == "json" else render_text(result, trace=args.trace)
    options.write_output(args, text)
    print(_summary(result), file=sys.stderr)
    return ExitCode.OK


def render_json(result: ScanResult) -> str:
    return json.dumps(scan_result_to_dict(result), indent=2, ensure_ascii=False) + "\n"


def _sink_heading(flow: Flow) -> str:
    sink = flow.sink
    if sink.recipient:
        return f"{sink.kind}: {sink.recipient}" + (f" ({sink.host})" if sink.host else "")
    if sink.host:
        return f"{sink.kind}: {sink.host}"
    return sink.kind


def render_text(result: ScanResult, *, trace: bool = False) -> str:
    groups: dict[str, list[Flow]] = defaultdict(list)
    for flow in result.flows:
        groups[_sink_heading(flow)].append(flow)
    lines: list[str] = []
    for heading in sorted(groups):
        lines.append(f"{visible(heading)} ({len(groups[heading])})")
        for flow in groups[heading]:
            where = f"{flow.location.path}:{flow.location.line}:{flow.location.column}"
            source = f"{flow.source.path}:{flow.source.line}:{flow.source.column}"
            note = f" [sanitized by {flow.sanitizer}]" if flow.sanitized else ""
            lines.append(
                visible(
                    f"  {where}: {flow.category} -> {flow.sink.callee} (source {source}, {flow.source.evidence}){note}"
                )
            )
            if trace:
                for step in flow.trace:
                    lines.append(visible(f"      {step.path}:{step.line}:{step.column}: {step.note}"))
        lines.append("")
    for skipped in result.skipped:
        lines.append(visible(f"skipped {skipped.path}: {skipped.reason}"))
    for error in result.errors:
        lines.append(visible(f"PRV000 internal error in {error.plugin} on {error.path or '(run)'}: {error.message}"))
    return "\n".join(lines) + ("\n" if lines else "")


def _summary(result: ScanResult) -> str:
    text = (
        f"privlint: {len(result.flows)} flow(s) in {len(result.analyzed)} file(s) analysed, "
        f"{len(result.skipped)} skipped"
    )
    if result.test_flows:
        text += f"; {result.test_flows} flow(s) in test code not shown (--include-tests)"
    if result.errors:
        text += f", {len(result.errors)} internal error(s): the scan is incomplete"
    return visible(text)
