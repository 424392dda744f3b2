"""Fides interop: export then import keeps everything that maps; what does not map is reported."""

from __future__ import annotations

import pytest
import yaml
from policy_texts import EXAMPLES

from policy_model import lint, load, load_text
from policy_model.fides import export_fides, import_fides


def round_trip(path):
    policy = load(path)
    manifest, unmapped = export_fides(policy)
    # through YAML text, as the CLI does
    data, unmapped_back = import_fides([yaml.safe_load(yaml.safe_dump(manifest, sort_keys=False))])
    return policy, load_text(yaml.safe_dump(data, sort_keys=False), "imported.yaml"), unmapped, unmapped_back


@pytest.mark.parametrize("path", EXAMPLES, ids=["optimer", "optimibi"])
def test_round_trip_keeps_what_maps(path):
    before, after, _, unmapped_back = round_trip(path)
    assert unmapped_back == []
    assert lint(after) == []
    assert sorted((c.key, c.retention, c.retention_trigger, c.retention_after) for c in before.categories) == sorted(
        (c.key, c.retention, c.retention_trigger, c.retention_after) for c in after.categories
    )
    assert [(p.key, p.name, p.legal_basis, p.categories) for p in before.purposes] == [
        (p.key, p.name, p.legal_basis, p.categories) for p in after.purposes
    ]

    def recipient(r):
        return (r.id, r.name, r.role, r.kind, r.locations, r.categories, r.purposes, r.requires)

    assert [recipient(r) for r in before.recipients] == [recipient(r) for r in after.recipients]
    assert [(t.recipient, t.destination, t.mechanism, t.certification) for t in before.transfers] == [
        (t.recipient, t.destination, t.mechanism, t.certification) for t in after.transfers
    ]
    assert [(e.key, e.parent, e.name) for e in before.extensions] == [
        (e.key, e.parent, e.name) for e in after.extensions
    ]
    assert after.controller.name == before.controller.name and after.controller.contact == before.controller.contact
    assert after.subjects == before.subjects


def test_what_does_not_map_is_reported():
    _, after, unmapped, _ = round_trip(EXAMPLES[0])
    assert "prohibitions[no-card-storage] (no_storage): fides policy rules cannot express it" in unmapped
    assert not any(item.startswith("bindings") for item in unmapped)  # identifiers travel as a dataset
    assert after.bindings.identifiers == load(EXAMPLES[0]).bindings.identifiers
    assert "recipients[legal_authorities].role=authority: no fides responsibility; kept as a tag" in unmapped
    assert after.prohibitions == ()  # none of Optimer's prohibitions is a fides deny rule


def test_no_sale_becomes_a_fides_deny_rule_and_back():
    policy = load(EXAMPLES[1])
    manifest, _ = export_fides(policy)
    (rule,) = manifest["policy"][0]["rules"]
    assert rule["data_uses"] == {"matches": "ANY", "values": ["sales", "marketing.advertising.third_party"]}
    assert rule["data_subjects"]["values"] == ["customer", "visitor"]  # never empty: fides would never fire
    _, after, _, _ = round_trip(EXAMPLES[1])
    assert [(p.id, p.rule, p.categories) for p in after.prohibitions] == [("no-sale", "no_sale", ("user",))]


def test_export_shape_matches_fideslang_systems():
    manifest, _ = export_fides(load(EXAMPLES[0]))
    controller, *recipients = manifest["system"]
    assert controller["fides_key"] == "optimer" and controller["responsibility"] == ["Controller"]
    egress_keys = {e["fides_key"] for e in controller["egress"]}
    for declaration in controller["privacy_declarations"]:
        assert set(declaration.get("egress", ())) <= egress_keys  # fideslang's egress validator
        assert declaration["data_subjects"]
    stripe = next(s for s in recipients if s["fides_key"] == "stripe")
    assert stripe["responsibility"] == ["Processor"] and stripe["system_type"] == "payment"
    assert stripe["legal_basis_for_transfers"] == ["Adequacy Decision"]
    assert "privlint:transfer=US,adequacy,dpf" in stripe["tags"]
    assert manifest["data_category"] == [
        {
            "fides_key": "user.device.user_agent",
            "name": "Browser and device details",
            "description": "Browser type and version, operating system and device model sent by the browser.",
            "parent_key": "user.device",
        }
    ]


FIDES_MANIFEST = """
organization:
  - fides_key: default_organization
    name: Acme
    controller: {name: Acme Software Ltd, email: privacy@acme.example}
system:
  - fides_key: billing_service
    name: Billing service
    system_type: Service
    responsibility: [Controller]
    egress:
      - {fides_key: stripe, type: system, data_categories: [user.name, user.contact.email, user.financial.credit_card]}
    privacy_declarations:
      - name: Process subscription payments
        data_use: essential.service.payment_processing
        data_categories: [user.name, user.contact.email, user.financial.credit_card]
        data_subjects: [customer]
        legal_basis_for_processing: Contract
        retention_period: "7 years after transaction"
        egress: [stripe]
  - fides_key: stripe
    name: Stripe
    system_type: payment
    responsibility: [Processor]
    does_international_transfers: true
    legal_basis_for_transfers: [SCCs]
    privacy_declarations:
      - name: Payments
        data_use: essential.service.payment_processing
        data_categories: [user.financial.credit_card]
dataset:
  - fides_key: app_db
    collections:
      - name: customers
        fields:
          - {name: email_address, data_categories: [user.contact.email]}
          - {name: full_name, data_categories: [user.name]}
"""


def test_import_of_a_hand_written_fides_manifest():
    data, unmapped = import_fides([yaml.safe_load(FIDES_MANIFEST)])
    policy = load_text(yaml.safe_dump(data, sort_keys=False), "imported.yaml")
    assert policy.controller.name == "Acme Software Ltd" and policy.controller.contact == "privacy@acme.example"
    assert [(p.key, p.legal_basis) for p in policy.purposes] == [("essential.service.payment_processing", "contract")]
    stripe = policy.recipient("stripe")
    assert stripe is not None and stripe.role == "processor" and stripe.kind == "payment"
    assert stripe.categories == ("user.name", "user.contact.email", "user.financial.credit_card")
    assert stripe.locations == ("WORLD",)
    assert dict(policy.bindings.identifiers) == {"user.contact.email": ("email address",), "user.name": ("full name",)}
    assert unmapped == [
        "controller.region: not in the manifests; assumed EEA",
        "purposes[essential.service.payment_processing].retention_period '7 years after transaction': not an "
        "ISO-8601 duration item",
        "recipients[stripe].locations: not in fides; set to WORLD, fill in the real countries",
        "recipients[stripe]: international transfers (SCCs) without a destination; add transfers entries by hand",
    ]
    # what could not be mapped shows up as lint findings the author must resolve
    codes = sorted({f.code for f in lint(policy)})
    assert codes == ["PRV104", "PRV106"]


MALFORMED = [
    [],
    ["not a mapping"],
    [{"system": "x"}],
    [{"system": [{"fides_key": "a", "privacy_declarations": {"x": 1}, "tags": "privlint:role=partner"}]}],
    [{"system": [{"privacy_declarations": [{"data_use": 5, "data_categories": "user.name"}]}]}],
    [
        {
            "system": [
                {"fides_key": "b", "egress": [{"fides_key": "c", "data_categories": [1, None]}]},
                {"fides_key": "c"},
            ]
        }
    ],
    [{"organization": [{"controller": "me", "data_protection_officer": "dpo"}], "policy": [{"rules": [{"name": 3}]}]}],
    [{"dataset": [{"collections": [{"fields": [{"name": "x", "fields": "y"}]}]}], "data_category": [{"name": 1}]}],
    [{"unknown_resource": [{"a": 1}]}],
]


@pytest.mark.parametrize("documents", MALFORMED)
def test_import_of_malformed_manifests_never_raises(documents):
    data, unmapped = import_fides(documents)
    assert data["privlint"] == "1.0" and isinstance(unmapped, list)
    yaml.safe_dump(data)  # always serialisable


@pytest.mark.parametrize("path", EXAMPLES, ids=["optimer", "optimibi"])
def test_exported_manifests_validate_against_fideslang(path):
    models = pytest.importorskip("fideslang.models")
    manifest, _ = export_fides(load(path))
    manifest = yaml.safe_load(yaml.safe_dump(manifest))  # exactly what the CLI writes
    resource_models = {
        "system": models.System,  # includes fideslang's egress/ingress consistency validator
        "dataset": models.Dataset,
        "policy": models.Policy,
        "data_category": models.DataCategory,
        "data_use": models.DataUse,
        "organization": models.Organization,
    }
    assert set(manifest) <= set(resource_models)
    for kind, items in manifest.items():
        for item in items:
            resource_models[kind].model_validate(item)
