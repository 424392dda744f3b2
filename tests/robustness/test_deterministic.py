"""Two runs over the same input give byte-identical machine output, whatever ``--jobs`` says.

CI systems diff reports and GitHub deduplicates SARIF alerts by content: an unstable order or a
timestamp would show up as churn in every pull request.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("example", ["optimer", "optimibi"])
def test_scan_json_is_identical_across_jobs(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(EXAMPLES / example)
    first = run(capsys, ["scan", target, "--output-format", "json", "--jobs", "1"])
    second = run(capsys, ["scan", target, "--output-format", "json", "--jobs", "2"])
    assert first == second
    assert '"flows"' in first[1]


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_check_output_is_identical_across_runs(output_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(EXAMPLES / "optimer")
    first = run(capsys, ["check", target, "--output-format", output_format, "--jobs", "1"])
    second = run(capsys, ["check", target, "--output-format", output_format, "--jobs", "2"])
    assert first == second
    assert first[0] == 1  # the example plants violations
