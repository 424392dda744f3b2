"""The ``cookie`` sink kind through the CLI: personal data put in a cookie goes to the user's browser.

Django, Flask/Werkzeug and Starlette/FastAPI responses (``set_cookie``, ``set_signed_cookie``),
``http.cookies.SimpleCookie`` item assignment and Flask's cookie-backed ``session`` are cookie sinks;
the policy speaks to them with ``no_cookies`` prohibitions (PRV214). Ids, tokens and encrypted values in
cookies, cookies of an HTTP client and Django's server-side ``request.session`` are negatives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sink_helpers import run_cli

from privlint.checks._examples import policy
from privlint.cli import main

NO_COOKIES = """\
prohibitions:
  - id: cookies-hold-ids-only
    rule: no_cookies
    categories: [user.contact, user.name]
    statement: Our cookies hold pseudonymous identifiers, never contact details.
"""

DJANGO = """\
from django.http import JsonResponse
from django.shortcuts import redirect


def login(request, user):
    response = JsonResponse({"id": user.pk})
    response.set_cookie("remember_email", user.email, max_age=86400)
    response.set_cookie("uid", str(user.pk), httponly=True)
    return response


def greet(request, user):
    response = redirect("/home")
    response.set_signed_cookie("greeting_name", value=user.full_name)
    return response


def remember(request, user):
    request.session["email"] = user.email
"""

FLASK = """\
from http.cookies import SimpleCookie

import requests
from cryptography.fernet import Fernet
from flask import make_response, session

box = Fernet(b"k" * 44)


def login(user):
    resp = make_response("ok")
    resp.set_cookie("contact", box.encrypt(user.email.encode()))
    session["email"] = user.email
    session["user_id"] = user.id
    return resp


def legacy(user):
    cookie = SimpleCookie()
    cookie["contact"] = user.email
    return cookie.output()


def partner(user):
    client = requests.Session()
    client.cookies.set("theme", "dark")
    return client.get("https://partner.example/api", params={"id": user.id})
"""

FASTAPI = """\
from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/login")
def login(user, response: Response):
    response.set_cookie(key="name", value=user.full_name)
    response.set_cookie(key="session", value=user.session_token)
"""

EXPECTED = {
    ("app/django_views.py", 7, "user.contact.email"),
    ("app/django_views.py", 14, "user.name"),
    ("app/flask_views.py", 13, "user.contact.email"),
    ("app/flask_views.py", 20, "user.contact.email"),
    ("app/fastapi_views.py", 8, "user.name"),
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "django_views.py").write_text(DJANGO)
    (tmp_path / "app" / "flask_views.py").write_text(FLASK)
    (tmp_path / "app" / "fastapi_views.py").write_text(FASTAPI)
    (tmp_path / "privacy-policy.yaml").write_text(policy(extra=NO_COOKIES))
    monkeypatch.chdir(tmp_path)
    return tmp_path


FLASK_SESSION = ("app/flask_views.py", 13)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code, out, _ = run_cli(capsys, *argv)
    return code, out


def _cookie_flows(capsys) -> list[dict]:
    code, out = _run(capsys, "scan", ".", "--output-format", "json")
    assert code == 0
    return [f for f in json.loads(out)["flows"] if f["sink"]["kind"] == "cookie"]


def test_scan_reports_cookies_as_their_own_kind(project: Path, capsys) -> None:
    flows = _cookie_flows(capsys)
    unsanitised = {(f["location"]["path"], f["location"]["line"], f["category"]) for f in flows if not f["sanitized"]}
    assert unsanitised == EXPECTED
    encrypted = [f for f in flows if f["sanitized"]]
    assert [(f["location"]["line"], f["category"]) for f in encrypted] == [(12, "user.contact.email")]


def test_django_server_side_session_stays_storage(project: Path, capsys) -> None:
    _, out = _run(capsys, "scan", ".", "--output-format", "json")
    where = ("app/django_views.py", 19)
    sessions = [f for f in json.loads(out)["flows"] if (f["location"]["path"], f["location"]["line"]) == where]
    assert [f["sink"]["kind"] for f in sessions] == ["storage"]


def test_a_server_side_flask_session_is_storage_not_a_cookie(project: Path, capsys) -> None:
    """With Flask-Session installed (``Session(app)``), ``session["email"] = ...`` is kept on the server; the
    browser's cookie holds only the session id. The same store is a cookie without it (above)."""
    (project / "app" / "factory.py").write_text(
        "from flask import Flask\nfrom flask_session import Session\n\n"
        "def create_app():\n    app = Flask(__name__)\n    app.config['SESSION_TYPE'] = 'redis'\n"
        "    Session(app)\n    return app\n"
    )
    _, out = _run(capsys, "scan", ".", "--output-format", "json")
    stores = [f for f in json.loads(out)["flows"] if (f["location"]["path"], f["location"]["line"]) == FLASK_SESSION]
    assert [(f["sink"]["kind"], f["category"]) for f in stores] == [("storage", "user.contact.email")]
    assert stores[0]["trace"][-1]["path"] == "app/factory.py" and stores[0]["trace"][-1]["line"] == 7
    _, out = _run(capsys, "check", ".", "--output-format", "json")
    assert FLASK_SESSION not in {(f["location"]["path"], f["location"]["line"]) for f in json.loads(out)["findings"]}


def test_no_cookies_prohibition_is_checked(project: Path, capsys) -> None:
    code, out = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 1
    findings = json.loads(out)["findings"]
    assert {(f["code"], f["location"]["path"], f["location"]["line"]) for f in findings} == {
        ("PRV214", path, line) for path, line, _ in EXPECTED
    }
    message = next(f["message"] for f in findings if f["location"]["line"] == 7)
    assert message == (
        "user.contact.email is put in a cookie via django.http.JsonResponse().set_cookie "
        "(prohibition 'cookies-hold-ids-only')"
    )


def test_without_a_no_cookies_prohibition_cookies_are_not_violations(project: Path, capsys) -> None:
    (project / "privacy-policy.yaml").write_text(policy())
    code, out = _run(capsys, "check", ".", "--output-format", "json")
    assert code == 0, out


def test_rule_documentation(capsys) -> None:
    assert main(["rule", "PRV214"]) == 0
    out = capsys.readouterr().out
    assert "personal-data-in-cookie" in out and "no_cookies" in out


def test_no_cookies_is_part_of_the_policy_schema(tmp_path: Path, capsys) -> None:
    path = tmp_path / "privacy-policy.yaml"
    path.write_text(policy(extra=NO_COOKIES))
    assert main(["policy", "validate", str(path)]) == 0
    path.write_text(policy(extra=NO_COOKIES.replace("no_cookies", "no_cookie")))
    assert main(["policy", "validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert "did you mean 'no_cookies'" in captured.out + captured.err


def test_rendered_notice_states_the_cookie_promise(tmp_path: Path, capsys) -> None:
    path = tmp_path / "privacy-policy.yaml"
    path.write_text(policy(extra="\n".join(line for line in NO_COOKIES.splitlines() if "statement" not in line)))
    assert main(["policy", "render", str(path), "--format", "md"]) == 0
    assert "We never put Contact Data and Name in cookies." in capsys.readouterr().out


def test_report_shows_cookies_as_the_users_browser(project: Path, capsys) -> None:
    code, out = _run(capsys, "report", ".", "--output-format", "md")
    assert code == 1
    assert "Cookies (the user's browser)" in out
    code, out = _run(capsys, "check", ".", "--output-format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert {r["properties"]["sink_kind"] for r in results} == {"cookie"}
