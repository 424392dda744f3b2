"""The four formats say the same thing, stay self-contained and escape every scanned string."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import report_hostile as hostile
import report_sample as sample

from privlint.report import FORMATS, LinkMaker, build_report, render
from privlint.report.markdown import code_block, md

REPO_URL = "https://github.com/org/repo/blob/{commit}/{path}#L{line}"


@pytest.fixture
def report(tmp_path):
    return build_report(sample.check_result(tmp_path), links=LinkMaker(REPO_URL, "0123456789abcdef" * 2 + "01234567"))


@pytest.fixture
def hostile_report(tmp_path):
    return build_report(hostile.hostile_result(tmp_path), links=LinkMaker(REPO_URL, "c0ffee"))


def test_html_is_self_contained(report):
    html = render(report, "html")
    assert html.startswith("<!DOCTYPE html>")
    # nothing that would make the browser fetch: no external src/href, no @import/url() in CSS
    assert not re.search(r"""\b(?:src|srcset|action|poster|data)\s*=\s*["']?(?!#)""", html, re.I)
    assert "@import" not in html and "url(" not in html
    external = re.findall(r'href="(https?://[^"]+)"', html)
    assert external and all(h.startswith("https://github.com/org/repo/blob/") for h in external)  # evidence links
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe-inline" not in csp.group(1)
    for anchor in ('id="flow-map"', 'id="matrix-table"', 'id="violations"', 'id="ropa"', 'id="summary"'):
        assert anchor in html


def test_html_shows_the_review_content(report):
    html = render(report, "html")
    assert html.count('class="edge violation"') == 6
    assert html.count('<article class="violation') == 3
    assert "shop/analytics/events.py:7" in html
    assert 'href="https://github.com/org/repo/blob/0123456789abcdef' in html
    assert "Policy version 2026-11-01" in html and "Commit <code>0123456789ab</code>" in html
    assert "shop/broken.py" in html and "syntax error at 1:9" in html
    assert "recipients[mixpanel].categories" in html
    assert "US: adequacy (EU-US Data Privacy Framework)" in html


def test_markdown_has_the_same_content_and_a_mermaid_map(report):
    text = render(report, "md")
    mermaid = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert mermaid.startswith("flowchart LR")
    assert mermaid.count("-->|violation|") == 6
    assert "linkStyle 0,1,2,3,4,5 stroke:#cf222e" in mermaid
    assert '["Stripe"]' in mermaid and 'subgraph g1["payment · US, IE"]' in mermaid
    assert "## Violations (3)" in text
    assert "[shop/analytics/events.py:7](https://github.com/org/repo/blob/" in text
    assert "## Record of processing activities (GDPR Art. 30)" in text
    matrix = text.split("## Categories x recipients", 1)[1].split("##", 1)[0]
    row = next(line for line in matrix.splitlines() if line.startswith("| E-mail address"))
    assert row.count("❌") == 2 and row.count("✅") == 1 and row.count("⚪") == 1


def test_csv_is_one_row_per_activity_and_recipient(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert len(rows) == len(report.ropa) == 6
    stripe = next(r for r in rows if r["recipient"] == "stripe")
    assert stripe["activity"] == "essential.service.payment_processing"
    assert stripe["legal_basis"] == "contract"
    assert stripe["evidence"] == "shop/billing/stripe_client.py:6"
    assert stripe["evidence_urls"].endswith("/shop/billing/stripe_client.py#L6")
    assert stripe["transfers"] == "US"
    assert stripe["status"] == "declared and observed"
    assert {r["status"] for r in rows} == {
        "declared and observed",
        "declared, not observed",
        "observed, not declared",
        "observed, recipient declared for other data",
    }


def test_json_record_of_processing(report):
    document = json.loads(render(report, "json"))
    assert document["format"] == "privlint-ropa" and document["version"] == 1
    assert document["controller"]["name"] == "Optimer Inc."
    assert document["policy"]["version"] == "2026-11-01"
    assert document["analysis"] == {
        "files_analyzed": 5,
        "files_skipped": 1,
        "complete": True,
        "flows": 7,
        "violations": 3,
    }
    mixpanel = [a for a in document["activities"] if a["recipient"] and a["recipient"]["id"] == "mixpanel"]
    assert [a["status"] for a in mixpanel] == ["declared and observed", "observed, recipient declared for other data"]
    assert mixpanel[1]["evidence"][0]["path"] == "shop/analytics/events.py"
    assert mixpanel[1]["evidence"][0]["line"] == 7


def test_every_format_is_deterministic(tmp_path, report):
    again = build_report(sample.check_result(tmp_path), links=LinkMaker(REPO_URL, "0123456789abcdef" * 2 + "01234567"))
    for fmt in FORMATS:
        assert render(report, fmt) == render(again, fmt)


def test_html_escapes_scanned_identifiers(hostile_report):
    html = render(hostile_report, "html")
    body = html.split("<body>", 1)[1]
    assert body.count("<script>") == 1  # the report's own script, at the end
    assert hostile.SCRIPT not in body.replace("<script>(function", "")
    assert "<img" not in html and "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "onerror=alert(2)&gt;.py" in html  # the path is shown, escaped
    assert '"><svg onload' not in html  # attribute values cannot be closed either


def test_markdown_escapes_scanned_identifiers(hostile_report):
    text = render(hostile_report, "md")
    outside_fences = re.sub(r"(`{3,})[^\n]*\n.*?\n\1", "", text, flags=re.S)
    assert "<script" not in outside_fences and "<img" not in outside_fences and "<svg" not in outside_fences
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in outside_fences
    assert not re.search(r"(?<!\\)\]\(javascript:", outside_fences)  # no link was injected
    assert "a\\|b \\*c\\* \\_d\\_ \\[e\\](javascript:alert(3)) \\`f\\` \\$g\\$" in text
    # table rows keep their cell count: no raw "|" from scanned text
    for line in text.splitlines():
        if line.startswith("| Skipped") or "syntax error" in line:
            assert line.count("|") - line.count("\\|") == 3
    mermaid = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "<" not in mermaid and '"><' not in mermaid and "#lt;script#gt;" in mermaid


def test_code_fence_outlasts_backticks_in_the_snippet():
    block = code_block("x = '```' + '````'")
    assert block.startswith("`````python\n") and block.endswith("\n`````")
    assert md("a\nb") == "a b"


def test_csv_neutralises_spreadsheet_formulas(tmp_path):
    from dataclasses import replace

    result = sample.check_result(tmp_path)
    evil = replace(sample.POLICY.purposes[0], description='=HYPERLINK("http://x","click")')
    policy = replace(sample.POLICY, purposes=(evil, *sample.POLICY.purposes[1:]))
    rows = list(csv.reader(io.StringIO(render(build_report(result, policy=policy), "csv"))))
    descriptions = [r[2] for r in rows[1:] if r[1] == "essential.service.payment_processing"]
    assert descriptions == ['\'=HYPERLINK("http://x","click")']


def test_markdown_renders_safely_through_a_commonmark_parser(tmp_path):
    """A real CommonMark renderer (raw HTML allowed, as in a wiki) sees only our markup, never the scanned."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    text = render(build_report(hostile.hostile_result(tmp_path), links=LinkMaker(REPO_URL, "c0ffee")), "md")
    page = parser.render(text)
    tags = set(re.findall(r"<([a-z][a-z0-9]*)\b", page))
    assert tags <= {
        "h1",
        "h2",
        "h3",
        "p",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "ul",
        "ol",
        "li",
        "a",
        "strong",
        "em",
        "code",
        "pre",
        "details",
        "summary",
        "br",
        "hr",
    }
    assert not tags & {"script", "img", "svg", "iframe"}
    links = re.findall(r'<a href="([^"]+)"', page)
    assert links and all(link.startswith("https://github.com/org/repo/blob/c0ffee/") for link in links)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text
    # every table row keeps its column count despite "|" in scanned strings
    for table in re.findall(r"<table>.*?</table>", page, flags=re.S):
        counts = {len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, flags=re.S)}
        assert len(counts) == 1, counts


def test_json_record_matches_its_published_schema(tmp_path, report):
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("privlint.report").joinpath("schema", "ropa.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(render(report, "json")), schema)
    hostile_doc = json.loads(render(build_report(hostile.hostile_result(tmp_path / "h")), "json"))
    jsonschema.validate(hostile_doc, schema)
    broken = json.loads(render(report, "json"))
    broken["activities"][0]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
