"""Findings as the editor shows them: LSP diagnostics (with the trace as related information and the
rule's docs as ``codeDescription``) and the hover text of a flagged line.

The rule's documentation link is the one the SARIF and JSON reports carry (``RuleDoc.help_uri``), so
every surface points at the same page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types as lsp

from privlint.checks.base import RuleDoc
from privlint.checks.registry import all_docs
from privlint.types import Finding, Flow

SOURCE = "privlint"
STALE_CODE = "PRV000"  # the info diagnostic on a broken buffer: results are from its last version that parsed
SEVERITIES = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
    "note": lsp.DiagnosticSeverity.Information,
}
STALE_SUFFIX = " (stale: from the last version of this file that parsed)"

Lines = Callable[[Path], list[str] | None]  # a file's lines as the editor has them


@functools.lru_cache(maxsize=1)
def docs() -> dict[str, RuleDoc]:
    return all_docs()


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def _range(lines: list[str] | None, line: int, column: int) -> lsp.Range:
    """From the finding's column to the end of its line (0-based for LSP; privlint's are 1-based)."""
    row = max(line - 1, 0)
    start = max(column - 1, 0)
    end = len(lines[row].rstrip("\r\n")) if lines is not None and row < len(lines) else start + 1
    return lsp.Range(lsp.Position(row, start), lsp.Position(row, max(end, start + 1)))


def diagnostic(
    finding: Finding, absolute: Callable[[str], Path], lines: Lines, *, stale: bool = False
) -> lsp.Diagnostic:
    here = absolute(finding.location.path)
    message = finding.message
    if finding.clause:
        message += f"\npolicy: {finding.clause}"
    if finding.hint:
        message += f"\nfix: {finding.hint}"
    if stale:
        message += STALE_SUFFIX
    doc = docs().get(finding.code)
    return lsp.Diagnostic(
        range=_range(lines(here), finding.location.line, finding.location.column),
        message=message,
        severity=SEVERITIES.get(finding.severity, lsp.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=lsp.CodeDescription(href=doc.help_uri) if doc is not None else None,
        source=SOURCE,
        related_information=related(finding.flow, absolute, lines) if finding.flow is not None else None,
        data={"code": finding.code, "line": finding.location.line, "fingerprint": finding.fingerprint},
    )


def related(flow: Flow, absolute: Callable[[str], Path], lines: Lines) -> list[lsp.DiagnosticRelatedInformation]:
    """The trace, source first, then each hop, then the sink: each a place the user can jump to."""

    def at(path: str, line: int, column: int, message: str) -> lsp.DiagnosticRelatedInformation:
        where = absolute(path)
        return lsp.DiagnosticRelatedInformation(
            location=lsp.Location(uri=uri(where), range=_range(lines(where), line, column)), message=message
        )

    found = [
        at(flow.source.path, flow.source.line, flow.source.column, f"source: {flow.source.evidence} ({flow.category})")
    ]
    found += [at(step.path, step.line, step.column, f"via: {step.note}") for step in flow.trace]
    found.append(at(flow.location.path, flow.location.line, flow.location.column, f"sink: {_sink(flow)}"))
    return found


def _sink(flow: Flow) -> str:
    recipient = flow.sink.recipient or flow.sink.host
    return f"{flow.sink.callee} ({flow.sink.kind}{' -> ' + recipient if recipient else ''})"


def hover(findings: list[Finding]) -> str:
    """Markdown for the findings on one line: the flow, the policy statement it breaks, the fix."""
    parts = []
    for finding in findings:
        lines = [f"**{finding.code}** {finding.message}", ""]
        if finding.flow is not None:
            flow = finding.flow
            recipient = flow.sink.recipient or flow.sink.host or flow.sink.kind
            purpose = f", purpose `{flow.purpose}`" if flow.purpose else ""
            lines.append(f"- flow: `{flow.category}` → `{recipient}`{purpose} (via `{flow.sink.callee}`)")
            lines.append(f"- from: `{flow.source.evidence}` at {flow.source.path}:{flow.source.line}")
        if finding.clause:
            lines.append(f"- breaks: `{finding.clause}`")
        if finding.hint:
            lines.append(f"- fix: {finding.hint}")
        doc = docs().get(finding.code)
        if doc is not None:
            lines.append(f"- docs: [{finding.code}]({doc.help_uri})")
        parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts)
