"""Fixtures for the policy-model tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def write_policy(tmp_path: Path):
    def write(text: str, name: str = "privacy-policy.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
