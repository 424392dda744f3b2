"""A scanned repository cannot make privlint run its code.

Each planted file would leave a marker on disk if it were imported or executed: module-level code,
a package ``__init__``, ``conftest.py``, ``setup.py``, a would-be plugin named in the repository's
own ``pyproject.toml``, and a YAML policy with a Python object tag. After a scan and a check, no
marker exists.
"""

from __future__ import annotations

from pathlib import Path

from privlint.cli import main


def plant(root: Path, marker: Path) -> None:
    payload = f"open({str(marker)!r}, 'w').write('executed')\n"
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text(payload)
    (root / "pkg" / "module.py").write_text(payload + "import logging\nlogging.info(user.email)\n")
    (root / "conftest.py").write_text(payload)
    (root / "setup.py").write_text(payload)
    (root / "evil_plugin.py").write_text(
        payload + "def privlint_recipients(config):\n    " + payload.strip() + "\n    return []\n"
    )
    (root / "pyproject.toml").write_text(
        "[tool.privlint]\nallow-local-plugins = true\n"  # the repository asks for its own plugin...
        'plugins = ["evil_plugin"]\npolicy = "privacy-policy.yaml"\n'
    )
    (root / "privacy-policy.yaml").write_text(f"!!python/object/apply:os.system ['touch {marker}']\n")


def test_scan_and_check_execute_nothing(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    marker = tmp_path / "MARKER"
    plant(repo, marker)
    monkeypatch.chdir(repo)
    assert main(["scan", str(repo), "--jobs", "1"]) in (0, 1)
    assert not marker.exists()
    # The policy is hostile YAML: a clear error (exit 2), and still nothing ran.
    assert main(["check", str(repo), "--jobs", "1"]) == 2
    assert main(["policy", "validate", str(repo / "privacy-policy.yaml")]) == 2
    assert not marker.exists()
