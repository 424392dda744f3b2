"""``privlint diff --format github``: an annotation on each new or changed flow the policy does not permit
(GitHub Actions workflow commands; the Markdown goes to the step summary, see ``commands.diff``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privlint.diff_report.text import headline
from privlint.reporters.github import LEVELS, _data, _prop


def render(report: Mapping[str, Any]) -> str:
    lines = []
    for change in report["changes"]:
        if change["permitted"] is not False:
            continue
        flow = change["flow"]
        for finding in change["findings"]:
            if finding["severity"] not in ("error", "warning"):
                continue
            props = [
                f"file={_prop(change['display_path'])}",
                f"line={flow['location']['line']}",
                f"col={flow['location']['column']}",
                f"title={_prop(finding['code'] + ' ' + change['kind'] + ' flow')}",
            ]
            message = f"{headline(change)}\n{finding['message']}"
            if change["suggestion"]:
                message += f"\nPolicy edit: {'; '.join(change['suggestion']['changes'])} (privlint policy suggest)"
            if change["code_change"]:
                message += f"\nNeeds a code change: {change['code_change']}"
            lines.append(f"::{LEVELS.get(finding['severity'], 'warning')} {','.join(props)}::{_data(message)}\n")
    return "".join(lines)
