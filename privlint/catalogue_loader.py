"""YAML catalogue files -> ``privlint.catalogue`` records, validated, with FILE:LINE:COL errors.

A catalogue file is how knowledge is written without Python: the built-in vendor catalogue
(``plugins/recipients/*.yaml``), files a plugin returns from ``privlint_catalogue_files`` and
files a user lists in ``[tool.privlint] catalogues``. The format is fixed by
``privlint/schemas/catalogue.schema.json``; this module adds what a schema cannot say (duplicate
keys and ids, a kind for every recipient) and points every problem at its line, because a
catalogue entry is usually written by someone who has never read privlint's code.

Files are read by ``privlint.documents`` (safe YAML only, bounded in size, nesting and alias
expansion, with the position of every key and value) and problems are worded by
``privlint.schema_messages`` in the one format of ``privlint.diagnostics``, as for the policy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from os import PathLike
from pathlib import Path
from typing import Any

from privlint.catalogue import (
    Catalogue,
    Examples,
    FieldTypeRule,
    IdentifierRule,
    Recipient,
    SanitizerRule,
    SettingRule,
    SinkRule,
    SourceRule,
)
from privlint.diagnostics import Diagnostic, DiagnosticError, did_you_mean
from privlint.documents import Located, decode, parse_yaml, read_bytes, require_mapping
from privlint.errors import UsageError
from privlint.schema_messages import explain_all, from_jsonschema, yaml_boolean_hint

__all__ = ["CatalogueError", "Diagnostic", "load_catalogue_file", "load_catalogue_files", "load_catalogue_text"]

SCHEMA_PATH = Path(__file__).parent / "schemas" / "catalogue.schema.json"


class CatalogueError(DiagnosticError, UsageError):
    """A catalogue file is malformed; ``diagnostics`` lists every problem found, in file order."""


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


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
        raise CatalogueError([Diagnostic(str(path), 0, 0, "", f"cannot read catalogue file: {exc.strerror}")]) from exc
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size, validate)


@lru_cache(maxsize=256)
def _load_cached(path: str, _mtime_ns: int, _size: int, validate: bool) -> Catalogue:
    return load_catalogue_text(_read(path), path, validate=validate)


def _read(path: str) -> str:
    try:
        return decode(read_bytes(path, "catalogue file"), path)
    except DiagnosticError as exc:
        raise CatalogueError(exc.diagnostics) from None


def load_catalogue_text(text: str, path: str = "<catalogue>", *, validate: bool = True) -> Catalogue:
    """Parse, validate and convert one catalogue document; raise ``CatalogueError`` if malformed."""
    located = _parse(text, path)
    if located.data is None:
        return Catalogue()
    try:
        data = require_mapping(located, "start with 'recipients:' or 'sinks:'")
    except DiagnosticError as exc:
        raise CatalogueError(exc.diagnostics) from None
    if validate:
        problems = _schema_problems(located) or list(_semantic_problems(located))
        if problems:
            raise CatalogueError(problems)
    return _to_catalogue(data)


def unknown_recipients(path: str | PathLike[str], known: Iterable[str]) -> list[Diagnostic]:
    """Top-level sinks naming a recipient no active plugin defines (``recipient: strpe``).

    Checked once the whole catalogue is merged, because a file may rightly name a recipient another
    plugin defines (an in-house wrapper around ``stripe``).
    """
    located = _parse(_read(str(path)), str(path))
    data = located.data
    known_ids = sorted(set(known))
    problems = []
    for section in ("sinks", "settings"):
        entries = data.get(section, []) if isinstance(data, dict) else []
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            recipient = entry.get("recipient") if isinstance(entry, dict) else None
            if isinstance(recipient, str) and recipient not in known_ids:
                hint = did_you_mean(recipient, known_ids, otherwise="define it under recipients: in this file")
                key_path = (section, index, "recipient")
                problems.append(located.diagnostic(key_path, f"unknown recipient '{recipient}'", hint))
    return problems


def _parse(text: str, path: str) -> Located:
    try:
        return parse_yaml(text, path)
    except DiagnosticError as exc:
        raise CatalogueError(exc.diagnostics) from None


# --- validation -----------------------------------------------------------------------------


def _schema_problems(located: Located) -> list[Diagnostic]:
    return explain_all(from_jsonschema(schema(), located.data), located, schema(), value_hint=yaml_boolean_hint)


def _semantic_problems(located: Located) -> Iterator[Diagnostic]:
    """What the schema cannot say: one entry per recipient id, a kind for every recipient."""
    data = located.data
    seen: dict[str, int] = {}
    for index, recipient in enumerate(data.get("recipients", [])):
        rid = recipient["id"]
        line, column = located.value_position(("recipients", index, "id"))
        if rid in seen:
            yield Diagnostic(
                located.path,
                line,
                column,
                f"recipients[{index}].id",
                f"duplicate recipient id '{rid}' (first declared on line {seen[rid]})",
                "each recipient appears once; put all its sinks under one entry",
            )
        else:
            seen[rid] = line
        if "kind" not in recipient and "kind" not in data:
            yield located.diagnostic(
                ("recipients", index),
                "missing required key 'kind'",
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


def _setting(entry: Mapping[str, Any], recipient: str) -> SettingRule:
    return SettingRule(
        pattern=entry["pattern"],
        keyword=entry["keyword"],
        value=entry["value"],
        categories=tuple(entry["categories"]),
        recipient=recipient,
        docs=entry.get("docs", ""),
        examples=_examples(entry),
    )


def _to_catalogue(data: Mapping[str, Any]) -> Catalogue:
    default_kind = data.get("kind", "")
    recipients: list[Recipient] = []
    sinks: list[SinkRule] = []
    settings: list[SettingRule] = []
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
                captures_exceptions=tuple(entry.get("captures_exceptions", ())),
            )
        )
        sinks.extend(_sink(sink, entry["id"]) for sink in entry.get("sinks", []))
        settings.extend(_setting(setting, entry["id"]) for setting in entry.get("settings", []))
    sinks.extend(_sink(sink, sink.get("recipient")) for sink in data.get("sinks", []))
    settings.extend(_setting(setting, setting["recipient"]) for setting in data.get("settings", []))
    return Catalogue(
        recipients=tuple(recipients),
        sinks=tuple(sinks),
        settings=tuple(settings),
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
