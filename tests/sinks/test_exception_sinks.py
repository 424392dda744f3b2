"""The ``exception`` sink kind through the CLI: personal data in the message of a raised exception.

An exception's message ends up in the framework's error log and the error tracker, so it is judged by
``no_logging`` prohibitions (PRV211), reported in ``scan`` as its own kind, and shown as its own column
of the reviewer's report. Exceptions that carry only non-personal text are negatives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sink_helpers import run_cli

from privlint.checks._examples import NO_LOGS, policy

APP = """\
class PaymentError(Exception):
    pass


def charge(user):
    raise PaymentError(f"card declined for {user.email}")


def lookup(accounts, email):
    try:
        return accounts[email]
    except KeyError as exc:
        raise LookupError("no account for " + email) from exc


def verify(customer):
    raise PaymentError(message=f"cannot verify {customer.full_name}")


def refund(order, user):
    raise PaymentError(f"refund of order {order.id} for user {user.id} failed")


def retry(order):
    raise RuntimeError(f"order {order.id} failed after {order.attempts} attempts")


def missing(email):
    raise LookupError("no such account") from None
"""

POSITIVE_LINES = {6, 13, 17}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "billing.py").write_text(APP)
    (tmp_path / "privacy-policy.yaml").write_text(policy(extra=NO_LOGS))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code, out, _ = run_cli(capsys, *argv)
    return code, out


def test_scan_reports_exception_messages_as_their_own_kind(project: Path, capsys) -> None:
    code, out = _run(capsys, "scan", ".", "--output-format", "json")
    assert code == 0
    flows = json.loads(out)["flows"]
    exceptions = {(f["location"]["line"], f["category"]) for f in flows if f["sink"]["kind"] == "exception"}
    assert exceptions == {
        (6, "user.contact.email"),
        (13, "user.contact.email"),
        (17, "user.name"),
    }, "raise with personal data (f-string, concatenation with `from exc`, keyword) and nothing else"
    assert all(f["sink"]["kind"] == "exception" for f in flows)
    shown = next(f for f in flows if f["location"]["line"] == 6)["sink"]["callee"]
    assert shown.startswith("raise ") and shown.endswith("PaymentError")


def test_scan_text_groups_exceptions(project: Path, capsys) -> None:
    code, out = _run(capsys, "scan", ".")
    assert code == 0
    assert out.startswith("exception (3)")


def test_no_logging_covers_exception_messages(project: Path, capsys) -> None:
    code, out = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 1
    findings = json.loads(out)["findings"]
    assert {(f["code"], f["location"]["line"]) for f in findings} == {("PRV211", line) for line in POSITIVE_LINES}
    message = next(f["message"] for f in findings if f["location"]["line"] == 6)
    assert "exception message" in message and "prohibition 'no-pii-in-logs'" in message


def test_without_a_no_logging_prohibition_exceptions_are_not_violations(project: Path, capsys) -> None:
    (project / "privacy-policy.yaml").write_text(policy())
    code, out = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 0, out


def test_exception_findings_in_sarif_name_the_sink_kind(project: Path, capsys) -> None:
    code, out = _run(capsys, "check", ".", "--output-format", "sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    assert {r["properties"]["sink_kind"] for r in results} == {"exception"}
    assert {r["ruleId"] for r in results} == {"PRV211"}


def test_report_shows_exception_messages_as_an_internal_column(project: Path, capsys) -> None:
    code, out = _run(capsys, "report", ".", "--output-format", "md")
    assert code == 1
    assert "Exception messages (logs, error reports)" in out
    code, out = _run(capsys, "report", ".", "--output-format", "json")
    record = json.loads(out)
    assert record["analysis"]["flows"] == 3
    recipients = {(a["recipient"] or {}).get("id") for a in record["activities"]}
    assert "exceptions" not in recipients, "exception messages are not a recipient of the Art. 30 record"


SENTRY_SETUP = "import sentry_sdk\n\nsentry_sdk.init(dsn='https://k@o1.ingest.de.sentry.io/1', traces_sample_rate=1)\n"


def test_the_project_error_tracker_receives_the_exception_flows(project: Path, capsys) -> None:
    """Where the project installs an error tracker (``sentry_sdk.init``), the exceptions it raises reach that
    vendor: each exception flow names it, with the installing call in its trace, and the policy is asked whether
    the tracker may receive the category (PRV202 for an undeclared tracker)."""
    (project / "app" / "settings.py").write_text(SENTRY_SETUP)
    code, out = _run(capsys, "scan", ".", "--output-format", "json")
    flows = [f for f in json.loads(out)["flows"] if f["sink"]["kind"] == "exception"]
    assert {(f["location"]["line"], f["sink"]["recipient"]) for f in flows} == {
        (line, "sentry") for line in POSITIVE_LINES
    }
    assert all(f["trace"][-1]["path"] == "app/settings.py" and f["trace"][-1]["line"] == 3 for f in flows)
    (project / "privacy-policy.yaml").write_text(policy())  # no prohibition: the undeclared tracker is the finding
    code, out = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 1
    findings = json.loads(out)["findings"]
    assert {(f["code"], f["location"]["line"]) for f in findings} == {("PRV202", line) for line in POSITIVE_LINES}


def test_an_sdk_imported_but_not_installed_captures_nothing(project: Path, capsys) -> None:
    """Importing the SDK, or calling it for something else, installs no capture: the flows keep no recipient."""
    settings = "import sentry_sdk\n\ndef tag(plan):\n    sentry_sdk.set_tag('plan', plan)\n"
    (project / "app" / "settings.py").write_text(settings)
    _code, out = _run(capsys, "scan", ".", "--output-format", "json")
    flows = [f for f in json.loads(out)["flows"] if f["sink"]["kind"] == "exception"]
    assert len(flows) == 3 and all(f["sink"]["recipient"] is None for f in flows)
