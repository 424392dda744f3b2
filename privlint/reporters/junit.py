"""``--output-format junit``: JUnit XML for CI test-report views (GitLab, Jenkins, Azure).

One ``testsuite`` per file, one ``testcase`` per finding (error and warning findings are
failures, info findings pass with their text in ``system-out``). A clean run is one passing
test case, so report viewers show that privlint ran.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from itertools import groupby
from typing import Any

from privlint.terminal import visible

FAILING = ("error", "warning")


def render(report: Mapping[str, Any]) -> str:
    findings = sorted(report["findings"], key=lambda f: (f["display_path"], f["location"]["line"], f["code"]))
    failures = sum(1 for f in findings if f["severity"] in FAILING)
    root = ET.Element(
        "testsuites", name="privlint", tests=str(max(len(findings), 1)), failures=str(failures), errors="0"
    )
    if not findings:
        suite = ET.SubElement(root, "testsuite", name="privlint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", name="privlint check", classname="privlint")
    for path, group in groupby(findings, key=lambda f: f["display_path"] or "(run)"):
        items = list(group)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(len(items)),
            failures=str(sum(1 for f in items if f["severity"] in FAILING)),
            errors="0",
            skipped="0",
        )
        for f in items:
            where = f"{path}:{f['location']['line']}:{f['location']['column']}"
            case = ET.SubElement(suite, "testcase", name=f"{f['code']} {f['name']} at {where}", classname=path)
            body = f"{where}: {f['message']}"
            if f["clause"]:
                body += f"\npolicy: {f['clause']}"
            if f["hint"]:
                body += f"\nhint: {f['hint']}"
            if f["severity"] in FAILING:
                failure = ET.SubElement(case, "failure", message=f["message"], type=f["code"])
                failure.text = body
            else:
                ET.SubElement(case, "system-out").text = body
    ET.indent(root)
    # XML 1.0 cannot carry most control characters at all: scanned names reach the report escaped.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + visible(ET.tostring(root, encoding="unicode")) + "\n"
