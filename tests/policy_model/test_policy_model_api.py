"""The typed API the engine and reports use: load, look-ups, positions and subsumption."""

from __future__ import annotations

from policy_texts import BASE, EXAMPLES

from policy_model import Position, ancestors, covered_by, covers, load, load_text, overlaps
from policy_model.model import is_sale_use


def test_covers_is_descendant_or_self_on_segment_boundaries():
    assert covers("user.contact", "user.contact.email")
    assert covers("user.contact.email", "user.contact.email")
    assert covers("user", "user.device.user_agent")
    assert not covers("user.contact.email", "user.contact")  # a child never covers its parent
    assert not covers("user.contact", "user.contacts")  # not a prefix match inside a segment
    assert not covers("user.device", "system.operations")


def test_covered_by_overlaps_and_ancestors():
    assert covered_by("user.contact.email", ["user.name", "user.contact"])
    assert not covered_by("user.contact", ["user.contact.email"])
    assert overlaps("user.contact", "user.contact.email") and overlaps("user.contact.email", "user.contact")
    assert not overlaps("user.contact.email", "user.contact.phone_number")
    assert ancestors("user.contact.email") == ("user.contact.email", "user.contact", "user")


def test_sale_uses():
    assert is_sale_use("sales") and is_sale_use("third_party_sharing")
    assert is_sale_use("marketing.advertising.third_party.targeted")
    assert not is_sale_use("third_party_sharing.legal_obligation")
    assert not is_sale_use("marketing.communications.email")


def test_optimer_model_and_lookups():
    policy = load(EXAMPLES[0])
    assert policy.controller.name == "Optimer" and policy.controller.region == "EEA"
    assert policy.controller.contact == "support@optimer.cloud"
    assert policy.declared_category("user.contact.email").key == "user.contact.email"
    # the most specific declaration wins: purchase history has its own retention under user.behavior
    assert policy.declared_category("user.behavior.purchase_history").retention == "P10Y"
    assert policy.declared_category("user.behavior.search_history").key == "user.behavior"
    assert policy.declared_category("user.contact.phone_number") is None
    card = policy.retention_for("user.financial.credit_card")
    assert card is not None and card.retention == "PT0S"
    stripe = policy.recipient("stripe")
    assert stripe is not None and stripe.may_receive("user.financial.credit_card") and stripe.locations == ("US",)
    assert stripe.serves("essential.service.payment_processing") and not stripe.serves("analytics.reporting")
    sentry = policy.recipient("sentry")
    assert sentry is not None and not sentry.may_receive("user.contact.email")
    assert [t.mechanism for t in policy.transfers_to("stripe")] == ["adequacy"]
    assert policy.transfers_to("stripe")[0].certification == "dpf"
    (no_logs,) = policy.prohibitions_for("no_logging")
    assert no_logs.applies_to_category("user.contact.email") and not no_logs.applies_to_category("system.operations")
    (card_only,) = policy.prohibitions_for("no_third_party")
    assert not card_only.applies_to_recipient("stripe") and card_only.applies_to_recipient("sentry")
    assert ("user.device.user_agent", ("user agent", "ua string", "http user agent")) in policy.bindings.identifiers
    assert [e.key for e in policy.extensions] == ["user.device.user_agent"]
    assert len(policy.digest) == 64


def test_optimibi_partner_binding_and_prohibitions():
    policy = load(EXAMPLES[1])
    partner = policy.recipient("insightful_partners")
    assert partner is not None
    assert (partner.role, partner.kind, partner.requires) == ("partner", "analytics", "anonymised")
    assert partner.hosts == ("api.insightful-partners.example",)
    assert {p.rule for p in policy.prohibitions} == {"no_sale", "anonymised_only"}
    assert all(c.retention_after == "anonymise" for c in policy.categories if c.key != "user.authorization.password")
    assert {r.id for r in policy.recipients} == {"aws", "sendgrid", "insightful_partners", "legal_authorities"}


def test_positions_point_at_yaml_nodes():
    policy = load_text(BASE, "p.yaml")
    assert policy.recipient("sendgrid").position == Position("p.yaml", 13, 5)
    assert policy.position_of("recipients", 0, "locations", 0) == Position("p.yaml", 16, 17)
    assert policy.position_of("transfers", 0, "mechanism") == Position("p.yaml", 22, 16)
    # a path without a node of its own falls back to the nearest ancestor
    assert policy.position_of("transfers", 0, "certification") == Position("p.yaml", 20, 5)
    assert str(policy.category("user.contact.email").position) == "p.yaml:6:5"


def test_policy_is_hashable_and_comparable_despite_positions():
    a, b = load_text(BASE, "p.yaml"), load_text(BASE, "p.yaml")
    assert a == b and hash(a.controller) == hash(b.controller)
