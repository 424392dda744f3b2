"""The fast schema evaluator agrees with jsonschema (the reference) on many mutated policies."""

from __future__ import annotations

import copy
import itertools
import json

import jsonschema
import pytest
import yaml
from policy_texts import BASE, EXAMPLES

from policy_model.loader import schema
from privlint.schema_check import iter_errors, supports

MUTATIONS = (
    lambda v: 5,
    lambda v: True,
    lambda v: None,
    lambda v: "Not A Key!",
    lambda v: [],
    lambda v: {},
    lambda v: [v, 7] if isinstance(v, list) else {"zzz": v} if isinstance(v, dict) else v,
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


def mutated(document, every_kind):
    """Documents with one change each: a value replaced, a key removed or an unknown key added.

    ``every_kind``: every mutation at every node; otherwise one mutation per node, in turn.
    """
    kinds = itertools.cycle(range(len(MUTATIONS) + 2))
    all_paths = list(paths(document))[1:]
    plan = (
        [(p, k) for p in all_paths for k in range(len(MUTATIONS) + 2)]
        if every_kind
        else [(p, next(kinds)) for p in all_paths]
    )
    for path, kind in plan:
        doc = copy.deepcopy(document)
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        if kind == len(MUTATIONS):
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
        elif kind == len(MUTATIONS) + 1:
            if isinstance(parent, dict):
                parent["unknown_" + str(path[-1])] = "x"
            else:
                parent.append("x")
        else:
            parent[path[-1]] = MUTATIONS[kind](parent[path[-1]])
        yield doc


def reference(validator, document):
    return sorted({(json.dumps(list(e.absolute_path)), e.validator) for e in validator.iter_errors(document)})


def fast(document):
    return sorted({(json.dumps(list(e.path)), e.validator) for e in iter_errors(schema(), document)})


def test_the_shipped_schema_is_on_the_fast_path():
    assert supports(schema())
    assert not supports({"type": "object", "oneOf": [{"type": "string"}]})
    assert not supports({"$ref": "https://example.com/other.json"})


@pytest.mark.parametrize("source, every_kind", [(BASE, True), (EXAMPLES[1], False)], ids=["base", "optimibi"])
def test_fast_evaluator_agrees_with_jsonschema(source, every_kind):
    text = source if isinstance(source, str) else source.read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    validator = jsonschema.Draft202012Validator(schema())
    cases = 0
    for doc in mutated(document, every_kind):
        assert fast(doc) == reference(validator, doc), json.dumps(doc)[:300]
        cases += 1
    assert cases > 250
