"""``privlint diff --format md``: the pull-request comment. Flows grouped by recipient, traces collapsed,
a Mermaid drawing of the new edges, and the suggested policy edit as a ``diff`` block.

Categories, paths, hosts, callees and evidence come from the scanned code (a pull request may be hostile),
so every such text goes through the report's escapers (``privlint.report.markdown``): Markdown text,
Mermaid labels and fenced blocks each get their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privlint.report.markdown import code_block, md, mermaid_label

ICONS = {"added": "🆕", "changed": "✏️", "removed": "🗑️"}
PATCH_ANCHOR = "suggested-policy-edit"
MAX_EDGES = 200  # GitHub refuses large diagrams


def render(report: Mapping[str, Any]) -> str:
    s = report["summary"]
    head = report["head"]
    head_label = md(head["revision"]) + (f" ({md(head['commit'][:12])})" if head["commit"] else "")
    base = report["base"]
    parts = [
        "## Personal data in this change",
        f"{md(base['revision'])} ({md(base['commit'][:12])}) → {head_label}: **{s['added']}** added · "
        f"**{s['changed']}** changed · **{s['removed']}** removed · **{s['violating']}** not permitted by the policy",
    ]
    changes = report["changes"]
    if not changes:
        parts.append("No personal-data flow was added, changed or removed.")
    current = [c for c in changes if c["kind"] != "removed"]
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for change in current:
        groups.setdefault(_target(change), []).append(change)
    for target in sorted(groups, key=lambda t: (not any(c["permitted"] is False for c in groups[t]), t)):
        items = groups[target]
        parts.append(f"### {md(target)}\n\n" + "\n".join(_item(c, report) for c in items))
    removed = [c for c in changes if c["kind"] == "removed"]
    if removed:
        lines = [
            f"- {ICONS['removed']} {_where(c)} no longer sends {md(c['category'])} to {md(_target(c))}" for c in removed
        ]
        parts.append("### Removed\n\n" + "\n".join(lines))
    if current:
        parts.append(_edges(current))
    if report["policy_patch"]:
        parts.append(_patch(report["policy_patch"]))
    parts.append("_privlint diff: a static analysis of both revisions (no code was run)._")
    return "\n\n".join(parts) + "\n"


def _target(change: Mapping[str, Any]) -> str:
    sink = change["flow"]["sink"]
    return str(change["recipient"] or f"{sink['kind']}: {sink['callee']}")


def _where(change: Mapping[str, Any]) -> str:
    return f"{md(change['display_path'])}:{change['flow']['location']['line']}"


def _item(change: Mapping[str, Any], report: Mapping[str, Any]) -> str:
    verdict = "❌" if change["permitted"] is False else "✅"
    reasons = f" ({md('; '.join(change['reasons']))})" if change["reasons"] else ""
    sanitised = " sanitised" if change["flow"]["sanitized"] else ""
    what = f"{_where(change)} sends{sanitised} {md(change['category'])}{reasons}"
    line = f"- {verdict} {ICONS[change['kind']]} **{change['kind']}** {what}"
    notes = []
    failing = [f for f in change["findings"] if f["severity"] in ("error", "warning")]
    for finding in failing:
        notes.append(f"{md(finding['code'])}: {md(finding['message'])}")
    if change["suggestion"]:
        notes.append(f"[policy edit](#{PATCH_ANCHOR}): {md('; '.join(change['suggestion']['changes']))}")
    if change["code_change"]:
        notes.append(f"needs a code change: {md(change['code_change'])}")
    body = "".join(f"  \n  {note}" for note in notes)
    flow = change["flow"]
    steps = [f"{md(s['path'])}:{s['line']} source: {md(s['evidence'])}" for s in change["sources"][:5]]
    steps += [f"{md(s['path'])}:{s['line']} {md(s['note'])}" for s in flow["trace"]]
    steps.append(f"{_where(change)} sink: {md(flow['sink']['callee'])}")
    trace = "\n".join(f"  - {step}" for step in steps)
    return f"{line}{body}\n\n  <details><summary>trace</summary>\n\n{trace}\n\n  </details>\n"


def _edges(changes: list[Mapping[str, Any]]) -> str:
    nodes: dict[str, str] = {}

    def node(label: str) -> str:
        if label not in nodes:
            nodes[label] = f"n{len(nodes)}"
        return nodes[label]

    lines = ["```mermaid", "flowchart LR"]
    edges: dict[tuple[str, str], set[str]] = {}
    for change in changes:
        codes = {f["code"] for f in change["findings"] if f["severity"] in ("error", "warning")}
        edges.setdefault((change["category"], _target(change)), set()).update(codes)
    for (category, target), codes in sorted(edges.items())[:MAX_EDGES]:
        a, b = node("c:" + category), node("t:" + target)
        arrow = f'-- "{mermaid_label(", ".join(sorted(codes)))}" -->' if codes else "-->"
        lines.append(f'  {a}["{mermaid_label(category)}"] {arrow} {b}["{mermaid_label(target)}"]')
    lines.append("```")
    more = f"\n\n{len(edges) - MAX_EDGES} more edges not drawn." if len(edges) > MAX_EDGES else ""
    return "### New edges\n\n" + "\n".join(lines) + more


def _patch(patch: Mapping[str, Any]) -> str:
    changes = "\n".join(f"- {md(change)}" for change in patch["changes"])
    return (
        f'<a id="{PATCH_ANCHOR}"></a>\n\n### Suggested policy edit\n\n'
        f"The smallest change of {md(patch['policy'])} that permits the new flows above (verified against the same "
        "analysis); apply it with `privlint policy suggest --apply`, then review its TODO comments.\n\n"
        f"{changes}\n\n<details><summary>{md(patch['policy'])}</summary>\n\n"
        f"{code_block(patch['patch'].rstrip(), 'diff')}\n\n</details>"
    )
