"""The guesses `privlint policy init` starts a policy from are valid policy values: a new recipient kind or a
renamed data use cannot make a drafted policy fail its own lint."""

from __future__ import annotations

import re

from policy_model import guesses
from policy_model.model import LEGAL_BASES
from policy_model.recipient_kinds import RECIPIENT_KINDS
from policy_model.taxonomy import default_taxonomy


def test_every_recipient_kind_guesses_a_current_data_use() -> None:
    taxonomy = default_taxonomy()
    assert set(guesses.PURPOSE_BY_KIND) == set(RECIPIENT_KINDS)
    for use in [*guesses.PURPOSE_BY_KIND.values(), guesses.LOCAL_PURPOSE, *guesses.LEGAL_BASIS_BY_USE]:
        term = taxonomy.term("data_uses", use)
        assert term is not None and not term.deprecated, use


def test_every_guessed_legal_basis_retention_and_role_is_valid() -> None:
    assert set(guesses.LEGAL_BASIS_BY_USE.values()) | {guesses.DEFAULT_LEGAL_BASIS} <= set(LEGAL_BASES)
    assert guesses.legal_basis("essential.service.payment_processing") == "contract"
    assert guesses.legal_basis("analytics.reporting.system.performance") == "legitimate_interests"
    assert guesses.legal_basis("third_party_sharing.legal_obligation") == "legal_obligation"
    for duration, trigger in [*guesses.RETENTION_BY_CATEGORY.values(), guesses.DEFAULT_RETENTION]:
        assert re.fullmatch(r"P\d+[DMY]", duration) and re.fullmatch(r"[a-z_]+", trigger)
    assert guesses.retention("user.device.ip_address") == ("P90D", "collection")
    assert guesses.role("authority") == "authority" and guesses.role("payment") == "processor"


def test_transfer_needs_follow_the_adequacy_data() -> None:
    assert guesses.transfer_need("EEA", "DE") is None and guesses.transfer_need("EEA", "EEA") is None
    assert guesses.transfer_need("EEA", "CH") is None  # full adequacy
    us = guesses.transfer_need("EEA", "US")
    assert us is not None and us.certification == "dpf"
    world = guesses.transfer_need("EEA", "WORLD")
    assert world is not None and world.certification is None and "no adequacy decision" in world.reason
    assert guesses.transfer_need("UK", "UK") is None
    assert guesses.transfer_need("UK", "DE") is not None  # no adequacy data for the UK regime: outside is outside
