"""examples/plugin is a real third-party plugin: pip-install it and watch privlint use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from privlint.plugin_manager import AUTOLOAD_ENV

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "plugin"

APP = """\
from acme_crm import CrmClient

crm = CrmClient(api_key="key")


def sync_customer(customer):
    crm.contacts.upsert({"email": customer.email, "plan": customer.plan})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(EXAMPLE)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return target


def run(site: Path, cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    merged = {key: value for key, value in os.environ.items() if key != AUTOLOAD_ENV}
    merged.update(PYTHONPATH=str(site), **(env or {}))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=merged, capture_output=True, text=True, timeout=120)


def test_installed_plugin_is_listed_with_its_recipient(site, tmp_path):
    out = run(site, tmp_path, "-m", "privlint", "plugins", "--format", "json")
    assert out.returncode == 0, out.stderr
    plugins = {p["name"]: p for p in json.loads(out.stdout)["plugins"]}
    acme = plugins["acme_crm"]
    assert (acme["source"], acme["origin"], acme["version"]) == ("entry point", "privlint-acme-crm", "1.0.0")
    assert [r["id"] for r in acme["recipients"]] == ["acme_crm"]
    assert acme["counts"]["sanitizers"] == 1
    assert "recipients" in plugins  # the built-ins are still there

    out = run(site, tmp_path, "-m", "privlint", "plugins", "--format", "json", "-p", "no:acme_crm")
    assert "acme_crm" not in {p["name"] for p in json.loads(out.stdout)["plugins"]}

    # like PYTEST_DISABLE_PLUGIN_AUTOLOAD: installed plugins off, built-ins still on
    out = run(site, tmp_path, "-m", "privlint", "plugins", "--format", "json", env={AUTOLOAD_ENV: "1"})
    names = {p["name"] for p in json.loads(out.stdout)["plugins"]}
    assert "recipients" in names and "acme_crm" not in names


def test_installed_plugin_detects_its_sdk_in_a_scan(site, tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "crm_sync.py").write_text(APP)
    out = run(site, tmp_path, "-m", "privlint", "scan", "app", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["errors"] == [] and data["complete"]
    to_acme = [f for f in data["flows"] if f["sink"]["recipient"] == "acme_crm"]
    assert to_acme, data["flows"]
    assert to_acme[0]["category"] == "user.contact.email"
    assert to_acme[0]["location"]["path"] == "app/crm_sync.py"

    # without the plugin the same code reaches no known recipient
    out = run(site, tmp_path, "-m", "privlint", "scan", "app", "--format", "json", "-p", "no:acme_crm")
    assert [f["sink"]["recipient"] for f in json.loads(out.stdout)["flows"]] == []


def test_the_plugins_own_examples_pass(site):
    out = run(
        site,
        REPO,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        str(REPO / "tests" / "plugins" / "test_plugin_examples.py"),
        "-k",
        "acme_crm",
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "4 passed" in out.stdout
