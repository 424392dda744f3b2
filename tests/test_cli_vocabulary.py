"""One CLI vocabulary (issue 19): every command reads a policy, writes output, selects and gates the
same way, explains itself with a description and an example, and answers a wrong argument with its
own usage. The option table is ``privlint.commands.options.COMMANDS``; these tests go through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privlint.cli import main
from privlint.commands.options import COMMANDS

REPO = Path(__file__).resolve().parents[1]
OPTIMER = REPO / "examples" / "optimer"
POLICY = OPTIMER / "privacy-policy.yaml"
RUNNABLE = [c.name for c in COMMANDS if c.run is not None]


@pytest.mark.parametrize("name", [c.name for c in COMMANDS])
def test_every_command_help_has_a_description_and_an_example(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    cmd = next(c for c in COMMANDS if c.name == name)
    assert main([*name.split(), "--help"]) == 0
    out = capsys.readouterr().out
    assert f"usage: privlint {name} " in out
    assert " ".join(cmd.description.split()[:6]) in " ".join(out.split())
    example = out.split("example:\n", 1)[1].strip().splitlines()[0].strip()
    assert example.startswith(f"privlint {name}")


@pytest.mark.parametrize("name", [c.name for c in COMMANDS])
def test_an_unknown_argument_prints_the_commands_own_usage(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    required = {"policy import-fides": ["fides.yml"], "diff": ["main"]}.get(name, [])
    assert main([*name.split(), *required, "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: privlint {name} ")
    assert f"privlint {name}: error: unrecognized arguments: --no-such-option" in err


# baseline writes its own file; lsp speaks JSON-RPC on stdout and writes no report
@pytest.mark.parametrize("name", [n for n in RUNNABLE if n not in ("baseline", "lsp")])
def test_every_command_that_writes_takes_output_file_and_output_format(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*name.split(), "--help"]) == 0
    out = capsys.readouterr().out
    assert "-o FILE, --output-file FILE" in out
    assert "--output-format" in out and "--format" in out


@pytest.mark.parametrize(("action", "suffix"), [("validate", ".json"), ("render", ".md"), ("export-fides", ".yml")])
def test_policy_actions_take_the_policy_as_file_or_with_policy(
    action: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    positional, option = tmp_path / f"positional{suffix}", tmp_path / f"option{suffix}"
    assert main(["policy", action, str(POLICY), "-o", str(positional)]) in (0, 1)
    assert main(["policy", action, "--policy", str(POLICY), "-o", str(option)]) in (0, 1)
    assert positional.read_text() == option.read_text() and positional.stat().st_size > 0


def test_a_policy_given_twice_differently_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "render", str(POLICY), "--policy", str(tmp_path / "other.yaml")]) == 2
    assert "either as FILE or with --policy" in capsys.readouterr().err


def test_report_format_follows_the_output_file_extension(tmp_path: Path) -> None:
    markdown, html = tmp_path / "r.md", tmp_path / "r.html"
    assert main(["report", str(OPTIMER), "--no-cache", "-o", str(markdown)]) == 1
    assert markdown.read_text().startswith("# ") and "<html" not in markdown.read_text()
    assert main(["report", str(OPTIMER), "--no-cache", "-o", str(html)]) == 1
    assert html.read_text().lstrip().lower().startswith("<!doctype html")


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    assert main(["report", str(OPTIMER), "--no-cache", "--format", "json", "-o", str(target)]) == 1
    assert "activities" in json.loads(target.read_text())


def test_check_format_follows_the_output_file_extension(tmp_path: Path) -> None:
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    assert main(["check", str(OPTIMER), "--no-cache", "-o", str(sarif)]) == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert main(["check", str(OPTIMER), "--no-cache", "-o", str(junit)]) == 1
    assert junit.read_text().startswith("<?xml")


def test_an_unknown_extension_keeps_the_default_format(tmp_path: Path) -> None:
    target = tmp_path / "out.log"
    assert main(["check", str(OPTIMER), "--no-cache", "-o", str(target)]) == 1
    assert "PRV2" in target.read_text() and not target.read_text().startswith("{")


def test_rule_writes_to_an_output_file_in_the_format_of_its_extension(tmp_path: Path) -> None:
    target = tmp_path / "prv203.json"
    assert main(["rule", "PRV203", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["code"] == "PRV203"
    listing = tmp_path / "rules.txt"
    assert main(["rule", "--all", "-o", str(listing)]) == 0
    assert listing.read_text().startswith("PRV000")


def test_policy_schema_takes_an_output_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    assert main(["policy", "schema", "--format", "yaml"]) == 0
    as_yaml = yaml.safe_load(capsys.readouterr().out)
    target = tmp_path / "schema.json"
    assert main(["policy", "schema", "-o", str(target)]) == 0
    assert as_yaml == json.loads(target.read_text())


def test_export_fides_writes_json_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "fides.json"
    assert main(["policy", "export-fides", str(POLICY), "-o", str(target)]) == 0
    assert "system" in json.loads(target.read_text())


def test_report_takes_checks_selection_and_gating_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(OPTIMER), "--no-cache", "--select", "PRV211", "-o", str(tmp_path / "r.md")]) == 1
    assert ", 3 violations; " in capsys.readouterr().err  # the PRV211 log lines and exception message only
    assert main(["report", str(OPTIMER), "--no-cache", "--ignore", "PRV2", "-o", str(tmp_path / "r.md")]) == 0
    assert ", 0 violations; " in capsys.readouterr().err
    assert main(["report", str(OPTIMER), "--no-cache", "--exit-zero", "-o", str(tmp_path / "r.md")]) == 0
    baseline = tmp_path / "baseline.json"
    assert main(["baseline", str(OPTIMER), "--no-cache", "-o", str(baseline)]) == 0
    capsys.readouterr()
    assert main(["report", str(OPTIMER), "--no-cache", "--baseline", str(baseline), "-o", str(tmp_path / "r.md")]) == 0
    assert ", 0 violations; " in capsys.readouterr().err


def test_report_takes_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["report", str(OPTIMER), "--no-cache", "--diff", "no-such-revision-xyz", "-o", str(tmp_path / "r.md")]
    assert main(argv) == 2
    assert "--diff: unknown git revision 'no-such-revision-xyz'" in capsys.readouterr().err
