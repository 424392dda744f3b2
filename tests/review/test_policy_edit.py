"""Policy edits are insertions: every line of the file the edit does not touch stays byte for byte."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from privlint.policy_edit import Append, EditError, Note, apply

OPTIMER = Path(__file__).resolve().parents[2] / "examples" / "optimer" / "privacy-policy.yaml"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added) between two texts."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_a_wrapped_flow_list_grows_at_its_end_and_wraps_at_its_own_column():
    text = OPTIMER.read_text()
    data = yaml.safe_load(text)
    index = next(i for i, r in enumerate(data["recipients"]) if r["id"] == "aws")
    after = apply(text, [Append(("recipients", index, "categories"), "user.contact.phone_number")])
    removed, added = changed_lines(text, after)
    assert removed == ["                 system.operations]"]
    assert added == ["                 system.operations, user.contact.phone_number]"]
    assert yaml.safe_load(after)["recipients"][index]["categories"][-1] == "user.contact.phone_number"


def test_a_long_line_wraps_at_the_first_items_column():
    text = "recipients:\n  - id: a\n    categories: [" + ", ".join(f"user.c{i}" for i in range(12)) + "]\n"
    after = apply(text, [Append(("recipients", 0, "categories"), "user.contact.email")])
    assert after.splitlines()[-1] == " " * len("    categories: [") + "user.contact.email]"
    assert max(len(line) for line in after.splitlines()) == len(text.splitlines()[-1])  # no line grew


def test_every_comment_and_untouched_line_survives_a_larger_edit():
    text = OPTIMER.read_text()
    edits = [
        Append(
            ("recipients",),
            {
                "id": "mixpanel",
                "name": "Mixpanel",
                "role": "processor",
                "kind": "analytics",
                "locations": ["US"],
                "categories": ["user.contact.email"],
                "purposes": ["analytics.reporting"],
            },
        ),
        Append(
            ("transfers",), {"recipient": "mixpanel", "destination": "US", "mechanism": Note("scc", "TODO: confirm")}
        ),
        Append(
            ("categories",),
            {"key": "user.contact.phone_number", "retention": Note({"duration": "P1Y"}, "TODO: decide")},
        ),
        Append(("purposes", 0, "categories"), "user.contact.phone_number"),
    ]
    after = apply(text, edits)
    removed, added = changed_lines(text, after)
    assert len(removed) == 1  # the one wrapped list that grew
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert all(comment in after.splitlines() for comment in comments)
    assert "    mechanism: scc  # TODO: confirm" in added
    assert "    retention: {duration: P1Y}  # TODO: decide" in added
    assert "  - id: mixpanel" in added and "    locations: [US]" in added


@pytest.mark.parametrize(
    ("text", "path", "value", "expected"),
    [
        # a block list of scalars gets a line at its items' indentation
        (
            "a:\n  - id: x\n    categories:\n      - user.name\n",
            ("a", 0, "categories"),
            "user.contact",
            "a:\n  - id: x\n    categories:\n      - user.name\n      - user.contact\n",
        ),
        # a key the mapping lacks is added after its last key, at the mapping's indentation
        (
            "a:\n  - id: x\n    kind: other  # a comment\n\n# next\nb: 1\n",
            ("a", 0, "purposes"),
            "essential",
            "a:\n  - id: x\n    kind: other  # a comment\n    purposes: [essential]\n\n# next\nb: 1\n",
        ),
        # an empty flow list holds the item
        (
            "a:\n  - id: x\n    purposes: []\n",
            ("a", 0, "purposes"),
            "essential",
            "a:\n  - id: x\n    purposes: [essential]\n",
        ),
        # a list of one-line mappings gets a one-line mapping
        (
            "transfers:\n  - {recipient: a, destination: US}\n",
            ("transfers",),
            {"recipient": "b", "destination": "JP"},
            "transfers:\n  - {recipient: a, destination: US}\n  - {recipient: b, destination: JP}\n",
        ),
        # a missing section is added at the end, indented as the file indents lists
        (
            "categories:\n    - key: user\n",
            ("transfers",),
            {"recipient": "b", "destination": "JP"},
            "categories:\n    - key: user\n\ntransfers:\n    - recipient: b\n      destination: JP\n",
        ),
        # an empty section (null or []) gets block items under its key
        ("transfers:\nx: 1\n", ("transfers",), {"recipient": "b"}, "transfers:\n  - recipient: b\nx: 1\n"),
        ("transfers: []\nx: 1\n", ("transfers",), {"recipient": "b"}, "transfers:\n  - recipient: b\nx: 1\n"),
        # values YAML would misread are quoted
        ("a: [x]\n", ("a",), "yes: no", "a: [x, 'yes: no']\n"),
    ],
)
def test_shapes(text, path, value, expected):
    assert apply(text, [Append(path, value)]) == expected


def test_a_file_of_another_shape_is_refused_not_damaged():
    with pytest.raises(EditError):
        apply("recipients: 3\n", [Append(("recipients",), {"id": "x"})])
    with pytest.raises(EditError):
        apply("- a\n- b\n", [Append(("recipients",), {"id": "x"})])
    with pytest.raises(EditError):
        apply("a: [b\n", [Append(("a",), "c")])
