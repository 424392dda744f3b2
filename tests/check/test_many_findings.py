"""Many findings in one file (legacy code adopting privlint, issue 19): the statement lookups behind
fingerprints and suppressions are indexed instead of walking every statement per finding, and what a
warm run remembers (``StatementMemo``) gives exactly what a cold run computes. How long it takes is
measured in ``benchmarks/many_findings.py``, not here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privlint.checks.sourcefile import SourceFile

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(REPO / "tests" / "corpus").rglob("*.py"), *(REPO / "privlint").rglob("*.py")])


def reference_span(spans: list[tuple[int, int]], line: int) -> tuple[int, int]:
    """The definition: the smallest span containing the line, the first of equal ones; else the line."""
    containing = [(end - start, i) for i, (start, end) in enumerate(spans) if start <= line <= end]
    return spans[min(containing)[1]] if containing else (line, line)


def reference_next(spans: list[tuple[int, int]], line: int) -> tuple[int, int] | None:
    following = [start for start, _ in spans if start > line]
    return reference_span(spans, min(following)) if following else None


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_statement_lookups_match_their_definition(path: Path) -> None:
    source = SourceFile.read(path)
    assert source is not None
    spans = source._spans
    for line in range(-1, len(source.lines) + 3):
        assert source.statement_span(line) == reference_span(spans, line), line
        assert source.next_statement_span(line) == reference_next(spans, line), line


def legacy_module(functions: int) -> str:
    """Findings in every shape the lookups meet: one-line and multi-line statements, decorators, nested
    blocks, identical statements (occurrence counters), suppressions on the line and on the line above."""
    lines = ["import functools", "import logging", "", "import requests", "", "logger = logging.getLogger(__name__)"]
    for i in range(functions):
        lines += ["", "", "@functools.lru_cache", f"def handler_{i}(user):"]
        if i % 4 == 0:
            lines += [
                "    if user:",
                '        logger.info("seen %s", user.email)',
                '        logger.info("seen %s", user.email)',
            ]
        if i % 4 == 1:
            lines += ["    requests.post(", f'        "https://crm{i % 3}.example.com/api",', "        json={"]
            lines += ['            "email": user.email,', "        },", "    )"]
        if i % 4 == 2:
            lines += ["    # privlint: ignore[PRV211] legacy audit log, ticket 42", '    logger.info("%s", user.email)']
        if i % 4 == 3:
            lines += [
                '    logger.info("%s", user.email)  # privlint: ignore[PRV211]',
                '    logger.info("x", user.email)',
            ]
    return "\n".join(lines) + "\n"


def test_a_warm_run_reports_what_a_cold_run_does(project):
    project.write("app/legacy.py", legacy_module(240))

    def check(*args: str) -> dict:
        code, out, _ = project.run("--output-format", "json", *args)
        assert code == 1
        return json.loads(out)

    cold = check("--no-cache")
    assert cold["summary"]["findings"] > 250 and cold["summary"]["suppressed"] > 100
    assert {"PRV211", "PRV202", "PRV901"} <= {f["code"] for f in cold["findings"]}
    assert check() == cold  # fills the cache
    assert check() == cold  # answers from it
    project.write("app/legacy.py", "# moved down\n\n" + legacy_module(241))  # an edit: nothing stale reused
    edited = check("--no-cache")
    assert edited != cold
    assert check() == edited
