"""The attributed fideslang data copy matches the published default taxonomy."""

from __future__ import annotations

from collections import Counter

import pytest

from policy_model.taxonomy import DATA_FILE, default_taxonomy

# Counts from the project research notes (research/policy_model.md, section 1.2), taken from the
# fideslang sources at commit 40394c4: categories 85 (depth 0/1/2/3 = 2/26/52/5), uses 56 (12/13/23/8),
# subjects 15; `user` has 24 direct children and `system` 2.
EXPECTED = {"data_categories": 85, "data_uses": 56, "data_subjects": 15}
DEPTHS = {"data_categories": {0: 2, 1: 26, 2: 52, 3: 5}, "data_uses": {0: 12, 1: 13, 2: 23, 3: 8}}
SUBJECTS = [
    "anonymous_user",
    "citizen_voter",
    "commuter",
    "consultant",
    "customer",
    "employee",
    "job_applicant",
    "next_of_kin",
    "passenger",
    "patient",
    "prospect",
    "shareholder",
    "supplier_vendor",
    "trainee",
    "visitor",
]


def test_counts_match_the_published_taxonomy():
    taxonomy = default_taxonomy()
    assert {kind: len(taxonomy.keys(kind)) for kind in EXPECTED} == EXPECTED


def test_depth_distribution_and_children():
    taxonomy = default_taxonomy()
    for kind, depths in DEPTHS.items():
        assert dict(Counter(k.count(".") for k in taxonomy.keys(kind))) == depths
    categories = taxonomy.keys("data_categories")
    assert len([k for k in categories if k.count(".") == 1 and k.startswith("user.")]) == 24
    assert len([k for k in categories if k.count(".") == 1 and k.startswith("system.")]) == 2
    assert taxonomy.keys("data_subjects") == SUBJECTS


def test_every_parent_is_the_key_minus_its_last_segment():
    taxonomy = default_taxonomy()
    for kind in ("data_categories", "data_uses"):
        for key in taxonomy.keys(kind):
            term = taxonomy.term(kind, key)
            assert term is not None
            expected = key.rpartition(".")[0] or None
            assert term.parent == expected, key
            assert term.parent is None or taxonomy.known(kind, term.parent)


def test_keys_privlint_relies_on():
    taxonomy = default_taxonomy()
    for key in ("user.contact.email", "user.financial.credit_card", "user.device.ip_address", "system.operations"):
        assert taxonomy.known("data_categories", key)
    assert taxonomy.term("data_uses", "personalize.profiling").replaced_by == "personalize.content.profiling"
    assert not taxonomy.known("data_categories", "user.contact.state")  # pre-2.0 key


def test_did_you_mean():
    taxonomy = default_taxonomy()
    assert taxonomy.suggest("data_categories", "user.contact.emial") == "user.contact.email"
    assert taxonomy.suggest("data_categories", "user.devise.ip_address") == "user.device.ip_address"
    assert taxonomy.suggest("data_categories", "user.phone") == "user.contact.phone_number"
    assert taxonomy.suggest("data_uses", "essential.service.payment") == "essential.service.payment_processing"
    assert taxonomy.suggest("data_categories", "user.xyzzy") is None


def test_attribution_ships_with_the_data():
    notice = (DATA_FILE.parent / "NOTICE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in notice and "Ethyca" in notice and "fideslang 3.1.4" in notice
    assert "CC BY 4.0" in DATA_FILE.read_text(encoding="utf-8")[:400]


def test_copy_matches_the_installed_fideslang_package():
    fideslang = pytest.importorskip("fideslang.default_taxonomy")
    taxonomy = default_taxonomy()
    for kind, attr in (
        ("data_categories", "data_category"),
        ("data_uses", "data_use"),
        ("data_subjects", "data_subject"),
    ):
        items = getattr(fideslang.DEFAULT_TAXONOMY, attr)
        expected = {
            i.fides_key: (i.name, i.description or "", i.parent_key if hasattr(i, "parent_key") else None)
            for i in items
        }
        copied = {
            k: (t.name, t.description, t.parent)
            for k in taxonomy.keys(kind)
            if (t := taxonomy.term(kind, k)) is not None
        }
        assert copied == expected, kind
