"""The catalogue file format: what it accepts, and how it explains what it rejects."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from privlint.catalogue import Examples, SinkRule
from privlint.catalogue_loader import CatalogueError, load_catalogue_file, load_catalogue_files, load_catalogue_text


def write(tmp_path: Path, text: str, name: str = "acme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(CatalogueError) as info:
        load_catalogue_file(path)
    return [str(d).replace(str(path), "acme.yaml") for d in info.value.diagnostics]


def test_a_complete_entry_becomes_records(tmp_path):
    path = write(
        tmp_path,
        """
        version: 1
        recipients:
          - id: acme_crm
            name: ACME CRM
            kind: crm
            locations: [DE]
            packages: [acme_crm]
            hosts: [api.acme-crm.example, .acme-crm.example]
            sinks:
              - pattern: acme_crm.Client().contacts.upsert
                data_args: [contact, 1]
            examples:
              flows: ["import acme_crm"]
              no_flows: ["x = 1"]
        sinks:
          - pattern: billing.wrappers.charge_card
            recipient: stripe
          - pattern: audit.log_event
            kind: log
        sanitizers:
          - pattern: app.crypto.pseudonymise
            kind: hash
        sources:
          - pattern: $request.headers[X-Real-IP]
            category: user.device.ip_address
        identifiers:
          - category: user.unique_id
            phrases: [member number, loyalty id]
        field_types:
          - pattern: app.fields.PhoneField
            category: user.contact.phone_number
        """,
    )
    catalogue = load_catalogue_file(path)
    (recipient,) = catalogue.recipients
    assert (recipient.id, recipient.kind, recipient.locations) == ("acme_crm", "crm", ("DE",))
    assert recipient.examples == Examples(flows=("import acme_crm",), no_flows=("x = 1",))
    assert catalogue.sinks[0] == SinkRule(
        "acme_crm.Client().contacts.upsert", "third_party", "acme_crm", data_args=("contact", "1")
    )
    assert catalogue.sinks[1].recipient == "stripe"
    assert catalogue.sinks[2].kind == "log" and catalogue.sinks[2].recipient is None
    assert catalogue.sanitizers[0].kind == "hash"
    assert catalogue.sources[0].category == "user.device.ip_address"
    assert catalogue.identifiers[0].phrases == (("member", "number"), ("loyalty", "id"))
    assert catalogue.field_types[0].pattern == "app.fields.PhoneField"
    assert catalogue.recipient_for_host("eu.api.acme-crm.example") == recipient


def test_file_level_kind_is_the_default():
    catalogue = load_catalogue_text("kind: payment\nrecipients:\n  - {id: acme_pay, name: ACME Pay}\n")
    assert catalogue.recipients[0].kind == "payment"


def test_empty_file_is_an_empty_catalogue():
    assert load_catalogue_text("# nothing yet\n").recipients == ()


def test_misspelled_kind_points_at_the_value_and_suggests(tmp_path):
    errors = errors_of(tmp_path, "recipients:\n  - id: acme\n    name: ACME\n    kind: paymnt\n")
    assert errors == [
        "acme.yaml:4:11: recipients[acme].kind: expected one of payment, email, sms, messaging, chat, marketing, "
        "advertising, analytics, crm, support, error_monitoring, observability, logging, ai, search, storage, "
        "data_pipeline, cloud, hosting, media, identity, authority, other; got 'paymnt' (did you mean 'payment'?)"
    ]


def test_missing_name_and_unknown_key(tmp_path):
    errors = errors_of(tmp_path, "recipients:\n  - id: acme\n    kind: crm\n    hostz: [api.acme.example]\n")
    assert "acme.yaml:2:5: recipients[acme]: missing required key 'name' (add name: ...)" in errors
    assert "acme.yaml:4:5: recipients[acme].hostz: unknown key 'hostz' (did you mean 'hosts'?)" in errors


def test_missing_kind_without_a_file_default(tmp_path):
    errors = errors_of(tmp_path, "recipients:\n  - id: acme\n    name: ACME\n")
    assert errors == [
        "acme.yaml:2:5: recipients[acme]: missing required key 'kind' "
        "(set kind on the recipient or once at the top of the file (kind: payment))"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    id: ACME", "recipients[ACME].id: expected a lowercase id of letters, digits and _ (stripe, "),
        ("    locations: [us]", "recipients[acme].locations[0]: expected an ISO-3166 alpha-2 country code in capitals"),
        ("    hosts: [https://api.acme.io]", "recipients[acme].hosts[0]: expected a lowercase host such as api.stripe"),
        ("    packages: [acme-sdk]", "recipients[acme].packages[0]: expected an importable module name such as stripe"),
        ("    sinks: [{pattern: acme..send}]", "recipients[acme].sinks[0].pattern: expected a dotted qualified name"),
        ("    sinks: [{pattern: acme.**.send}]", "stripe.**, got 'acme.**.send'"),
        (
            "    sinks: [{pattern: acme.send, recipient: x}]",
            "recipients[acme].sinks[0].recipient: unknown key 'recipient'",
        ),
        ("    examples: {flows: [1]}", "recipients[acme].examples.flows[0]: expected a string, got the number 1"),
        ("    locations: US", "recipients[acme].locations: expected a list, got 'US'"),
    ],
)
def test_malformed_values_are_named_with_their_line(tmp_path, line, expected):
    lines = ["kind: crm", "recipients:", "  - name: ACME"]
    lines.append(line if line.startswith("    id:") else "    id: acme")
    if not line.startswith("    id:"):
        lines.append(line)
    errors = errors_of(tmp_path, "\n".join(lines) + "\n")
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"acme.yaml:{len(lines) if not line.startswith('    id:') else 4}:")
    assert expected in errors[0]


def test_duplicate_ids_and_keys(tmp_path):
    errors = errors_of(
        tmp_path,
        """\
        kind: crm
        recipients:
          - id: acme
            name: ACME
          - id: acme
            name: ACME again
            name: ACME twice
        """,
    )
    assert errors == [
        "acme.yaml:7:5: recipients[1].name: duplicate key 'name' (first defined on line 6) "
        "(remove or merge one of them)"
    ]
    errors = errors_of(tmp_path, "kind: crm\nrecipients:\n  - {id: acme, name: A}\n  - {id: acme, name: B}\n")
    assert errors[0].startswith(
        "acme.yaml:4:10: recipients[1].id: duplicate recipient id 'acme' (first declared on line 3)"
    )


def test_yaml_syntax_error_has_a_position(tmp_path):
    errors = errors_of(tmp_path, "recipients:\n  - id: acme\n    name: [unclosed\n")
    assert len(errors) == 1
    assert errors[0].startswith("acme.yaml:4:1: invalid YAML:")


def test_top_level_must_be_a_mapping(tmp_path):
    errors = errors_of(tmp_path, "- id: acme\n")
    assert errors == [
        "acme.yaml:1:1: expected a mapping at the top level, got a list (start with 'recipients:' or 'sinks:')"
    ]


def test_yaml_is_loaded_safely(tmp_path):
    errors = errors_of(tmp_path, "recipients: !!python/object/apply:os.system ['echo pwned']\n")
    assert "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'" in errors[0]


def test_every_file_is_checked_before_raising(tmp_path):
    good = write(tmp_path, "kind: crm\nrecipients: [{id: good, name: Good}]\n", "good.yaml")
    bad1 = write(tmp_path, "kind: crm\nrecipients: [{id: Bad, name: Bad}]\n", "bad1.yaml")
    bad2 = write(tmp_path, "sinks: [{kind: log}]\n", "bad2.yaml")
    with pytest.raises(CatalogueError) as info:
        load_catalogue_files([good, bad1, bad2])
    assert [Path(d.path).name for d in info.value.diagnostics] == ["bad1.yaml", "bad2.yaml"]
    assert "sinks[0]: missing required key 'pattern'" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(CatalogueError, match=r"nope\.yaml: cannot read catalogue file: No such file"):
        load_catalogue_file(tmp_path / "nope.yaml")


def test_empty_data_args_mark_a_configuration_call():
    catalogue = load_catalogue_text("sinks:\n  - {pattern: acme_sdk.Client, recipient: stripe, data_args: []}\n")
    assert catalogue.sinks[0].data_args == ()
