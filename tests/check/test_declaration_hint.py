"""PRV202's hint is a recipients entry that validates: applying it declares the recipient (issue 15).

The bug: "declare 'ipinfo.io' under recipients" led to a schema error, since policy ids have no dots;
a host the catalogue does not know needs an id of its own and ``hosts: [...]``.
"""

from __future__ import annotations

import re

import pytest
import yaml

from privlint.checks._examples import STRIPE, policy
from privlint.checks.recipients import recipient_id_for_host
from privlint.cli import main

GEO = """\
import requests


def locate(request):
    return requests.get(f"https://api.geo-locator.example/{request.remote_addr}/json").json()
"""
TRACK = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")


def signup(user):
    mp.track(user.id, "signup", {"email": user.email, "name": user.name})
"""


def _declaration(hint: str) -> dict:
    match = re.search(r"declare it under recipients: (\{.*\}), or remove the call", hint)
    assert match, hint
    entry = yaml.safe_load(match.group(1))
    assert isinstance(entry, dict)
    return entry


def _prv202(project) -> list[dict]:
    _, report = project.json()
    return [f for f in report["findings"] if f["code"] == "PRV202"]


def _apply(project, entry: dict) -> None:
    policy_path = project.root / "privacy-policy.yaml"
    data = yaml.safe_load(policy_path.read_text(encoding="utf-8"))
    data["recipients"].append(entry)
    policy_path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _validate(project) -> tuple[int, str]:
    project.capsys.readouterr()
    code = main(["policy", "validate", str(project.root / "privacy-policy.yaml")])
    return code, project.capsys.readouterr().out


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"app/geo.py": GEO},
            {"id": "geo_locator", "hosts": ["api.geo-locator.example"], "categories": ["user.device.ip_address"]},
        ),
        ({"app/track.py": TRACK}, {"id": "mixpanel", "kind": "analytics", "locations": ["US"]}),
    ],
    ids=["bare-host", "catalogue-vendor"],
)
def test_applying_the_hint_declares_the_recipient(make_project, files, expected):
    project = make_project(files, policy(recipients=STRIPE))
    (finding,) = _prv202(project)
    entry = _declaration(finding["hint"])
    assert entry.items() >= expected.items()
    _apply(project, entry)
    code, out = _validate(project)
    assert code != 2, out  # the schema accepts it
    assert "PRV100" not in out and "PRV102" not in out, out  # and it names declared categories and purposes
    assert _prv202(project) == []  # and privlint now knows the recipient


def test_several_categories_stay_a_yaml_list(make_project):
    project = make_project({"app/track.py": TRACK}, policy(recipients=STRIPE))
    (finding,) = _prv202(project)
    entry = _declaration(finding["hint"])
    assert entry["categories"] == ["user.contact.email", "user.name"]
    assert entry["purposes"] == ["essential.service.payment_processing"]


@pytest.mark.parametrize(
    ("host", "rid"),
    [
        ("ipinfo.io", "ipinfo"),
        ("api.ipinfo.io", "ipinfo"),
        ("api.geo.example.co.uk", "example"),
        ("ip-api.com", "ip_api"),
        ("10.0.0.7", "host_10_0_0_7"),
    ],
)
def test_an_id_for_a_host_is_a_valid_policy_id(host, rid):
    assert recipient_id_for_host(host) == rid
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", rid)
