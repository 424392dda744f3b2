"""``privlint diff``'s outputs: one JSON document (``privlint/schemas/diff-report.schema.json``), rendered
as text, Markdown (a pull-request comment) and GitHub annotations plus a step summary.

Shape::

    {
      "schema_version": 1,
      "tool": {"name": "privlint", "version": "0.1.0"},
      "base": {"revision": "origin/main", "commit": "…"},
      "head": {"revision": "working tree", "commit": null},
      "summary": {"added", "changed", "removed", "violating", "exit_code"},
      "changes": [{
          "kind": "added" | "changed" | "removed",
          "category", "recipient" (null: stays with the controller), "reasons": ["new recipient", …],
          "display_path": "app/track.py",            # relative to the working directory
          "flow": {…},                               # privlint.serialize.flow_to_dict, the representative flow
          "sources": [{"path", "line", "column", "evidence"}],
          "before": null | {"recipient", "sanitized", "sanitizer", "location": {…}},
          "permitted": true | false | null,          # null for removed flows
          "findings": [{"code", "severity", "message", "clause", "hint"}],
          "suggestion": null | {"changes": ["declare recipient mixpanel (analytics, US)", …]},
          "code_change": null | "why only a code change resolves it"
      }],
      "policy_patch": null | {"policy": "privacy-policy.yaml", "patch": "--- a/…", "changes": […]}
    }

Changes are sorted by path, line, column and category; there are no timestamps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from privlint import __version__
from privlint.flow_diff import Change, FlowDiff
from privlint.serialize import flow_to_dict

SCHEMA_VERSION = 1
WORKING_TREE = "working tree"


def document(
    diff: FlowDiff,
    *,
    exit_code: int,
    suggestion: Any = None,
    policy_label: str = "",
    display: Any = None,
) -> dict[str, Any]:
    """The JSON document of a flow diff; ``suggestion``: the verified policy patch for its new findings."""
    from privlint.reporters.model import display_path

    root = Path(diff.head_result.scan.root)
    cwd = Path.cwd()
    shown = display or (lambda path: display_path(path, root, cwd))
    changes = [_change(c, suggestion, shown) for c in diff.changes]
    patch = None
    if suggestion is not None and suggestion.has_patch:
        patch = {"policy": policy_label, "patch": suggestion.diff(policy_label), "changes": list(suggestion.changes)}
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "privlint", "version": __version__},
        "base": {"revision": diff.base, "commit": diff.base_commit},
        "head": {"revision": diff.head, "commit": diff.head_commit},
        "summary": {
            "added": len(diff.of_kind("added")),
            "changed": len(diff.of_kind("changed")),
            "removed": len(diff.of_kind("removed")),
            "violating": len(diff.violating),
            "exit_code": exit_code,
        },
        "changes": changes,
        "policy_patch": patch,
    }


def _change(change: Change, suggestion: Any, shown: Any) -> dict[str, Any]:
    unit = change.unit
    flow = unit.flow
    before = change.before
    edits: list[str] = []
    code_change = None
    if suggestion is not None and change.kind != "removed":
        for f in unit.flows:
            edits += [e for e in suggestion.flow_changes.get(f, ()) if e not in edits]
        ids = {id(f) for f in change.findings}
        code_change = next((why for f, why in suggestion.code_changes if id(f) in ids), None)
    return {
        "kind": change.kind,
        "category": unit.category,
        "recipient": unit.recipient,
        "reasons": list(change.reasons),
        "display_path": shown(flow.location.path),
        "flow": flow_to_dict(flow),
        "sources": [
            {"path": f.source.path, "line": f.source.line, "column": f.source.column, "evidence": f.source.evidence}
            for f in unit.flows
        ],
        "before": None
        if before is None
        else {
            "recipient": before.recipient,
            "sanitized": before.sanitized,
            "sanitizer": before.flow.sanitizer,
            "location": {
                "path": before.flow.location.path,
                "line": before.flow.location.line,
                "column": before.flow.location.column,
            },
        },
        "permitted": None if change.kind == "removed" else not change.violating,
        "findings": [
            {"code": f.code, "severity": f.severity, "message": f.message, "clause": f.clause, "hint": f.hint}
            for f in change.findings
        ],
        "suggestion": {"changes": edits} if edits and code_change is None else None,
        "code_change": code_change,
    }
