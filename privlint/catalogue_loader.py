"""YAML catalogue files -> ``privlint.catalogue`` records, validated, with FILE:LINE:COL errors.

A catalogue file is how knowledge is written without Python: the built-in vendor catalogue
(``plugins/recipients/*.yaml``), files a plugin returns from ``privlint_catalogue_files`` and
files a user lists in ``[tool.privlint] catalogues``. The format is fixed by
``privlint/schemas/catalogue.schema.json``; this module adds what a schema cannot say (duplicate
keys and ids, a kind for every recipient) and points every problem at its line, because a
catalogue entry is usually written by someone who has never read privlint's code.

YAML is parsed with the safe loader only; the file is parsed once into a node tree, which gives
both the data and the positions of every key and value.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from os import PathLike
from pathlib import Path
from typing import Any

import yaml

from privlint.catalogue import (
    Catalogue,
    Examples,
    FieldTypeRule,
    IdentifierRule,
    Recipient,
    SanitizerRule,
    SinkRule,
    SourceRule,
)
from privlint.errors import UsageError

SCHEMA_PATH = Path(__file__).parent / "schemas" / "catalogue.schema.json"
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in a catalogue file, rendered ``FILE:LINE:COL: key.path: message (hint)``."""

    path: str
    line: int
    column: int
    key_path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: "
        key = f"{self.key_path}: " if self.key_path else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{key}{self.message}{hint}"


class CatalogueError(UsageError):
    """A catalogue file is malformed; ``diagnostics`` lists every problem found, in file order."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> Any:
    import jsonschema  # imported on first use: trusted built-in files never need it

    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


def load_catalogue_files(paths: Iterable[str | PathLike[str]]) -> Catalogue:
    """All ``paths`` merged, in order; every file is checked before anything is raised."""
    parts: list[Catalogue] = []
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            parts.append(load_catalogue_file(path))
        except CatalogueError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise CatalogueError(problems)
    return Catalogue.combine(parts)


def load_catalogue_file(path: str | PathLike[str], *, validate: bool = True) -> Catalogue:
    """One file, cached on (path, mtime, size). ``validate=False`` skips the JSON Schema and the
    checks that build on it: only for files shipped inside privlint, which its tests validate."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError as exc:
        raise CatalogueError([Diagnostic(str(path), 1, 1, "", f"cannot read catalogue file: {exc.strerror}")]) from exc
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size, validate)


@lru_cache(maxsize=256)
def _load_cached(path: str, _mtime_ns: int, _size: int, validate: bool) -> Catalogue:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError([Diagnostic(path, 1, 1, "", f"cannot read catalogue file: {exc}")]) from exc
    return load_catalogue_text(text, path, validate=validate)


def load_catalogue_text(text: str, path: str = "<catalogue>", *, validate: bool = True) -> Catalogue:
    """Parse, validate and convert one catalogue document; raise ``CatalogueError`` if malformed."""
    node, data = _parse(text, path)
    if data is None:
        return Catalogue()
    problems = list(_duplicate_keys(node, path))
    if not isinstance(data, dict):
        problems.append(
            Diagnostic(
                path,
                *_position(node),
                "",
                f"expected a mapping at the top of the file, found {_type_name(data)}",
                "start with 'recipients:' or 'sinks:'",
            )
        )
        raise CatalogueError(problems)
    if validate:
        problems.extend(_schema_problems(data, node, path))
    if validate and not problems:
        problems.extend(_semantic_problems(data, node, path))
    if problems:
        raise CatalogueError(problems)
    return _to_catalogue(data)


def unknown_recipients(path: str | PathLike[str], known: Iterable[str]) -> list[Diagnostic]:
    """Top-level sinks naming a recipient no active plugin defines (``recipient: strpe``).

    Checked once the whole catalogue is merged, because a file may rightly name a recipient another
    plugin defines (an in-house wrapper around ``stripe``).
    """
    text = Path(path).read_text(encoding="utf-8")
    node, data = _parse(text, str(path))
    known_ids = sorted(set(known))
    problems = []
    sinks = data.get("sinks", []) if isinstance(data, dict) else []
    for index, sink in enumerate(sinks if isinstance(sinks, list) else []):
        recipient = sink.get("recipient") if isinstance(sink, dict) else None
        if isinstance(recipient, str) and recipient not in known_ids:
            close = difflib.get_close_matches(recipient, known_ids, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "define it under recipients: in this file"
            position = _position(_node_at(node, ["sinks", index, "recipient"]))
            key = f"sinks[{index}].recipient"
            problems.append(Diagnostic(str(path), *position, key, f"unknown recipient {recipient!r}", hint))
    return problems


# --- parsing with positions -----------------------------------------------------------------


def _parse(text: str, path: str) -> tuple[yaml.Node | None, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        raise CatalogueError([Diagnostic(path, line, column, "", f"invalid YAML: {message}")]) from exc
    except yaml.YAMLError as exc:
        raise CatalogueError([Diagnostic(path, 1, 1, "", f"invalid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    return node, data


def _position(node: yaml.Node | None) -> tuple[int, int]:
    if node is None:
        return (1, 1)
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _child(node: yaml.Node | None, key: str | int, *, want_key: bool = False) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return key_node if want_key else value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _node_at(root: yaml.Node | None, path: Sequence[str | int], *, want_key: bool = False) -> yaml.Node | None:
    """The node at a JSON path (the deepest existing ancestor if the path is partly missing)."""
    node = root
    for index, part in enumerate(path):
        last = index == len(path) - 1
        child = _child(node, part, want_key=want_key and last)
        if child is None:
            return node
        node = child
    return node


def _key_path(data: Any, path: Sequence[str | int]) -> str:
    """``recipients[stripe].sinks[0].pattern``: list items with an ``id`` are named by it."""
    text = ""
    current = data
    for part in path:
        if isinstance(part, int):
            item = current[part] if isinstance(current, list) and part < len(current) else None
            ident = item.get("id") if isinstance(item, dict) else None
            text += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]"
            current = item
        else:
            text += f".{part}" if text else part
            current = current.get(part) if isinstance(current, dict) else None
    return text


def _type_name(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _duplicate_keys(node: yaml.Node | None, path: str, prefix: str = "") -> Iterator[Diagnostic]:
    """PyYAML keeps the last of two equal keys silently; in a catalogue that hides an entry."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_path = f"{prefix}.{key}" if prefix else key
            if key in seen:
                yield Diagnostic(
                    path,
                    *_position(key_node),
                    key_path,
                    f"duplicate key (first at line {seen[key]})",
                    "merge the two entries; YAML keeps only the last",
                )
            else:
                seen[key] = key_node.start_mark.line + 1
            yield from _duplicate_keys(value_node, path, key_path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, path, f"{prefix}[{index}]")


# --- validation -----------------------------------------------------------------------------

_HINTS = {
    "recipient_id": "ids are stable lowercase words: letters, digits and _ (stripe, google_analytics)",
    "call_pattern": "a dotted qualified name such as stripe.Customer.create, mixpanel.Mixpanel().track, "
    "boto3.client(ses).send_email or stripe.**",
    "host": "a lowercase host such as api.stripe.com, or .stripe.com for the domain and its subdomains",
    "location": "an ISO-3166 alpha-2 country code in capitals (US, DE, IE) or EEA/EU",
    "category": "a fideslang key such as user.contact.email",
    "module": "an importable module name such as stripe or google.cloud.storage",
}


def _schema_problems(data: Any, root: yaml.Node | None, path: str) -> Iterator[Diagnostic]:
    for error in _validator().iter_errors(data):
        yield from _diagnostics_for(error, data, root, path)


def _diagnostics_for(error: Any, data: Any, root: yaml.Node | None, path: str) -> list[Diagnostic]:
    """One ``jsonschema`` error (typed ``Any``: its attributes are unions with ``Unset``)."""
    location = list(error.absolute_path)
    validator = error.validator
    if validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        allowed = _allowed_keys(error.schema)
        results = []
        for key in sorted(set(error.instance) - allowed, key=str):
            key_node = _node_at(root, [*location, key], want_key=True)
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(sorted(allowed))}"
            results.append(
                Diagnostic(path, *_position(key_node), _key_path(data, [*location, key]), "unknown key", hint)
            )
        return results
    node = _node_at(root, location)
    hint = ""
    message = error.message
    if validator == "enum":
        options = [str(option) for option in error.validator_value]
        close = difflib.get_close_matches(str(error.instance), options, n=1)
        message = f"{error.instance!r} is not one of {', '.join(options)}"
        hint = f"did you mean '{close[0]}'?" if close else ""
    elif validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        message = f"missing required key{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
    elif validator == "type":
        message = f"expected {error.validator_value}, found {_type_name(error.instance)}"
    elif validator in ("pattern", "oneOf"):
        message = f"{error.instance!r} is not valid here"
        hint = _hint_for(error)
    return [Diagnostic(path, *_position(node), _key_path(data, location), message, hint)]


def _allowed_keys(subschema: Mapping[str, Any]) -> set[str]:
    """The keys an object schema accepts, following ``allOf``/``$ref`` (for "did you mean")."""
    keys = set(subschema.get("properties", {}))
    for part in subschema.get("allOf", []):
        ref = part.get("$ref", "")
        target = schema()["$defs"].get(ref.rsplit("/", 1)[-1], part) if ref else part
        keys |= _allowed_keys(target)
    return keys


def _hint_for(error: Any) -> str:
    """The hint of the ``$defs`` entry whose rule failed (found by its pattern)."""
    failed = error.schema
    candidates = [failed, *(c.schema for c in error.context or ())]
    for name, definition in schema()["$defs"].items():
        if any(definition.get("pattern") and definition.get("pattern") == c.get("pattern") for c in candidates):
            return _HINTS.get(name, str(definition.get("description", "")))
    return str(failed.get("description", ""))


def _semantic_problems(data: Mapping[str, Any], root: yaml.Node | None, path: str) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for index, recipient in enumerate(data.get("recipients", [])):
        node = _node_at(root, ["recipients", index, "id"])
        line = _position(node)[0]
        rid = recipient["id"]
        if rid in seen:
            yield Diagnostic(
                path,
                *_position(node),
                f"recipients[{index}].id",
                f"duplicate recipient id {rid!r} (first at line {seen[rid]})",
                "each recipient appears once; put all its sinks under one entry",
            )
        else:
            seen[rid] = line
        if "kind" not in recipient and "kind" not in data:
            yield Diagnostic(
                path,
                *_position(_node_at(root, ["recipients", index])),
                _key_path(data, ["recipients", index]),
                "missing required key: kind",
                "set kind on the recipient or once at the top of the file (kind: payment)",
            )


# --- conversion -----------------------------------------------------------------------------


def _examples(entry: Mapping[str, Any]) -> Examples:
    examples = entry.get("examples") or {}
    return Examples(flows=tuple(examples.get("flows", ())), no_flows=tuple(examples.get("no_flows", ())))


def _sink(entry: Mapping[str, Any], recipient: str | None) -> SinkRule:
    host_arg = entry.get("host_arg")
    return SinkRule(
        pattern=entry["pattern"],
        kind=entry.get("kind", "third_party"),
        recipient=recipient,
        data_args=tuple(str(arg) for arg in entry.get("data_args", ("*",))),
        host_arg=None if host_arg is None else str(host_arg),
        examples=_examples(entry),
    )


def _to_catalogue(data: Mapping[str, Any]) -> Catalogue:
    default_kind = data.get("kind", "")
    recipients: list[Recipient] = []
    sinks: list[SinkRule] = []
    for entry in data.get("recipients", []):
        recipients.append(
            Recipient(
                id=entry["id"],
                name=entry["name"],
                kind=entry.get("kind", default_kind),
                locations=tuple(entry.get("locations", ())),
                packages=tuple(entry.get("packages", ())),
                hosts=tuple(entry.get("hosts", ())),
                docs=entry.get("docs", ""),
                examples=_examples(entry),
            )
        )
        sinks.extend(_sink(sink, entry["id"]) for sink in entry.get("sinks", []))
    sinks.extend(_sink(sink, sink.get("recipient")) for sink in data.get("sinks", []))
    return Catalogue(
        recipients=tuple(recipients),
        sinks=tuple(sinks),
        sources=tuple(
            SourceRule(e["pattern"], e["category"], e.get("evidence", ""), examples=_examples(e))
            for e in data.get("sources", [])
        ),
        field_types=tuple(
            FieldTypeRule(e["pattern"], e["category"], examples=_examples(e)) for e in data.get("field_types", [])
        ),
        identifiers=tuple(
            IdentifierRule(
                e["category"], tuple(tuple(p.split()) for p in e["phrases"]), bool(e.get("needs_subject", False))
            )
            for e in data.get("identifiers", [])
        ),
        sanitizers=tuple(
            SanitizerRule(e["pattern"], e["kind"], examples=_examples(e)) for e in data.get("sanitizers", [])
        ),
    )
