"""The composite GitHub Action: well-formed, and the command line it runs is one privlint accepts."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import yaml

from privlint.cli import build_parser

ACTION = Path(__file__).resolve().parents[2] / "action.yml"


def test_action_is_a_composite_that_installs_checks_and_uploads():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert any("pip install" in s.get("run", "") and "github.action_path" in s["run"] for s in steps)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    for step in steps:
        for value in (step.get("env") or {}).values():
            if "inputs." in value:
                assert value.split("inputs.")[1].rstrip(" }") in action["inputs"], value


def test_the_check_command_line_parses(tmp_path):
    step = next(s for s in yaml.safe_load(ACTION.read_text())["runs"]["steps"] if s.get("id") == "check")
    line = next(line for line in step["run"].splitlines() if line.strip().startswith("privlint check"))
    substitutions = {
        "$PRIVLINT_PATHS": ".",
        '"${options[@]}"': "--policy p.yaml --baseline b.json --diff origin/main",
        "$PRIVLINT_ARGS": "--extend-select PRV3",
        '"$PRIVLINT_SARIF"': "out.sarif",
    }
    for variable, value in substitutions.items():
        line = line.replace(variable, value)
    args = build_parser().parse_args(shlex.split(line)[1:])
    assert args.output_format == "sarif" and args.output_file == "out.sarif" and args.diff_base == "origin/main"


def test_the_run_script_is_valid_bash():
    step = next(s for s in yaml.safe_load(ACTION.read_text())["runs"]["steps"] if s.get("id") == "check")
    assert subprocess.run(["bash", "-n", "-c", step["run"]], check=False).returncode == 0


def test_the_diff_command_lines_parse():
    step = next(s for s in yaml.safe_load(ACTION.read_text())["runs"]["steps"] if s.get("name") == "privlint diff")
    lines = [line.strip().rstrip("\\").strip() for line in step["run"].splitlines()]
    commands = [line.split(" || ")[0] for line in lines if line.startswith("privlint diff")]
    assert len(commands) == 2
    for line in commands:
        line = line.replace('"$PRIVLINT_DIFF_BASE"', "origin/main").replace('"${options[@]}"', "--policy p.yaml")
        args = build_parser().parse_args(shlex.split(line)[1:])
        assert args.base == "origin/main" and args.exit_zero and args.output_format in ("github", "md")
    assert subprocess.run(["bash", "-n", "-c", step["run"]], check=False).returncode == 0
