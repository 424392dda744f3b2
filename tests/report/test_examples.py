"""``privlint report`` end to end on the example applications, through the CLI.

The report must show every violation ``privlint check`` finds (whether check finds all the planted
ones in examples/*/expected-findings.json is tests/examples' business), in every format, and the
HTML must open in headless Chromium with no console error and no network request, with the map and
the matrix visible.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from privlint.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
APPS = ("optimer", "optimibi")
REPO_URL = "https://github.com/acme/{commit}/{path}#L{line}"


def violations(app: str) -> list[dict]:
    """What ``privlint check`` reports for the example: the findings about a flow."""
    from privlint import api

    result = api.check([str(EXAMPLES / app)])
    return [
        {
            "code": f.code,
            "path": f.location.path,
            "line": f.location.line,
            "recipient": f.flow.sink.recipient or f.flow.sink.host,
        }
        for f in result.findings
        if f.flow is not None and f.severity != "info"
    ]


def run_report(app: str, fmt: str, out: Path, *extra: str) -> str:
    code = main(["report", str(EXAMPLES / app), "--format", fmt, "-o", str(out), *extra])
    assert code == 1  # planted violations: the same exit code as `privlint check`
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("app", APPS)
def test_html_report_shows_every_violation_check_finds(app, tmp_path, capsys):
    html = run_report(app, "html", tmp_path / "report.html", "--repo-url", REPO_URL)
    assert capsys.readouterr().out == ""  # the report went to the file; stdout stays clean
    found = violations(app)
    assert len(found) >= 4  # the planted violations the check finds
    assert f"Violations ({len(found)})" in html
    for finding in found:
        label = f"{finding['path']}:{finding['line']}"
        assert f"<code>{label}</code>" in html, label
        if finding["recipient"]:
            assert f"<code>{finding['recipient']}</code>" in html
    assert html.count('class="edge violation"') >= 2
    assert re.search(r'href="https://github.com/acme/[0-9a-f]{40}/examples/' + app, html)


@pytest.mark.parametrize("app", APPS)
def test_markdown_csv_json_reports(app, tmp_path):
    found = violations(app)
    text = run_report(app, "md", tmp_path / "report.md")
    assert "```mermaid\nflowchart LR" in text
    assert "-->|violation|" in text
    assert all(f"{f['path']}:{f['line']}" in text.replace("\\_", "_") for f in found)

    rows = list(csv.DictReader(io.StringIO(run_report(app, "csv", tmp_path / "ropa.csv"))))
    document = json.loads(run_report(app, "json", tmp_path / "ropa.json"))
    assert len(rows) == len(document["activities"]) > 0
    assert {r["status"] for r in rows} >= {"declared and observed", "observed, not declared"}
    undeclared = {a["recipient"]["id"] for a in document["activities"] if a["status"] == "observed, not declared"}
    assert undeclared >= {f["recipient"] for f in found if f["code"] == "PRV202"}
    observed = [a for a in document["activities"] if a["status"] == "declared and observed"]
    assert all(a["evidence"] and a["legal_basis"] for a in observed)


@pytest.mark.parametrize("app", APPS)
def test_example_report_opens_in_chromium(app, browser, tmp_path):
    page = tmp_path / f"{app}.html"
    run_report(app, "html", page)
    load = browser.load(page)
    assert (load.exceptions, load.console_errors, load.network_requests) == ([], [], [])
    boxes = browser.evaluate(
        "['#flow-map', '#matrix-table'].map(s => { const r = document.querySelector(s)"
        ".getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert all(w > 400 and h > 100 for w, h in boxes), boxes
    assert browser.evaluate("document.querySelectorAll('#flow-map path.edge.violation').length") >= 2
    shot = browser.screenshot(tmp_path / f"{app}.png", max_height=2500)
    assert shot.stat().st_size > 50_000


def test_art30_rows_tell_a_declared_recipient_from_an_undeclared_one(tmp_path):
    rows = list(csv.DictReader(io.StringIO(run_report("optimer", "csv", tmp_path / "ropa.csv"))))
    by_recipient = {r["recipient"]: r for r in rows if not r["purposes"]}  # rows no declared purpose covers
    sentry = by_recipient["sentry"]  # declared in the policy, only not for email (O8) nor what send_default_pii sends
    assert (sentry["activity"], sentry["status"]) == (
        "(no declared purpose)",
        "observed, recipient declared for other data",
    )
    assert sentry["activity_description"] == (
        "sentry is in the policy, but not for user.account.username, user.contact.email, user.device.cookie_id, "
        "user.device.ip_address"
    )
    assert "app/core/monitoring.py:10" in sentry["evidence"]  # the configuration sink is evidence of the disclosure
    mixpanel = by_recipient["mixpanel"]  # not in the policy at all
    assert (mixpanel["activity"], mixpanel["status"]) == ("(not in the policy)", "observed, not declared")
