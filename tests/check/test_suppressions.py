"""Inline suppressions ``# privlint: ignore[CODE] reason``: where they apply, PRV901 without a
reason, PRV902 when unused."""

from __future__ import annotations

from check_project import BILLING

TRACK = '    mp.track(user.id, "signup", {"email": user.email})'


def test_suppression_on_the_sink_line(project):
    project.write("app/billing.py", BILLING.replace(TRACK, TRACK + "  # privlint: ignore[PRV203] consented, DPIA-7"))
    code, report = project.json()
    assert [f["code"] for f in report["findings"]] == ["PRV211"]
    assert report["summary"]["suppressed"] == 1
    assert code == 1


def test_suppression_by_prefix_and_on_the_line_above(project):
    text = BILLING.replace(TRACK, "    # privlint: ignore[PRV2] experiment approved by the DPO\n" + TRACK)
    project.write("app/billing.py", text)
    assert [c for c, _, _ in project.codes()] == ["PRV211"]


def test_suppression_on_the_last_line_of_a_multiline_statement(project):
    text = BILLING.replace(
        TRACK,
        '    mp.track(\n        user.id,\n        "signup",\n        {"email": user.email},\n'
        "    )  # privlint: ignore[PRV203] hashed upstream",
    )
    project.write("app/billing.py", text)
    assert [c for c, _, _ in project.codes()] == ["PRV211"]


def test_suppression_without_reason_still_suppresses_but_is_reported(project):
    project.write("app/billing.py", BILLING.replace(TRACK, TRACK + "  # privlint: ignore[PRV203]"))
    assert sorted(project.codes()) == [("PRV211", "app/billing.py", 19), ("PRV901", "app/billing.py", 15)]


def test_unused_and_unknown_suppressions_are_reported(project):
    text = BILLING.replace("def charge(user):", "def charge(user):  # privlint: ignore[PRV211] left over").replace(
        TRACK, TRACK + "  # privlint: ignore[PRV999] typo"
    )
    project.write("app/billing.py", text)
    codes = sorted(project.codes())
    assert ("PRV902", "app/billing.py", 10) in codes
    assert ("PRV902", "app/billing.py", 15) in codes  # unknown code
    assert ("PRV203", "app/billing.py", 15) in codes  # not suppressed by the typo


def test_suppression_of_an_unselected_code_is_not_stale(project):
    project.write("app/billing.py", BILLING.replace(TRACK, TRACK + "  # privlint: ignore[PRV203] consented"))
    assert project.codes("--select", "PRV211") == [("PRV211", "app/billing.py", 19)]


def test_suppressions_cannot_hide_hygiene_findings(project):
    project.write("app/billing.py", "x = 1  # privlint: ignore[PRV902] nice try\n" + BILLING)
    assert ("PRV902", "app/billing.py", 1) in project.codes()
