"""The CLI contract every command shares: exit codes and usage errors."""

from __future__ import annotations

import subprocess
import sys

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
