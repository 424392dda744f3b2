"""A sink the user declared always wins (issue 14): a ``[tool.privlint] catalogues`` entry for an in-repo
wrapper is reported whatever the wrapper's body mentions and whether or not its package is scanned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privlint.cli import main

BODIES = {
    "inert": "def request(data):\n    x = 1\n",
    "mentions an ip": "def request(data):\n    x = ip\n",
    "passes data on": "def request(data):\n    ip = data\n    return ip\n",
}


@pytest.mark.parametrize("package", [False, True], ids=["no __init__", "package"])
@pytest.mark.parametrize("body", list(BODIES))
def test_a_declared_wrapper_sink_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], body: str, package: bool
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["cat.yaml"]\n')
    (tmp_path / "cat.yaml").write_text("version: 1\nsinks:\n  - pattern: pkg.lib.request\n    kind: network\n")
    (tmp_path / "pkg").mkdir()
    if package:
        (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "lib.py").write_text(BODIES[body])
    (tmp_path / "pkg" / "views.py").write_text(
        "from pkg.lib import request\n\ndef go(user):\n    request(user.email)\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["scan", ".", "--output-format", "json", "--no-cache"]) == 0
    flows = json.loads(capsys.readouterr().out)["flows"]
    assert [(f["location"]["path"], f["location"]["line"], f["category"], f["sink"]["callee"]) for f in flows] == [
        ("pkg/views.py", 4, "user.contact.email", "pkg.lib.request")
    ]
