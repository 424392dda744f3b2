"""The ``privlint report`` command: options, config, stdout/stderr discipline and usage errors."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from privlint.cli import main

OPTIMER = Path(__file__).resolve().parents[2] / "examples" / "optimer"


@pytest.fixture
def project(tmp_path):
    """Optimer in its own git repository, with the repository URL template in its pyproject."""
    root = tmp_path / "optimer"
    shutil.copytree(OPTIMER, root)
    (root / "pyproject.toml").write_text(
        '[tool.privlint]\nrepo-url = "https://git.example/acme/optimer/-/blob/{commit}/{path}#L{line}"\n'
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(root)]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "optimer"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    return root, commit


def test_repo_url_from_config_and_commit_in_the_report(project, capsys):
    root, commit = project
    assert main(["report", str(root), "--format", "json"]) == 1
    captured = capsys.readouterr()
    document = json.loads(captured.out)  # stdout holds only the chosen format
    assert document["commit"] == commit
    urls = [e["url"] for a in document["activities"] for e in a["evidence"]]
    assert urls and all(u.startswith(f"https://git.example/acme/optimer/-/blob/{commit}/app/") for u in urls)
    assert captured.err.startswith("privlint report (json): ")  # one summary line, no progress bar when piped
    assert "\r" not in captured.err and captured.err.count("\n") == 1


def test_command_line_template_wins_over_config(project, tmp_path, capsys):
    root, commit = project
    out = tmp_path / "report.md"
    code = main(
        [
            "report",
            str(root),
            "--output-format",
            "md",
            "--repo-url",
            "https://x.example/{path}?l={line}",
            "-o",
            str(out),
        ]
    )
    assert code == 1
    text = out.read_text()
    assert "(https://x.example/app/" in text and "git.example" not in text
    assert f"commit {commit[:12]}" in text
    assert capsys.readouterr().out == ""


def test_bad_template_is_a_usage_error(project, capsys):
    root, _ = project
    assert main(["report", str(root), "--repo-url", "https://x/{branch}/{path}"]) == 2
    err = capsys.readouterr().err
    assert "unknown field {branch}" in err and "hint" in err and "Traceback" not in err


def test_unknown_format_and_missing_policy_are_usage_errors(tmp_path, capsys):
    assert main(["report", str(OPTIMER), "--format", "pdf"]) == 2
    (tmp_path / "app.py").write_text("print('hi')\n")
    assert main(["report", str(tmp_path)]) == 2
    assert "no policy file found" in capsys.readouterr().err


def test_report_runs_as_a_subprocess_without_a_terminal(tmp_path):
    out = tmp_path / "r.html"
    done = subprocess.run(
        [sys.executable, "-m", "privlint", "report", str(OPTIMER), "-o", str(out)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "CI": "true"},
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == "" and "\x1b[" not in done.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_cli_formats_are_the_renderers():
    from privlint.commands.options import REPORT_FORMATS as FORMATS
    from privlint.report import RENDERERS

    assert tuple(RENDERERS) == FORMATS


def test_invalid_policy_exits_2_and_says_why(tmp_path, capsys):
    policy = tmp_path / "policy.yaml"
    policy.write_text('privlint: "1.0"\ncontroller: {name: X, region: EEA}\ncategories: nope\npurposes: []\n')
    out = tmp_path / "report.html"
    assert main(["report", str(OPTIMER), "--policy", str(policy), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{policy}:3:" in err and "PRV100" in err
    assert "PRV100" in out.read_text()  # the report still tells the reviewer what is wrong


class Terminal(io.StringIO):
    """stderr as an interactive terminal would present it."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch, tmp_path):
    import privlint.progress

    for name in privlint.progress.CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(privlint.progress.ProgressBar, "DELAY", 0.0)  # the example scans too fast to wait
    monkeypatch.setattr(privlint.progress.ProgressBar, "INTERVAL", 0.0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["report", str(OPTIMER), "--jobs", "1", "--no-cache", "-o", str(tmp_path / "r.html")]) == 1
    shown = terminal.getvalue()
    frames = shown.split("\r\x1b[2K")
    assert "scanning [" in frames[1] and re.search(r"\] (\d+)/\1 files 100%", shown)
    assert frames[-1].startswith("privlint report (html) written to")  # the bar was cleared before the summary


def test_reports_are_byte_identical_across_processes(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"report-{seed}.md"
        env = {"PATH": "/usr/bin:/bin", "CI": "true", "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "privlint", "report", str(OPTIMER), "--format", "md", "-o", str(out)]
        subprocess.run(command, capture_output=True, env=env, check=False)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 5000


@pytest.mark.parametrize("command", ["check", "scan"])
def test_check_and_scan_draw_the_same_progress_bar(command, monkeypatch, capsys):
    import privlint.progress

    for name in privlint.progress.CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(privlint.progress.ProgressBar, "DELAY", 0.0)
    monkeypatch.setattr(privlint.progress.ProgressBar, "INTERVAL", 0.0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main([command, str(OPTIMER), "--jobs", "1", "--no-cache", "--output-format", "json"])
    shown = terminal.getvalue()
    frames = shown.split("\r\x1b[2K")
    assert "scanning [" in frames[1] and re.search(r"\] (\d+)/\1 files 100%", shown)
    assert frames[-1].startswith("privlint: ")  # cleared before the summary line
    assert "\x1b" not in capsys.readouterr().out  # stdout carries only the report
