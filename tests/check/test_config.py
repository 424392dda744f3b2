"""``[tool.privlint]`` configuration and its precedence: command line > config > defaults."""

from __future__ import annotations

import json

PYPROJECT = '[tool.privlint]\npolicy = "privacy-policy.yaml"\n'


def configure(project, body: str) -> None:
    project.write("pyproject.toml", PYPROJECT + body)


def codes(project, *args: str) -> list[str]:
    return [c for c, _, _ in project.codes(*args)]


def test_defaults(project):
    assert codes(project) == ["PRV203", "PRV211"]


def test_ignore_in_config_and_cli_override(project):
    configure(project, 'ignore = ["PRV211"]\n')
    assert codes(project) == ["PRV203"]
    assert codes(project, "--ignore", "PRV203") == ["PRV211"]  # CLI list replaces the config's
    assert codes(project, "--extend-ignore", "PRV203") == []  # extend adds to it


def test_select_prefix_and_longest_match(project):
    configure(project, 'select = ["PRV21"]\n')
    assert codes(project) == ["PRV211"]
    assert codes(project, "--select", "PRV2", "--ignore", "PRV21") == ["PRV203"]
    assert codes(project, "--select", "PRV211", "--ignore", "PRV2") == ["PRV211"]  # longer prefix wins
    assert codes(project, "--select", "PRV203,PRV211") == ["PRV203", "PRV211"]


def test_per_file_ignores(project):
    configure(project, '\n[tool.privlint.per-file-ignores]\n"app/billing.py" = ["PRV211"]\n"tests/*" = ["PRV"]\n')
    assert codes(project) == ["PRV203"]


def test_reviewer_information_is_opt_in_and_does_not_fail(make_project):
    from check_project import CLEAN

    proj = make_project({"app/pay.py": CLEAN})
    assert proj.codes() == []
    code, report = proj.json("--extend-select", "PRV3")
    assert code == 0
    assert {f["code"] for f in report["findings"]} == {"PRV301", "PRV302"}
    assert {f["location"]["path"] for f in report["findings"]} == {"privacy-policy.yaml"}


def test_policy_path_config_and_cli(project):
    (project.root / "privacy-policy.yaml").rename(project.root / "policy.yaml")
    configure(project, "")
    assert project.run()[0] == 2  # the configured privacy-policy.yaml is gone
    project.write("pyproject.toml", '[tool.privlint]\npolicy = "policy.yaml"\n')
    assert codes(project) == ["PRV203", "PRV211"]
    assert project.run("--policy", "missing.yaml")[0] == 2  # CLI wins over config


def test_purposes_by_path(project):
    configure(project, '\n[tool.privlint.purposes]\n"app/*" = "analytics.reporting"\n')
    assert "PRV204" in codes(project)


def test_output_format_from_config(project):
    configure(project, 'output-format = "json"\n')
    code, out, _ = project.run()
    assert code == 1 and json.loads(out)["summary"]["findings"] == 2
    code, out, _ = project.run("--output-format", "github")
    assert code == 1
    assert out.startswith("::error ")


def test_exclude_globs(project):
    configure(project, 'exclude = ["app/billing.py"]\n')
    assert codes(project) == []


def test_unknown_key_warns_and_bad_values_are_usage_errors(project):
    configure(project, 'selct = ["PRV2"]\n')
    code, _, err = project.run()
    assert code == 1 and "unknown key [tool.privlint] selct" in err
    configure(project, 'select = ["bogus!"]\n')
    code, _, err = project.run()
    assert code == 2 and "select: 'bogus!' is not a rule code" in err


def test_file_arguments_report_only_on_those_files(project):
    project.write("app/logs.py", 'import logging\n\n\ndef audit(user):\n    logging.info("user %s", user.email)\n')
    assert [(c, p) for c, p, _ in project.codes()] == [
        ("PRV203", "app/billing.py"),
        ("PRV211", "app/billing.py"),
        ("PRV211", "app/logs.py"),
    ]
    assert [(c, p) for c, p, _ in project.codes("app/logs.py")] == [("PRV211", "app/logs.py")]
    code, report = project.json("app/__init__.py")
    assert code == 0 and report["summary"]["files_analyzed"] == 3  # the whole project was analysed
