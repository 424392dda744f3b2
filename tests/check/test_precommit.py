"""End to end with the real ``pre-commit`` tool: this checkout (committed HEAD, cloned) is the hook
repository; pre-commit builds its own virtualenv and pip-installs privlint from the clone, then
guards commits in a throwaway project. ~20 s, most of it the one-time environment install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from check_project import CLEAN, POLICY

REPO = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
VIOLATION = (
    'from mixpanel import Mixpanel\n\nmp = Mixpanel("t")\n\n\n'
    'def track(user):\n    mp.track(user.id, "s", {"email": user.email})\n'
)

pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="needs pre-commit (dev extra), git and a git checkout of privlint",
)


def run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=240, check=False)
    done.stdout += done.stderr  # git shows hook output on stderr
    return done


def commit(cwd: Path, env: dict[str, str], message: str, *extra: str) -> subprocess.CompletedProcess[str]:
    identity = ("-c", "user.email=dev@example.com", "-c", "user.name=Dev")
    return run(cwd, env, "git", *identity, "commit", "-m", message, *extra)


def test_pre_commit_rejects_a_violation_and_accepts_clean_commits(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    hooks = tmp_path / "hookrepo"
    assert run(tmp_path, env, "git", "clone", "-q", str(REPO), str(hooks)).returncode == 0
    rev = run(hooks, env, "git", "rev-parse", "HEAD").stdout.strip()

    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "privacy-policy.yaml").write_text(POLICY)
    (project / "pyproject.toml").write_text('[tool.privlint]\npolicy = "privacy-policy.yaml"\n')
    (project / "app/__init__.py").write_text("")
    (project / "app/pay.py").write_text(CLEAN)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: privlint\n      - id: privlint-policy\n"
    )
    assert run(project, env, "git", "init", "-q", "-b", "main").returncode == 0
    installed = run(project, env, str(PRE_COMMIT), "install", "--install-hooks")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    run(project, env, "git", "add", ".")
    clean = commit(project, env, "clean")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "privlint policy" in clean.stdout and "Passed" in clean.stdout

    (project / "app/track.py").write_text(VIOLATION)
    run(project, env, "git", "add", "app/track.py")
    rejected = commit(project, env, "track signups")
    assert rejected.returncode == 1
    assert "app/track.py:7:5: PRV203" in rejected.stdout
    assert run(project, env, "git", "rev-list", "--count", "HEAD").stdout.strip() == "1"

    # existing debt in a file that is not staged does not block an unrelated clean change
    assert commit(project, env, "debt", "--no-verify").returncode == 0
    (project / "app/pay.py").write_text(CLEAN + "\n\ndef refund(charge_id):\n    return charge_id\n")
    run(project, env, "git", "add", "app/pay.py")
    accepted = commit(project, env, "refunds")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # a broken policy is caught by the policy hook
    (project / "privacy-policy.yaml").write_text(POLICY.replace("legal_basis: consent", "legal_basis: vibes"))
    run(project, env, "git", "add", "privacy-policy.yaml")
    broken = commit(project, env, "policy edit")
    assert broken.returncode != 0 and "privacy-policy.yaml" in broken.stdout
