"""The CLI contract every command shares: exit codes and usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from privlint.cli import main


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2


def test_unknown_option_is_a_usage_error(capsys):
    assert main(["--no-such-option"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_version_runs_as_module():
    out = subprocess.run([sys.executable, "-m", "privlint", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.startswith("privlint ")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "examples/optimer"],
        ["scan", "examples/optimer"],
        ["report", "examples/optimer"],
        ["baseline", "examples/optimer"],
        ["plugins"],
        ["policy", "schema"],
    ],
)
def test_an_unwritable_output_file_is_a_usage_error_for_every_command(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One writer for ``-o FILE``: a path that cannot be written is exit 2 with the reason."""
    target = tmp_path / "missing-directory" / "out.txt"
    cache = ["--no-cache"] if argv[0] in ("check", "scan", "report", "baseline") else []
    assert main([*argv, *cache, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{target}: cannot write: No such file or directory" in err
