"""Every active plugin's own examples, run through the engine (Fixit style).

Knowledge and its tests live together: each catalogue record may carry ``examples`` with
``flows`` (snippets that must produce a flow) and ``no_flows`` (look-alikes that must not). What
"a flow" means depends on the record:

* recipient: a flow whose sink is that recipient;
* sink rule: a flow into a sink of that kind (and recipient, if the rule names one);
* source / field type: a flow of that category;
* sanitizer: ``flows`` must still produce a flow, marked sanitised; ``no_flows`` must produce no
  unsanitised flow;
* setting (a configuration sink): a flow to its recipient with the setting as evidence.

One parametrised test runs them all, so a plugin (built-in, installed or a catalogue file) that
ships examples is tested the moment it is active.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from privlint.catalogue import (
    Catalogue,
    FieldTypeRule,
    Recipient,
    SanitizerRule,
    SettingRule,
    SinkRule,
    SourceRule,
)
from privlint.plugin_manager import load_catalogue
from privlint.types import Flow, ScanResult

CATALOGUE, PLUGINS = load_catalogue()
EXAMPLE_PATH = "app/example.py"


def scan(code: str, catalogue: Catalogue = CATALOGUE) -> ScanResult:
    from privlint.api import scan_sources

    return scan_sources({EXAMPLE_PATH: code}, catalogue=catalogue)


def _predicate(record: Any) -> Callable[[Flow], bool]:
    if isinstance(record, Recipient):
        return lambda flow: flow.sink.recipient == record.id
    if isinstance(record, SinkRule):
        return lambda flow: flow.sink.kind == record.kind and record.recipient in (None, flow.sink.recipient)
    if isinstance(record, (SourceRule, FieldTypeRule)):
        return lambda flow: flow.category == record.category
    if isinstance(record, SanitizerRule):
        return lambda flow: not flow.sanitized
    if isinstance(record, SettingRule):
        return lambda flow: flow.sink.recipient == record.recipient and flow.source.evidence == record.evidence
    raise TypeError(record)


def _name(record: Any) -> str:
    if isinstance(record, SettingRule):
        return f"{record.pattern}({record.setting})"
    return record.id if isinstance(record, Recipient) else record.pattern


def examples() -> Iterator[Any]:
    records = [
        *CATALOGUE.recipients,
        *CATALOGUE.sinks,
        *CATALOGUE.sources,
        *CATALOGUE.field_types,
        *CATALOGUE.sanitizers,
        *CATALOGUE.settings,
    ]
    for record in records:
        for expect, snippets in (("flows", record.examples.flows), ("no_flows", record.examples.no_flows)):
            for index, code in enumerate(snippets):
                test_id = f"{record.plugin}:{_name(record)}:{expect}[{index}]"
                yield pytest.param(record, expect, code, id=test_id)


EXAMPLES = list(examples())


def test_the_builtin_catalogue_ships_examples():
    assert PLUGINS.errors == []
    assert sum(1 for p in EXAMPLES if p.values[0].plugin == "recipients") >= 120


@pytest.mark.parametrize(("record", "expect", "code"), EXAMPLES)
def test_example(record, expect, code):
    result = scan(code)
    assert result.errors == () and result.skipped == (), (result.errors, result.skipped)
    if isinstance(record, SanitizerRule) and expect == "flows":
        matching = [flow for flow in result.flows if flow.sanitized]
    else:
        matching = [flow for flow in result.flows if _predicate(record)(flow)]
    described = [(f.category, f.sink.kind, f.sink.recipient, f.sink.callee, f.sanitized) for f in result.flows]
    if expect == "flows":
        assert matching, f"expected a flow for {_name(record)}; got {described}"
    else:
        assert not matching, f"expected no flow for {_name(record)}; got {described}"


def test_examples_fail_without_the_knowledge():
    """The examples test the catalogue, not the engine alone: without the plugin they fail."""
    without, _ = load_catalogue(["recipients"], entry_points=False)
    stripe = CATALOGUE.recipient("stripe")
    assert stripe is not None
    for code in stripe.examples.flows[:3]:  # SDK call shapes (the 4th is plain HTTP to its host)
        assert scan(code)
        assert not [f for f in scan(code, without).flows if f.sink.recipient == "stripe"]
