"""Every output format, rendered from one run of the real CLI on a realistic project: SARIF
against the official 2.1.0 schema, JSON against privlint's own report schema, GitHub workflow
commands, JUnit XML and text - and all of them telling the same story."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from check_project import CLEAN

DATA = Path(__file__).parent / "data"
REPORT_SCHEMA = Path(__file__).parents[2] / "privlint" / "schemas" / "check-report.schema.json"


def _validate(document: dict, schema_path: Path) -> None:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def reports(project) -> dict[str, tuple[int, str]]:
    return {fmt: project.run("--output-format", fmt)[:2] for fmt in ("text", "json", "sarif", "github", "junit")}


EXPECTED = [("PRV203", "app/billing.py", 15), ("PRV211", "app/billing.py", 19)]


def test_json_report_matches_its_schema_and_the_violations(reports):
    code, out = reports["json"]
    report = json.loads(out)
    _validate(report, REPORT_SCHEMA)
    assert code == 1
    assert [(f["code"], f["location"]["path"], f["location"]["line"]) for f in report["findings"]] == EXPECTED
    first = report["findings"][0]
    assert first["clause"] == "recipients[mixpanel].categories"
    assert first["clause_location"].startswith("privacy-policy.yaml:")
    assert first["flow"]["sink"]["recipient"] == "mixpanel"
    assert report["summary"]["exit_code"] == 1 and report["summary"]["errors"] == 2
    assert [r["code"] for r in report["rules"]] == ["PRV203", "PRV211"]


def test_sarif_validates_against_the_official_schema(reports):
    code, out = reports["sarif"]
    sarif = json.loads(out)
    _validate(sarif, DATA / "sarif-schema-2.1.0.json")
    assert code == 1
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {"PRV203", "PRV211", "PRV101", "PRV902"} <= {r["id"] for r in rules}
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["PRV203", "PRV211"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "app/billing.py", "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]["privlintFingerprint/v1"]
        steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
        assert steps[0]["location"]["message"]["text"].startswith("source:")
        assert steps[-1]["location"]["message"]["text"].startswith("sink:")
    assert run["properties"]["suppressed"] == 0


def test_sarif_fingerprints_are_stable_when_code_moves(project):
    before = json.loads(project.run("--output-format", "sarif")[1])["runs"][0]["results"]
    project.write("app/billing.py", '"""Billing."""\n\n\n' + (project.root / "app/billing.py").read_text())
    after = json.loads(project.run("--output-format", "sarif")[1])["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [18, 22]
    fingerprints = [[r["partialFingerprints"] for r in results] for results in (before, after)]
    assert fingerprints[0] == fingerprints[1]


def test_github_annotations(reports):
    code, out = reports["github"]
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    title = "title=PRV203 recipient-not-declared-for-category"
    assert lines[0].startswith(f"::error file=app/billing.py,line=15,col=5,{title}::")
    assert "%0APolicy: recipients[mixpanel].categories" in lines[0]
    assert "\n" not in lines[0]


def test_junit_is_well_formed(reports):
    code, out = reports["junit"]
    root = ET.fromstring(out)
    assert code == 1
    assert root.tag == "testsuites" and root.get("failures") == "2"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 2 and all(c.find("failure") is not None for c in cases)
    assert cases[0].find("failure").get("type") == "PRV203"


def test_text_shows_location_clause_trace_and_hint(reports):
    code, out = reports["text"]
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("app/billing.py:15:5: PRV203 [error] user.contact.email is sent to mixpanel")
    assert "    policy: recipients[mixpanel].categories at privacy-policy.yaml:" in out
    assert "    trace:  " in out and "sink: mixpanel.Mixpanel(" in out
    assert "    hint:   " in out


def test_formats_agree(reports):
    report = json.loads(reports["json"][1])
    sarif = json.loads(reports["sarif"][1])["runs"][0]["results"]
    keyed = [(f["code"], f["location"]["line"], f["fingerprint"]) for f in report["findings"]]
    assert keyed == [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["partialFingerprints"]["privlintFingerprint/v1"],
        )
        for r in sarif
    ]
    assert len(reports["github"][1].splitlines()) == len(keyed)
    assert len(ET.fromstring(reports["junit"][1]).findall("./testsuite/testcase")) == len(keyed)


def test_output_is_deterministic(project):
    assert project.run("--output-format", "sarif")[1] == project.run("--output-format", "sarif")[1]


def test_clean_project(make_project):
    proj = make_project({"app/pay.py": CLEAN})
    code, out, err = proj.run("--output-format", "junit")
    assert code == 0
    assert ET.fromstring(out).get("failures") == "0"
    assert "No violations found" in err
    code, out, _ = proj.run("--output-format", "sarif")
    assert code == 0 and json.loads(out)["runs"][0]["results"] == []


def test_output_file(project):
    code, out, _ = project.run("--output-format", "sarif", "-o", "privlint.sarif")
    assert code == 1 and out == ""
    assert json.loads((project.root / "privlint.sarif").read_text())["version"] == "2.1.0"


def test_paths_are_shown_relative_to_the_working_directory(project, monkeypatch):
    monkeypatch.chdir(project.root / "app")
    code, out, _ = project.run(".", "--policy", "../privacy-policy.yaml")
    assert code == 1
    assert out.startswith("billing.py:15:5: PRV203")
    assert "    trace:  billing.py:15 source:" in out
    assert f"at {project.root.resolve() / 'privacy-policy.yaml'}:" in out  # outside the working directory
    report = json.loads(project.run(".", "--policy", "../privacy-policy.yaml", "--output-format", "json")[1])
    assert report["findings"][0]["location"]["path"] == "app/billing.py"  # root-relative: stable for baselines


@pytest.mark.parametrize("name", ["optimer", "optimibi"])
def test_reports_on_the_example_apps_validate(name, capsys):
    from privlint.cli import main

    example = Path(__file__).resolve().parents[2] / "examples" / name
    for fmt, schema in (("sarif", DATA / "sarif-schema-2.1.0.json"), ("json", REPORT_SCHEMA)):
        assert main(["check", str(example), "--output-format", fmt, "--jobs", "1"]) in (0, 1)
        document = json.loads(capsys.readouterr().out)
        _validate(document, schema)
    flows = [f["flow"] for f in document["findings"] if f["flow"]]
    assert flows and any(flow["trace"] for flow in flows)  # cross-function traces made it into the report
