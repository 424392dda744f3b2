"""The semantic lint (PRV101-PRV106): one invalid and one valid example per rule, exact messages and positions."""

from __future__ import annotations

import pytest
from policy_texts import BASE, EXAMPLES

from policy_model import LINT_RULES, lint, lint_rule, load, load_text


def findings(text: str) -> list[str]:
    return [str(f) for f in lint(load_text(text, "p.yaml"))]


EXTENSION = 'privlint: "1.0"\ntaxonomy:\n  extensions:\n    data_categories:\n      - {key: KEY, name: Browser}\n'
WITH_USER_AGENT = (
    BASE.replace('privlint: "1.0"\n', EXTENSION.replace("KEY", "user.device.user_agent"))
    .replace(
        "    retention: {duration: P30D, trigger: account_closure}\n",
        "    retention: {duration: P30D, trigger: account_closure}\n  - key: user.device.user_agent\n"
        "    retention: {duration: P90D}\n",
    )
    .replace("categories: [user.contact.email]", "categories: [user.contact.email, user.device.user_agent]")
)


def test_the_base_policy_and_both_examples_are_clean():
    assert findings(BASE) == []
    for path in EXAMPLES:
        assert lint(load(path)) == [], path


# -- PRV101 unknown taxonomy key ------------------------------------------------------------------------------
def test_prv101_misspelt_category_with_did_you_mean():
    text = BASE.replace("  - key: user.contact.email\n    retention", "  - key: user.contact.emial\n    retention")
    assert findings(text)[0] == (
        "p.yaml:6:10: PRV101 categories[user.contact.emial].key: unknown data category 'user.contact.emial' "
        "(did you mean 'user.contact.email'?)"
    )


def test_prv101_misspelt_data_use():
    text = BASE.replace(
        "  - key: essential.service.notifications.email", "  - key: essential.service.notification.email"
    )
    assert findings(text)[0] == (
        "p.yaml:9:10: PRV101 purposes[essential.service.notification.email].key: unknown data use "
        "'essential.service.notification.email' (did you mean 'essential.service.notifications.email'?)"
    )


def test_prv101_deprecated_data_use_names_its_replacement():
    text = BASE.replace("essential.service.notifications.email", "personalize.profiling")
    assert findings(text) == [
        "p.yaml:9:10: PRV101 purposes[personalize.profiling].key: 'personalize.profiling' is deprecated since "
        "fideslang 2.1.1 (use 'personalize.content.profiling')",
        "p.yaml:18:16: PRV101 recipients[sendgrid].purposes[0]: 'personalize.profiling' is deprecated since "
        "fideslang 2.1.1 (use 'personalize.content.profiling')",
    ]


def test_prv101_extension_needs_an_existing_parent():
    text = BASE.replace('privlint: "1.0"\n', EXTENSION.replace("KEY", "user.gadget.user_agent"))
    assert findings(text) == [
        "p.yaml:5:9: PRV101 taxonomy.extensions.data_categories[user.gadget.user_agent]: unknown parent data "
        "category 'user.gadget' (declare it under taxonomy.extensions.data_categories with an existing parent)"
    ]


def test_prv101_extension_must_not_redefine_a_fideslang_key():
    text = BASE.replace('privlint: "1.0"\n', EXTENSION.replace("KEY", "user.device.ip_address"))
    assert findings(text) == [
        "p.yaml:5:9: PRV101 taxonomy.extensions.data_categories[user.device.ip_address]: 'user.device.ip_address' "
        "is already a fideslang key (remove the extension)"
    ]


def test_prv101_valid_extension_is_usable_everywhere():
    assert findings(WITH_USER_AGENT) == []


# -- PRV102 dangling reference --------------------------------------------------------------------------------
def test_prv102_transfer_to_undeclared_recipient():
    text = BASE.replace("  - recipient: sendgrid", "  - recipient: sendgird")
    assert (
        "p.yaml:20:16: PRV102 transfers[0].recipient: recipient 'sendgird' is not declared under recipients "
        "(did you mean 'sendgrid'?)"
    ) in findings(text)


def test_prv102_purpose_uses_undeclared_category():
    text = BASE.replace(
        "    categories: [user.contact.email]\nrecipients",
        "    categories: [user.contact.email, user.name]\nrecipients",
    )
    assert findings(text) == [
        "p.yaml:11:38: PRV102 purposes[essential.service.notifications.email].categories[1]: category 'user.name' "
        "is not declared under categories (declare it under categories or remove it here)"
    ]


def test_prv102_recipient_serves_undeclared_purpose():
    text = BASE.replace(
        "    purposes: [essential.service.notifications.email]",
        "    purposes: [essential.service.notifications.email, marketing.communications.email]",
    )
    assert findings(text) == [
        "p.yaml:18:55: PRV102 recipients[sendgrid].purposes[1]: purpose 'marketing.communications.email' is not "
        "declared under purposes (declare it under purposes or remove it here)"
    ]


def test_prv102_recipient_category_no_purpose_of_it_uses():
    text = BASE.replace(
        "    retention: {duration: P30D, trigger: account_closure}\n",
        "    retention: {duration: P30D, trigger: account_closure}\n"
        "  - key: user.name\n    retention: {duration: P30D}\n",
    ).replace(
        "    categories: [user.contact.email]\n    purposes",
        "    categories: [user.contact.email, user.name]\n    purposes",
    )
    assert findings(text) == [
        "p.yaml:19:38: PRV102 recipients[sendgrid].categories[1]: 'sendgrid' may receive 'user.name', but none of "
        "its purposes (essential.service.notifications.email) uses it (add the category to one of those purposes, "
        "or the purpose to the recipient)"
    ]


def test_prv102_transfer_destination_not_a_recipient_location():
    text = BASE.replace("    destination: US", "    destination: IN")
    assert (
        "p.yaml:21:18: PRV102 transfers[0].destination: 'sendgrid' is not located in IN (locations: US) "
        "(add IN to recipients[sendgrid].locations or fix the destination)"
    ) in findings(text)


def test_prv102_parent_and_child_references_are_not_dangling():
    text = BASE.replace(
        "    categories: [user.contact.email]\n    purposes", "    categories: [user.contact]\n    purposes"
    ).replace("categories: [user.contact.email]\nrecipients", "categories: [user]\nrecipients")
    assert findings(text) == []


# -- PRV103 prohibition contradicts a permission ------------------------------------------------------------
def test_prv103_retention_contradicts_no_storage():
    text = BASE + "prohibitions:\n  - {id: no-email-storage, rule: no_storage, categories: [user.contact]}\n"
    assert findings(text) == [
        "p.yaml:7:27: PRV103 categories[user.contact.email].retention.duration: 'user.contact.email' is kept for "
        "P30D, but prohibitions[no-email-storage] (no_storage) says it is never stored (use duration PT0S, or "
        "narrow the prohibition)"
    ]


def test_prv103_no_storage_with_zero_retention_is_fine():
    text = BASE.replace("P30D", "PT0S") + (
        "prohibitions:\n  - {id: no-email-storage, rule: no_storage, categories: [user.contact]}\n"
    )
    assert findings(text) == []


def test_prv103_recipient_contradicts_no_third_party():
    text = BASE + "prohibitions:\n  - {id: no-sharing, rule: no_third_party, categories: [user.contact.email]}\n"
    assert findings(text) == [
        "p.yaml:17:18: PRV103 recipients[sendgrid].categories[0]: 'sendgrid' may receive 'user.contact.email', but "
        "prohibitions[no-sharing] (no_third_party) forbids it for 'user.contact.email' (remove the category from "
        "the recipient, or narrow the prohibition)"
    ]
    exempt = text.replace(
        "categories: [user.contact.email]}", "categories: [user.contact.email], except_recipients: [sendgrid]}"
    )
    assert findings(exempt) == []


def test_prv103_anonymised_only_needs_requires_anonymised():
    text = BASE + "prohibitions:\n  - {id: anon, rule: anonymised_only, categories: [user], recipients: [sendgrid]}\n"
    assert findings(text) == [
        "p.yaml:17:18: PRV103 recipients[sendgrid].categories[0]: 'sendgrid' may receive 'user.contact.email', but "
        "prohibitions[anon] (anonymised_only) forbids it for 'user' (set `requires: anonymised` on the recipient)"
    ]
    fixed = text.replace(
        "    purposes: [essential.service.notifications.email]\n",
        "    purposes: [essential.service.notifications.email]\n    requires: anonymised\n",
    )
    assert findings(fixed) == []


def test_prv103_sale_purpose_contradicts_no_sale():
    text = BASE.replace("essential.service.notifications.email", "sales") + (
        "prohibitions:\n  - {id: no-sale, rule: no_sale, categories: [user]}\n"
    )
    assert findings(text) == [
        "p.yaml:11:18: PRV103 purposes[sales].categories[0]: purpose 'sales' uses 'user.contact.email', but "
        "prohibitions[no-sale] (no_sale) forbids it for 'user' (remove the category from the purpose, or narrow "
        "the prohibition)"
    ]
    legal = BASE + "prohibitions:\n  - {id: no-sale, rule: no_sale, categories: [user]}\n"
    assert findings(legal) == []


def test_prv103_no_use():
    text = BASE + (
        "prohibitions:\n  - {id: no-mail, rule: no_use, categories: [user.contact], purposes: [essential.service]}\n"
    )
    assert findings(text)[0].startswith(
        "p.yaml:11:18: PRV103 purposes[essential.service.notifications.email].categories[0]: purpose "
        "'essential.service.notifications.email' uses 'user.contact.email', but prohibitions[no-mail] (no_use)"
    )
    other = text.replace("purposes: [essential.service]}", "purposes: [marketing]}")
    assert findings(other) == []


# -- PRV104 transfer without mechanism ------------------------------------------------------------------------
def test_prv104_transfer_without_mechanism():
    assert findings(BASE.replace("    mechanism: scc\n", "")) == [
        "p.yaml:20:5: PRV104 transfers[0]: transfer of 'sendgrid' data to US states no mechanism (add mechanism: "
        "adequacy, scc, bcr, code_of_conduct, certification, adhoc_clauses or derogation)"
    ]


def test_prv104_recipient_abroad_without_transfer():
    text = BASE.replace("transfers:\n  - recipient: sendgrid\n    destination: US\n    mechanism: scc\n", "")
    assert findings(text) == [
        "p.yaml:16:17: PRV104 recipients[sendgrid].locations[0]: 'sendgrid' receives personal data in US, but no "
        "transfer with a mechanism is declared (US is adequate only with certification 'dpf') (add a transfer: "
        "{recipient: sendgrid, destination: US, mechanism: scc})"
    ]


def test_prv104_recipients_inside_the_region_or_adequate_need_no_transfer():
    no_transfer = BASE.replace("transfers:\n  - recipient: sendgrid\n    destination: US\n    mechanism: scc\n", "")
    for location in ("DE", "EEA", "EU", "NO", "JP", "CH"):
        assert findings(no_transfer.replace("locations: [US]", f"locations: ['{location}']")) == [], location


def test_prv104_adequacy_claimed_for_a_country_without_decision():
    text = BASE.replace(
        "    destination: US\n    mechanism: scc", "    destination: IN\n    mechanism: adequacy"
    ).replace("locations: [US]", "locations: [IN]")
    assert findings(text) == [
        "p.yaml:22:16: PRV104 transfers[0].mechanism: mechanism 'adequacy', but IN has no adequacy decision under "
        "the EU GDPR (list as of 2025-11-01) (use scc, bcr or another safeguard)"
    ]
    japan = text.replace("IN", "JP")
    assert findings(japan) == []


def test_prv104_us_adequacy_needs_dpf_certification():
    text = BASE.replace("    mechanism: scc", "    mechanism: adequacy")
    assert findings(text) == [
        "p.yaml:22:16: PRV104 transfers[0].mechanism: adequacy for US covers only organisations with certification "
        "'dpf' (only organisations certified under the EU-US Data Privacy Framework) (add certification: dpf if "
        "the recipient is certified, else use scc)"
    ]
    assert findings(text.replace("    mechanism: adequacy", "    mechanism: adequacy\n    certification: dpf")) == []


def test_prv104_anonymised_only_recipients_are_no_transfer():
    text = BASE.replace("transfers:\n  - recipient: sendgrid\n    destination: US\n    mechanism: scc\n", "").replace(
        "    purposes: [essential.service.notifications.email]\n",
        "    purposes: [essential.service.notifications.email]\n    requires: anonymised\n",
    )
    assert findings(text) == []


# -- PRV105 purpose without legal basis -----------------------------------------------------------------------
def test_prv105_purpose_without_legal_basis():
    assert findings(BASE.replace("    legal_basis: contract\n", "")) == [
        "p.yaml:9:5: PRV105 purposes[essential.service.notifications.email]: purpose "
        "'essential.service.notifications.email' states no legal basis (add legal_basis: consent, contract, "
        "legal_obligation, vital_interests, public_task or legitimate_interests)"
    ]


def test_prv105_special_category_needs_art9_basis():
    text = BASE.replace(
        "    retention: {duration: P30D, trigger: account_closure}\n",
        "    retention: {duration: P30D, trigger: account_closure}\n    special_category: true\n",
    )
    assert findings(text) == [
        "p.yaml:10:5: PRV105 purposes[essential.service.notifications.email]: purpose "
        "'essential.service.notifications.email' uses special-category data (user.contact.email) without an Art. 9 "
        "condition (add art9_basis, e.g. explicit_consent)"
    ]
    fixed = text.replace("    legal_basis: contract\n", "    legal_basis: contract\n    art9_basis: explicit_consent\n")
    assert findings(fixed) == []


# -- PRV106 category without retention ------------------------------------------------------------------------
def test_prv106_category_without_retention():
    assert findings(BASE.replace("    retention: {duration: P30D, trigger: account_closure}\n", "")) == [
        "p.yaml:6:5: PRV106 categories[user.contact.email]: category 'user.contact.email' has no retention period "
        "(add retention: {duration: P30D, trigger: account_closure}; durations are ISO-8601)"
    ]


def test_prv106_retention_inherited_from_a_declared_parent():
    text = BASE.replace(
        "  - key: user.contact.email\n    retention: {duration: P30D, trigger: account_closure}\n",
        "  - key: user.contact\n    retention: {duration: P30D}\n  - key: user.contact.email\n",
    )
    assert findings(text) == []


# -- the rule table -------------------------------------------------------------------------------------------
def test_rule_table_covers_every_code_and_has_examples():
    assert [r.code for r in LINT_RULES] == [f"PRV10{i}" for i in range(8)]
    for rule in LINT_RULES:
        assert rule.name and rule.summary and rule.explanation and rule.hint and rule.invalid and rule.valid
    assert lint_rule("prv104") is not None and lint_rule("PRV104").name == "transfer-without-mechanism"
    assert lint_rule("PRV999") is None


@pytest.mark.parametrize("rule", LINT_RULES[1:], ids=lambda r: r.code)
def test_rule_table_examples_are_loadable_fragments(rule):
    import yaml

    for fragment in (rule.invalid, rule.valid):
        assert isinstance(yaml.safe_load(fragment), dict)


def test_adequacy_data_is_dated_and_well_formed():
    from policy_model.adequacy import regime_for_region

    regime = regime_for_region("EEA")
    assert regime is not None and regime.as_of == "2025-11-01" and regime.source.startswith("https://")
    assert len(regime.members) == 30 and all(isinstance(m, str) and len(m) == 2 for m in regime.members)
    assert "NO" in regime.members  # the YAML 'NO' trap: must be quoted in the data file
    assert sorted(regime.adequate) == sorted(
        ["AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "US", "UY"]
    )
    assert regime.adequate["US"].requires_certification == "dpf"


def test_prv101_subjects_and_bindings_keys():
    text = BASE + "subjects: [custommer]\nbindings:\n  identifiers:\n    user.contact.emial: [mail addr]\n"
    assert findings(text) == [
        "p.yaml:23:12: PRV101 subjects[0]: unknown data subject 'custommer' (did you mean 'customer'?)",
        "p.yaml:26:25: PRV101 bindings.identifiers.user.contact.emial: unknown data category 'user.contact.emial' "
        "(did you mean 'user.contact.email'?)",
    ]


def test_prv102_bindings_and_prohibitions_must_reference_declared_entries():
    text = BASE + (
        "prohibitions:\n  - {id: p, rule: no_third_party, categories: [user.name], except_recipients: [stripe]}\n"
        "bindings:\n  identifiers:\n    user.name: [full name]\n"
        "  purposes_by_path:\n    app/billing/**: essential.service.payment_processing\n"
    )
    assert findings(text) == [
        "p.yaml:24:80: PRV102 prohibitions[p].except_recipients[0]: recipient 'stripe' is not declared under "
        "recipients (declare it under recipients)",
        "p.yaml:27:16: PRV102 bindings.identifiers.user.name: category 'user.name' is not declared under categories "
        "(declare it under categories)",
        "p.yaml:29:21: PRV102 bindings.purposes_by_path.app/billing/**: purpose "
        "'essential.service.payment_processing' is not declared under purposes (declare it under purposes)",
    ]


def test_prv105_art9_keys_need_a_condition_even_unmarked():
    text = BASE.replace("user.contact.email", "user.health_and_medical.record_id")
    assert findings(text) == [
        "p.yaml:9:5: PRV105 purposes[essential.service.notifications.email]: purpose "
        "'essential.service.notifications.email' uses special-category data (user.health_and_medical.record_id) "
        "without an Art. 9 condition (add art9_basis, e.g. explicit_consent)"
    ]
    # a parent reference counts when special data is declared under it, not otherwise
    grouped = text.replace(
        "    categories: [user.health_and_medical.record_id]\nrecipients", "    categories: [user]\nrecipients"
    )
    assert "uses special-category data (user) without an Art. 9 condition" in findings(grouped)[0]
    assert (
        findings(BASE.replace("    categories: [user.contact.email]\nrecipients", "    categories: [user]\nrecipients"))
        == []
    )


def test_prv104_controller_region_given_as_a_member_country():
    text = BASE.replace("  region: EEA", "  region: DE")
    assert findings(text) == []
    no_transfer = text.replace("transfers:\n  - recipient: sendgrid\n    destination: US\n    mechanism: scc\n", "")
    assert findings(no_transfer.replace("locations: [US]", "locations: [FR]")) == []
    assert [f.split(": ")[1] for f in findings(no_transfer)] == ["PRV104 recipients[sendgrid].locations[0]"]
