"""Recipient kinds: one vocabulary for the policy and the vendor catalogue (issue 15)."""

from __future__ import annotations

import json

import pytest
from policy_texts import BASE, REPO

from policy_model.recipient_kinds import RECIPIENT_KINDS
from privlint.cli import main
from privlint.plugin_manager import load_catalogue

POLICY_SCHEMA = REPO / "policy_model" / "schema" / "policy.schema.json"
CATALOGUE_SCHEMA = REPO / "privlint" / "schemas" / "catalogue.schema.json"


def _policy_kinds() -> list[str]:
    schema = json.loads(POLICY_SCHEMA.read_text(encoding="utf-8"))
    return schema["properties"]["recipients"]["items"]["properties"]["kind"]["enum"]


def _catalogue_kinds() -> list[str]:
    schema = json.loads(CATALOGUE_SCHEMA.read_text(encoding="utf-8"))
    return schema["$defs"]["recipient_kind"]["enum"]


def test_both_schemas_spell_the_one_list():
    assert _policy_kinds() == list(RECIPIENT_KINDS)
    assert _catalogue_kinds() == list(RECIPIENT_KINDS)


def test_every_kind_has_a_label_for_the_notice():
    assert all(label and label[0].isupper() for label in RECIPIENT_KINDS.values())


def test_every_builtin_recipient_kind_is_a_policy_kind():
    catalogue, _ = load_catalogue(entry_points=False)
    assert {r.kind for r in catalogue.recipients} - set(RECIPIENT_KINDS) == set()


@pytest.mark.parametrize("vendor", ["slack", "sentry", "datadog", "algolia"])
def test_a_vendor_kind_copied_from_the_catalogue_validates_in_a_policy(vendor, write_policy, capsys):
    """The bug: the catalogue said ``kind: chat`` for Slack and ``privlint policy validate`` rejected it."""
    catalogue, _ = load_catalogue(entry_points=False)
    recipient = catalogue.recipient(vendor)
    assert recipient is not None
    path = write_policy(BASE.replace("    kind: email\n", f"    kind: {recipient.kind}\n"))
    assert main(["policy", "validate", str(path)]) == 0, capsys.readouterr().out
