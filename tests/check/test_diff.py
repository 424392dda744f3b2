"""``--diff BASE_REF`` in a real git repository: only violations whose trace touches changed lines,
while the analysis still sees the whole program."""

from __future__ import annotations

import subprocess

import pytest

OLD_VIEW = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")


def track(event, properties):
    mp.track("anon", event, properties)


def signup(user):
    track("signup", user.plan)
"""
NEW_VIEW = OLD_VIEW.replace('track("signup", user.plan)', 'track("signup", user.email)')
LOGS = """\
import logging


def audit(user):
    logging.info("user %s", user.email)
"""


def git(root, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(make_project):
    proj = make_project({"app/__init__.py": "", "app/views.py": OLD_VIEW, "app/logs.py": LOGS})
    proj.write("pyproject.toml", '[tool.privlint]\npolicy = "privacy-policy.yaml"\n')
    git(proj.root, "init", "-q", "-b", "main")
    git(proj.root, "-c", "user.email=t@example.com", "-c", "user.name=T", "add", ".")
    git(proj.root, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-m", "base")
    return proj


def test_only_findings_touching_changed_lines(repo):
    assert [c for c, _, _ in repo.codes("--diff", "main")] == []
    repo.write("app/views.py", NEW_VIEW)
    everything = repo.codes()
    assert ("PRV211", "app/logs.py", 5) in everything
    changed = repo.codes("--diff", "main")
    # the email now flows from the changed caller into the unchanged helper: reported at the helper's sink
    # (line 7, unchanged) because its trace touches the changed line 11; the unchanged log line is not reported
    assert changed == [("PRV203", "app/views.py", 7)]


def test_untracked_files_count_as_changed(repo):
    repo.write("app/new.py", LOGS.replace("def audit", "def audit2"))
    assert [(c, p) for c, p, _ in repo.codes("--diff", "HEAD")] == [("PRV211", "app/new.py")]


def test_no_changes_no_findings_and_bad_ref(repo):
    code, report = repo.json("--diff", "HEAD")
    assert code == 0 and report["findings"] == []
    code, _, err = repo.run("--diff", "no-such-branch")
    assert code == 2 and "unknown git revision 'no-such-branch'" in err


def test_a_shallow_clone_hint_mentions_fetch_depth(repo, tmp_path_factory, capsys, monkeypatch):
    """CI checkouts fetch one commit by default: the base revision is missing, and the hint says why."""
    from privlint.cli import main

    base = git(repo.root, "rev-parse", "HEAD").strip()
    repo.write("app/views.py", NEW_VIEW)
    git(repo.root, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-am", "change")
    clone = tmp_path_factory.mktemp("ci") / "shallow"
    git(clone.parent, "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    monkeypatch.chdir(clone)
    assert main(["check", "--jobs", "1", "--no-cache", "--diff", base]) == 2
    err = capsys.readouterr().err
    assert f"unknown git revision '{base}'" in err and "shallow clone" in err and "fetch-depth: 0" in err
