"""The whole CPython standard library: a large, real, awkward corpus (test files with deliberate
syntax errors, bad encodings, Python 2 relics) that must complete with every file accounted for."""

from __future__ import annotations

import json
import os
import sysconfig
from pathlib import Path

import pytest

from privlint.cli import main

STDLIB = Path(sysconfig.get_paths()["stdlib"])


# Third-party packages installed into the interpreter are not the standard library: excluded through
# the config, as a user would.
EXCLUDED = {"site-packages", "dist-packages"}


def python_files(root: Path) -> set[str]:
    """What discovery must account for: ``.py`` files, not following directory symlinks, minus the
    directories privlint always skips and the excluded ones."""
    found = set()
    skipped_dirs = {"__pycache__", ".git", "node_modules", ".venv", ".privlint_cache", *EXCLUDED}
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skipped_dirs]
        for name in files:
            if name.endswith(".py"):
                found.add(Path(directory, name).relative_to(root).as_posix())
    return found


@pytest.mark.skipif(not STDLIB.is_dir(), reason="no standard library sources on this Python")
def test_stdlib_scan_accounts_for_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "pyproject.toml"
    excludes = ", ".join(f'"{d}/"' for d in sorted(EXCLUDED))
    config.write_text(f"[tool.privlint]\nexclude = [{excludes}]\n")
    argv = ["scan", str(STDLIB), "--output-format", "json", "--no-cache", "--jobs", "2", "--config", str(config)]
    code = main(argv)
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "Traceback" not in captured.err
    report = json.loads(captured.out)
    skipped = {s["path"] for s in report["files"]["skipped"]}
    expected = python_files(STDLIB)
    assert report["files"]["analyzed"] + len(skipped) == len(expected)
    assert skipped <= expected
    # The test suite's deliberately broken files are skipped with a reason, not lost.
    assert all(s["reason"] for s in report["files"]["skipped"])
