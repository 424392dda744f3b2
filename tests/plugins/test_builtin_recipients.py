"""The built-in vendor catalogue (plugins/recipients): coverage, shape and host map."""

from __future__ import annotations

from pathlib import Path

import pytest

import plugins.recipients
from policy_model.recipient_kinds import RECIPIENT_KINDS
from privlint.catalogue_loader import load_catalogue_file
from privlint.plugin_manager import load_catalogue

REQUIRED_IDS = {
    "stripe", "braintree", "paypal", "adyen", "paddle",
    "sendgrid", "mailgun", "postmark", "mailchimp", "aws", "smtp",
    "twilio", "vonage",
    "segment", "mixpanel", "amplitude", "posthog", "heap", "google_analytics",
    "sentry", "rollbar", "bugsnag", "datadog", "newrelic", "honeybadger", "opentelemetry",
    "hubspot", "salesforce", "intercom", "zendesk", "freshdesk", "slack", "discord",
    "openai", "anthropic", "google_gemini", "cohere",
    "google_cloud", "azure", "firebase", "algolia", "cloudinary",
}  # fmt: skip
DATA_FILES = sorted(Path(plugins.recipients.__file__).parent.glob("*.yaml"))
README = Path(plugins.recipients.__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def catalogue():
    catalogue, loaded = load_catalogue(entry_points=False)
    assert loaded.errors == []
    return catalogue


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_data_file_is_valid(path):
    assert load_catalogue_file(path).recipients


def test_at_least_forty_recipients_including_the_required_ones(catalogue):
    ids = {r.id for r in catalogue.recipients}
    assert REQUIRED_IDS - ids == set()
    assert len(ids) >= 40
    assert len(ids) == len(catalogue.recipients)  # unique


def test_readme_states_the_number_of_recipients(catalogue):
    assert f"`plugins/recipients/*.yaml`: {len(catalogue.recipients)} recipients" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_each_file_is_named_after_a_kind(path):
    assert path.stem in RECIPIENT_KINDS or path.stem == "monitoring"  # monitoring: error_monitoring and observability


def test_every_recipient_carries_positive_and_negative_examples(catalogue):
    missing = [r.id for r in catalogue.recipients if not (r.examples.flows and r.examples.no_flows)]
    assert missing == []


def test_every_recipient_names_its_kind_and_docs(catalogue):
    kinds = {r.id: r.kind for r in catalogue.recipients}
    assert kinds["stripe"] == "payment" and kinds["aws"] == "cloud" and kinds["smtp"] == "email"
    assert kinds["sentry"] == "error_monitoring" and kinds["openai"] == "ai" and kinds["hubspot"] == "crm"
    assert all(r.docs.startswith("https://") for r in catalogue.recipients if r.id != "smtp")


@pytest.mark.parametrize(
    ("host", "recipient"),
    [
        ("api.stripe.com", "stripe"),
        ("api.mailgun.net", "mailgun"),
        ("api.eu.mailgun.net", "mailgun"),
        ("hooks.slack.com", "slack"),
        ("eu.i.posthog.com", "posthog"),
        ("o1.ingest.sentry.io", "sentry"),
        ("email.eu-west-1.amazonaws.com", "aws"),
        ("generativelanguage.googleapis.com", "google_gemini"),
        ("fcm.googleapis.com", "firebase"),
        ("bigquery.googleapis.com", "google_cloud"),
        ("www.google-analytics.com", "google_analytics"),
        ("acme.zendesk.com", "zendesk"),
        ("acme.openai.azure.com", "azure"),
        ("api.openai.com", "openai"),
        ("maps.googleapis.com", "google_maps"),
    ],
)
def test_host_map_names_the_recipient(catalogue, host, recipient):
    found = catalogue.recipient_for_host(host)
    assert found is not None and found.id == recipient


@pytest.mark.parametrize("host", ["stripe.com.evil.example", "notstripe.com", "api.openai.com.example", "example.com"])
def test_host_map_respects_domain_boundaries(catalogue, host):
    assert catalogue.recipient_for_host(host) is None


def test_packages_become_catch_all_sinks_after_explicit_rules(catalogue):
    patterns = [rule.pattern for rule in catalogue.sinks]
    first_catch_all = next(i for i, p in enumerate(patterns) if p == "stripe.**")
    assert patterns.index("stripe.Customer.create") < first_catch_all
    # a more specific package wins over its parent namespace
    assert patterns.index("google.cloud.aiplatform.**") < patterns.index("google.cloud.**")
    stripe_rule = catalogue.sinks[first_catch_all]
    assert (stripe_rule.recipient, stripe_rule.kind, stripe_rule.plugin) == ("stripe", "third_party", "recipients")
    # the legacy Segment package is the generic name "analytics": no catch-all for it; nor for other SDKs
    # whose import name is a word a project may use for its own module
    for generic in ("analytics", "replicate", "together", "perplexity", "square", "snowflake", "resend", "fireworks"):
        assert f"{generic}.**" not in patterns


def test_segment_legacy_calls_are_explicit(catalogue):
    rules = {rule.pattern: rule.recipient for rule in catalogue.sinks}
    assert rules["analytics.track"] == "segment"
    assert rules["openai.AzureOpenAI().**"] == "azure"
