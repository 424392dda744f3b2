"""``privlint rule CODE`` and the Python API ``privlint.api.check``."""

from __future__ import annotations

import json

from privlint import api
from privlint.cli import main


def test_rule_explains_a_code(capsys):
    assert main(["rule", "prv203"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PRV203 recipient-not-declared-for-category (error)")
    assert "Protects: recipients[ID].categories" in out
    assert "Fix: " in out and "Violates:" in out and "Complies:" in out


def test_rule_covers_policy_lint_and_meta_codes(capsys):
    for code in ("PRV000", "PRV001", "PRV104", "PRV302", "PRV901"):
        assert main(["rule", code]) == 0
        assert capsys.readouterr().out.startswith(code)


def test_rule_list_and_json(capsys):
    assert main(["rule", "--all"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == sorted(listed) and "PRV212" in listed and "PRV105" in listed
    assert main(["rule", "PRV211", "--output-format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "PRV211" and data["severity"] == "error" and data["help_uri"].endswith("PRV211.html")


def test_unknown_rule_is_a_usage_error(capsys):
    assert main(["rule", "PRV299"]) == 2
    assert "unknown rule 'PRV299'" in capsys.readouterr().err


def test_api_check(project):
    result = api.check(["."], jobs=1)
    assert [(f.code, f.location.line) for f in result.findings] == [("PRV203", 15), ("PRV211", 19)]
    assert result.policy_path and result.findings[0].flow is not None
    assert result.findings[0].clause == "recipients[mixpanel].categories"
