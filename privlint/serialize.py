"""The one JSON shape of flows, findings and scan results (``privlint/schemas/scan-report.schema.json``).

Every JSON-speaking output (``scan``, ``check``, reports) builds its flow and finding objects
here, so a consumer that understands one understands all. Keys never disappear: absent values
are ``null``.
"""

from __future__ import annotations

from typing import Any

from privlint import __version__
from privlint.types import Finding, Flow, InternalError, ScanResult, SkippedFile

SCAN_REPORT_VERSION = "1.0"


def flow_to_dict(flow: Flow) -> dict[str, Any]:
    return {
        "category": flow.category,
        "sink": {
            "kind": flow.sink.kind,
            "recipient": flow.sink.recipient,
            "host": flow.sink.host,
            "callee": flow.sink.callee,
        },
        "location": {"path": flow.location.path, "line": flow.location.line, "column": flow.location.column},
        "source": {
            "path": flow.source.path,
            "line": flow.source.line,
            "column": flow.source.column,
            "evidence": flow.source.evidence,
        },
        "trace": [{"path": s.path, "line": s.line, "column": s.column, "note": s.note} for s in flow.trace],
        "sanitized": flow.sanitized,
        "sanitizer": flow.sanitizer,
        "function": flow.function,
        "purpose": flow.purpose,
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "message": finding.message,
        "severity": finding.severity,
        "location": {
            "path": finding.location.path,
            "line": finding.location.line,
            "column": finding.location.column,
        },
        "clause": finding.clause,
        "hint": finding.hint,
        "fingerprint": finding.fingerprint,
        "flow": flow_to_dict(finding.flow) if finding.flow is not None else None,
        "categories": list(finding.categories),
    }


def skipped_to_dict(skipped: SkippedFile) -> dict[str, Any]:
    return {"path": skipped.path, "reason": skipped.reason, "code": "PRV001"}


def error_to_dict(error: InternalError) -> dict[str, Any]:
    return {"path": error.path, "plugin": error.plugin, "message": error.message, "code": "PRV000"}


def scan_result_to_dict(result: ScanResult) -> dict[str, Any]:
    return {
        "version": SCAN_REPORT_VERSION,
        "tool": {"name": "privlint", "version": __version__},
        "flows": [flow_to_dict(flow) for flow in result.flows],
        "files": {
            "analyzed": len(result.analyzed),
            "skipped": [skipped_to_dict(s) for s in result.skipped],
        },
        "errors": [error_to_dict(e) for e in result.errors],
        "complete": result.complete,
    }
