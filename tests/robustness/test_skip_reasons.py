"""A file privlint does not analyse is named with the real reason, through the CLI: a NUL byte is not "newer
syntax", and a file given explicitly that is not Python is said to be skipped, never parsed as Python or
passed over in silence."""

from __future__ import annotations

import pytest

from privlint.checks._examples import policy
from privlint.cli import main


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "privacy-policy.yaml").write_text(policy(), encoding="utf-8")
    (tmp_path / "app.py").write_text("import stripe\n", encoding="utf-8")
    return tmp_path


def scan(capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["scan", "--jobs", "1", "--no-cache", *args])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    "source, where",
    [
        (b"x = 1\x00\n", "line 1, column 6"),
        (b"# note\x00\nemail = 1\n", "line 1, column 7"),
        (b's = "a\x00"\n', "line 1, column 7"),
    ],
    ids=["code", "comment", "string"],
)
def test_nul_bytes_are_named_as_such(project, capsys, source, where):
    (project / "blob.py").write_bytes(source)
    code, out = scan(capsys, ".")
    assert code == 0
    assert f"skipped blob.py: contains a NUL byte at {where}: not Python source text (binary or corrupted?)" in out
    assert "newer syntax" not in out


def test_an_explicit_non_python_file_is_skipped_by_scan(project, capsys):
    (project / "README.md").write_text("# Shop\n\nSee `app.py`.\n", encoding="utf-8")
    (project / "manage").write_text("#!/usr/bin/env python3\nimport stripe\n", encoding="utf-8")
    code, out = scan(capsys, "README.md", "manage")
    assert code == 0
    assert "skipped README.md: not a Python file (no .py extension or python #! line)" in out
    assert "SyntaxError" not in out
    assert "skipped manage" not in out  # a python #! script is analysed


def test_an_explicit_non_python_file_is_reported_by_check(project, capsys):
    (project / "README.md").write_text("# Shop\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["check", "--jobs", "1", "--no-cache", "README.md"])
    out = capsys.readouterr().out
    assert code == 1
    assert "README.md:1:1: PRV001 [warning] file not analysed: not a Python file" in out
