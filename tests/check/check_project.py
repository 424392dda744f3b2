"""The realistic small project the ``privlint check`` tests run the CLI in (imported by conftest.py and
the tests; a uniquely named module, since tests/ directories have no __init__.py)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from privlint.checks._examples import MIXPANEL, NO_LOGS, STRIPE, policy
from privlint.cli import main

POLICY = policy(recipients=STRIPE + MIXPANEL, extra=NO_LOGS)

BILLING = """\
import logging

import stripe
from mixpanel import Mixpanel

logger = logging.getLogger(__name__)
mp = Mixpanel("token")


def charge(user):
    stripe.Customer.create(email=user.email, name=user.name)


def track_signup(user):
    mp.track(user.id, "signup", {"email": user.email})


def audit(user):
    logger.info("charged %s", user.email)
"""

CLEAN = """\
import stripe


def charge(user):
    stripe.Customer.create(email=user.email)
"""


class Project:
    """A project directory with a policy, a pyproject.toml and app code; runs the real CLI in it."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.capsys = capsys
        monkeypatch.chdir(root)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["check", "--jobs", "1", *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> tuple[int, dict]:
        code, out, _ = self.run("--output-format", "json", *args)
        return code, json.loads(out)

    def codes(self, *args: str) -> list[tuple[str, str, int]]:
        _, report = self.json(*args)
        return [(f["code"], f["location"]["path"], f["location"]["line"]) for f in report["findings"]]
