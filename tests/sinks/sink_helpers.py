"""How the sink-kind tests run the CLI: one process-local call, one worker, no cache, output captured."""

from __future__ import annotations

import pytest

from privlint.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``privlint ARGV --jobs 1 --no-cache``."""
    capsys.readouterr()
    code = main([*argv, "--jobs", "1", "--no-cache"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
