"""Fixtures for the ``privlint check`` tests (helpers live in check_project.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from check_project import BILLING, POLICY, Project


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Project:
    proj = Project(tmp_path, capsys, monkeypatch)
    proj.write("privacy-policy.yaml", POLICY)
    proj.write("pyproject.toml", '[project]\nname = "shop"\n\n[tool.privlint]\npolicy = "privacy-policy.yaml"\n')
    proj.write("app/__init__.py", "")
    proj.write("app/billing.py", BILLING)
    return proj


@pytest.fixture
def make_project(tmp_path: Path, capsys, monkeypatch) -> Callable[..., Project]:
    def make(files: dict[str, str], policy_text: str = POLICY) -> Project:
        proj = Project(tmp_path, capsys, monkeypatch)
        proj.write("privacy-policy.yaml", policy_text)
        for name, text in files.items():
            proj.write(name, text)
        return proj

    return make
