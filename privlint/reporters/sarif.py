"""``--output-format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

* ``tool.driver.rules`` lists every rule privlint knows, in code order, so ``ruleIndex`` is
  stable between runs; each carries its slug, descriptions, help text and ``helpUri``, and its
  default level.
* Result URIs are relative to the working directory (``uriBaseId: %SRCROOT%``), %-encoded;
  regions are 1-based lines and columns.
* ``partialFingerprints["privlintFingerprint/v1"]`` is the line-independent fingerprint.
* A finding's trace (source -> hops -> sink) is a ``codeFlows[0].threadFlows[0]``.
* Suppressed and baselined counts are ``run.properties``, so hidden findings stay visible.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from privlint.checks.registry import all_docs
from privlint.reporters.model import shown

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://github.com/privlint/privlint"


def _artifact(path: str) -> dict[str, Any]:
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def _physical(path: str, line: int, column: int = 1) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(path),
            "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
        }
    }


def _rules() -> list[dict[str, Any]]:
    rules = []
    for doc in all_docs().values():
        rules.append(
            {
                "id": doc.code,
                "name": doc.name,
                "shortDescription": {"text": doc.summary},
                "fullDescription": {"text": doc.explanation},
                "help": {
                    "text": f"{doc.explanation}\n\nProtects: {doc.protects}\n\nFix: {doc.fix}",
                    "markdown": f"{doc.explanation}\n\n**Protects:** {doc.protects}\n\n**Fix:** {doc.fix}",
                },
                "helpUri": doc.help_uri,
                "defaultConfiguration": {"level": LEVELS.get(doc.severity, "warning")},
                "properties": {"tags": ["privacy"], "protects": doc.protects},
            }
        )
    return rules


def _code_flow(report: Mapping[str, Any], finding: Mapping[str, Any]) -> list[dict[str, Any]]:
    flow = finding["flow"]
    source = flow["source"]
    steps = [(shown(dict(report), source["path"]), source["line"], source["column"], f"source: {source['evidence']}")]
    steps += [(shown(dict(report), s["path"]), s["line"], s["column"], s["note"]) for s in flow["trace"]]
    sink = finding["location"]
    steps.append((finding["display_path"], sink["line"], sink["column"], f"sink: {flow['sink']['callee']}"))
    locations = []
    for path, line, column, note in steps:
        location = _physical(path, line, column)
        location["message"] = {"text": note}
        locations.append({"location": location})
    return [{"threadFlows": [{"locations": locations}]}]


def _result(report: Mapping[str, Any], finding: Mapping[str, Any], index: dict[str, int]) -> dict[str, Any]:
    text = finding["message"]
    if finding["clause"]:
        text += f" [policy: {finding['clause']}]"
    result: dict[str, Any] = {
        "ruleId": finding["code"],
        "level": LEVELS.get(finding["severity"], "warning"),
        "message": {"text": text},
        "partialFingerprints": {"privlintFingerprint/v1": finding["fingerprint"]},
        "properties": {
            key: finding[key]
            for key in ("clause", "clause_location", "policy_statement", "hint")
            if finding.get(key) is not None
        },
    }
    if finding["code"] in index:
        result["ruleIndex"] = index[finding["code"]]
    if finding["display_path"]:
        where = finding["location"]
        result["locations"] = [_physical(finding["display_path"], where["line"], where["column"])]
    if finding["flow"] is not None:
        result["properties"]["category"] = finding["flow"]["category"]
        result["properties"]["categories"] = finding["categories"]
        sink = finding["flow"]["sink"]
        result["properties"]["sink_kind"] = sink["kind"]
        if sink["recipient"] or sink["host"]:
            result["properties"]["recipient"] = sink["recipient"] or sink["host"]
        result["codeFlows"] = _code_flow(report, finding)
    return result


def render(report: Mapping[str, Any]) -> str:
    rules = _rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    summary = report["summary"]
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "privlint",
                        "version": report["tool"]["version"],
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {"executionSuccessful": bool(summary["complete"]), "exitCode": int(summary["exit_code"])}
                ],
                "results": [_result(report, f, index) for f in report["findings"]],
                "properties": {
                    "suppressed": summary["suppressed"],
                    "baselined": summary["baselined"],
                    "complete": summary["complete"],
                    "policy": report["policy"]["path"] if report["policy"] else None,
                },
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
