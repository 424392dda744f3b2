"""Configuration sinks through the CLI: SDK settings that ship personal data by themselves.

``sentry_sdk.init(send_default_pii=True)`` makes Sentry attach the signed-in user's email and username,
the client IP address and cookies to every event, with no call in the code passing them. privlint reports
one flow per category at the init call, with the setting as evidence, and the checks word it so: "... is
sent to sentry through the setting send_default_pii=True of sentry_sdk.init ...". Settings set off, left
out, or not literal are negatives; catalogue files and plugins add settings of their own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sink_helpers import run_cli

from privlint import plugin_manager
from privlint.catalogue import SettingRule
from privlint.checks._examples import CATEGORIES, PURPOSES, STRIPE, policy
from privlint.hookspecs import hookimpl

SENTRY = """\
  - id: sentry
    kind: error_monitoring
    role: processor
    locations: [DE]
    categories: [user.device.ip_address]
    purposes: [analytics.reporting]
"""

MONITORING = """\
import os

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

if os.environ.get("ENV") == "staging":
    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], integrations=[DjangoIntegration()], send_default_pii=True)
else:
    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], integrations=[DjangoIntegration()], send_default_pii=False)


def quiet_init(dsn):
    sentry_sdk.init(dsn=dsn)


def configured_init(dsn, settings):
    sentry_sdk.init(dsn=dsn, send_default_pii=settings.SENTRY_SEND_PII)
"""

SENT = ["user.account.username", "user.contact.email", "user.device.cookie_id", "user.device.ip_address"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "monitoring.py").write_text(MONITORING)
    (tmp_path / "privacy-policy.yaml").write_text(policy(recipients=STRIPE + SENTRY))
    monkeypatch.chdir(tmp_path)
    return tmp_path


_run = run_cli


def test_scan_reports_what_the_setting_sends(project: Path, capsys) -> None:
    code, out, _ = _run(capsys, "scan", ".", "--output-format", "json")
    assert code == 0
    flows = json.loads(out)["flows"]
    assert sorted(f["category"] for f in flows) == SENT, "only the literal True at line 7 discloses"
    for flow in flows:
        assert flow["sink"] == {"kind": "third_party", "recipient": "sentry", "host": None, "callee": "sentry_sdk.init"}
        assert flow["location"]["line"] == 7
        assert flow["source"]["evidence"] == "setting send_default_pii=True"
        assert (flow["source"]["line"], flow["source"]["column"]) == (7, 87)  # the keyword itself


def test_check_names_the_setting(project: Path, capsys) -> None:
    code, out, _ = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 1
    findings = {f["code"]: f for f in json.loads(out)["findings"]}
    assert set(findings) == {"PRV201", "PRV203"}
    declared_only = findings["PRV203"]
    assert declared_only["location"]["line"] == 7
    assert declared_only["categories"] == ["user.contact.email"]
    assert declared_only["message"] == (
        "user.contact.email is sent to sentry through the setting send_default_pii=True of sentry_sdk.init, "
        "which is declared only for: user.device.ip_address"
    )
    assert declared_only["hint"].startswith("turn send_default_pii=True off, or add")
    undeclared = findings["PRV201"]  # categories the policy never mentions
    assert undeclared["categories"] == ["user.account.username", "user.device.cookie_id"]
    assert "through the setting send_default_pii=True of sentry_sdk.init" in undeclared["message"]


def test_an_undeclared_monitoring_vendor_is_named_with_the_setting(project: Path, capsys) -> None:
    (project / "privacy-policy.yaml").write_text(policy())
    code, out, _ = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 1
    prv202 = [f for f in json.loads(out)["findings"] if f["code"] == "PRV202"]
    assert len(prv202) == 1
    assert "sent to sentry through the setting send_default_pii=True of sentry_sdk.init" in prv202[0]["message"]
    assert prv202[0]["hint"].endswith("or turn send_default_pii=True off")


def test_a_policy_declaring_what_the_setting_sends_passes(project: Path, capsys) -> None:
    sent = ", ".join(SENT)
    declared = SENTRY.replace("categories: [user.device.ip_address]", f"categories: [{sent}]")
    extra_categories = "".join(f"  - {{key: {c}, retention: {{duration: P90D}}}}\n" for c in SENT[:3:2])
    purposes = PURPOSES.replace("categories: [user.device.ip_address]", f"categories: [{sent}]")
    text = policy(recipients=STRIPE + declared, categories=CATEGORIES + extra_categories, purposes=purposes)
    (project / "privacy-policy.yaml").write_text(text)
    code, out, _ = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 0, json.loads(out)["findings"]


def test_sarif_shows_the_setting_as_the_source(project: Path, capsys) -> None:
    _, out, _ = _run(capsys, "check", ".", "--output-format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    steps = results[0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert steps[0]["location"]["message"]["text"] == "source: setting send_default_pii=True"
    assert steps[-1]["location"]["message"]["text"] == "sink: sentry_sdk.init"


CATALOGUE = """\
version: 1
recipients:
  - id: acme_apm
    name: ACME APM
    kind: observability
    locations: [US]
    packages: [acme_apm]
    settings:
      - {pattern: acme_apm.configure, keyword: capture_user, value: full, categories: [user.contact.email]}
settings:
  - {pattern: acme_apm.configure, keyword: record_ip, value: 1, recipient: acme_apm,
     categories: [user.device.ip_address]}
"""


def test_catalogue_files_add_settings(project: Path, capsys) -> None:
    (project / "acme.yaml").write_text(CATALOGUE)
    (project / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["acme.yaml"]\n')
    (project / "app" / "apm.py").write_text(
        "import acme_apm\n\n"
        'acme_apm.configure(capture_user="full", record_ip=1)\n'
        'acme_apm.configure(capture_user="ids", record_ip=True)\n'  # other values, and True is not 1
    )
    code, out, _ = _run(capsys, "scan", ".", "--output-format", "json")
    assert code == 0
    flows = [f for f in json.loads(out)["flows"] if f["location"]["path"] == "app/apm.py"]
    assert {(f["location"]["line"], f["category"], f["sink"]["recipient"], f["source"]["evidence"]) for f in flows} == {
        (3, "user.contact.email", "acme_apm", "setting capture_user='full'"),
        (3, "user.device.ip_address", "acme_apm", "setting record_ip=1"),
    }


def test_a_setting_naming_an_unknown_recipient_is_a_usage_error(project: Path, capsys) -> None:
    (project / "acme.yaml").write_text(CATALOGUE.replace("recipient: acme_apm", "recipient: acme_apn"))
    (project / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["acme.yaml"]\n')
    code, _, err = _run(capsys, "scan", ".")
    assert code == 2
    assert "acme.yaml:11:" in err and "unknown recipient 'acme_apn'" in err and "did you mean 'acme_apm'" in err


def test_a_malformed_setting_is_a_usage_error(project: Path, capsys) -> None:
    (project / "acme.yaml").write_text(CATALOGUE.replace(", categories: [user.contact.email]", ""))
    (project / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["acme.yaml"]\n')
    code, _, err = _run(capsys, "scan", ".")
    assert code == 2
    assert "acme.yaml:9:" in err and "categories" in err


class ObservabilityPlugin:
    @hookimpl
    def privlint_settings(self, config):
        return [SettingRule("sentry_sdk.init", "attach_user", True, ("user.contact.email",), "sentry")]


def test_plugins_add_settings(project: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    real = plugin_manager.load_plugins

    def load(*args, **kwargs):
        plugins = real(*args, **kwargs)
        plugins.manager.register(ObservabilityPlugin(), name="observability")
        return plugins

    monkeypatch.setattr(plugin_manager, "load_plugins", load)
    (project / "app" / "monitoring.py").write_text("import sentry_sdk\n\nsentry_sdk.init(dsn='x', attach_user=True)\n")
    code, out, _ = _run(capsys, "scan", ".", "--output-format", "json")
    assert code == 0
    flows = json.loads(out)["flows"]
    assert [(f["category"], f["sink"]["recipient"], f["source"]["evidence"]) for f in flows] == [
        ("user.contact.email", "sentry", "setting attach_user=True")
    ]
