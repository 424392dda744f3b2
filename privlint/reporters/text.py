"""``--output-format text``: one ``PATH:LINE:COL: CODE message`` line per finding (the shape
editors and terminals link), then the policy clause, the trace and the hint, indented."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privlint.reporters.model import shown
from privlint.terminal import visible


def _trace(report: Mapping[str, Any], flow: Mapping[str, Any], sink: str) -> list[str]:
    source = flow["source"]
    steps = [f"{shown(dict(report), source['path'])}:{source['line']} source: {source['evidence']}"]
    steps += [f"{shown(dict(report), s['path'])}:{s['line']} {s['note']}" for s in flow["trace"]]
    steps.append(f"{sink} sink: {flow['sink']['callee']}")
    return steps


def render(report: Mapping[str, Any]) -> str:
    lines: list[str] = []
    for f in report["findings"]:
        where = f"{f['display_path']}:{f['location']['line']}:{f['location']['column']}" if f["display_path"] else "-"
        lines.append(f"{where}: {f['code']} [{f['severity']}] {f['message']}")
        if f["clause"]:
            clause = f["clause"] + (f" at {f['clause_location']}" if f["clause_location"] else "")
            statement = f' - "{f["policy_statement"]}"' if f["policy_statement"] else ""
            lines.append(f"    policy: {clause}{statement}")
        if f["flow"] is not None:
            trace = _trace(report, f["flow"], f"{f['display_path']}:{f['location']['line']}")
            lines.append(f"    trace:  {trace[0]}")
            lines.extend(f"            {step}" for step in trace[1:])
        if f["hint"]:
            lines.append(f"    hint:   {f['hint']}")
    return "".join(visible(line) + "\n" for line in lines)


def summary(report: Mapping[str, Any]) -> str:
    """The one-line account for stderr (never part of a machine-readable output)."""
    s = report["summary"]
    parts = [f"{s['errors']} error(s)", f"{s['warnings']} warning(s)"]
    if s["info"]:
        parts.append(f"{s['info']} info")
    hidden = f"{s['suppressed']} suppressed inline, {s['baselined']} baselined"
    files = f"{s['files_analyzed']} file(s) analysed, {s['files_skipped']} skipped"
    status = "" if s["complete"] else "; RUN INCOMPLETE (internal errors)"
    found = "No violations found" if not s["findings"] else f"Found {s['findings']} finding(s): {', '.join(parts)}"
    return f"privlint: {found}; {hidden}; {files}{status}."
