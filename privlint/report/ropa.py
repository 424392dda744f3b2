"""The GDPR Art. 30 record of processing activities as CSV and JSON, for a DPO's register.

One row per processing activity x recipient (``RopaRow``), with the code locations that evidence
it. CSV cells that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``) are prefixed
with ``'``: paths and identifiers come from scanned code (CSV injection, OWASP).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from privlint.report.model import Report, RopaRow

CSV_COLUMNS = (
    "controller",
    "activity",
    "activity_description",
    "purposes",
    "legal_basis",
    "categories",
    "sensitive_categories",
    "data_subjects",
    "recipient",
    "recipient_name",
    "recipient_role",
    "recipient_kind",
    "recipient_locations",
    "transfers",
    "safeguards",
    "retention",
    "status",
    "evidence",
    "evidence_urls",
    "security_measures",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JSON_FORMAT = "privlint-ropa"
JSON_VERSION = 1


def _safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def row_to_dict(row: RopaRow) -> dict[str, Any]:
    return {
        "activity": row.activity,
        "activity_description": row.activity_description,
        "purposes": list(row.purposes),
        "legal_basis": row.legal_basis,
        "categories": list(row.categories),
        "sensitive_categories": list(row.sensitive_categories),
        "data_subjects": list(row.data_subjects),
        "recipient": {
            "id": row.recipient,
            "name": row.recipient_name,
            "role": row.recipient_role,
            "kind": row.recipient_kind,
            "locations": list(row.recipient_locations),
        }
        if row.recipient
        else None,
        "transfers": list(row.transfers),
        "safeguards": list(row.safeguards),
        "retention": list(row.retention),
        "status": row.status,
        "evidence": [
            {"path": ref.path, "line": ref.line, "column": ref.column, **({"url": ref.url} if ref.url else {})}
            for ref in row.evidence
        ],
    }


def render_json(report: Report) -> str:
    s = report.summary
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "controller": {"name": s.controller, "contact": s.controller_contact, "dpo": s.controller_dpo},
        "security_measures": list(s.security_measures),
        "policy": {"path": s.policy_path, "version": s.policy_version, "sha256": s.policy_digest},
        "commit": s.commit,
        "generator": f"privlint {s.privlint_version}",
        "analysis": {
            "files_analyzed": s.files_analyzed,
            "files_skipped": len(s.skipped),
            "complete": s.complete,
            "flows": s.flows,
            "violations": len(report.violations),
        },
        "activities": [row_to_dict(row) for row in report.ropa],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.ropa:
        values = [
            row.controller,
            row.activity,
            row.activity_description,
            "; ".join(row.purposes),
            row.legal_basis,
            "; ".join(row.categories),
            "; ".join(row.sensitive_categories),
            "; ".join(row.data_subjects),
            row.recipient,
            row.recipient_name,
            row.recipient_role,
            row.recipient_kind,
            "; ".join(row.recipient_locations),
            "; ".join(row.transfers),
            "; ".join(row.safeguards),
            "; ".join(row.retention),
            row.status,
            "; ".join(ref.label for ref in row.evidence),
            "; ".join(ref.url for ref in row.evidence if ref.url),
            "; ".join(report.summary.security_measures),
        ]
        writer.writerow([_safe(v) for v in values])
    return buffer.getvalue()
