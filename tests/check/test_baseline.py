"""``privlint baseline`` and ``check --baseline``: only new violations; counted, line-independent."""

from __future__ import annotations

import json

from check_project import BILLING

from privlint.cli import main

TRACK = '    mp.track(user.id, "signup", {"email": user.email})'


def make_baseline(project, *args: str) -> dict:
    project.capsys.readouterr()
    assert main(["baseline", "--jobs", "1", *args]) == 0
    assert "wrote 2 finding(s)" in project.capsys.readouterr().err
    return json.loads((project.root / ".privlint-baseline.json").read_text())


def test_baseline_file_format(project):
    data = make_baseline(project)
    assert data["version"] == 1 and data["tool"] == "privlint"
    assert len(data["policy_sha256"]) == 64
    assert [(e["path"], e["code"], e["count"], e["category"]) for e in data["findings"]] == [
        ("app/billing.py", "PRV203", 1, "user.contact.email"),
        ("app/billing.py", "PRV211", 1, "user.contact.email"),
    ]
    assert all(len(e["fingerprint"]) == 32 for e in data["findings"])
    assert "line" not in json.dumps(data)  # line-independent


def test_baselined_findings_are_hidden_and_new_ones_reported(project):
    make_baseline(project)
    code, report = project.json("--baseline", ".privlint-baseline.json")
    assert code == 0 and report["findings"] == [] and report["summary"]["baselined"] == 2
    # code moves down: still baselined
    project.write("app/billing.py", "# moved\n\n" + BILLING)
    assert project.json("--baseline", ".privlint-baseline.json")[0] == 0
    # a second identical violation in the same function is new (multiset, not set)
    project.write("app/billing.py", BILLING.replace(TRACK, TRACK + "\n" + TRACK))
    code, report = project.json("--baseline", ".privlint-baseline.json")
    assert code == 1
    assert [(f["code"], f["location"]["line"]) for f in report["findings"]] == [("PRV203", 16)]
    assert report["summary"]["baselined"] == 2


def test_a_changed_flow_is_new(project):
    make_baseline(project)
    project.write("app/billing.py", BILLING.replace('{"email": user.email}', '{"mail": user.email, "n": user.name}'))
    code, report = project.json("--baseline", ".privlint-baseline.json")
    assert code == 1
    # one finding for the call, naming both categories: a new identity, not the baselined email-only one
    assert [f["categories"] for f in report["findings"]] == [["user.contact.email", "user.name"]]


def test_baseline_path_from_config_and_corrupt_file(project):
    project.write(
        "pyproject.toml",
        '[tool.privlint]\npolicy = "privacy-policy.yaml"\nbaseline = "ci/privlint-baseline.json"\n',
    )
    (project.root / "ci").mkdir()
    project.capsys.readouterr()
    assert main(["baseline", "--jobs", "1"]) == 0
    assert (project.root / "ci/privlint-baseline.json").is_file()
    project.write("broken.json", "{not json")
    code, _, err = project.run("--baseline", "broken.json")
    assert code == 2 and "broken.json:1:2: invalid JSON in baseline" in err


def test_stale_baseline_entries_are_reported(project):
    make_baseline(project)
    project.write("app/billing.py", BILLING.replace(TRACK, "    pass"))
    code, _, err = project.run("--baseline", ".privlint-baseline.json")
    assert code == 0 and "1 baseline entry matched nothing" in err
