"""``privlint diff --format text``: one line per changed flow, its verdict, trace and fix, then the patch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privlint.terminal import visible

TITLES = {"added": "Added flows", "changed": "Changed flows", "removed": "Removed flows"}


def headline(change: Mapping[str, Any]) -> str:
    """``app/track.py:20 now sends user.contact.email to mixpanel (new recipient)``."""
    flow = change["flow"]
    target = change["recipient"] or f"{flow['sink']['kind']} ({flow['sink']['callee']})"
    verb = "no longer sends" if change["kind"] == "removed" else "now sends"
    if flow["sanitized"] and change["kind"] != "removed":
        verb += " sanitised"
    reasons = f" ({'; '.join(change['reasons'])})" if change["reasons"] else ""
    return f"{change['display_path']}:{flow['location']['line']} {verb} {change['category']} to {target}{reasons}"


def verdict(change: Mapping[str, Any]) -> str:
    if change["kind"] == "removed":
        return ""
    failing = [f for f in change["findings"] if f["severity"] in ("error", "warning")]
    if not failing:
        return "permitted by the policy"
    return "; ".join(f"{f['code']} {f['message']}" for f in failing)


def render(report: Mapping[str, Any]) -> str:
    lines: list[str] = []
    for kind in ("added", "changed", "removed"):
        changes = [c for c in report["changes"] if c["kind"] == kind]
        if not changes:
            continue
        lines.append(f"{TITLES[kind]} ({len(changes)}):")
        for change in changes:
            mark = "x" if change["permitted"] is False else "-"
            lines.append(f"  {mark} {headline(change)}")
            if change["kind"] != "removed":
                lines.append(f"      {verdict(change)}")
                flow = change["flow"]
                lines.append(
                    f"      source: {flow['source']['path']}:{flow['source']['line']} {flow['source']['evidence']}"
                )
                lines += [f"              {s['path']}:{s['line']} {s['note']}" for s in flow["trace"]]
            if change["suggestion"]:
                lines.append(f"      policy edit: {'; '.join(change['suggestion']['changes'])} (see below)")
            if change["code_change"]:
                lines.append(f"      needs a code change: {change['code_change']}")
    if not report["changes"]:
        lines.append("No personal-data flow was added, changed or removed.")
    patch = report["policy_patch"]
    if patch:
        lines += [
            "",
            "Suggested policy edit (apply: privlint policy suggest --apply, or git apply):",
            patch["patch"].rstrip("\n"),
        ]
    return "".join(visible(line) + "\n" for line in lines)
