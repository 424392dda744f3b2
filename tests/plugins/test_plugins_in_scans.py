"""Plugins as a user meets them in ``privlint scan``: config catalogues, blocking, local opt-in."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from privlint.cli import main

APP = """\
import acme_billing
from acme_crm import CrmClient

crm = CrmClient("key")


def checkout(user):
    acme_billing.charge_card(user.email, amount=100)
    crm.contacts.upsert({"email": user.email})
"""

CATALOGUE = """\
recipients:
  - id: acme_crm
    name: ACME CRM
    kind: crm
    locations: [DE]
    packages: [acme_crm]
sinks:
  - pattern: acme_billing.charge_card   # our in-house wrapper around Stripe
    recipient: stripe
"""

LOCAL_PLUGIN = """\
from pathlib import Path

from privlint.catalogue import Recipient
from privlint.hookspecs import hookimpl

Path(__file__).with_name("IMPORTED").write_text("the scanned repository's code ran")


@hookimpl
def privlint_recipients():
    return [Recipient(id="local_vendor", name="Local vendor", kind="other", packages=("local_vendor_sdk",))]
"""

LOCAL_APP = """\
import local_vendor_sdk


def sync(user):
    local_vendor_sdk.push(user.email)
"""


def make_repo(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def scan_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["scan", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def recipients_of(data: dict) -> set[str]:
    return {flow["sink"]["recipient"] for flow in data["flows"] if flow["sink"]["recipient"]}


def test_config_catalogue_teaches_inhouse_sdk_and_wrapper(tmp_path, monkeypatch, capsys):
    make_repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.privlint]\ncatalogues = ["privacy/acme.yaml"]\n',
            "privacy/acme.yaml": CATALOGUE,
            "app/checkout.py": APP,
        },
    )
    monkeypatch.chdir(tmp_path)
    code, data = scan_json(capsys, "app")
    assert code == 0
    assert recipients_of(data) == {"acme_crm", "stripe"}
    wrapper = next(f for f in data["flows"] if f["sink"]["recipient"] == "stripe")
    assert wrapper["sink"]["callee"] == "acme_billing.charge_card"

    code, data = scan_json(capsys, "app", "-p", "no:privacy/acme.yaml")
    assert recipients_of(data) == set()


def test_broken_config_catalogue_stops_the_scan_with_its_position(tmp_path, monkeypatch, capsys):
    make_repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.privlint]\ncatalogues = ["acme.yaml"]\n',
            "acme.yaml": CATALOGUE.replace("kind: crm", "kind: CRM"),
            "app/checkout.py": APP,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "app"]) == 2
    err = capsys.readouterr().err
    assert "acme.yaml:4:11: recipients[acme_crm].kind: expected one of" in err
    assert "Traceback" not in err


def test_builtin_catalogue_can_be_disabled_by_option_and_config(tmp_path, monkeypatch, capsys):
    make_repo(
        tmp_path, {"app/billing.py": "import stripe\n\ndef f(user):\n    stripe.Customer.create(email=user.email)\n"}
    )
    monkeypatch.chdir(tmp_path)
    assert recipients_of(scan_json(capsys, "app")[1]) == {"stripe"}
    assert recipients_of(scan_json(capsys, "app", "-p", "no:recipients")[1]) == set()
    (tmp_path / "pyproject.toml").write_text('[tool.privlint]\ndisable-plugins = ["recipients"]\n')
    assert recipients_of(scan_json(capsys, "app")[1]) == set()


def test_plugin_modules_in_the_scanned_repo_are_not_loaded(tmp_path, monkeypatch, capsys):
    """A plugin-shaped module in the scanned tree is only code to analyse, never imported."""
    make_repo(
        tmp_path,
        {"privlint_plugin.py": LOCAL_PLUGIN, "conftest.py": LOCAL_PLUGIN, "app/sync.py": LOCAL_APP},
    )
    monkeypatch.chdir(tmp_path)
    code, data = scan_json(capsys, ".")
    assert code == 0
    assert "local_vendor" not in recipients_of(data)
    assert not (tmp_path / "IMPORTED").exists()


def test_local_plugins_listed_in_config_need_the_opt_in(tmp_path, monkeypatch, capsys):
    make_repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.privlint]\nplugins = ["privlint_local.vendor"]\n',
            "privlint_local/__init__.py": "",
            "privlint_local/vendor.py": LOCAL_PLUGIN,
            "app/sync.py": LOCAL_APP,
        },
    )
    monkeypatch.chdir(tmp_path)
    code, data = scan_json(capsys, "app")
    assert code == 0  # the scan goes on without the plugin, and says it is incomplete
    assert not (tmp_path / "privlint_local" / "IMPORTED").exists()
    assert recipients_of(data) == set()
    (error,) = data["errors"]
    assert error["plugin"] == "privlint_local.vendor" and "PRIVLINT_ALLOW_LOCAL_PLUGINS=1" in error["message"]

    # The repository's own config cannot opt in; the environment of whoever runs privlint can.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.privlint]\nallow-local-plugins = true\nplugins = ["privlint_local.vendor"]\n'
    )
    code, data = scan_json(capsys, "app")
    assert not (tmp_path / "privlint_local" / "IMPORTED").exists()
    monkeypatch.setenv("PRIVLINT_ALLOW_LOCAL_PLUGINS", "1")
    code, data = scan_json(capsys, "app")
    assert code == 0
    assert recipients_of(data) == {"local_vendor"}
    assert (tmp_path / "privlint_local" / "IMPORTED").exists()


@pytest.fixture(autouse=True)
def _forget_local_modules():
    import sys

    yield
    for name in [n for n in sys.modules if n.split(".")[0] in ("privlint_local", "privlint_plugin", "conftest")]:
        del sys.modules[name]


def test_check_holds_a_catalogue_recipient_to_the_policy(tmp_path, monkeypatch, capsys):
    """A recipient taught by a catalogue file is a recipient like any other: undeclared -> PRV202."""
    from privlint.checks._examples import policy

    make_repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.privlint]\ncatalogues = ["privacy/acme.yaml"]\npolicy = "privacy-policy.yaml"\n',
            "privacy/acme.yaml": CATALOGUE,
            "app/checkout.py": APP,
        },
    )
    (tmp_path / "privacy-policy.yaml").write_text(policy(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "app", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    findings = document["findings"] if isinstance(document, dict) else document
    undeclared = [f for f in findings if f["code"] == "PRV202"]
    assert code == 1
    assert [f["flow"]["sink"]["recipient"] for f in undeclared] == ["acme_crm"]
    assert undeclared[0]["location"]["path"].endswith("app/checkout.py")
