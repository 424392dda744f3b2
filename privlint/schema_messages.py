"""JSON Schema errors -> positioned diagnostics, worded the same for the policy, catalogues and config.

The schemas (``policy_model/schema/policy.schema.json``, ``privlint/schemas/catalogue.schema.json``,
``privlint/schemas/config.schema.json``) are the single source of truth of each format; this module only
says what a failed keyword means to the person who wrote the file: what was expected, what was found,
and the closest allowed key or value. ``x-expected`` in a schema node words the expectation
("an ISO-8601 duration such as P30D"), so a regex never reaches the user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from privlint.diagnostics import Diagnostic, describe, did_you_mean
from privlint.documents import Located, PathKey
from privlint.schema_check import SchemaError

TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "boolean": "true or false",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}
ValueHint = Callable[[PathKey, Any], str]


def from_jsonschema(schema: Mapping[str, Any], data: Any) -> list[SchemaError]:
    """Every error ``jsonschema`` finds, in the shape ``explain`` reads (for keywords ``schema_check``
    does not evaluate: ``allOf``, ``oneOf``, ``unevaluatedProperties``...)."""
    validator = _validator(id(schema), schema)
    return [
        SchemaError(
            validator=str(e.validator),
            validator_value=e.validator_value,
            instance=e.instance,
            schema=e.schema if isinstance(e.schema, dict) else {},
            path=tuple(e.absolute_path),
            in_property_names="propertyNames" in e.absolute_schema_path,
            message=e.message,
        )
        for e in validator.iter_errors(data)
    ]


_VALIDATORS: dict[int, tuple[Mapping[str, Any], Any]] = {}


def _validator(key: int, schema: Mapping[str, Any]) -> Any:
    """Built once per schema (the schemas are cached module-level dicts, so ``id`` identifies them)."""
    cached = _VALIDATORS.get(key)
    if cached is None or cached[0] is not schema:
        import jsonschema  # deferred: ~90 ms with the validator build

        cached = _VALIDATORS[key] = (schema, jsonschema.validators.validator_for(schema)(schema))
    return cached[1]


def explain_all(
    errors: Iterable[SchemaError],
    located: Located,
    root: Mapping[str, Any],
    *,
    required_examples: Mapping[str, str] | None = None,
    value_hint: ValueHint | None = None,
    prefix: PathKey = (),
) -> list[Diagnostic]:
    """One diagnostic per distinct problem, ordered by key path. ``prefix`` places the validated data
    inside ``located.data`` (``("tool", "privlint")`` for a pyproject table)."""
    diagnostics: dict[Diagnostic, None] = {}  # jsonschema repeats some errors (one per missing key): dedupe
    for error in sorted(errors, key=lambda e: [str(p) for p in e.path]):
        diagnostics.update(
            dict.fromkeys(_explain(error, located, root, required_examples or {}, value_hint or _no_hint, prefix))
        )
    return list(diagnostics)


def _no_hint(_path: PathKey, _value: Any) -> str:
    return ""


def yaml_boolean_hint(_path: PathKey, value: Any) -> str:
    """YAML 1.1 reads NO, yes, on, off as booleans: the classic trap for country codes and ids."""
    if isinstance(value, bool):
        return "YAML reads unquoted yes/no/on/off (and the country code NO) as booleans: quote the value"
    return ""


def allowed_keys(subschema: Mapping[str, Any], root: Mapping[str, Any]) -> list[str]:
    """The keys an object schema accepts, following ``allOf`` and local ``$ref`` (for did-you-mean)."""
    keys = set(subschema.get("properties", {}))
    parts = [*subschema.get("allOf", ()), *([{"$ref": subschema["$ref"]}] if "$ref" in subschema else [])]
    for part in parts:
        target = _resolve(root, part["$ref"]) if "$ref" in part else part
        keys |= set(allowed_keys(target, root))
    return sorted(keys)


def _resolve(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, Mapping) else {}
    return node if isinstance(node, Mapping) else {}


def _explain(
    error: SchemaError,
    located: Located,
    root: Mapping[str, Any],
    required_examples: Mapping[str, str],
    value_hint: ValueHint,
    prefix: PathKey,
) -> Iterator[Diagnostic]:
    path = (*prefix, *error.path)
    kind = error.validator
    value = error.instance
    sub = error.schema
    if error.in_property_names:
        # the failing instance is a key of the mapping at ``path``
        expected = sub.get("x-expected", "a valid key")
        yield located.diagnostic((*path, value), f"expected {expected}, got '{value}'", at_key=True)
        return
    if kind == "required":
        for name in [name for name in error.validator_value if name not in value]:
            example = required_examples.get(name, f"{name}: ...")
            yield located.diagnostic(path, f"missing required key '{name}'", f"add {example}", at_key=True)
    elif kind in ("additionalProperties", "unevaluatedProperties") and isinstance(value, dict):
        allowed = allowed_keys(sub, root)
        for extra in sorted(set(value) - set(allowed), key=str):
            hint = did_you_mean(str(extra), allowed, otherwise="expected one of: " + ", ".join(allowed))
            yield located.diagnostic((*path, extra), f"unknown key '{extra}'", hint, at_key=True)
    elif kind == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = " or ".join(TYPE_NAMES.get(str(t), str(t)) for t in types)
        yield located.diagnostic(path, f"expected {expected}, got {describe(value)}", value_hint(path, value))
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        hint = did_you_mean(str(value), options) or value_hint(path, value)
        yield located.diagnostic(path, f"expected one of {', '.join(options)}; got {describe(value)}", hint)
    elif kind in ("pattern", "const", "oneOf", "anyOf"):
        expected = sub.get("x-expected") or (
            f"a value matching {error.validator_value!r}" if kind == "pattern" else f"{error.validator_value!r}"
        )
        if kind in ("oneOf", "anyOf"):
            expected = sub.get("x-expected") or "a value of the documented form"
        yield located.diagnostic(path, f"expected {expected}, got {describe(value)}", value_hint(path, value))
    elif kind == "minItems":
        n = error.validator_value
        yield located.diagnostic(path, f"expected at least {n} item{'s' if n != 1 else ''}, got an empty list")
    elif kind == "minLength":
        yield located.diagnostic(path, f"expected a non-empty string, got {describe(value)}")
    elif kind == "minimum":
        yield located.diagnostic(path, f"expected at least {error.validator_value}, got {describe(value)}")
    elif kind == "uniqueItems":
        yield located.diagnostic(path, "expected each item once, got duplicates", "remove the repeated items")
    else:  # a keyword these schemas do not use today: still positioned, never a traceback
        yield located.diagnostic(path, error.message or f"fails the schema keyword '{kind}'")
