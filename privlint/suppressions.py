"""Inline suppressions: ``# privlint: ignore[PRV203] reason``.

Where a comment applies: on the sink line, on any line of the statement containing the sink (a
multi-line call can carry it on its last line), on the header of a compound statement, or on a
line of its own directly above the statement. Codes match by prefix (``ignore[PRV2]``), as in
flake8. A suppression without a reason still suppresses but is reported as PRV901; a
suppression that hides nothing is reported as PRV902 (only for codes that are selected, so
``--select PRV211`` does not make every other suppression look stale; unknown codes are always
reported). Suppressions never hide PRV000, PRV100 or PRV9xx.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from privlint.checks.sourcefile import SourceFile
from privlint.types import Finding, Location

PATTERN = re.compile(r"#\s*privlint:\s*ignore\s*\[(?P<codes>[^\]]*)\](?P<reason>.*)$", re.IGNORECASE)
UNSUPPRESSIBLE = ("PRV000", "PRV100", "PRV9")


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int
    column: int
    codes: tuple[str, ...]
    reason: str
    covers: tuple[int, int]  # first and last line of the statement it applies to

    def matches(self, finding: Finding) -> bool:
        return (
            finding.location.path == self.path
            and self.covers[0] <= finding.location.line <= self.covers[1]
            and any(finding.code.startswith(code) for code in self.codes)
            and not finding.code.startswith(UNSUPPRESSIBLE)
        )


def find_suppressions(path: str, source: SourceFile) -> list[Suppression]:
    found: list[Suppression] = []
    if "privlint" not in source.text:
        return found
    for comment in source.comments:
        match = PATTERN.search(comment.text)
        if not match:
            continue
        codes = tuple(c.strip().upper() for c in match["codes"].split(",") if c.strip())
        reason = match["reason"].strip().lstrip(":-\u2014 ").strip()
        span = source.statement_span(comment.line)
        if comment.own_line:
            span = source.next_statement_span(comment.line) or (comment.line, comment.line)
        found.append(Suppression(path, comment.line, comment.column, codes, reason, span))
    return found


@dataclass(frozen=True)
class SuppressionOutcome:
    kept: list[Finding]
    suppressed: int
    hygiene: list[Finding]  # PRV901 / PRV902


def apply(
    findings: Iterable[Finding],
    suppressions: Mapping[str, list[Suppression]],
    *,
    enabled: Callable[[str, str], bool],
    known: Callable[[str], bool],
) -> SuppressionOutcome:
    kept: list[Finding] = []
    used: set[Suppression] = set()
    suppressed = 0
    # By (path, line): a finding is compared with the suppressions covering its line only, not every
    # suppression of its file (a legacy file with thousands of both was quadratic).
    covering: dict[tuple[str, int], list[Suppression]] = {}
    for path, items in suppressions.items():
        for s in items:
            for line in range(s.covers[0], s.covers[1] + 1):
                covering.setdefault((path, line), []).append(s)
    for finding in findings:
        candidates = covering.get((finding.location.path, finding.location.line), ())
        hit = [s for s in candidates if s.matches(finding)]
        if hit:
            used.update(hit)
            suppressed += 1
        else:
            kept.append(finding)
    hygiene: list[Finding] = []
    for path in sorted(suppressions):
        for s in suppressions[path]:
            location = Location(path, s.line, s.column)
            codes = ",".join(s.codes)
            if not s.reason:
                hygiene.append(
                    Finding(
                        code="PRV901",
                        message=f"suppression of {codes or 'nothing'} gives no reason",
                        location=location,
                        severity="warning",
                        hint="write why the flow is acceptable after the closing bracket",
                    )
                )
            if s in used:
                continue
            stale = [c for c in s.codes if not known(c) or enabled(c, path)]
            if stale or not s.codes:
                unknown = [c for c in s.codes if not known(c)]
                detail = f" (unknown code {', '.join(unknown)})" if unknown else ""
                hygiene.append(
                    Finding(
                        code="PRV902",
                        message=f"unused suppression of {codes or 'nothing'}{detail}",
                        location=location,
                        severity="warning",
                        hint="remove the comment, or move it to the statement of the sink it is meant for",
                    )
                )
    return SuppressionOutcome(kept, suppressed, hygiene)
