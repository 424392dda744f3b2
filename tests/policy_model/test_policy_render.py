"""`privlint policy render`: the privacy notice generated from the model (Markdown and HTML)."""

from __future__ import annotations

import re

import pytest
from policy_texts import BASE, EXAMPLES

from policy_model import load, load_text
from policy_model.render import build_notice, humanize_duration, render_html, render_markdown
from privlint.cli import main

SECTIONS = [
    "About this notice",
    "What we collect",
    "Why we use it",
    "Who we share it with",
    "International transfers",
    "How long we keep it",
    "What we never do",
    "Your rights",
]


def test_humanize_duration():
    assert humanize_duration("P30D") == "30 days"
    assert humanize_duration("P1Y") == "1 year"
    assert humanize_duration("P1Y6M") == "1 year and 6 months"
    assert humanize_duration("P1Y2M3D") == "1 year, 2 months and 3 days"
    assert humanize_duration("PT12H") == "12 hours"
    assert humanize_duration("PT0S") == "0 seconds"


@pytest.mark.parametrize("path", EXAMPLES, ids=["optimer", "optimibi"])
def test_markdown_has_every_section(path):
    text = render_markdown(load(path))
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings[: len(SECTIONS)] == SECTIONS


def test_optimer_notice_states_the_seed_promises(capsys):
    assert main(["policy", "render", "--policy", str(EXAMPLES[0]), "--format", "md"]) == 0
    text = capsys.readouterr().out
    for expected in (
        "We do not store full payment card information on our servers.",
        "| Payment card details | Not stored. Never stored on our servers; tokenised by the payment provider. |",
        "Stripe, United States: an adequacy decision of the European Commission (GDPR Art. 45); the recipient is "
        "certified under the EU-US Data Privacy Framework",
        "Postmark, United States: Standard Contractual Clauses (GDPR Art. 46(2)(c))",
        "Depending on your jurisdiction (the EU GDPR and PIPEDA (Canada)), you may have the right to:",
        "- Receive a copy of your data in a portable format",
        "To exercise these rights, contact us at support@optimer.cloud.",
        "| Name | 30 days after account closure, then deleted. |",
        "You can control cookies through your browser settings.",
    ):
        assert expected in text, expected


def test_optimibi_notice_states_the_seed_promises():
    text = render_markdown(load(EXAMPLES[1]))
    for expected in (
        "Effective date: 2024-05-05.",
        "We do not rent or sell your Personal Information in an identifiable form to third parties.",
        "a partner; receives anonymised or aggregated data only",
        "30 days after account deletion, then anonymised. We keep only a form that no longer identifies you.",
        "You can opt out at any time (e.g. with the unsubscribe link in our emails).",
        "To exercise these rights, contact us at info@Optimibi.com.",
    ):
        assert expected in text, expected


HOSTILE = BASE.replace("  name: Acme", '  name: "<script>alert(1)</script> & Co | *bold* [x](javascript:y)"')


def test_html_escapes_everything_and_is_self_contained():
    html = render_html(load_text(HOSTILE))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert "src=" not in html and "@import" not in html and "url(" not in html
    assert "<style>" in html and html.startswith("<!DOCTYPE html>")


def test_markdown_escapes_markup():
    text = render_markdown(load_text(HOSTILE))
    assert "\\<script\\>" in text and "\\| \\*bold\\* \\[x\\]" in text


def test_output_is_deterministic():
    policy = load(EXAMPLES[0])
    assert render_html(policy) == render_html(load(EXAMPLES[0]))
    assert build_notice(policy).title == "Optimer Privacy Policy"


def test_a_policy_without_recipients_or_transfers_says_so():
    text = BASE.split("recipients:")[0]
    md = render_markdown(load_text(text))
    assert "We do not share personal data with anyone." in md
    assert "We do not transfer personal data outside the European Economic Area." in md
