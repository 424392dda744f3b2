"""``privlint diff``: the flows of two git revisions compared, in a real repository."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from review_project import POLICY

SEGMENT = """\
import segment.analytics as analytics


def signup(user):
    analytics.identify(user.id, {"email": user.email})
"""
HASHED = """\
import hashlib
import logging

import segment.analytics as analytics

logger = logging.getLogger(__name__)


def visit(user):
    analytics.track(hashlib.sha256(user.email.encode()).hexdigest(), "visit", {"plan": user.plan})


def audit(user):
    logger.info("visit by %s", user.name)
"""
SCHEMAS = Path(__file__).resolve().parents[2] / "privlint" / "schemas"


def diff_json(project, *args: str) -> tuple[int, dict]:
    code, report = project.json("diff", "--jobs", "1", *args)
    return code, report


def test_a_commit_that_adds_a_vendor_call_is_an_added_flow_with_its_finding_and_its_patch(project):
    project.git("checkout", "-q", "-b", "feature")
    project.write("app/tracking.py", SEGMENT)
    project.commit("track signups in Segment")
    code, report = diff_json(project, "main")
    assert code == 1
    [change] = report["changes"]
    assert (change["kind"], change["category"], change["recipient"]) == ("added", "user.contact.email", "segment")
    assert "new recipient" in change["reasons"] and change["permitted"] is False
    assert [f["code"] for f in change["findings"]] == ["PRV202"]
    assert "declare recipient segment (analytics, US)" in change["suggestion"]["changes"]
    assert report["policy_patch"]["patch"].startswith("--- a/privacy-policy.yaml")
    code, text, err = project.run("diff", "main", "--jobs", "1")
    assert "app/tracking.py:5 now sends user.contact.email to segment (new recipient)" in text
    assert "PRV202" in text and "1 added, 0 changed, 0 removed" in err

    # the suggested patch makes check pass and keeps every comment of the policy
    assert project.run("policy", "suggest", "--apply")[0] == 0
    assert project.run("check", "--jobs", "1")[0] == 0
    policy = project.read("privacy-policy.yaml")
    assert all(line in policy.splitlines() for line in POLICY.splitlines() if line.lstrip().startswith("#"))
    # the working tree's policy now permits the flow the commit added
    code, report = diff_json(project, "main")
    assert code == 0 and report["changes"][0]["permitted"] is True and report["policy_patch"] is None


def test_changed_and_removed_flows_between_two_revisions(project):
    project.write("app/tracking.py", HASHED)
    base = project.commit("hashed ids to segment, names in logs")
    project.git("checkout", "-q", "-b", "feature")
    project.write(
        "app/tracking.py",
        HASHED.replace("hashlib.sha256(user.email.encode()).hexdigest()", "user.email")
        .replace('{"plan": user.plan}', '{"plan": user.plan, "ip": user.ip_address}')
        .replace('    logger.info("visit by %s", user.name)\n', "    return None\n"),
    )
    project.commit("raw email")
    project.write("app/billing.py", "")  # the working tree differs again: HEAD the revision must not read it
    code, report = diff_json(project, base, "feature")
    assert code == 1 and report["head"] == {
        "revision": "feature",
        "commit": project.git("rev-parse", "feature").strip(),
    }
    changes = {(c["kind"], c["category"]): c for c in report["changes"]}
    assert set(changes) == {
        ("changed", "user.contact.email"),
        ("changed", "user.device.ip_address"),
        ("removed", "user.name"),
    }
    assert changes["changed", "user.contact.email"]["reasons"][0].startswith("sanitiser dropped")
    assert changes["changed", "user.device.ip_address"]["reasons"][0].startswith(
        "now also sends user.device.ip_address"
    )
    assert changes["removed", "user.name"]["permitted"] is None


def test_moving_code_is_no_change(project):
    project.write("app/tracking.py", SEGMENT)
    project.commit("segment")
    project.write(
        "app/tracking.py",
        "# a comment\n\n\n" + SEGMENT.replace("def signup", "def _helper():\n    pass\n\n\ndef signup"),
    )
    code, report = diff_json(project, "main")
    assert code == 0 and report["changes"] == []
    assert report["summary"] == {"added": 0, "changed": 0, "removed": 0, "violating": 0, "exit_code": 0}


def test_the_working_tree_and_git_are_left_alone(project):
    project.write("app/tracking.py", SEGMENT)  # untracked: part of the working tree's flows
    status = project.git("status", "--porcelain")
    code, report = diff_json(project, "HEAD")
    assert code == 1 and report["changes"][0]["kind"] == "added"
    assert project.git("status", "--porcelain") == status
    assert len(project.git("worktree", "list").splitlines()) == 1
    assert project.git("stash", "list") == ""


def test_usage_errors_say_what_is_wrong(project, tmp_path, monkeypatch):
    code, out, err = project.run("diff", "no-such-branch")
    assert code == 2 and out == "" and "unknown git revision 'no-such-branch'" in err
    plain = tmp_path / "plain"
    plain.mkdir()
    monkeypatch.chdir(plain)
    code, _, err = project.run("diff", "main")
    assert code == 2 and "not a git repository" in err


def test_a_shallow_clone_hint(project, tmp_path, monkeypatch):
    project.write("app/tracking.py", SEGMENT)
    project.commit("second")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone)], check=True)
    monkeypatch.chdir(clone)
    code, _, err = project.run("diff", "HEAD~1")
    assert code == 2 and "shallow clone" in err and "fetch-depth: 0" in err


def test_json_follows_its_schema(project):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource

    project.write("app/tracking.py", HASHED)
    project.commit("tracking")
    project.write("app/tracking.py", SEGMENT)
    _, report = diff_json(project, "main")
    assert {c["kind"] for c in report["changes"]} == {"added", "removed"}
    scan = json.loads((SCHEMAS / "scan-report.schema.json").read_text())
    schema = json.loads((SCHEMAS / "diff-report.schema.json").read_text())
    registry = Registry().with_resource(scan["$id"], Resource.from_contents(scan))
    jsonschema.Draft202012Validator(schema, registry=registry).validate(report)


HOSTILE = """\
import segment.analytics as analytics


def run(user):
    analytics.identify(user.id, {"email": user.email})
"""


def test_markdown_renders_safely_through_a_commonmark_parser(project):
    from markdown_it import MarkdownIt

    project.write("app/x<script>alert(1)</script>|`_*[y](javascript:z).py", HOSTILE)
    code, text, _ = project.run("diff", "main", "--format", "md", "--jobs", "1")
    assert code == 1 and "```mermaid" in text and "```diff" in text
    page = MarkdownIt("commonmark").enable("table").render(text)
    tags = set(re.findall(r"<([a-z][a-z0-9]*)\b", page))
    assert tags <= {"h2", "h3", "p", "ul", "li", "strong", "em", "code", "pre", "details", "summary", "a", "br"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert re.findall(r'<a href="([^"]+)"', page) == ["#suggested-policy-edit"]
    assert "javascript:" not in "".join(re.findall(r'href="([^"]+)"', page))


def test_github_format_annotates_and_writes_the_step_summary(project, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    project.write("app/tracking.py", SEGMENT)
    code, out, _ = project.run("diff", "main", "--format", "github", "--jobs", "1")
    assert code == 1
    assert out.startswith("::error file=app/tracking.py,line=5,col=5,title=PRV202 added flow::")
    assert "## Personal data in this change" in summary.read_text()


def test_a_base_whose_policy_does_not_load_is_judged_by_the_heads(project):
    project.write("privacy-policy.yaml", "privlint: '1.0'\ncategories: [\n")
    project.write("app/tracking.py", SEGMENT)
    project.commit("broken policy")
    project.write("privacy-policy.yaml", POLICY)
    code, out, err = project.run("diff", "main", "--format", "json", "--jobs", "1")
    assert code == 0 and json.loads(out)["changes"] == []  # the same flows: nothing added, nothing removed
    assert "does not load" in err
