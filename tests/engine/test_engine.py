"""Engine behaviour through the public API and CLI: on-demand parsing, determinism, bad input,
containment of internal errors, the JSON report contract and the text format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from engine_helpers import engine_catalogue

import privlint
from privlint import api
from privlint.catalogue import Catalogue, Recipient
from privlint.cli import main
from privlint.engine import run as engine_run
from privlint.serialize import scan_result_to_dict

SCHEMA = json.loads((Path(privlint.__file__).parent / "schemas" / "scan-report.schema.json").read_text())


def scan(sources: dict[str, str]):
    return api.scan_sources(sources, catalogue=engine_catalogue())


def kinds(result) -> set[tuple[str, str, int, str]]:
    return {(f.category, f.location.path, f.location.line, f.sink.kind) for f in result.flows}


def test_wrapper_in_a_file_without_personal_words_is_followed() -> None:
    """``log_it`` lives in a file the prefilter does not parse up front; the flow through it is found."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/logs.py": (
                "import logging\nlogger = logging.getLogger('app')\n\ndef log_it(msg):\n    logger.info(msg)\n"
            ),
            "app/relay.py": "from app.logs import log_it\n\ndef forward(text):\n    return log_it(text)\n",
            "app/views.py": "from app.relay import forward\n\ndef signup(email):\n    forward(email)\n",
        }
    )
    flow = next(f for f in result.flows if f.location.path == "app/logs.py")
    assert (flow.category, flow.location.line, flow.source.path) == ("user.contact.email", 5, "app/views.py")
    assert [step.note for step in flow.trace] == [
        "passed as argument to forward(text)",
        "passed as argument to log_it(msg)",
    ]
    assert set(result.analyzed) == {"app/__init__.py", "app/logs.py", "app/relay.py", "app/views.py"}


def test_client_in_a_module_variable_of_an_unparsed_file() -> None:
    result = scan(
        {
            "app/__init__.py": "",
            "app/clients.py": "from mixpanel import Mixpanel\n\nmp = Mixpanel('token')\n",
            "app/track.py": (
                "from app.clients import mp\n\n"
                "def track(user):\n    mp.track(user.id, 'seen', {'phone': user.phone_number})\n"
            ),
        }
    )
    (flow,) = result.flows
    sink = (flow.sink.kind, flow.sink.recipient, flow.sink.callee)
    assert sink == ("third_party", "mixpanel", "mixpanel.Mixpanel().track")


def test_host_resolved_from_an_imported_constant() -> None:
    result = scan(
        {
            "app/__init__.py": "",
            "app/settings.py": "STRIPE_URL = 'https://api.stripe.com/v1'\n",
            "app/pay.py": (
                "import requests\nfrom app.settings import STRIPE_URL\n\n"
                "def pay(email):\n    requests.post(STRIPE_URL + '/customers', data={'email': email})\n"
            ),
        }
    )
    (flow,) = result.flows
    assert (flow.sink.kind, flow.sink.recipient, flow.sink.host) == ("third_party", "stripe", "api.stripe.com")


def test_unknown_host_stays_a_network_flow() -> None:
    result = scan({"a.py": "import httpx\n\ndef f(ip, url):\n    httpx.post(url, json={'ip': ip})\n"})
    (flow,) = result.flows
    assert (flow.sink.kind, flow.sink.recipient, flow.sink.host) == ("network", None, None)


def test_sanitised_flows_are_reported_not_dropped() -> None:
    code = "import hashlib, logging\n\ndef f(email):\n    logging.info(hashlib.sha1(email.encode()).hexdigest())\n"
    result = scan({"a.py": code})
    (flow,) = result.flows
    assert flow.sanitized and flow.sanitizer == "hashlib.sha1"


def test_annotation_comment_declares_a_category_and_purpose() -> None:
    result = scan(
        {
            "a.py": (
                "import logging\n\ndef f(record):\n"
                "    ref = record[3]  # privlint: category=user.government_id.passport_number\n"
                "    logging.info(ref)  # privlint: purpose=fraud_prevention\n"
            )
        }
    )
    (flow,) = result.flows
    assert (flow.category, flow.source.evidence, flow.purpose) == (
        "user.government_id.passport_number",
        "annotation",
        "fraud_prevention",
    )


def test_bad_input_is_listed_and_the_rest_completes(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text("import logging\n\ndef f(email):\n    logging.info(email)\n")
    (tmp_path / "bad.py").write_text("def broken(:\n    pass\n")
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = 'Jos\xe9'\n")
    (tmp_path / "binary.py").write_bytes(b"x = '\xff\xfe'\n")
    result = api.scan([tmp_path], root=tmp_path, catalogue=engine_catalogue(), jobs=1)
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons["bad.py"].startswith("SyntaxError: ") and "line 1, column" in reasons["bad.py"]
    assert reasons["binary.py"].startswith("undecodable: ")
    assert set(result.analyzed) == {"good.py", "latin.py"}
    assert len(result.analyzed) + len(result.skipped) == 4
    assert [f.location.path for f in result.flows] == ["good.py"]


def test_a_summariser_crash_is_an_internal_error_not_a_failed_run(monkeypatch: pytest.MonkeyPatch) -> None:
    original = engine_run.summarise_tree

    def explode(index, tree, path, *args):
        if path == "boom.py":
            raise KeyError("synthetic")
        return original(index, tree, path, *args)

    monkeypatch.setattr(engine_run, "summarise_tree", explode)
    result = scan({"boom.py": "email = 1\n", "ok.py": "import logging\n\ndef f(email):\n    logging.info(email)\n"})
    (error,) = result.errors
    assert (error.path, error.plugin) == ("boom.py", "engine") and "KeyError" in error.message
    assert not result.complete
    assert [f.location.path for f in result.flows] == ["ok.py"]


def test_output_is_identical_for_any_number_of_jobs(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "flask_shop"
    one = api.scan([corpus], root=corpus, catalogue=engine_catalogue(), jobs=1)
    monkey = engine_run.PARALLEL_THRESHOLD
    try:
        engine_run.PARALLEL_THRESHOLD = 1  # force the process pool even for a small tree
        two = api.scan([corpus], root=corpus, catalogue=engine_catalogue(), jobs=2)
    finally:
        engine_run.PARALLEL_THRESHOLD = monkey
    assert scan_result_to_dict(one) == scan_result_to_dict(two)
    assert one.flows


def test_json_report_matches_its_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "django_crm"
    (tmp_path / "bad.py").write_text("class (:\n")
    assert main(["scan", str(corpus), str(tmp_path / "bad.py"), "--output-format", "json", "--jobs", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    assert report["version"].startswith("1.")
    assert report["flows"] and report["files"]["skipped"][0]["reason"].startswith("SyntaxError")
    flow = report["flows"][0]
    assert set(flow) >= {"category", "sink", "location", "source", "trace", "sanitized"}
    assert set(flow["sink"]) == {"kind", "recipient", "host", "callee"}


def test_text_output_groups_by_sink_and_shows_traces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "app.py").write_text(
        "import logging\nlog = logging.getLogger(__name__)\n\n"
        "def helper(value):\n    log.info(value)\n\n"
        "def view(request):\n    helper(request.user.email)\n    print(request.remote_addr)\n"
    )
    assert main(["scan", str(tmp_path), "--trace", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("log (2)\n")
    assert "app.py:5:5: user.contact.email -> logging.getLogger().info" in out
    assert "app.py:8:5: passed as argument to helper(value)" in out
    assert "app.py:9:5: user.device.ip_address -> print (source app.py:9:11, request.remote_addr)" in out


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(tmp_path / "missing")]) == 2
    assert main(["scan", str(tmp_path), "--jobs", "0"]) == 2
    assert main(["scan", str(tmp_path), "--output-format", "yaml"]) == 2


def test_plugins_can_be_disabled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.py").write_text("import logging\n\ndef f(email):\n    logging.info(email)\n")
    assert main(["scan", str(tmp_path), "-p", "no:python_logging", "--output-format", "json", "--jobs", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["flows"] == []


def test_data_returned_into_an_unparsed_module_is_followed() -> None:
    """``jobs.py`` names no personal data: it gets rows from one module and hands them to another."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/reports.py": "def fetch(user):\n    return {'email': user.email}\n",
            "app/client.py": (
                "import requests\n\ndef push(rows):\n    requests.post('https://partner.example/x', json=rows)\n"
            ),
            "app/jobs.py": (
                "from app import client, reports\n\ndef nightly(account):\n    client.push(reports.fetch(account))\n"
            ),
        }
    )
    (flow,) = result.flows
    assert (flow.location.path, flow.category, flow.sink.host) == (
        "app/client.py",
        "user.contact.email",
        "partner.example",
    )


def test_a_key_does_not_override_what_a_call_returns() -> None:
    code = (
        "import mixpanel\nfrom app.privacy import anonymize_ip\nmp = mixpanel.Mixpanel('t')\n\n"
        "def track(ip_address):\n    mp.track('id', 'seen', {'$ip': anonymize_ip(ip_address)})\n"
    )
    (flow,) = scan({"app/__init__.py": "", "app/t.py": code}).flows
    assert flow.sanitized and flow.category == "user.device.ip_address"


def test_decorator_declares_what_a_function_returns() -> None:
    from privlint.annotations import category

    assert category("user.contact.email")(len) is len  # a no-op at run time
    code = (
        "import logging\nfrom privlint.annotations import category\n\n"
        "@category('user.government_id.passport_number')\n"
        "def lookup_document(record):\n    return record[7]\n\n"
        "def audit(record):\n    logging.info('doc %s', lookup_document(record))\n"
    )
    (flow,) = scan({"a.py": code}).flows
    assert (flow.category, flow.source.line, flow.source.evidence) == (
        "user.government_id.passport_number",
        4,
        "annotation",
    )


def test_update_fields_limit_what_a_save_writes_even_through_helpers() -> None:
    code = (
        "from django.db import models\n\n"
        "class Member(models.Model):\n    email = models.EmailField()\n\n"
        "def touch(member):\n    member.save(update_fields=['last_login'])\n\n"
        "def store_email(member):\n    member.save(update_fields=['email'])\n\n"
        "def signup(address):\n    member = Member(email=address)\n    touch(member)\n    store_email(member)\n"
    )
    flows = scan({"app/__init__.py": "", "app/m.py": code}).flows
    assert [(f.location.line, f.category) for f in flows] == [(10, "user.contact.email")]


def test_a_named_getter_returns_its_category_not_the_whole_object() -> None:
    code = (
        "from app.models import Voucher\n\n"
        "def redeem(checkout, shipping_address):\n"
        "    checkout.shipping_address = shipping_address\n"
        "    Voucher.objects.create(customer_email=checkout.get_customer_email())\n"
    )
    flows = scan({"app/__init__.py": "", "app/models.py": "class Voucher:\n    pass\n", "app/v.py": code}).flows
    assert [f.category for f in flows] == ["user.contact.email"]


def test_http_auth_is_the_services_credential_not_personal_data() -> None:
    code = (
        "import requests\nfrom requests.auth import HTTPBasicAuth\n\n"
        "def sync(username, password, email):\n"
        "    auth = HTTPBasicAuth(username, password)\n"
        "    requests.post('https://api.partner.example/v1', auth=auth, json={'e': email})\n"
    )
    flows = scan({"a.py": code}).flows
    assert [f.category for f in flows] == ["user.contact.email"]


def test_flows_to_one_callee_with_and_without_a_known_host_are_ordered_not_crashed(tmp_path: Path) -> None:
    """Sorting compared ``Sink.host`` None with a string and raised: one call to a constant URL and
    one to a URL known only at run time, both carrying the same category, ended the scan."""
    (tmp_path / "app.py").write_text(
        "import requests\n\nURL = get_url()\n\n\n"
        "def a(email):\n    requests.post(URL, json={'email': email})\n\n\n"
        "def b(email):\n    requests.post('https://example.org/x', json={'email': email})\n"
    )
    result = api.scan([tmp_path], root=tmp_path, jobs=1)
    assert [flow.sink.host for flow in result.flows] == [None, "example.org"]
    assert sorted(reversed(result.flows)) == list(result.flows)


def test_what_a_handover_returns_is_a_response_not_the_data_sent() -> None:
    """``response = client.send(to=email)`` then logging ``response`` logs a status, not the email (issue 13);
    an unknown transformation still carries its argument."""
    result = scan(
        {
            "app/mailer.py": (
                "import logging\nfrom acme_mail import Client\n\nlog = logging.getLogger(__name__)\n\n"
                "def notify(email, body):\n"
                "    response = Client().send(to=email, body=body)\n"
                "    log.info('mail result %s', response)\n"
                "    formatted = Client().render(email)\n"
                "    log.info('rendered %s', formatted)\n"
            )
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {(10, "user.contact.email")}


def test_typed_fields_of_a_settings_class_are_configuration_not_a_person() -> None:
    """pydantic's ``BaseSettings`` with ``EMAILS_FROM_EMAIL: EmailStr`` is the sender the app is configured
    with (issue 13); a model's ``email: EmailStr`` still is a person's."""
    result = scan(
        {
            "app/config.py": (
                "from pydantic import EmailStr\nfrom pydantic_settings import BaseSettings\n\n"
                "class Settings(BaseSettings):\n    EMAILS_FROM_EMAIL: EmailStr\n    support_email: EmailStr\n\n"
                "settings = Settings()\n"
            ),
            "app/models.py": (
                "from pydantic import BaseModel, EmailStr\n\nclass Member(BaseModel):\n    contact: EmailStr\n"
            ),
            "app/mail.py": (
                "import logging\nfrom app.config import settings\nfrom app.models import Member\n\n"
                "def notify(member: Member):\n"
                "    logging.info('from %s', settings.EMAILS_FROM_EMAIL)\n"
                "    logging.info('support %s', settings.support_email)\n"
                "    logging.info('to %s', member.contact)\n"
                "    logging.info('name %s', member.full_name)\n"
            ),
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {(8, "user.contact.email"), (9, "user.name")}


def test_a_container_filled_by_a_method_carries_what_went_in() -> None:
    """``payload.update({...})`` / ``rows.append(...)`` then sinking the container (issue 14); a file handle
    written to is not a container: a second write of a constant carries nothing."""
    result = scan(
        {
            "app/sync.py": (
                "import logging\nimport requests\n\n"
                "def sync(user, path):\n"
                "    payload = dict(source='web')\n"
                "    payload.update({'email': user.email})\n"
                "    requests.post('https://crm.example.com/contacts', json=payload)\n"
                "    rows = []\n"
                "    rows.append(user.phone_number)\n"
                "    logging.info('rows %s', rows)\n"
                "    with open(path, 'a') as out:\n"
                "        out.write(user.email)\n"
                "        out.write('done')\n"
            )
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {
        (7, "user.contact.email"),
        (10, "user.contact.phone_number"),
        (12, "user.contact.email"),
    }


def test_a_task_enqueued_runs_with_its_arguments() -> None:
    """Celery ``delay``/``apply_async`` (literal args keep their positions, a bound task gets itself first)
    and Dramatiq's ``send``: the data goes where the task sends it (issue 14)."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/tasks.py": (
                "import logging\nfrom celery import shared_task\n\nlog = logging.getLogger(__name__)\n\n"
                "@shared_task(bind=True)\ndef welcome(self, address, first):\n    log.info('welcome %s', address)\n\n"
                "@shared_task\ndef count(n):\n    log.info('count %s', n)\n"
            ),
            "app/views.py": (
                "from app.tasks import count, welcome\n\n"
                "def signup(request):\n"
                "    email = request.POST['email']\n"
                "    first_name = request.POST['first_name']\n"
                "    welcome.delay(email, first_name)\n"
                "    welcome.apply_async(args=[email, first_name], countdown=30)\n"
                "    count.delay(len(email))\n"
            ),
        }
    )
    found = {(f.location.path, f.location.line, f.category) for f in result.flows}
    assert found == {("app/tasks.py", 8, "user.contact.email")}


def test_a_subclass_override_is_a_possible_callee_of_its_base_method() -> None:
    """A base class's ``export`` calling ``self.build_payload()``: a subclass's override that adds the email
    may run (dynamic dispatch, issue 14); the base's own payload carries nothing personal."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/exporters.py": (
                "import httpx\n\n"
                "class Exporter:\n"
                "    def build_payload(self, user):\n        return {'id': user.pk}\n\n"
                "    def export(self, users):\n"
                "        rows = [self.build_payload(user) for user in users]\n"
                "        httpx.post('https://crm.example.com/members', json={'members': rows})\n\n"
                "class MarketingExporter(Exporter):\n"
                "    def build_payload(self, user):\n"
                "        payload = super().build_payload(user)\n"
                "        payload.update(email=user.email)\n"
                "        return payload\n"
            ),
        }
    )
    assert {(f.location.line, f.category, f.sink.kind) for f in result.flows} == {(9, "user.contact.email", "network")}


def test_a_table_of_callables_dispatches_to_each_of_them() -> None:
    """``PROVIDERS[channel](address, text)``: any provider in the table may get the phone number (issue 14)."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/providers.py": (
                "import logging\nfrom twilio.rest import Client\n\n"
                "def send_sms(address, text):\n    Client().messages.create(to=address, body=text)\n\n"
                "def send_console(address, text):\n    logging.info('to=%s', address)\n\n"
                "def count_only(address, text):\n    logging.info('one message')\n\n"
                "PROVIDERS = {'sms': send_sms, 'console': send_console, 'none': count_only}\n"
            ),
            "app/views.py": (
                "from app.providers import PROVIDERS\n\n"
                "def notify(user, channel):\n    PROVIDERS[channel](user.phone_number, 'hi')\n"
            ),
        }
    )
    assert {(f.location.line, f.sink.kind) for f in result.flows} == {(5, "third_party"), (8, "log")}


def test_create_user_stores_everything_but_the_password_it_hashes() -> None:
    """Django's ``create_user`` hashes the password (issue 13: a hashed password reported as stored); the
    username, email and extra fields are stored as given."""
    result = scan(
        {
            "app/views.py": (
                "from django.contrib.auth.models import User\n\n"
                "def signup(request):\n"
                "    email = request.POST['email']\n"
                "    password = request.POST['password']\n"
                "    first_name = request.POST['first_name']\n"
                "    User.objects.create_user(email, email, password, first_name=first_name)\n"
                "    User.objects.create_user(username=email, password=password)\n"
            )
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {
        (7, "user.contact.email"),
        (7, "user.name"),
        (8, "user.contact.email"),
        (8, "user.account.username"),  # the email stored as the username
    }


def test_literals_settings_and_generated_identifiers_are_not_a_persons_data() -> None:
    """``email = ""``, ``sender_email = settings.DEFAULT_FROM_EMAIL`` and ``username = uuid4().hex`` name a
    category but hold no person's data (issue 13); a generated password or reset token is the credential of
    the person it is given to, and an email read from a request still is one."""
    result = scan(
        {
            "app/accounts.py": (
                "import logging\nimport secrets\nimport uuid\nfrom django.conf import settings\n\n"
                "log = logging.getLogger(__name__)\n\n"
                "def temporary(request):\n"
                "    username = uuid.uuid4().hex[:12]\n"
                "    email = ''\n"
                "    sender_email = settings.DEFAULT_FROM_EMAIL\n"
                "    log.info('temporary %s %s %s', username, email, sender_email)\n"
                "    reset_token = secrets.token_urlsafe(32)\n"
                "    log.info('token %s', reset_token)\n"
                "    email = request.POST['email']\n"
                "    log.info('real %s', email)\n"
            )
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {
        (14, "user.authorization.credentials"),
        (16, "user.contact.email"),
    }


def test_a_request_body_model_carries_the_personal_fields_its_class_declares() -> None:
    """FastAPI: ``def create(user_in: UserCreate)`` under ``@router.post`` gets the request body; stored whole
    (``User.model_validate(user_in)`` then ``session.add``) it stores the email and the name it declares
    (issue 14), not the password the schema carries to be hashed, and not what a route never receives."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/models.py": (
                "from pydantic import BaseModel, EmailStr\n\n"
                "class UserCreate(BaseModel):\n"
                "    email: EmailStr\n    full_name: str | None = None\n"
                "    password: str\n    is_active: bool = True\n\n"
                "class ItemCreate(BaseModel):\n    title: str\n    description: str | None = None\n"
            ),
            "app/routes.py": (
                "from fastapi import APIRouter\nfrom sqlmodel import Session\n"
                "from app.models import ItemCreate, UserCreate\n\nrouter = APIRouter()\n\n"
                "@router.post('/users')\n"
                "def create_user(session: Session, user_in: UserCreate):\n"
                "    user = User.model_validate(user_in)\n"
                "    session.add(user)\n\n"
                "@router.post('/items')\n"
                "def create_item(session: Session, item_in: ItemCreate):\n"
                "    session.add(Item.model_validate(item_in))\n\n"
                "def helper(session: Session, user_in: UserCreate):\n"
                "    session.add(User.model_validate(user_in))\n"
            ),
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {(10, "user.contact.email"), (10, "user.name")}


def test_a_form_bound_to_the_request_stores_the_fields_its_meta_lists() -> None:
    """Django ModelForm / DRF serializer: ``BmrForm(data=request.POST).save()`` stores the fields ``Meta``
    lists, named with the model as subject (a profile's weight is health data); a form of non-personal fields
    stores nothing personal; ``user.userprofile.birthdate = x`` then ``user.userprofile.save()`` stores it
    (issue 14)."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/forms.py": (
                "from django import forms\nfrom app.models import UserProfile\n\n"
                "class BmrForm(forms.ModelForm):\n    class Meta:\n        model = UserProfile\n"
                "        fields = ['age', 'height', 'gender', 'weight']\n\n"
                "class NoteForm(forms.ModelForm):\n    class Meta:\n        model = Note\n"
                "        fields = ['title', 'color']\n"
            ),
            "app/views.py": (
                "from app.forms import BmrForm, NoteForm\n\n"
                "def calculate_bmr(request):\n"
                "    form = BmrForm(data=request.POST, instance=request.user.userprofile)\n"
                "    if form.is_valid():\n        form.save()\n"
                "    note = NoteForm(request.POST)\n    note.save()\n\n"
                "def update_birthdate(user, form):\n"
                "    user.userprofile.birthdate = form.cleaned_data['birthdate']\n"
                "    user.userprofile.save()\n"
            ),
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {
        (6, "user.demographic.gender"),
        (6, "user.health_and_medical"),
        (12, "user.demographic.date_of_birth"),
    }


def test_a_session_keeps_what_is_stored_into_it() -> None:
    """``request.session[key] = value`` (Django's sessions are rows or cache entries) is storage, in function
    and class-based views (issue 14); a local dict filled the same way is not."""
    result = scan(
        {
            "app/views.py": (
                "from django.contrib.auth.models import User\n\n"
                "def login(request):\n"
                "    request.session['pending_email'] = request.POST['email']\n\n"
                "class AddMember:\n"
                "    def form_valid(self, form):\n"
                "        user = User.objects.create_user(form.cleaned_data['username'])\n"
                "        user.userprofile.birthdate = form.cleaned_data['birthdate']\n"
                "        user.userprofile.save()\n"
                "        self.request.session['new_member'] = {'pk': user.pk, 'phone': form.cleaned_data['phone']}\n"
                "        seen = {}\n"
                "        seen['last'] = form.cleaned_data['email']\n"
            )
        }
    )
    assert {(f.location.line, f.category) for f in result.flows} == {
        (4, "user.contact.email"),
        (8, "user.account.username"),
        (10, "user.demographic.date_of_birth"),
        (11, "user.contact.phone_number"),
    }


def test_items_of_a_dict_keep_their_keys_across_calls_and_tasks() -> None:
    """Field sensitivity for dicts (issue 13): a payload built with constant keys and passed to a task, a
    helper or on again keeps what each key holds, so logging ``payload["to"]`` logs the email, not the name
    in ``payload["html"]``; the helper that logs ``data["html"]`` does log the name."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/tasks.py": (
                "import logging\nfrom celery import shared_task\n\n"
                "@shared_task\ndef send_task(payload):\n"
                "    logging.info('Sending to %s about %s', payload['to'], payload['subject'])\n"
                "    relay(payload)\n\n"
                "def relay(data):\n    logging.info('relay %s', data['html'])\n"
            ),
            "app/mail.py": (
                "from app.tasks import send_task\n\n"
                "def send_email(to, subject, html):\n"
                "    payload = {'to': to, 'subject': subject}\n"
                "    payload['html'] = html\n"
                "    send_task.delay(payload)\n\n"
                "def receipt(order):\n"
                "    html = '<p>%s</p>' % order.buyer_name\n"
                "    send_email(order.user.email, 'Your receipt', html)\n"
            ),
        }
    )
    assert {(f.location.path, f.location.line, f.category) for f in result.flows} == {
        ("app/tasks.py", 6, "user.contact.email"),
        ("app/tasks.py", 10, "user.name"),
    }


def test_a_password_stored_through_a_hashing_setter_is_stored_hashed() -> None:
    """``user.password = form.password.data`` where the model's ``@password.setter`` (or ``set_password``)
    hashes it (issue 13): the stored password is reported as sanitised, not as a plaintext password; a
    model without such a setter still stores it as given."""
    result = scan(
        {
            "app/__init__.py": "",
            "app/models.py": (
                "from flask_sqlalchemy import SQLAlchemy\nfrom werkzeug.security import generate_password_hash\n\n"
                "db = SQLAlchemy()\n\n"
                "class User(db.Model):\n"
                "    @property\n    def password(self):\n        return self._password\n\n"
                "    @password.setter\n    def password(self, value):\n"
                "        self._password = generate_password_hash(value)\n"
            ),
            "app/views.py": (
                "from app.db import db\nfrom app.models import User\n\n"
                "def register(form):\n"
                "    user = User()\n"
                "    user.password = form.password.data\n"
                "    db.session.add(user)\n\n"
                "def store_plain(form, row):\n"
                "    row.pin_password = form.pin.data\n"
                "    db.session.add(row)\n"
            ),
        }
    )
    found = {(f.location.path, f.location.line, f.category, f.sanitized) for f in result.flows}
    assert found == {
        ("app/views.py", 7, "user.authorization.password", True),
        ("app/views.py", 11, "user.authorization.password", False),
    }


def test_an_attribute_set_from_a_hash_is_the_hash() -> None:
    """``project.password = generate_password_hash(pw)``: the attribute's name does not make the hash a
    plaintext password again (issue 13); ``project.contact_email = email`` still stores the email."""
    result = scan(
        {
            "app/views.py": (
                "from flask_sqlalchemy import SQLAlchemy\nfrom werkzeug.security import generate_password_hash\n\n"
                "db = SQLAlchemy()\n\n"
                "def create(request, project):\n"
                "    password = request.form['password']\n"
                "    project.password = generate_password_hash(password)\n"
                "    project.contact_email = request.form['contact_email']\n"
                "    db.session.add(project)\n"
            )
        }
    )
    assert {(f.category, f.sanitized) for f in result.flows} == {
        ("user.authorization.password", True),
        ("user.contact.email", False),
    }


def test_a_database_taken_by_its_name_from_a_client_is_the_clients_vendor() -> None:
    """``client["shop"]`` (pymongo, motor) is a database like ``client.shop``: what is inserted into its
    collections reaches the vendor, whether the database sits in a module variable or on ``self``."""
    mongo = Catalogue(
        recipients=(Recipient("mongodb", "MongoDB Atlas", "storage", ("US",), packages=("pymongo", "motor")),),
    )
    code = (
        "from pymongo import MongoClient\n"
        "from motor.motor_asyncio import AsyncIOMotorClient\n\n"
        "db = MongoClient('mongodb+srv://cluster0.example.mongodb.net')['shop']\n\n"
        "def save(user):\n    db.customers.insert_one({'email': user.email})\n\n"
        "class Accounts:\n"
        "    def __init__(self):\n"
        "        self.mongo = AsyncIOMotorClient('mongodb+srv://cluster0.example.mongodb.net')\n"
        "        self.db = self.mongo['shop']\n\n"
        "    async def change_phone(self, user, phone):\n"
        "        await self.db.customers.update_one({'_id': user.id}, {'$set': {'phone': phone}})\n\n"
        "    async def count(self):\n"
        "        return await self.db.customers.count_documents({})\n"
    )
    flows = api.scan_sources({"a.py": code}, catalogue=engine_catalogue().merged(mongo)).flows
    assert sorted((f.location.line, f.category, f.sink.recipient) for f in flows) == [
        (7, "user.contact.email", "mongodb"),
        (15, "user.contact.phone_number", "mongodb"),
    ]


def test_an_item_stored_into_an_sdk_object_is_sent_with_it_not_before() -> None:
    """``notice["params"]["user"] = {...}`` fills a local object; the data leaves when the object is sent."""
    code = (
        "import pybrake\n\n"
        "notifier = pybrake.Notifier(project_id=1, project_key='k')\n\n"
        "def report(exc, username):\n"
        "    notice = notifier.build_notice(exc)\n"
        "    notice['params']['user'] = {'username': username}\n"
        "    notifier.send_notice(notice)\n"
    )
    airbrake = Catalogue(recipients=(Recipient("airbrake", "Airbrake", "monitoring", ("US",), packages=("pybrake",)),))
    flows = api.scan_sources({"a.py": code}, catalogue=engine_catalogue().merged(airbrake)).flows
    assert [(f.location.line, f.category, f.sink.recipient) for f in flows] == [
        (8, "user.account.username", "airbrake")
    ]


def test_a_password_descriptor_that_hashes_keeps_only_the_hash() -> None:
    """``password = synonym("_password", descriptor=property(_get, _set))`` (SQLAlchemy, flaskbb) or a plain
    ``property(_get, _set)`` whose setter hashes: storing ``user.password = ...`` keeps a hash. A property whose
    setter stores the value as it is stays a plaintext store."""
    model = (
        "from sqlalchemy.orm import synonym\nfrom werkzeug.security import generate_password_hash\n"
        "from app.db import db\n\nclass User(db.Model):\n"
        "    def _get_password(self):\n        return self._password\n\n"
        "    def _set_password(self, password):\n        self._password = {store}\n\n"
        "    password = synonym('_password', descriptor=property(_get_password, _set_password))\n\n"
        "def register(form):\n    user = User()\n    user.password = form.password.data\n    db.session.add(user)\n"
    )
    files = {"app/__init__.py": "", "app/db.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n"}
    hashed = scan({**files, "app/m.py": model.format(store="generate_password_hash(password)")}).flows
    plain = scan({**files, "app/m.py": model.format(store="password")}).flows
    assert [(f.category, f.sanitized) for f in hashed] == [("user.authorization.password", True)]
    assert [(f.category, f.sanitized) for f in plain] == [("user.authorization.password", False)]


def test_a_name_stored_in_a_things_row_is_the_things_name() -> None:
    """``full_name`` written into a ``License`` row (wger's licence sync) names the licence; the same word
    written into a ``Member`` row, or a typed name field of any row, is a person's name."""
    models = (
        "from django.db import models\n\nclass License(models.Model):\n    pass\n\n"
        "class Member(models.Model):\n    pass\n\nclass LanguageTeam(models.Model):\n"
        "    contact_name = models.CharField()  # privlint: category=user.name\n"
    )
    code = (
        "from app.models import License, Member\n\n"
        "def sync(data):\n    full_name = data['full_name']\n"
        "    License.objects.update_or_create(short_name=data['short'], defaults={'full_name': full_name})\n\n"
        "def join(form):\n    full_name = form['full_name']\n    Member.objects.create(full_name=full_name)\n"
    )
    flows = scan({"app/__init__.py": "", "app/models.py": models, "app/s.py": code}).flows
    assert [(f.location.line, f.category) for f in flows] == [(9, "user.name")]
