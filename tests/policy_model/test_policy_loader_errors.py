"""Every way a policy file can be unreadable or invalid gives FILE:LINE:COL, key path, expectation, hint."""

from __future__ import annotations

import pytest
from policy_texts import BASE

from policy_model import PolicyError, load, load_text
from policy_model.loader import load_bytes

CASES = {
    "empty file": ("", 'p.yaml:1:1: empty policy file: expected a mapping (start with privlint: "1.0")'),
    "only comments": (
        "# nothing yet\n",
        'p.yaml:1:1: empty policy file: expected a mapping (start with privlint: "1.0")',
    ),
    "yaml syntax error": (
        BASE.replace(
            "    categories: [user.contact.email]\nrecipients", "    categories: [user.contact.email\nrecipients"
        ),
        "p.yaml:12:11: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence) "
        "(fix the YAML syntax)",
    ),
    "tab indentation": (
        BASE.replace("  name: Acme", "\tname: Acme"),
        "p.yaml:3:1: invalid YAML: found character that cannot start any token (while scanning for the next token) "
        "(YAML does not allow tabs for indentation: use spaces)",
    ),
    "two documents": (
        BASE + '---\nprivlint: "1.0"\n',
        "p.yaml:23:1: invalid YAML: but found another document (expected a single document in the stream) "
        "(fix the YAML syntax)",
    ),
    "duplicate key": (
        BASE.replace("  region: EEA\n", "  region: EEA\n  name: Other\n"),
        "p.yaml:5:3: controller.name: duplicate key 'name' (first defined on line 3) (remove or merge one of them)",
    ),
    "wrong type": (
        BASE.replace(
            "    categories: [user.contact.email]\n    purposes", "    categories: user.contact.email\n    purposes"
        ),
        "p.yaml:17:17: recipients[sendgrid].categories: expected a list, got 'user.contact.email'",
    ),
    "unknown key with did-you-mean": (
        BASE.replace("    legal_basis: contract", "    legal_bassis: contract"),
        "p.yaml:10:5: purposes[essential.service.notifications.email].legal_bassis: unknown key 'legal_bassis' "
        "(did you mean 'legal_basis'?)",
    ),
    "missing required key": (
        BASE.replace("  region: EEA\n", ""),
        "p.yaml:2:1: controller: missing required key 'region' (add region: EEA)",
    ),
    "enum with did-you-mean": (
        BASE.replace("    role: processor", "    role: procesor"),
        "p.yaml:14:11: recipients[sendgrid].role: expected one of processor, sub_processor, controller, "
        "joint_controller, third_party, partner, authority; got 'procesor' (did you mean 'processor'?)",
    ),
    "duration pattern": (
        BASE.replace("P30D", "30 days"),
        "p.yaml:7:27: categories[user.contact.email].retention.duration: expected an ISO-8601 duration such as "
        "P30D, P3Y or PT0S, got '30 days'",
    ),
    "unquoted version": (
        BASE.replace('privlint: "1.0"', "privlint: 1.0"),
        'p.yaml:1:11: privlint: expected the format version "1.0" (quoted), got the number 1.0 '
        '(quote it: privlint: "1.0")',
    ),
    "Norway read as false": (
        BASE.replace("locations: [US]", "locations: [NO]"),
        "p.yaml:16:17: recipients[sendgrid].locations[0]: expected a string, got false (YAML reads unquoted "
        "yes/no/on/off (and the country code NO) as booleans: quote the value)",
    ),
    "empty list": (
        BASE.replace("    locations: [US]", "    locations: []"),
        "p.yaml:16:16: recipients[sendgrid].locations: expected at least 1 item, got an empty list",
    ),
    "top-level list": ("- privlint\n", "p.yaml:1:1: expected a mapping at the top level, got a list"),
    "top-level scalar": ("just text\n", "p.yaml:1:1: expected a mapping at the top level, got 'just text'"),
    "non-string key": (BASE + "1: x\n", 'p.yaml:23:1: expected a string key, got 1 (quote it: "1")'),
    "duplicate recipient id": (
        BASE.replace(
            "transfers:",
            "  - id: sendgrid\n    role: processor\n    kind: email\n    locations: [US]\n"
            "    categories: []\n    purposes: []\ntransfers:",
        ),
        "p.yaml:19:9: recipients[sendgrid].id: duplicate id 'sendgrid' (first declared on line 13) "
        "(merge the two entries)",
    ),
    "date format": (
        BASE.replace('privlint: "1.0"\n', 'privlint: "1.0"\npolicy:\n  effective_date: 5 May 2024\n'),
        "p.yaml:3:19: policy.effective_date: expected a date YYYY-MM-DD (quoted), got '5 May 2024'",
    ),
}


@pytest.mark.parametrize("text, expected", list(CASES.values()), ids=list(CASES))
def test_error_message_and_position(text, expected):
    with pytest.raises(PolicyError) as info:
        load_text(text, "p.yaml")
    assert str(info.value) == expected


def test_unquoted_date_is_accepted_as_iso_text():
    policy = load_text(BASE.replace('privlint: "1.0"\n', 'privlint: "1.0"\npolicy:\n  effective_date: 2024-05-05\n'))
    assert policy.effective_date == "2024-05-05"


def test_diagnostics_have_the_contract_fields():
    with pytest.raises(PolicyError) as info:
        load_text(BASE.replace("    role: processor", "    role: procesor"), "p.yaml")
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.column) == ("p.yaml", 14, 11)
    assert diagnostic.key_path == "recipients[sendgrid].role"
    assert diagnostic.hint == "did you mean 'processor'?"
    assert diagnostic.code == "PRV100"


def test_several_problems_are_all_reported_in_file_order():
    text = BASE.replace("    role: processor", "    role: procesor").replace("P30D", "30 days")
    with pytest.raises(PolicyError) as info:
        load_text(text, "p.yaml")
    assert [(d.line, d.column) for d in info.value.diagnostics] == [(7, 27), (14, 11)]


def test_missing_keys_at_the_top_are_reported_once_each():
    with pytest.raises(PolicyError) as info:
        load_text("privlint: '1.0'\n", "p.yaml")
    assert str(info.value).splitlines() == [
        "p.yaml:1:1: missing required key 'categories' (add categories: ...)",
        "p.yaml:1:1: missing required key 'controller' (add controller: ...)",
        "p.yaml:1:1: missing required key 'purposes' (add purposes: ...)",
    ]


def test_recursive_alias_is_an_error_not_a_hang():
    with pytest.raises(PolicyError) as info:
        load_text("a: &x [*x]\n", "p.yaml")
    assert "p.yaml:1:4: a[0]: recursive alias (an anchor cannot contain its own alias)" in str(info.value)


def test_non_utf8_bytes_point_at_the_byte():
    with pytest.raises(PolicyError) as info:
        load_bytes(b'privlint: "1.0"\nname: caf\xe9\n', "p.yaml")
    assert str(info.value) == "p.yaml:2:10: not UTF-8 text: byte 0xe9 (save the file as UTF-8)"


def test_missing_file(tmp_path):
    with pytest.raises(PolicyError) as info:
        load(tmp_path / "nope.yaml")
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: cannot read policy file: No such file or directory"


def test_unsafe_tags_are_refused():
    text = BASE + "notes: [!!python/object/apply:os.system ['echo hacked']]\n"
    with pytest.raises(PolicyError) as info:
        load_text(text, "p.yaml")
    assert str(info.value) == (
        "p.yaml:23:9: notes[0]: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "(only plain YAML is read)"
    )
    scalar = BASE + "notes: [!!python/name:os.system x]\n"
    with pytest.raises(PolicyError) as info:
        load_text(scalar, "p.yaml")
    assert "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'" in str(info.value)


def test_anchors_and_merge_keys_work():
    text = BASE.replace(
        "recipients:\n  - id: sendgrid\n    role: processor\n    kind: email\n",
        "recipients:\n  - &vendor\n    id: sendgrid\n    role: processor\n    kind: email\n",
    )
    assert load_text(text).recipient("sendgrid") is not None


@pytest.mark.parametrize("text, expected", list(CASES.values()), ids=list(CASES))
def test_same_messages_through_the_jsonschema_fallback(monkeypatch, text, expected):
    from policy_model import loader

    monkeypatch.setattr(loader, "_fast_path", lambda: False)
    with pytest.raises(PolicyError) as info:
        load_text(text, "p.yaml")
    assert str(info.value) == expected


def test_deep_nesting_is_a_diagnostic():
    with pytest.raises(PolicyError) as info:
        load_text("a: " + "[" * 40 + "]" * 40 + "\n", "p.yaml")
    assert str(info.value) == "p.yaml:1:36: a" + "[0]" * 31 + ": nested deeper than 32 levels (flatten it)"


@pytest.mark.parametrize(
    "text, position",
    [
        ("a:\n  " + "- " * 200_000 + "x\n", "2:2000"),
        ("a: " + "[" * 200_000, "1:1004"),
        ("a: " + "{a: " * 20_000, "1:4004"),
    ],
    ids=["block", "flow", "mapping"],
)
def test_hostile_nesting_never_crashes_the_process(text, position):
    # libyaml's C composer recurses per level and would crash the interpreter on such input
    with pytest.raises(PolicyError) as info:
        load_text(text, "p.yaml")
    assert str(info.value) == f"p.yaml:{position}: nested deeper than 1000 levels (flatten it)"
