"""Exit codes: 0 clean, 1 violations, 2 usage/config/policy error or incomplete run; 2 wins over 1;
``--exit-zero`` only turns 1 into 0."""

from __future__ import annotations

import json
import subprocess
import sys

from check_project import CLEAN

from privlint import pipeline
from privlint.types import InternalError


def test_violations_exit_1_and_exit_zero(project):
    assert project.run()[0] == 1
    assert project.run("--exit-zero")[0] == 0


def test_clean_exits_0(make_project):
    assert make_project({"app/pay.py": CLEAN}).run()[0] == 0


def test_invalid_policy_exits_2_with_positioned_findings(project):
    project.write("privacy-policy.yaml", 'privlint: "1.0"\ncontroller: {name: Acme, region: EEA}\ncategories: 7\n')
    code, out, _ = project.run("--output-format", "json", "--exit-zero")
    assert code == 2
    findings = json.loads(out)["findings"]
    assert findings and {f["code"] for f in findings} == {"PRV100"}
    assert findings[0]["location"]["path"] == "privacy-policy.yaml" and findings[0]["location"]["line"] >= 1
    code, out, _ = project.run()
    assert code == 2 and "privacy-policy.yaml:" in out and "PRV100" in out


def test_missing_policy_and_bad_usage_exit_2(project):
    code, _, err = project.run("--policy", "nope.yaml")
    assert code == 2 and "nope.yaml: policy file not found" in err
    assert project.run("no/such/dir")[0] == 2
    assert project.run("--select", "not-a-code")[0] == 2
    assert project.run("--output-format", "xml")[0] == 2
    assert project.run("--baseline", "missing.json")[0] == 2


def test_no_policy_anywhere_is_a_usage_error(make_project, capsys):
    proj = make_project({"app/pay.py": CLEAN})
    (proj.root / "privacy-policy.yaml").unlink()
    code, _, err = proj.run("app")
    assert code == 2 and "no policy file found" in err and "Hint" in err


def test_policy_lint_findings_fail_the_run(project):
    text = (project.root / "privacy-policy.yaml").read_text().replace("legal_basis: consent", "legal_basis: vibes")
    project.write("privacy-policy.yaml", text)
    code, _out, _ = project.run()
    assert code == 2  # vibes is no legal basis: the schema rejects it (PRV100)
    text = text.replace("legal_basis: vibes", "legal_basis: consent")
    text = text.replace("{key: user.name, retention: {duration: P1Y, trigger: account_closure}}", "{key: user.name}")
    project.write("privacy-policy.yaml", text)
    code, report = project.json()
    lint = [f for f in report["findings"] if f["code"] == "PRV106"]
    assert code == 1 and lint and lint[0]["location"]["path"] == "privacy-policy.yaml"


def test_skipped_file_is_a_counted_warning(make_project):
    proj = make_project({"app/pay.py": CLEAN, "app/broken.py": "def f(:\n    pass\n"})
    code, report = proj.json()
    assert code == 1
    assert [(f["code"], f["severity"], f["location"]["path"]) for f in report["findings"]] == [
        ("PRV001", "warning", "app/broken.py")
    ]


def test_internal_error_makes_the_run_incomplete(project, monkeypatch):
    real_scan = pipeline.scan  # the scan stage of the pipeline that `privlint check` runs

    def broken_plugin_scan(*args, **kwargs):
        result = real_scan(*args, **kwargs)
        from dataclasses import replace

        return replace(result, errors=(InternalError("app/billing.py", "acme_sdk", "KeyError: 'x'"),))

    monkeypatch.setattr(pipeline, "scan", broken_plugin_scan)
    code, report = project.json("--exit-zero", "--ignore", "PRV0")
    assert code == 2
    assert report["summary"]["complete"] is False
    assert "PRV000" in {f["code"] for f in report["findings"]}


def test_subprocess_contract(project):
    done = subprocess.run(
        [sys.executable, "-m", "privlint", "check", "--output-format", "json", "--jobs", "1"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["findings"] == 2
    assert done.stderr.startswith("privlint: Found 2 finding(s)")
