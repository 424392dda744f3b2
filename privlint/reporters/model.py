"""The one internal model every output format renders: privlint's JSON check report.

Shape (``privlint/schemas/check-report.schema.json`` is the contract)::

    {
      "schema_version": 1,
      "tool": {"name": "privlint", "version": "0.1.0"},
      "root": "examples/optimer",                  # scan root, relative to the working directory
      "policy": {"path": "...", "digest": "sha256..."} | null,
      "summary": {"findings", "errors", "warnings", "info", "by_code", "suppressed", "baselined",
                  "files_analyzed", "files_skipped", "complete", "exit_code"},
      "rules": [{"code", "name", "severity", "summary", "help_uri"}],   # the codes that occur
      "findings": [{
          "code", "name", "severity", "message", "hint", "fingerprint",
          "location": {"path", "line", "column"},             # path relative to the scan root
          "display_path": "examples/optimer/app/x.py",        # relative to the working directory
          "clause": "recipients[mixpanel].categories" | null,
          "clause_location": "privacy-policy.yaml:88:5" | null,
          "policy_statement": "..." | null,
          "flow": null | {"category", "sink": {"kind", "callee", "recipient", "host"},
                          "location": {"path", "line", "column"},
                          "source": {"path", "line", "column", "evidence"},
                          "trace": [{"path", "line", "column", "note"}],
                          "sanitized", "sanitizer", "function", "purpose"}
      }]
    }

Findings are sorted (path, line, column, code); there are no timestamps, so the same input gives
byte-identical output.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from privlint import __version__
from privlint.checks.registry import all_docs
from privlint.serialize import finding_to_dict
from privlint.types import CheckResult, Finding

SCHEMA_VERSION = 1


@lru_cache(maxsize=8192)
def display_path(path: str, root: Path, base: Path) -> str:
    """A finding path as the user should see it: relative to ``base`` (the working directory) when
    the file lies below it, else absolute. Memoised: a large report names the same files thousands
    of times, and each ``resolve()`` is a round of system calls."""
    if not path:
        return ""
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else root / candidate
    try:
        return absolute.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return absolute.resolve().as_posix()


def _clause_location(value: str | None, root: Path, base: Path) -> str | None:
    if not value:
        return None
    path, *position = value.rsplit(":", 2)
    return ":".join([display_path(path, root, base), *position])


def finding_dict(finding: Finding, root: Path, base: Path) -> dict[str, Any]:
    """``privlint.serialize.finding_to_dict`` (the one finding shape) plus what reports need."""
    doc = all_docs().get(finding.code)
    extra = dict(finding.extra)
    data = finding_to_dict(finding)
    data.update(
        {
            "name": doc.name if doc else "",
            "display_path": display_path(finding.location.path, root, base),
            "clause_location": _clause_location(extra.get("clause_location"), root, base),
            "policy_statement": extra.get("statement"),
        }
    )
    return data


def build(result: CheckResult, *, exit_code: int, base: Path | None = None) -> dict[str, Any]:
    base = base or Path.cwd()
    root = Path(result.scan.root or ".")
    findings = [finding_dict(f, root, base) for f in result.findings]
    severities = Counter(f.severity for f in result.findings)
    docs = all_docs()
    codes = sorted({f.code for f in result.findings})
    policy = result.policy
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "privlint", "version": __version__},
        "root": display_path(str(root), root, base) or ".",
        "policy": (
            {"path": display_path(result.policy_path, root, base), "digest": getattr(policy, "digest", "") or None}
            if result.policy_path
            else None
        ),
        "summary": {
            "findings": len(findings),
            "errors": severities.get("error", 0),
            "warnings": severities.get("warning", 0),
            "info": severities.get("info", 0),
            "by_code": dict(sorted(Counter(f.code for f in result.findings).items())),
            "suppressed": result.suppressed,
            "baselined": result.baselined,
            "files_analyzed": len(result.scan.analyzed),
            "files_skipped": len(result.scan.skipped),
            "complete": result.scan.complete,
            "exit_code": int(exit_code),
        },
        "rules": [
            {
                "code": code,
                "name": docs[code].name,
                "severity": docs[code].severity,
                "summary": docs[code].summary,
                "help_uri": docs[code].help_uri,
            }
            for code in codes
            if code in docs
        ],
        "findings": findings,
    }


def shown(report: dict[str, Any], path: str) -> str:
    """A root-relative path from the report (trace steps, sources) as the user sees it: like
    ``display_path``, relative to the working directory when below it."""
    if not path or posixpath.isabs(path):
        return path
    root = report["root"]
    if posixpath.isabs(root):
        return display_path(path, Path(root), Path.cwd())
    return posixpath.normpath(posixpath.join(root, path))
