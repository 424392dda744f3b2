"""``[tool.privlint]`` configuration and its precedence: command line > config > defaults."""

from __future__ import annotations

import json

import pytest

from privlint.cli import main

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


# Every mistake in [tool.privlint] is a usage error (exit 2) at its FILE:LINE:COL, in the one format of the
# policy and catalogue messages: FILE:LINE:COL: key.path: problem (hint).
CONFIG_ERRORS = {
    "tool is not a table": (
        "tool = 3\n",
        "pyproject.toml:1:8: tool: expected a table, got the number 3 ([tool] holds one table per tool: "
        "[tool.privlint])",
    ),
    "privlint is not a table": (
        "[tool]\nprivlint = 3\n",
        "pyproject.toml:2:12: tool.privlint: expected a table, got the number 3 "
        "(write the keys under a [tool.privlint] header)",
    ),
    "select is a number": (
        "[tool.privlint]\nselect = 5\n",
        "pyproject.toml:2:10: tool.privlint.select: expected a list, got the number 5",
    ),
    "exclude is a string": (
        '[tool.privlint]\nexclude = "dir/"\n',
        "pyproject.toml:2:11: tool.privlint.exclude: expected a list, got 'dir/' (write a list: exclude = [\"dir/\"])",
    ),
    "jobs is a word": (
        '[tool.privlint]\njobs = "many"\n',
        "pyproject.toml:2:8: tool.privlint.jobs: expected an integer, got 'many'",
    ),
    "jobs is zero": (
        "[tool.privlint]\njobs = 0\n",
        "pyproject.toml:2:8: tool.privlint.jobs: expected at least 1, got the number 0",
    ),
    "unknown key with did-you-mean": (
        '[tool.privlint]\nselct = ["PRV2"]\n',
        "pyproject.toml:2:1: tool.privlint.selct: unknown key 'selct' (did you mean 'select'?)",
    ),
    "bad code in a multi-line list": (
        '[tool.privlint]\nselect = [\n  "PRV2",  # mine\n  "bogus!",\n]\n',
        "pyproject.toml:4:3: tool.privlint.select[1]: expected a rule code or prefix such as PRV203 or PRV2, "
        "got 'bogus!'",
    ),
    "underscore spelling is checked too": (
        '[tool.privlint]\nextend_select = ["PRV3", 7]\n',
        "pyproject.toml:2:26: tool.privlint.extend-select[1]: expected a string, got the number 7",
    ),
    "per-file-ignores value": (
        '[tool.privlint.per-file-ignores]\n"tests/*" = "PRV2"\n',
        "pyproject.toml:2:13: tool.privlint.per-file-ignores.\"tests/*\": expected a list, got 'PRV2' "
        '(write a list: "tests/*" = ["PRV2"])',
    ),
    "inline tables": (
        "tool = {privlint = {cache = 1}}\n",
        "pyproject.toml:1:8: tool.privlint.cache: expected true or false, got the number 1",
    ),
    "invalid TOML": (
        "[tool.privlint\n",
        "pyproject.toml:1:15: invalid TOML: expected ']' at the end of a table declaration (fix the TOML syntax)",
    ),
}


@pytest.mark.parametrize("text, expected", list(CONFIG_ERRORS.values()), ids=list(CONFIG_ERRORS))
def test_config_errors_are_positioned_usage_errors(project, text, expected):
    project.write("pyproject.toml", text)
    code, out, err = project.run("--policy", "privacy-policy.yaml", "app")
    assert (code, out) == (2, "")
    assert err == f"privlint: error: {project.root / expected}\n"


def test_documented_keys_are_accepted(project):
    configure(project, "cache = false\njobs = 2\nmax-file-size = 100000\nallow_local_plugins = false\n")
    code, out, err = project.run("--output-format", "json")
    assert code == 1 and len(json.loads(out)["findings"]) == 2
    assert "warning:" not in err and "unknown" not in err  # `cache = false` is documented


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select", "--extend-ignore"])
def test_unknown_codes_on_the_command_line_are_usage_errors(project, option):
    code, out, err = project.run(option, "PRV999")
    assert (code, out) == (2, "")
    assert err == f"privlint: error: {option}: unknown rule code or prefix 'PRV999' (did you mean 'PRV902'?)\n"
    assert project.run(option, "XYZ")[0] == 2
    assert project.run(option, "PRV21")[0] in (0, 1)  # a prefix of a real code is fine


def test_unknown_codes_in_the_config_are_positioned(project):
    configure(project, 'select = ["PRV2", "PRV999"]\n[tool.privlint.per-file-ignores]\n"x/*" = ["XYZ"]\n')
    code, _, err = project.run()
    assert code == 2
    assert err.splitlines() == [
        f"privlint: error: {project.root}/pyproject.toml:3:19: tool.privlint.select[1]: unknown rule code or "
        "prefix 'PRV999' (did you mean 'PRV902'?)",
        f'{project.root}/pyproject.toml:5:10: tool.privlint.per-file-ignores."x/*"[0]: unknown rule code or '
        "prefix 'XYZ' (`privlint rule --all` lists every code)",
    ]


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_integer(project, value):
    code, _, err = project.run("--jobs", value)
    assert code == 2
    assert f"argument --jobs/-j: invalid positive integer value: '{value}'" in err


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


def test_file_arguments_do_not_hide_policy_problems(project):
    from check_project import POLICY

    project.write("bad-policy.yaml", POLICY.replace("categories:\n", "categories:\n  - key: user.contact.emial\n", 1))
    policy_codes = {
        c for c, path, _ in project.codes("--policy", "bad-policy.yaml", "app") if path == "bad-policy.yaml"
    }
    assert "PRV101" in policy_codes
    code, report = project.json("--policy", "bad-policy.yaml", "app/billing.py")  # what pre-commit runs
    assert code == 1
    assert {f["code"] for f in report["findings"] if f["location"]["path"] == "bad-policy.yaml"} == policy_codes


def test_configured_baseline_is_applied_when_it_exists(project):
    configure(project, 'baseline = "ci/privlint-baseline.json"\n')
    assert codes(project) == ["PRV203", "PRV211"]  # configured but not written yet: everything is reported
    (project.root / "ci").mkdir()
    assert main(["baseline", "--jobs", "1"]) == 0
    code, report = project.json()
    assert (code, report["findings"], report["summary"]["baselined"]) == (0, [], 2)
    code, report = project.json("app/billing.py")  # the pre-commit hook
    assert (code, report["findings"]) == (0, [])
    project.write("app/logs.py", 'import logging\n\n\ndef audit(user):\n    logging.info("user %s", user.email)\n')
    assert [(c, p) for c, p, _ in project.codes("app/logs.py")] == [("PRV211", "app/logs.py")]  # new: reported
