"""The report model: map, matrix, violations, Art. 30 rows and summary, from a realistic check result."""

from __future__ import annotations

import subprocess

import pytest
import report_sample as sample

from privlint.report import LinkMaker, build_report
from privlint.report.links import TemplateError, check_template, git_commit, repo_prefix


@pytest.fixture
def report(tmp_path):
    return build_report(sample.check_result(tmp_path))


def edge_map(report):
    return {(e.source, e.target): e for e in report.data_map.edges}


def test_map_columns_follow_the_flows(report):
    data_map = report.data_map
    assert [n.label for n in data_map.categories] == ["E-mail address", "IP address", "Name", "Account identifier"]
    # the package every module shares ("shop.") is left out of the labels, kept in the tooltip
    assert {n.label for n in data_map.components} == {
        "billing.stripe_client",
        "analytics.events",
        "middleware",
        "errors",
        "segment_sync",
    }
    components = {n.label: n for n in data_map.components}
    assert components["analytics.events"].detail.splitlines() == [
        "shop.analytics.events",
        "shop.analytics.events.track_login",
        "shop.analytics.events.track_signup",
    ]
    recipients = {n.id: n for n in data_map.recipients}
    assert recipients["r:stripe"].group == "payment · US, IE"
    assert recipients["r:mixpanel"].group == recipients["r:segment"].group == "analytics · US"
    assert recipients["r:logs"].group == "log (internal)"
    assert "not declared in the policy" in recipients["r:sentry"].detail
    assert [n.id for n in data_map.recipients if n.undeclared] == ["r:sentry"]
    assert not any(n.undeclared for n in data_map.categories)  # all four are declared in the sample policy
    # recipients of one group are adjacent, internal sinks last
    groups = [n.group for n in data_map.recipients]
    assert groups[-1] == "log (internal)"
    assert groups.index("analytics · US") + 1 == len(groups) - groups[::-1].index("analytics · US") - 1


def test_exactly_the_violating_edges_stand_out(report):
    edges = edge_map(report)
    bad = {key for key, edge in edges.items() if edge.violation}
    assert bad == {
        ("c:user.contact.email", "m:shop.analytics.events"),
        ("m:shop.analytics.events", "r:mixpanel"),
        ("c:user.contact.email", "m:shop.errors"),
        ("m:shop.errors", "r:sentry"),
        ("c:user.device.ip_address", "m:shop.middleware"),
        ("m:shop.middleware", "r:logs"),
    }
    assert edges[("m:shop.analytics.events", "r:mixpanel")].flows == 2  # e-mail (bad) and id (fine)
    assert not edges[("m:shop.billing.stripe_client", "r:stripe")].violation
    assert {n.id for n in report.data_map.recipients if n.violation} == {"r:mixpanel", "r:sentry", "r:logs"}


def cell(report, category, recipient):
    column = [c.key for c in report.matrix.columns].index(recipient)
    row = next(r for r in report.matrix.rows if r.category == category)
    return row.cells[column]


def test_matrix_compares_declarations_with_observations(report):
    assert cell(report, "user.contact.email", "stripe").status == "ok"  # declared via user.contact
    assert cell(report, "user.contact", "stripe").status == "ok"
    assert cell(report, "user.contact", "stripe").via == ("user.contact.email",)
    assert cell(report, "user.financial", "stripe").status == "unused"
    assert cell(report, "user.contact.email", "mixpanel").status == "violation"
    assert cell(report, "user.contact.email", "mixpanel").codes == ("PRV203",)
    assert cell(report, "user.unique_id", "mixpanel").status == "ok"
    assert cell(report, "user.unique_id", "segment").status == "ok"  # hashed: sanitised, permitted
    assert cell(report, "user.contact.email", "sendgrid").status == "unused"
    assert cell(report, "user.contact.email", "sentry").status == "violation"
    assert cell(report, "user.device.ip_address", "logs").status == "violation"
    assert cell(report, "user.contact.phone_number", "stripe").status == "none"
    assert [c.key for c in report.matrix.columns][-1] == "logs"
    assert next(r for r in report.matrix.rows if r.category == "user.financial").sensitive
    assert report.matrix.counts() == {"ok": 5, "unused": 3, "violation": 3, "observed": 0}


def test_violations_carry_trace_snippet_and_clause(report):
    assert [v.code for v in report.violations] == ["PRV203", "PRV202", "PRV211"]  # by path, then line
    mixpanel = report.violations[0]
    assert mixpanel.location.label == "shop/analytics/events.py:7"
    assert mixpanel.location.snippet == 'mp.track(user.id, "signup", {"email": user.email})'
    assert mixpanel.source_evidence == "user.email"
    assert [step.note for step in mixpanel.trace] == ["dict value 'email' passed as properties to mp.track"]
    assert mixpanel.clause == "recipients[mixpanel].categories"
    assert mixpanel.hint.startswith("send a pseudonymous id")
    assert (mixpanel.category, mixpanel.recipient) == ("user.contact.email", "mixpanel")
    assert mixpanel.sink == "mixpanel.Mixpanel().track"
    assert report.violations[2].recipient == "logs"
    assert [n.code for n in report.notes] == ["PRV302", "PRV301"]  # by position in the policy file
    assert all(n.severity == "info" for n in report.notes)


def rows_by(report):
    return {(r.activity, r.recipient): r for r in report.ropa}


def test_record_of_processing_rows(report):
    rows = rows_by(report)
    assert set(rows) == {
        ("analytics.reporting", "mixpanel"),
        ("analytics.reporting", "segment"),
        ("essential.service.notifications.email", "sendgrid"),
        ("essential.service.payment_processing", "stripe"),
        ("(no declared purpose)", "mixpanel"),  # declared, but not for every category it receives
        ("(not in the policy)", "sentry"),
    }
    stripe = rows[("essential.service.payment_processing", "stripe")]
    assert stripe.status == "declared and observed"
    assert stripe.legal_basis == "contract"
    assert "user.contact.email" in stripe.categories and "user.financial" in stripe.sensitive_categories
    assert stripe.safeguards == ("US: adequacy (EU-US Data Privacy Framework)",)
    assert "user.contact.email: P3Y (after account closure)" in stripe.retention
    assert [e.label for e in stripe.evidence] == ["shop/billing/stripe_client.py:6"]
    sendgrid = rows[("essential.service.notifications.email", "sendgrid")]
    assert sendgrid.status == "declared, not observed" and sendgrid.evidence == ()
    assert sendgrid.safeguards == ("US: no mechanism declared",)
    sentry = rows[("(not in the policy)", "sentry")]
    assert sentry.status == "observed, not declared"
    assert [e.label for e in sentry.evidence] == ["shop/errors.py:5"]
    assert all(r.controller == "Optimer Inc." for r in report.ropa)
    assert all(r.recipient != "logs" for r in report.ropa)  # logs are processing, not a recipient


def test_summary_counts(report):
    summary = report.summary
    assert summary.files_analyzed == 5
    assert summary.skipped == (("shop/broken.py", "syntax error at 1:9"),)
    assert dict(summary.severity_counts) == {"error": 3, "warning": 0, "info": 2}
    assert summary.flows == len(sample.FLOWS)
    assert summary.policy_version == "2026-11-01"
    assert summary.commit is None  # not in a git repository


def test_links_follow_the_template_and_the_repository_layout(tmp_path):
    repo = tmp_path / "repo"
    app = repo / "services" / "shop-app"
    app.mkdir(parents=True)
    result = sample.check_result(app)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "."], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-q", "-m", "app"], check=True)
    commit = git_commit(app)
    assert commit and len(commit) == 40
    assert repo_prefix(app) == "services/shop-app"
    links = LinkMaker("https://git.example/org/repo/blob/{commit}/{path}#L{line}", commit, repo_prefix(app))
    report = build_report(result, links=links)
    assert report.summary.commit == commit
    assert report.summary.root == "services/shop-app"  # not the machine's absolute path
    assert report.violations[0].location.url == (
        f"https://git.example/org/repo/blob/{commit}/services/shop-app/shop/analytics/events.py#L7"
    )
    assert LinkMaker("https://x/{path}?l={line}&c={column}").url("a b/c.py", 3, 4) == "https://x/a%20b/c.py?l=3&c=4"
    assert LinkMaker("https://x/{path}").url("/etc/policy.yaml", 1) is None


def test_bad_templates_are_rejected_with_a_hint():
    check_template("https://github.com/org/repo/blob/{commit}/{path}#L{line}")
    with pytest.raises(TemplateError, match=r"unknown field \{branch\}.*hint"):
        check_template("https://github.com/org/repo/blob/{branch}/{path}")
    with pytest.raises(TemplateError):
        check_template("https://x/{path")


def test_no_policy_still_reports_flows(tmp_path):
    result = sample.check_result(tmp_path)
    from dataclasses import replace

    report = build_report(replace(result, policy=None, findings=()))
    assert report.violations == ()
    assert {c.status for r in report.matrix.rows for c in r.cells} <= {"observed", "none"}
    assert [r.activity for r in report.ropa] == ["(not in the policy)"] * 4


def test_violations_are_grouped_by_rule_with_the_rule_summary(tmp_path):
    result = sample.check_result(tmp_path)
    from dataclasses import replace

    extra = replace(result.findings[0], location=replace(result.findings[0].location, line=8))
    report = build_report(replace(result, findings=(*result.findings, extra)))
    groups = report.violation_groups()
    assert [(g.code, len(g.violations)) for g in groups] == [("PRV203", 2), ("PRV202", 1), ("PRV211", 1)]
    assert groups[0].title == "A declared recipient receives a category it is not declared for"


def test_large_maps_group_modules_by_package():
    from privlint.report.build import component_grouping

    modules = {f"app.pkg{i // 50:02d}.module{i:04d}" for i in range(1000)} | {"manage"}
    grouping = component_grouping(modules, limit=40)
    assert len(set(grouping.values())) == 21
    assert grouping["app.pkg03.module0150"] == "app.pkg03" and grouping["manage"] == "manage"
    small = {"shop.billing.stripe_client", "shop.errors"}
    assert component_grouping(small) == {m: m for m in small}


def test_path_purposes_attribute_flows_to_activities(tmp_path):
    result = sample.check_result(tmp_path)
    report = build_report(result, purposes_by_path=(("shop/analytics/*", "analytics.reporting"),))
    rows = rows_by(report)
    assert ("(no declared purpose)", "mixpanel") not in rows
    mixpanel = rows[("analytics.reporting", "mixpanel")]
    assert [e.label for e in mixpanel.evidence] == ["shop/analytics/events.py:7", "shop/analytics/events.py:11"]
    assert mixpanel.categories == ("user.contact.email", "user.unique_id")


def test_snippets_count_lines_as_python_does(tmp_path):
    result = sample.check_result(tmp_path)
    events = tmp_path / "shop" / "analytics" / "events.py"
    # a form feed inside a string on line 3 is no line break for Python (str.splitlines would split there)
    events.write_text(events.read_text().replace('mp = Mixpanel("token")', 'mp = Mixpanel("to\fken")'))
    report = build_report(result)
    assert report.violations[0].location.snippet == 'mp.track(user.id, "signup", {"email": user.email})'
