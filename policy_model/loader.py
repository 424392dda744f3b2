"""Read a policy YAML file into a ``Policy``: safe YAML with positions, JSON Schema, typed model.

Every problem becomes a ``Diagnostic`` that points at ``FILE:LINE:COL`` of the offending YAML node, names
its key path (``recipients[stripe].locations[0]``) and says what was expected; ``load`` raises them
together as one ``PolicyError`` and never lets a YAML or jsonschema exception escape. Positions come from
a safe loader that composes the node graph and records the mark of every mapping key and value, so the
schema's error paths can be mapped back to the file.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policy_model.model import (
    Bindings,
    Category,
    Controller,
    Extension,
    PathKey,
    Policy,
    Position,
    Prohibition,
    Purpose,
    Recipient,
    Rights,
    Transfer,
)
from policy_model.schema_check import SchemaError, iter_errors, supports

SCHEMA_PATH = Path(__file__).parent / "schema" / "policy.schema.json"
# libyaml composes nodes recursively in C: deep enough nesting crashes the process (no exception). A text
# with more openers of nested nodes than any real policy (a 2,000-line one has ~1,400) is checked for its
# nesting depth before it reaches the parser.
NESTING_OPENERS = ("[", "{", "- ", "? ")
MAX_NESTING_OPENERS = 10_000
MAX_PARSE_DEPTH = 1_000
MAX_DEPTH = 32  # a policy needs about 6 levels; the limit keeps hostile nesting from exhausting the stack
PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Diagnostic:
    """One reason a policy file cannot be loaded (rule PRV100)."""

    path: str
    line: int
    column: int
    key_path: str
    message: str
    hint: str = ""
    code: str = "PRV100"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        what = f"{self.key_path}: {self.message}" if self.key_path else self.message
        return f"{where}: {what}" + (f" ({self.hint})" if self.hint else "")


class PolicyError(Exception):
    """The policy file is unreadable or invalid; ``diagnostics`` says where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.message))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the policy file: the single source of truth of its format."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@functools.lru_cache(maxsize=1)
def _fast_path() -> bool:
    return supports(schema())


def schema_errors(data: Any) -> list[SchemaError]:
    """Schema violations of ``data``: by ``schema_check`` (fast), or ``jsonschema`` for other keywords."""
    if _fast_path():
        return list(iter_errors(schema(), data))
    from jsonschema import Draft202012Validator  # deferred: ~90 ms with the validator build

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
        for e in Draft202012Validator(schema()).iter_errors(data)
    ]


def load(path: str | Path) -> Policy:
    """Load and validate a policy file; raises ``PolicyError`` with positioned diagnostics."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PolicyError([Diagnostic(name, 0, 0, "", f"cannot read policy file: {exc.strerror or exc}")]) from None
    return load_bytes(raw, name)


def load_text(text: str, path: str = "<policy>") -> Policy:
    return load_bytes(text.encode("utf-8"), path)


def load_bytes(raw: bytes, path: str) -> Policy:
    text = _decode(raw, path)
    data, loader = parse_yaml(text, path)
    located = Located(path, data, loader.key_marks, loader.value_marks)
    # YAML-level problems first: a dropped duplicate or unsupported node would only cascade into schema noise
    diagnostics = loader.diagnostics or schema_diagnostics(located)
    if diagnostics:
        raise PolicyError(diagnostics)
    diagnostics = _duplicate_ids(located)
    if diagnostics:
        raise PolicyError(diagnostics)
    return build_policy(located, hashlib.sha256(raw).hexdigest())


# -- YAML with positions -----------------------------------------------------------------------------------
def _decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise PolicyError(
            [
                Diagnostic(
                    path, line, column, "", f"not UTF-8 text: byte 0x{raw[exc.start]:02x}", "save the file as UTF-8"
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


class _PositionRecorder:
    """Mixed into a safe loader: records 1-based marks of every key and value, rejects duplicate keys.

    Only safe tags are constructed (the loaders derive from ``SafeLoader``/``CSafeLoader``); the document
    is composed into nodes first and converted by ``construct_located`` so each value's path is known.
    """

    construct_object: Any  # from the SafeConstructor the loader classes below mix in
    flatten_mapping: Any

    def _start(self, path: str) -> None:
        self.source_path = path
        self.key_marks: dict[PathKey, tuple[int, int]] = {}
        self.value_marks: dict[PathKey, tuple[int, int]] = {}
        self.diagnostics: list[Diagnostic] = []
        self._active: set[int] = set()

    def _diag(self, mark: Any, key_path: PathKey, message: str, hint: str = "") -> None:
        self.diagnostics.append(
            Diagnostic(self.source_path, mark.line + 1, mark.column + 1, format_key_path(key_path), message, hint)
        )

    def construct_located(self, node: yaml.Node, path: PathKey) -> Any:
        self.value_marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if len(path) > MAX_DEPTH:
            self._diag(node.start_mark, path[:MAX_DEPTH], f"nested deeper than {MAX_DEPTH} levels", "flatten it")
            return None
        if id(node) in self._active:
            self._diag(node.start_mark, path, "recursive alias", "an anchor cannot contain its own alias")
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_COLLECTION_TAGS:
            self._diag(node.start_mark, path, f"unsupported YAML tag '{node.tag}'", "only plain YAML is read")
            return None
        if isinstance(node, yaml.MappingNode):
            self._active.add(id(node))
            try:
                return self._mapping(node, path)
            finally:
                self._active.discard(id(node))
        if isinstance(node, yaml.SequenceNode):
            self._active.add(id(node))
            try:
                return [self.construct_located(item, (*path, i)) for i, item in enumerate(node.value)]
            finally:
                self._active.discard(id(node))
        value = self.construct_object(node, deep=True)
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        return value

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        self.flatten_mapping(node)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._diag(key_node.start_mark, path, "expected a plain key, got a collection")
                continue
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                shown = json.dumps(key) if isinstance(key, (bool, type(None))) else str(key)
                self._diag(
                    key_node.start_mark,
                    path,
                    f"expected a string key, got {shown}",
                    f'quote it: "{key_node.value}"',
                )
                continue
            if key in first_seen:
                self._diag(
                    key_node.start_mark,
                    (*path, key),
                    f"duplicate key '{key}' (first defined on line {first_seen[key]})",
                    "remove or merge one of them",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.key_marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.construct_located(value_node, (*path, key))
        return result


class PositionLoader(_PositionRecorder, _BaseLoader):
    """The safe loader with positions (libyaml's C parser when available)."""

    def __init__(self, stream: str, path: str) -> None:
        _BaseLoader.__init__(self, stream)
        self._start(path)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting exceeds ``MAX_PARSE_DEPTH`` (line, column), judged without parsing.

    Only texts with unusually many openers are scanned (a Python loop over every character); the count
    of flow brackets and block "- " entries per line bounds the depth libyaml's composer would recurse to.
    """
    if sum(text.count(opener) for opener in NESTING_OPENERS) < MAX_NESTING_OPENERS:
        return None
    depth = 0
    for line_no, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" -?")
        block = len(line) - len(stripped)
        if block // 2 > MAX_PARSE_DEPTH:
            return line_no, MAX_PARSE_DEPTH * 2
        for column, char in enumerate(line, 1):
            if char in "[{":
                depth += 1
                if depth > MAX_PARSE_DEPTH:
                    return line_no, column
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None


def parse_yaml(text: str, path: str) -> tuple[Any, _PositionRecorder]:
    """Compose and construct the single YAML document of ``text``; syntax errors become diagnostics."""
    deep = _too_deep(text)
    if deep:
        raise PolicyError([Diagnostic(path, *deep, "", f"nested deeper than {MAX_PARSE_DEPTH} levels", "flatten it")])
    loader = PositionLoader(text, path)
    try:
        node = loader.get_single_node()
        if node is None:
            raise PolicyError(
                [Diagnostic(path, 1, 1, "", "empty policy file: expected a mapping", 'start with privlint: "1.0"')]
            )
        data = loader.construct_located(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"invalid YAML: {exc.problem or exc.context or 'syntax error'}"
        if exc.context and exc.problem:
            message += f" ({exc.context})"
        lines = text.splitlines()
        at = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
        hint = "YAML does not allow tabs for indentation: use spaces" if at == "\t" else "fix the YAML syntax"
        raise PolicyError([Diagnostic(path, line, column, "", message, hint)]) from None
    except yaml.YAMLError as exc:
        raise PolicyError([Diagnostic(path, 1, 1, "", f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise PolicyError([Diagnostic(path, 1, 1, "", "invalid YAML: nested too deeply", "flatten it")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        line, column = loader.value_marks.get((), (1, 1))
        raise PolicyError(
            [Diagnostic(path, line, column, "", f"expected a mapping at the top level, got {describe(data)}")]
        )
    return data, loader


# -- positions and key paths -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Located:
    """Parsed data plus the marks of its nodes."""

    path: str
    data: dict[str, Any]
    key_marks: Mapping[PathKey, tuple[int, int]]
    value_marks: Mapping[PathKey, tuple[int, int]]

    def value_position(self, key_path: PathKey) -> tuple[int, int]:
        path = tuple(key_path)
        while path and path not in self.value_marks:
            path = path[:-1]
        return self.value_marks.get(path, (1, 1))

    def key_position(self, key_path: PathKey) -> tuple[int, int]:
        """Where a key is written (``recipients:``), or the item start for list items."""
        path = tuple(key_path)
        if path in self.key_marks:
            return self.key_marks[path]
        return self.value_position(path)

    def position(self, key_path: PathKey) -> Position:
        line, column = self.value_position(key_path)
        return Position(self.path, line, column)

    def diagnostic(self, key_path: PathKey, message: str, hint: str = "", *, at_key: bool = False) -> Diagnostic:
        line, column = self.key_position(key_path) if at_key else self.value_position(key_path)
        return Diagnostic(self.path, line, column, format_key_path(key_path, self.data), message, hint)


def format_key_path(key_path: PathKey, data: Any = None) -> str:
    """``("recipients", 2, "locations", 0)`` -> ``recipients[stripe].locations[0]`` (ids where items have one)."""
    text = ""
    node = data
    for part in key_path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            label = next(
                (item[k] for k in ("id", "key") if isinstance(item, dict) and isinstance(item.get(k), str)),
                None,
            )
            text += f"[{label if label else part}]"
            node = item
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


# -- JSON Schema -------------------------------------------------------------------------------------------
REQUIRED_EXAMPLES = {"privlint": 'privlint: "1.0"', "region": "region: EEA", "duration": "duration: P30D"}
TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "boolean": "true or false",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}


def schema_diagnostics(located: Located) -> list[Diagnostic]:
    errors = sorted(schema_errors(located.data), key=lambda e: [str(p) for p in e.path])
    diagnostics: dict[Diagnostic, None] = {}  # jsonschema repeats some errors (one per missing key): dedupe
    for error in errors:
        diagnostics.update(dict.fromkeys(_explain(error, located)))
    return list(diagnostics)


def _explain(error: SchemaError, located: Located) -> Iterator[Diagnostic]:
    path = error.path
    kind = error.validator
    value = error.instance
    sub = error.schema
    if error.in_property_names:
        # the failing instance is a key of the mapping at ``path``
        expected = sub.get("x-expected", "a valid key")
        yield located.diagnostic((*path, value), f"expected {expected}, got '{value}'", at_key=True)
        return
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        for name in missing:
            example = REQUIRED_EXAMPLES.get(name, f"{name}: ...")
            yield located.diagnostic(path, f"missing required key '{name}'", f"add {example}", at_key=True)
    elif kind == "additionalProperties":
        allowed = sorted(sub.get("properties", {}))
        for extra in sorted(set(value) - set(allowed)):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(allowed)
            yield located.diagnostic((*path, extra), f"unknown key '{extra}'", hint, at_key=True)
    elif kind == "type":
        expected = TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        hint = _boolean_hint(located, path, value)
        yield located.diagnostic(path, f"expected {expected}, got {describe(value)}", hint)
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else _boolean_hint(located, path, value)
        yield located.diagnostic(path, f"expected one of {', '.join(options)}; got {describe(value)}", hint)
    elif kind in ("pattern", "const"):
        expected = sub.get("x-expected") or f"a value matching {error.validator_value!r}"
        hint = _boolean_hint(located, path, value)
        yield located.diagnostic(path, f"expected {expected}, got {describe(value)}", hint)
    elif kind == "minItems":
        n = error.validator_value
        yield located.diagnostic(path, f"expected at least {n} item{'s' if n != 1 else ''}, got an empty list")
    elif kind == "minLength":
        yield located.diagnostic(path, f"expected a non-empty string, got {describe(value)}")
    else:  # a keyword this schema does not use today: still positioned, never a traceback
        yield located.diagnostic(path, error.message or f"fails the schema keyword '{kind}'")


def _boolean_hint(located: Located, path: PathKey, value: Any) -> str:
    """YAML 1.1 reads NO, yes, on, off as booleans: the classic trap for country codes and ids."""
    if isinstance(value, bool):
        return "YAML reads unquoted yes/no/on/off (and the country code NO) as booleans: quote the value"
    if isinstance(value, (int, float)) and path == ("privlint",):
        return 'quote it: privlint: "1.0"'
    return ""


def _duplicate_ids(located: Located) -> list[Diagnostic]:
    """Two entries with the same key or id make every reference to them ambiguous."""
    diagnostics = []
    for section, field in (("categories", "key"), ("purposes", "key"), ("recipients", "id"), ("prohibitions", "id")):
        first: dict[str, int] = {}
        for index, item in enumerate(located.data.get(section, ())):
            ident = item[field]
            if ident in first:
                line = located.value_position((section, first[ident]))[0]
                diagnostics.append(
                    located.diagnostic(
                        (section, index, field),
                        f"duplicate {field} '{ident}' (first declared on line {line})",
                        "merge the two entries",
                    )
                )
            else:
                first[ident] = index
    return diagnostics


# -- typed model -------------------------------------------------------------------------------------------
def build_policy(located: Located, digest: str = "") -> Policy:
    data = located.data
    pos = located.position
    meta = data.get("policy", {})
    ctrl = data["controller"]
    extensions: list[Extension] = []
    ext_data = data.get("taxonomy", {}).get("extensions", {})
    for kind in ("data_categories", "data_uses"):
        for i, item in enumerate(ext_data.get(kind, ())):
            extensions.append(
                Extension(
                    kind=kind,
                    key=item["key"],
                    parent=item.get("parent") or item["key"].rpartition(".")[0],
                    name=item["name"],
                    description=item.get("description", ""),
                    position=pos(("taxonomy", "extensions", kind, i)),
                )
            )
    categories = tuple(
        Category(
            key=c["key"],
            name=c.get("name", ""),
            description=c.get("description", ""),
            sensitive=bool(c.get("sensitive", False) or c.get("special_category", False)),
            special_category=bool(c.get("special_category", False)),
            retention=c.get("retention", {}).get("duration"),
            retention_trigger=c.get("retention", {}).get("trigger", ""),
            retention_after=c.get("retention", {}).get("after", "delete"),
            retention_note=c.get("retention", {}).get("note", ""),
            assumption=c.get("assumption", ""),
            position=pos(("categories", i)),
        )
        for i, c in enumerate(data.get("categories", ()))
    )
    purposes = tuple(
        Purpose(
            key=p["key"],
            legal_basis=p.get("legal_basis"),
            categories=tuple(p.get("categories", ())),
            description=p.get("description", ""),
            name=p.get("name", ""),
            art9_basis=p.get("art9_basis"),
            subjects=tuple(p.get("subjects", ())),
            opt_out=bool(p.get("opt_out", False)),
            assumption=p.get("assumption", ""),
            position=pos(("purposes", i)),
        )
        for i, p in enumerate(data.get("purposes", ()))
    )
    recipients = tuple(
        Recipient(
            id=r["id"],
            name=r.get("name", ""),
            role=r["role"],
            kind=r["kind"],
            locations=tuple(r["locations"]),
            categories=tuple(r.get("categories", ())),
            purposes=tuple(r.get("purposes", ())),
            requires=r.get("requires", "none"),
            packages=tuple(r.get("packages", ())),
            hosts=tuple(r.get("hosts", ())),
            assumption=r.get("assumption", ""),
            description=r.get("description", ""),
            position=pos(("recipients", i)),
        )
        for i, r in enumerate(data.get("recipients", ()))
    )
    transfers = tuple(
        Transfer(
            recipient=t["recipient"],
            destination=t["destination"],
            mechanism=t.get("mechanism"),
            reference=t.get("reference", ""),
            certification=t.get("certification"),
            assumption=t.get("assumption", ""),
            position=pos(("transfers", i)),
        )
        for i, t in enumerate(data.get("transfers", ()))
    )
    prohibitions = tuple(
        Prohibition(
            id=p["id"],
            rule=p["rule"],
            categories=tuple(p["categories"]),
            recipients=tuple(p.get("recipients", ())),
            except_recipients=tuple(p.get("except_recipients", ())),
            purposes=tuple(p.get("purposes", ())),
            statement=p.get("statement", ""),
            assumption=p.get("assumption", ""),
            position=pos(("prohibitions", i)),
        )
        for i, p in enumerate(data.get("prohibitions", ()))
    )
    bind = data.get("bindings", {})
    rights = data.get("rights", {})
    positions = {key: Position(located.path, line, column) for key, (line, column) in located.value_marks.items()}
    return Policy(
        controller=Controller(
            name=ctrl["name"],
            region=ctrl["region"],
            country=ctrl.get("country"),
            contact=ctrl.get("contact"),
            address=ctrl.get("address", ""),
            dpo=ctrl.get("dpo", ""),
            website=ctrl.get("website", ""),
            assumption=ctrl.get("assumption", ""),
        ),
        categories=categories,
        purposes=purposes,
        recipients=recipients,
        transfers=transfers,
        prohibitions=prohibitions,
        bindings=Bindings(
            identifiers=tuple((k, tuple(v)) for k, v in bind.get("identifiers", {}).items()),
            purposes_by_path=tuple(bind.get("purposes_by_path", {}).items()),
        ),
        version=meta.get("version", ""),
        source_path=located.path,
        digest=digest,
        id=meta.get("id", ""),
        name=meta.get("name", ""),
        effective_date=meta.get("effective_date", ""),
        url=meta.get("url", ""),
        summary=meta.get("summary", ""),
        subjects=tuple(data.get("subjects", ())),
        extensions=tuple(extensions),
        rights=Rights(
            regimes=tuple(rights.get("regimes", ())),
            granted=tuple(rights.get("granted", ())),
            contact=rights.get("contact", ""),
        ),
        security_measures=tuple(data.get("security_measures", ())),
        notes=tuple(data.get("notes", ())),
        positions=positions,
    )
