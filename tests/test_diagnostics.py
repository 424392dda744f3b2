"""The policy, catalogue files and ``[tool.privlint]`` report mistakes in one format, through the CLI:
``FILE:LINE:COL: key.path: problem (hint or did you mean ...?)``."""

from __future__ import annotations

import re

import pytest

from privlint.checks._examples import policy
from privlint.cli import main

FORMAT = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<key>[^ ]+): (?P<problem>.+) \((?P<hint>.+)\)$"
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "privacy-policy.yaml").write_text(policy(), encoding="utf-8")
    (tmp_path / "vendors.yaml").write_text("kind: crm\nrecipients:\n  - {id: acme, name: Acme}\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["vendors.yaml"]\n', encoding="utf-8")
    return tmp_path


def error_line(capsys, *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 2
    captured = capsys.readouterr()
    lines = [line.removeprefix("privlint: error: ") for line in (captured.out + captured.err).splitlines()]
    return next(line for line in lines if FORMAT.match(line.replace(" PRV100 ", " ")))


def test_unknown_keys_read_alike_in_all_three_files(project, capsys):
    policy_file = project / "privacy-policy.yaml"
    policy_file.write_text(policy().replace("legal_basis: contract", "legal_bassis: contract"), encoding="utf-8")
    assert error_line(capsys, "policy", "validate", "privacy-policy.yaml") == (
        "privacy-policy.yaml:11:5: PRV100 purposes[essential.service.payment_processing].legal_bassis: "
        "unknown key 'legal_bassis' (did you mean 'legal_basis'?)"
    )
    policy_file.write_text(policy(), encoding="utf-8")

    (project / "vendors.yaml").write_text("kind: crm\nrecipients:\n  - {id: acme, name: Acme, hostz: []}\n")
    assert error_line(capsys, "check", "--jobs", "1") == (
        f"{project / 'vendors.yaml'}:3:28: recipients[acme].hostz: unknown key 'hostz' (did you mean 'hosts'?)"
    )

    (project / "pyproject.toml").write_text('[tool.privlint]\ncatalogs = ["vendors.yaml"]\n', encoding="utf-8")
    assert error_line(capsys, "check", "--jobs", "1") == (
        f"{project / 'pyproject.toml'}:2:1: tool.privlint.catalogs: unknown key 'catalogs' (did you mean 'catalogues'?)"
    )
