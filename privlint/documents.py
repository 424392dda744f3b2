"""Reading the YAML and TOML files users write, with the position of every key and value.

The policy, catalogue files and ``[tool.privlint]`` all come from the repository being checked, which
may be hostile (a pull request) and is usually hand-written (typos). So every file is read the same way:

- bounded: at most ``MAX_BYTES``; YAML nesting is judged before libyaml's recursive C composer sees
  it (deep enough nesting crashes the interpreter, no exception), and alias expansion is budgeted
  (``MAX_EXPANDED_NODES``), so nine lines of nested anchors ("billion laughs") cannot take gigabytes
  and minutes of a CI runner;
- safely: only plain YAML (no tags that construct objects), one document, string keys, no duplicate
  keys (YAML would silently keep the last);
- with positions: ``Located`` maps key paths (``("recipients", 2, "locations", 0)``) to the line and
  column of their key and value, so schema errors become ``FILE:LINE:COL`` diagnostics.

Every problem is a ``privlint.diagnostics.Diagnostic``, raised together in a ``DiagnosticError``;
callers re-raise them as their own error type (``PolicyError``, ``CatalogueError``, ``ConfigError``).
"""

from __future__ import annotations

import bisect
import datetime
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from privlint.diagnostics import Diagnostic, DiagnosticError, describe

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PathKey = tuple[str | int, ...]

#: The largest file read (a 2,000-line policy is about 80 kB; the whole built-in catalogue 90 kB).
MAX_BYTES = 10 * 1024 * 1024
#: Alias expansion: past this many constructed nodes, a document whose aliases multiply its size more
#: than ``MAX_ALIAS_RATIO`` times is refused. Documents without aliases never reach the ratio.
MAX_EXPANDED_NODES = 100_000
MAX_ALIAS_RATIO = 10
# libyaml composes nodes recursively in C: a text with more openers of nested nodes than any real file
# (a 2,000-line policy has ~1,400) is checked for its nesting depth before it reaches the parser.
NESTING_OPENERS = ("[", "{", "- ", "? ")
MAX_NESTING_OPENERS = 10_000
MAX_PARSE_DEPTH = 1_000
MAX_DEPTH = 32  # a policy needs about 6 levels; the limit keeps hostile nesting from exhausting the stack
PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# -- reading -----------------------------------------------------------------------------------------------
def read_bytes(path: str | Path, what: str) -> bytes:
    """The file's bytes, at most ``MAX_BYTES`` (``what`` names the file in messages: "policy file")."""
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DiagnosticError([Diagnostic(name, 0, 0, "", f"cannot read {what}: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        raise DiagnosticError(
            [
                Diagnostic(
                    name,
                    0,
                    0,
                    "",
                    f"{what} larger than {MAX_BYTES // (1024 * 1024)} MB",
                    "a hand-written file this large is almost certainly generated or hostile",
                )
            ]
        )
    return raw


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text without a BOM; an invalid byte is a diagnostic at its line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"not UTF-8 text: byte 0x{raw[exc.start]:02x}"
        raise DiagnosticError([Diagnostic(path, line, column, "", message, "save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


# -- positions and key paths -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Located:
    """Parsed data plus the (line, column) of its keys and values, both 1-based."""

    path: str
    data: Any
    key_marks: Mapping[PathKey, tuple[int, int]]
    value_marks: Mapping[PathKey, tuple[int, int]]

    def value_position(self, key_path: PathKey) -> tuple[int, int]:
        """Where the value at ``key_path`` starts, else where its nearest written ancestor does."""
        path = tuple(key_path)
        while path and path not in self.value_marks and path not in self.key_marks:
            path = path[:-1]
        return self.value_marks.get(path) or self.key_marks.get(path) or (1, 1)

    def key_position(self, key_path: PathKey) -> tuple[int, int]:
        """Where a key is written (``recipients:``), or the item start for list items."""
        path = tuple(key_path)
        if path in self.key_marks:
            return self.key_marks[path]
        return self.value_position(path)

    def diagnostic(self, key_path: PathKey, message: str, hint: str = "", *, at_key: bool = False) -> Diagnostic:
        line, column = self.key_position(key_path) if at_key else self.value_position(key_path)
        return Diagnostic(self.path, line, column, format_key_path(key_path, self.data), message, hint)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def format_key_path(key_path: PathKey, data: Any = None) -> str:
    """``("recipients", 2, "locations", 0)`` -> ``recipients[stripe].locations[0]`` (ids where items have one).

    Keys that are not bare words are quoted, as TOML writes them: ``per-file-ignores."tests/*"``."""
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
            shown = part if _BARE_KEY.match(part) else json.dumps(part, ensure_ascii=False)
            text += f".{shown}" if text else shown
            node = node.get(part) if isinstance(node, dict) else None
    return text


# -- YAML --------------------------------------------------------------------------------------------------
class _Budget(Exception):
    """Raised out of construction when aliases expand the document past the budget."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class _PositionRecorder:
    """Mixed into a safe loader: records 1-based marks of every key and value, rejects duplicate keys.

    Only safe tags are constructed (the loader derives from ``SafeLoader``/``CSafeLoader``); the document
    is composed into nodes first and converted by ``construct_located`` so each value's path is known.
    """

    construct_object: Any  # from the SafeConstructor the loader class below mixes in
    flatten_mapping: Any

    def _start(self, path: str) -> None:
        self.source_path = path
        self.key_marks: dict[PathKey, tuple[int, int]] = {}
        self.value_marks: dict[PathKey, tuple[int, int]] = {}
        self.diagnostics: list[Diagnostic] = []
        self._active: set[int] = set()
        self._seen: set[int] = set()
        self._constructed = 0

    def _diag(self, mark: Any, key_path: PathKey, message: str, hint: str = "") -> None:
        self.diagnostics.append(
            Diagnostic(self.source_path, mark.line + 1, mark.column + 1, format_key_path(key_path), message, hint)
        )

    def construct_located(self, node: yaml.Node, path: PathKey) -> Any:
        self._constructed += 1
        self._seen.add(id(node))
        if self._constructed > MAX_EXPANDED_NODES and self._constructed > MAX_ALIAS_RATIO * len(self._seen):
            mark = node.start_mark
            raise _Budget(
                Diagnostic(
                    self.source_path,
                    mark.line + 1,
                    mark.column + 1,
                    format_key_path(path),
                    f"aliases expand the document past {MAX_EXPANDED_NODES:,} values",
                    "write the values out, or use fewer nested anchors (*alias)",
                )
            )
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
                    key_node.start_mark, path, f"expected a string key, got {shown}", f'quote it: "{key_node.value}"'
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
        stripped = line.lstrip(" ")
        entries = 0
        while stripped.startswith(("- ", "? ")):
            entries += 1
            stripped = stripped[2:].lstrip(" ")
        if depth + entries + (len(line) - len(line.lstrip(" "))) // 2 > MAX_PARSE_DEPTH:
            return line_no, MAX_PARSE_DEPTH * 2
        for column, char in enumerate(line, 1):
            if char in "[{":
                depth += 1
                if depth > MAX_PARSE_DEPTH:
                    return line_no, column
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None


def parse_yaml(text: str, path: str) -> Located:
    """The single YAML document of ``text`` with positions (``data`` is None for an empty document).

    Syntax errors, nesting, alias bombs, unsafe tags, non-string and duplicate keys raise
    ``DiagnosticError``, syntax and limits first: a dropped duplicate would only cascade into noise."""
    deep = _too_deep(text)
    if deep:
        raise DiagnosticError(
            [Diagnostic(path, *deep, "", f"nested deeper than {MAX_PARSE_DEPTH} levels", "flatten it")]
        )
    loader = PositionLoader(text, path)
    try:
        node = loader.get_single_node()
        data = loader.construct_located(node, ()) if node is not None else None
    except _Budget as exc:
        raise DiagnosticError([exc.diagnostic]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"invalid YAML: {exc.problem or exc.context or 'syntax error'}"
        if exc.context and exc.problem:
            message += f" ({exc.context})"
        lines = text.splitlines()
        at = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
        hint = "YAML does not allow tabs for indentation: use spaces" if at == "\t" else "fix the YAML syntax"
        raise DiagnosticError([Diagnostic(path, line, column, "", message, hint)]) from None
    except yaml.YAMLError as exc:
        raise DiagnosticError([Diagnostic(path, 1, 1, "", f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise DiagnosticError([Diagnostic(path, 1, 1, "", "invalid YAML: nested too deeply", "flatten it")]) from None
    finally:
        loader.dispose()
    if loader.diagnostics:
        raise DiagnosticError(loader.diagnostics)
    return Located(path, data, loader.key_marks, loader.value_marks)


def require_mapping(located: Located, hint: str = "") -> dict[str, Any]:
    """The top level of a document that must be a mapping."""
    if not isinstance(located.data, dict):
        line, column = located.value_marks.get((), (1, 1))
        message = f"expected a mapping at the top level, got {describe(located.data)}"
        raise DiagnosticError([Diagnostic(located.path, line, column, "", message, hint)])
    return located.data


# -- TOML --------------------------------------------------------------------------------------------------
_TOML_ERROR_AT = re.compile(r"^(?P<message>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def parse_toml(text: str, path: str) -> Located:
    """A TOML document with the positions of its tables and keys (``tomllib`` keeps none)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_ERROR_AT.match(str(exc))
        line, column = (int(found["line"]), int(found["column"])) if found else (1, 1)
        message = found["message"] if found else str(exc)
        raise DiagnosticError(
            [
                Diagnostic(
                    path, line, column, "", f"invalid TOML: {message[:1].lower()}{message[1:]}", "fix the TOML syntax"
                )
            ]
        ) from None
    except RecursionError:
        raise DiagnosticError([Diagnostic(path, 1, 1, "", "invalid TOML: nested too deeply", "flatten it")]) from None
    key_marks, value_marks = _toml_marks(text)
    return Located(path, data, key_marks, value_marks)


_TOML_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _toml_marks(text: str) -> tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]:
    """Positions of table headers and ``key = value`` lines, by a light scan of a document ``tomllib``
    has accepted. Keys inside inline tables and array items take their parent's position."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    key_marks: dict[PathKey, tuple[int, int]] = {}
    value_marks: dict[PathKey, tuple[int, int]] = {}
    table: PathKey = ()
    arrays: dict[PathKey, int] = {}
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r":
            i += 1
        if i >= n:
            break
        if text[i] == "\n":
            i += 1
            continue
        if text[i] == "[":
            is_array = text.startswith("[[", i)
            parts, end = _toml_key(text, i + (2 if is_array else 1))
            if parts:
                table = parts
                if is_array:
                    index = arrays.get(parts, 0)
                    arrays[parts] = index + 1
                    table = (*parts, index)
                key_marks.setdefault(parts, at(i))
                key_marks.setdefault(table, at(i))
                value_marks.setdefault(table, at(i))
            i = _line_end(text, end)
            continue
        if text[i] == "#":
            i = _line_end(text, i)
            continue
        parts, end = _toml_key(text, i)
        while end < n and text[end] in " \t":
            end += 1
        if not parts or end >= n or text[end] != "=":
            i = _line_end(text, i)
            continue
        full = (*table, *parts)
        for depth in range(len(table) + 1, len(full) + 1):  # dotted keys define their parents here
            key_marks.setdefault(full[:depth], at(i))
        end += 1
        while end < n and text[end] in " \t":
            end += 1
        value_marks[full] = at(end)
        items: list[int] = []
        i = _line_end(text, _value_end(text, end, items))
        for index, offset in enumerate(items):
            value_marks[(*full, index)] = at(offset)
    return key_marks, value_marks


def _toml_key(text: str, i: int) -> tuple[PathKey, int]:
    """A (dotted, possibly quoted) key starting at ``i``: its parts and the offset after it."""
    parts: list[str] = []
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] in "\"'":
            quote = text[i]
            j = i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if quote == '"' and text[j] == "\\" else 1
            raw = text[i : j + 1]
            try:
                parts.append(json.loads(raw) if quote == '"' else raw[1:-1])
            except ValueError:
                parts.append(raw[1:-1])
            i = j + 1
        else:
            found = _TOML_BARE.match(text, i)
            if not found:
                break
            parts.append(found.group())
            i = found.end()
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == ".":
            i += 1
            continue
        break
    return tuple(parts), i


def _value_end(text: str, i: int, items: list[int]) -> int:
    """The offset just after the value starting at ``i`` (arrays, inline tables and strings may span
    lines); ``items`` receives the offsets where the items of a top-level array start."""
    depth = 0
    n = len(text)
    array = text.startswith("[", i)
    expect_item = False
    while i < n:
        char = text[i]
        if array and depth == 1 and expect_item and char not in " \t\r\n,#]":
            items.append(i)
            expect_item = False
        if char in "\"'":
            triple = text.startswith(char * 3, i)
            closing = char * 3 if triple else char
            j = i + len(closing)
            while j < n and not text.startswith(closing, j) and (triple or text[j] != "\n"):
                j += 2 if char == '"' and text[j] == "\\" else 1
            i = j + len(closing)
            continue
        if char == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if char in "[{":
            depth += 1
            expect_item = depth == 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 1:
            expect_item = True
        elif char == "\n" and depth <= 0:
            return i
        i += 1
    return i


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end + 1
