"""A small JSON Schema (Draft 2020-12) evaluator for the keywords privlint's schemas use.

Why not only ``jsonschema``: importing it and building a Draft 2020-12 validator costs ~90 ms, more
than loading, validating and linting a 2,000-line policy together, and ``privlint policy validate``
runs in pre-commit hooks. The schema file stays the single source of truth: this module interprets
it, ``SUPPORTED`` lists the keywords it understands, and a schema using any other keyword is handed
to ``jsonschema`` instead. ``tests/policy_model/test_policy_schema_check.py`` checks that both report
the same errors on hundreds of mutated policies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Keywords that only annotate (no effect on validity) and keywords this module evaluates.
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "x-expected", "examples", "default"})
SUPPORTED = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "items",
        "enum",
        "const",
        "pattern",
        "minItems",
        "minLength",
        "minimum",
        "$ref",
    }
)


@dataclass(frozen=True)
class SchemaError:
    """One failed keyword, the shape ``privlint.schema_messages.explain_all`` turns into a positioned diagnostic."""

    validator: str  # the failing keyword
    validator_value: Any
    instance: Any
    schema: Mapping[str, Any]  # the (sub)schema holding the keyword
    path: tuple[str | int, ...]  # where in the document
    in_property_names: bool = False  # the instance is a key of the mapping at ``path``
    message: str = ""


def supports(schema: Mapping[str, Any]) -> bool:
    """Does ``schema`` use only keywords this evaluator implements (and only local ``$ref``s)?"""
    return _supports(schema)


def _supports(node: Any) -> bool:
    if isinstance(node, list):
        return all(_supports(item) for item in node)
    if not isinstance(node, dict):
        return True
    for key, value in node.items():
        if key not in SUPPORTED and key not in ANNOTATIONS:
            return False
        if key == "$ref" and not str(value).startswith("#/"):
            return False
        if key in ("properties", "$defs"):
            if not all(_supports(sub) for sub in value.values()):
                return False
        elif key in ("enum", "const", "required", "examples", "default"):
            continue
        elif not _supports(value):
            return False
    return True


def iter_errors(schema: Mapping[str, Any], instance: Any) -> Iterator[SchemaError]:
    yield from _Evaluator(schema).check(schema, instance, ())


class _Evaluator:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def resolve(self, ref: str) -> Mapping[str, Any]:
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def check(self, schema: Mapping[str, Any], value: Any, path: tuple[str | int, ...]) -> Iterator[SchemaError]:
        if "$ref" in schema:
            yield from self.check(self.resolve(schema["$ref"]), value, path)
        if "type" in schema and not _is_type(value, schema["type"]):
            yield SchemaError("type", schema["type"], value, schema, path)
        if "const" in schema and not _equal(value, schema["const"]):
            yield SchemaError("const", schema["const"], value, schema, path)
        if "enum" in schema and not any(_equal(value, option) for option in schema["enum"]):
            yield SchemaError("enum", schema["enum"], value, schema, path)
        if isinstance(value, str):
            if "pattern" in schema and not _regex(schema["pattern"]).search(value):
                yield SchemaError("pattern", schema["pattern"], value, schema, path)
            if "minLength" in schema and len(value) < schema["minLength"]:
                yield SchemaError("minLength", schema["minLength"], value, schema, path)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                yield SchemaError("minimum", schema["minimum"], value, schema, path)
        elif isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                yield SchemaError("minItems", schema["minItems"], value, schema, path)
            if "items" in schema:
                for index, item in enumerate(value):
                    yield from self.check(schema["items"], item, (*path, index))
        elif isinstance(value, dict):
            yield from self.check_object(schema, value, path)

    def check_object(
        self, schema: Mapping[str, Any], value: dict[str, Any], path: tuple[str | int, ...]
    ) -> Iterator[SchemaError]:
        properties = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                yield SchemaError("required", schema["required"], value, schema, path, message=f"'{name}' is required")
        if "propertyNames" in schema:
            for key in value:
                for error in self.check(schema["propertyNames"], key, path):
                    yield SchemaError(error.validator, error.validator_value, key, error.schema, path, True)
        for key, item in value.items():
            if key in properties:
                yield from self.check(properties[key], item, (*path, key))
        extra = schema.get("additionalProperties", True)
        extras = [key for key in value if key not in properties]
        if extras and extra is False:
            yield SchemaError("additionalProperties", False, value, schema, path)
        elif extras and isinstance(extra, dict):
            for key in extras:
                yield from self.check(extra, value[key], (*path, key))


def _is_type(value: Any, expected: str | list[str]) -> bool:
    if isinstance(expected, list):
        return any(_is_type(value, e) for e in expected)
    if expected == "object":
        return isinstance(value, dict)
    if expected == "array":
        return isinstance(value, list)
    if expected == "string":
        return isinstance(value, str)
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if expected == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if expected == "number":
        return isinstance(value, (int, float))
    return False


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
