"""Text meant for a terminal never carries the scanned repository's control characters.

A file name or a URL literal in scanned code is attacker-controlled in CI on a pull request: an
escape sequence there could rewrite the log a reviewer reads (clear the screen, hide a finding).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint.cli import main

ESC = "\x1b"


def plant(root: Path) -> None:
    evil_name = root / f"evil{ESC}[2J{ESC}[31m.py"
    evil_name.write_text("import logging\n\ndef f(email):\n    logging.info(email)\n")
    (root / "net.py").write_text(
        "import requests\n\n"
        "def g(email):\n"
        f"    requests.post('https://{ESC}]8;;x{ESC}\\\\.example/hook', json={{'email': email}})\n"
    )


POLICY = 'privlint: "1.0"\ncontroller:\n  name: X\n  region: EEA\ncategories: []\npurposes: []\n'


@pytest.mark.parametrize(
    ("command", "output_format"),
    [("scan", "text"), ("check", "text"), ("check", "github"), ("check", "junit")],
)
def test_text_output_has_no_escape_sequences(command: str, output_format: str, tmp_path: Path, capsys) -> None:
    plant(tmp_path)
    (tmp_path / "privacy-policy.yaml").write_text(POLICY)
    main([command, str(tmp_path), "--output-format", output_format, "--jobs", "1", "--no-cache"])
    captured = capsys.readouterr()
    assert "evil" in captured.out  # the file is reported...
    assert ESC not in captured.out  # ...with its control characters made visible, not interpreted
    assert ESC not in captured.err
