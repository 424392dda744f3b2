"""A project in a real git repository for the ``privlint diff`` and ``policy suggest`` tests: files, commits,
and the CLI run in-process (a uniquely named module, since tests/ directories have no __init__.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from privlint.checks._examples import MIXPANEL, STRIPE, policy
from privlint.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CARD_ONLY_TO_STRIPE = """\
prohibitions:
  - id: card-only-to-stripe
    rule: no_third_party
    categories: [user.financial.credit_card]
    except_recipients: [stripe]
    statement: Card data goes to our payment provider only.
"""
# A policy whose comments a patch must keep.
POLICY = (
    "# Acme's privacy policy (the comments must survive every edit)\n"
    + policy(
        recipients="  # our payment provider\n" + STRIPE + "  # product analytics, EU\n" + MIXPANEL,
        extra=CARD_ONLY_TO_STRIPE,
    )
    + "# end of policy\n"
)
BILLING = """\
import stripe


def charge(user):
    stripe.Customer.create(email=user.email, name=user.name)
"""


class Project:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.email=t@example.com", "-c", "user.name=T", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> tuple[int, dict]:
        code, out, _ = self.run(*args, "--output-format", "json")
        return code, json.loads(out)

    def findings(self) -> list[tuple[str, str, int]]:
        _, report = self.json("check", "--jobs", "1")
        return sorted((f["code"], f["location"]["path"], f["location"]["line"]) for f in report["findings"])


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Project:
    """A committed project (branch main) with a policy, stripe billing and a pyproject; caches under tmp."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    proj = Project(root, capsys)
    proj.write("privacy-policy.yaml", POLICY)
    proj.write("pyproject.toml", '[project]\nname = "shop"\n\n[tool.privlint]\npolicy = "privacy-policy.yaml"\n')
    proj.write("app/__init__.py", "")
    proj.write("app/billing.py", BILLING)
    proj.git("init", "-q", "-b", "main")
    proj.commit("base")
    return proj


@pytest.fixture
def optimer(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Project:
    """A copy of the Optimer example (policy and application), not under git."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = tmp_path / "optimer"
    shutil.copytree(EXAMPLES / "optimer", root, ignore=shutil.ignore_patterns(".privlint_cache"))
    monkeypatch.chdir(root)
    return Project(root, capsys)
