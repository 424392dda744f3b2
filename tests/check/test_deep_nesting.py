"""A file nested deeper than Python's recursion limit is skipped (PRV001 with a reason) by every command
that reads code, and the rest of the run completes: no traceback, no exit code that reads as something else.

Two depths, because they fail in different places: 20,000 ``+`` terms are too deep for ``ast.parse``
itself (and used to crash the fingerprints, which parse the file again for statement spans); 1,500 parse
but are too deep for the summariser (and used to be an internal error, PRV000, exit 2). Run as
subprocesses: the recursion limit is the interpreter's, not pytest's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TOO_DEEP_TO_PARSE = "def total(a):\n    return " + " + ".join(["a"] * 20_000) + "\n"
TOO_DEEP_TO_SUMMARISE = (
    "import logging\n\n\ndef f(user):\n    logging.info(" + " + ".join(["user.email"] * 1_500) + ")\n"
)


def privlint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "privlint", *args, "--jobs", "1"], cwd=root, capture_output=True, text=True, check=False
    )


@pytest.fixture
def deep(project):
    project.write("app/generated.py", TOO_DEEP_TO_PARSE)
    project.write("app/concat.py", TOO_DEEP_TO_SUMMARISE)
    return project


def _skipped(findings: list[dict]) -> dict[str, str]:
    return {f["location"]["path"]: f["message"] for f in findings if f["code"] == "PRV001"}


@pytest.mark.parametrize("cache", ["--no-cache", "--cache"])
def test_check_skips_deep_files_and_reports_the_rest(deep, cache):
    for _ in range(2 if cache == "--cache" else 1):  # with the cache: cold, then warm
        done = privlint(deep.root, "check", "--output-format", "json", cache)
        assert "Traceback" not in done.stderr
        assert done.returncode == 1, done.stderr
        report = json.loads(done.stdout)
        assert report["summary"]["complete"] is True
        skipped = _skipped(report["findings"])
        assert set(skipped) == {"app/generated.py", "app/concat.py"}
        assert all("nested too deeply" in message for message in skipped.values())
        assert {"PRV203", "PRV211"} <= {f["code"] for f in report["findings"]}  # the rest was checked


def test_report_skips_deep_files(deep):
    done = privlint(deep.root, "report", "--format", "md", "-o", "report.md", "--no-cache")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr
    text = (deep.root / "report.md").read_text(encoding="utf-8")
    assert "app/generated.py" in text and "app/concat.py" in text and "nested too deeply" in text


def test_baseline_skips_deep_files(deep):
    done = privlint(deep.root, "baseline", "--no-cache")
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    entries = json.loads((deep.root / ".privlint-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {e["path"] for e in entries if e["code"] == "PRV001"} == {"app/generated.py", "app/concat.py"}
