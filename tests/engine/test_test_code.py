"""Test code is analysed but not evidence by default (issue 13): flows located in tests, or whose only
source is a test fixture, are left out and counted; ``--include-tests`` shows them; a production source
is preferred as evidence when one exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privlint.cli import main
from privlint.test_code import is_test_code

APP = {
    "app/__init__.py": "",
    "app/audit.py": "import logging\n\ndef record(value):\n    logging.getLogger('audit').info(value)\n",
    "app/views.py": "from app.audit import record\n\ndef signup(request):\n    record(request.POST['phone'])\n",
    "tests/__init__.py": "",
    # a fixture feeding the production helper: not evidence that production logs an email
    "tests/test_audit.py": (
        "from app.audit import record\n\ndef test_record():\n    email = factory.email()\n    record(email)\n"
    ),
    # a flow located in a test itself
    "tests/test_views.py": "import logging\n\ndef test_signup():\n    ip = factory.ip()\n    logging.info(ip)\n",
}


def scan(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[set[tuple[str, str, str]], str]:
    for path, code in APP.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(code)
    assert main(["scan", str(tmp_path), "--output-format", "json", "--no-cache", *extra]) == 0
    captured = capsys.readouterr()
    flows = json.loads(captured.out)["flows"]
    return {(f["location"]["path"], f["category"], f["source"]["path"]) for f in flows}, captured.err


def test_flows_of_test_code_are_left_out_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found, summary = scan(tmp_path, capsys)
    assert found == {("app/audit.py", "user.contact.phone_number", "app/views.py")}
    assert "2 flow(s) in test code not shown (--include-tests)" in summary


def test_include_tests_shows_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found, summary = scan(tmp_path, capsys, "--include-tests")
    assert {(path, category) for path, category, _ in found} == {
        ("app/audit.py", "user.contact.phone_number"),
        ("app/audit.py", "user.contact.email"),
        ("tests/test_views.py", "user.device.ip_address"),
    }
    assert "test code not shown" not in summary


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_x.py", True),
        ("app/tests/helpers.py", True),
        ("app/test_views.py", True),
        ("app/views_test.py", True),
        ("conftest.py", True),
        ("app/migrations/0001_initial.py", True),
        ("app/fixtures/users.py", True),
        ("app/views.py", False),
        ("app/latest.py", False),
        ("app/testimonials.py", False),
        ("contest/entries.py", False),
    ],
)
def test_what_counts_as_test_code(path: str, expected: bool) -> None:
    assert is_test_code(path) is expected


def test_a_demo_data_generator_is_not_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A management command that makes people up with Faker (issue 13: demo data counted as real data):
    its flows are counted with the test code, not shown; the same store from a real request is."""
    files = {
        "app/__init__.py": "",
        "app/commands/fake.py": (
            "from faker import Faker\nfrom app.views import Child\n\n"
            "def handle():\n    fake = Faker()\n    first_name = fake.first_name()\n"
            "    Child.objects.create(first_name=first_name, birth_date=fake.date())\n"
        ),
        "app/views.py": (
            "from django.db import models\n\nclass Child(models.Model):\n    pass\n\n"
            "def add(request):\n    Child.objects.create(first_name=request.POST['first_name'])\n"
        ),
    }
    for path, code in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(code)
    assert main(["scan", str(tmp_path), "--output-format", "json", "--no-cache"]) == 0
    captured = capsys.readouterr()
    flows = json.loads(captured.out)["flows"]
    assert {(f["location"]["path"], f["source"]["path"]) for f in flows} == {("app/views.py", "app/views.py")}
    assert "1 flow(s) in test code not shown" in captured.err
