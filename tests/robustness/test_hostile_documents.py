"""Hostile YAML and TOML (a pull request may carry them) end a run with exit 2 and a message, within
bounded time and memory: a nine-line "billion laughs" policy used to take 2 GB and minutes of CI."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from privlint.checks._examples import policy

MEMORY_LIMIT = 1024 * 1024 * 1024  # address space for the child; the bombs needed more than 2 GB before
TIMEOUT = 120  # seconds: generous for a loaded CI machine; a bounded run takes about one


def alias_bomb(first_line: str) -> str:
    """Nine levels of nine aliases: 9**9 (387 million) values once expanded."""
    lines = [first_line, 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    return "\n".join(lines) + "\n"


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def privlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "privlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=limit_memory,
        check=False,
    )


def test_alias_bomb_policy_is_refused(tmp_path):
    (tmp_path / "privacy-policy.yaml").write_text(alias_bomb('privlint: "1.0"'), encoding="utf-8")
    done = privlint(tmp_path, "policy", "validate", "privacy-policy.yaml")
    assert done.returncode == 2, done.stderr
    assert "privacy-policy.yaml:2:8: PRV100 f[0][3][3][7][2][0]: aliases expand the document past 100,000 values" in (
        done.stdout
    )
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    done = privlint(tmp_path, "check", "--jobs", "1", "--no-cache", ".")
    assert done.returncode == 2, done.stderr
    assert "aliases expand the document" in done.stdout


def test_alias_bomb_catalogue_is_refused(tmp_path):
    (tmp_path / "privacy-policy.yaml").write_text(policy(), encoding="utf-8")
    (tmp_path / "vendors.yaml").write_text(alias_bomb("kind: crm"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["vendors.yaml"]\n', encoding="utf-8")
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    done = privlint(tmp_path, "check", "--jobs", "1", "--no-cache")
    assert done.returncode == 2, done.stderr
    assert "vendors.yaml:2:8: f[0][3][3][7][2][0]: aliases expand the document past 100,000 values" in done.stderr


@pytest.mark.parametrize("name", ["privacy-policy.yaml", "vendors.yaml", "pyproject.toml"])
def test_oversized_files_are_refused_unread(tmp_path, name):
    (tmp_path / "privacy-policy.yaml").write_text(policy(), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["vendors.yaml"]\n', encoding="utf-8")
    (tmp_path / "vendors.yaml").write_text("kind: crm\n", encoding="utf-8")
    with (tmp_path / name).open("a", encoding="utf-8") as handle:
        handle.write("# padding\n" * (1024 * 1024 + 1))  # just over 10 MB
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    done = privlint(tmp_path, "check", "--jobs", "1", "--no-cache")
    assert done.returncode == 2, done.stderr
    assert f"{name}:" in done.stdout + done.stderr
    assert "larger than 10 MB" in done.stdout + done.stderr
