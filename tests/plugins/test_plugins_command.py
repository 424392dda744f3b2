"""``privlint plugins``: the user's view of what is loaded."""

from __future__ import annotations

import json

from privlint.cli import main


def test_text_table_lists_the_builtin_catalogue(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["plugin", "version", "source", "recipients"]
    recipients_row = next(row for row in rows if row.startswith("recipients "))
    assert recipients_row.split()[2] == "built-in"
    assert int(recipients_row.split()[3]) >= 40
    assert "stripe" in out and "google_analytics" in out


def test_json_lists_every_recipient_id(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["plugins", "--output-format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == []
    (recipients,) = [p for p in data["plugins"] if p["name"] == "recipients"]
    ids = [r["id"] for r in recipients["recipients"]]
    assert ids == sorted(ids) and {"stripe", "aws", "smtp", "opentelemetry"} <= set(ids)
    assert recipients["counts"]["recipients"] == len(ids)
    assert recipients["hooks"] == ["privlint_catalogue_files"]
    stripe = next(r for r in recipients["recipients"] if r["id"] == "stripe")
    assert stripe["kind"] == "payment" and stripe["locations"] == ["US"] and "api.stripe.com" in stripe["hosts"]


def test_format_alias_blocking_and_output_file(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["plugins", "--format", "json", "-p", "no:recipients", "-o", "out.json"]) == 0
    assert capsys.readouterr().out == ""
    data = json.loads((tmp_path / "out.json").read_text())
    assert "recipients" not in [p["name"] for p in data["plugins"]]


def test_config_catalogue_shows_up_and_a_bad_one_exits_2(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.privlint]\ncatalogues = ["acme.yaml"]\n')
    (tmp_path / "acme.yaml").write_text("recipients:\n  - {id: acme_crm, name: ACME CRM, kind: crm}\n")
    assert main(["plugins", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    acme = next(p for p in data["plugins"] if p["name"] == "acme.yaml")
    assert acme["source"] == "catalogue file" and [r["id"] for r in acme["recipients"]] == ["acme_crm"]

    (tmp_path / "acme.yaml").write_text("recipients:\n  - {id: acme_crm, name: ACME CRM, kind: crn}\n")
    assert main(["plugins"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "acme.yaml:2:42: recipients[acme_crm].kind: expected one of" in captured.err
    assert "did you mean 'crm'?" in captured.err
    assert "Traceback" not in captured.err


def test_a_failing_plugin_is_listed_on_stderr_and_exits_2(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRIVLINT_ALLOW_LOCAL_PLUGINS", "1")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.privlint]\nallow-local-plugins = true\nplugins = ["privlint_failing_plugin"]\n'
    )
    (tmp_path / "privlint_failing_plugin.py").write_text(
        "from privlint.hookspecs import hookimpl\n\n\n@hookimpl\ndef privlint_sinks():\n"
        "    raise ConnectionError('vendor registry unreachable')\n"
    )
    try:
        assert main(["plugins", "--format", "json"]) == 2
    finally:
        import sys

        sys.modules.pop("privlint_failing_plugin", None)
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["errors"] == [
        {
            "code": "PRV000",
            "plugin": "privlint_failing_plugin",
            "message": "privlint_sinks raised ConnectionError: vendor registry unreachable",
        }
    ]
    assert "PRV000 plugin privlint_failing_plugin: privlint_sinks raised ConnectionError" in captured.err
    assert any(p["name"] == "recipients" for p in data["plugins"])  # everything else still listed


def test_contributing_example_entry_is_valid():
    """The recipient entry documented in CONTRIBUTING.md passes the schema (docs cannot drift)."""
    import re
    from pathlib import Path

    from privlint.catalogue_loader import load_catalogue_text

    text = (Path(__file__).resolve().parents[2] / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert block is not None
    catalogue = load_catalogue_text("recipients:\n" + block.group(1), "CONTRIBUTING.md")
    (recipient,) = catalogue.recipients
    assert recipient.id == "acme_pay" and recipient.examples.flows and recipient.examples.no_flows
