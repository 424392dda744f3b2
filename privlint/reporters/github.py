"""``--output-format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,line=L,col=C,title=CODE name::message``; severities map to error, warning
and notice. Values are escaped as the runner expects (``%``, CR, LF everywhere; ``:`` and ``,``
in properties too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privlint.terminal import visible

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    value = visible(value)  # no terminal escapes from scanned names in the CI log
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Mapping[str, Any]) -> str:
    lines = []
    for f in report["findings"]:
        props = []
        if f["display_path"]:
            props += [f"file={_prop(f['display_path'])}", f"line={f['location']['line']}"]
            props.append(f"col={f['location']['column']}")
        props.append(f"title={_prop(f['code'] + ' ' + f['name'])}")
        message = f["message"]
        if f["clause"]:
            message += f"\nPolicy: {f['clause']}" + (f' - "{f["policy_statement"]}"' if f["policy_statement"] else "")
        if f["hint"]:
            message += f"\nHint: {f['hint']}"
        lines.append(f"::{LEVELS.get(f['severity'], 'warning')} {','.join(props)}::{_data(message)}\n")
    return "".join(lines)
