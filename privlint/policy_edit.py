"""Editing the policy file the way its author would: insert lines, never rewrite the file.

``privlint policy suggest`` adds recipients, categories, purposes and transfers to a hand-written YAML
file full of comments quoting the privacy notice, lists wrapped by hand and flow mappings on one line.
A round-trip library (ruamel.yaml) keeps comments, but re-emits every collection it loaded: on the
example policies it re-flowed every wrapped ``[a, b,\\n c]`` list (81 changed lines on Optimer's policy
before any edit). So edits here are *insertions into the original text* at positions the YAML parser
reports (PyYAML's node marks): an item appended before a flow list's ``]`` (wrapped at the list's own
column when the line would grow past the file's width), a line after a block list's last item, a key
after a mapping's last key, a section at the end of the file. Everything not inserted stays byte for
byte, and ``apply`` checks that the edited text parses to exactly the data it meant to write.
"""

from __future__ import annotations

import bisect
import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Note:
    """A value written with a trailing comment (``mechanism: scc  # TODO: ...``)."""

    value: Any
    comment: str


@dataclass(frozen=True)
class Append:
    """Append ``value`` (a scalar or a mapping) to the list at ``path``; a missing key is created in its
    mapping (``("recipients", 3, "purposes")``), a missing top-level section at the end of the file."""

    path: PathKey
    value: Any


class EditError(Exception):
    """The file cannot be edited safely (not a mapping, an alias where a list should be...)."""


def plain(value: Any) -> Any:
    """``value`` without its notes: what the edited file must load as."""
    if isinstance(value, Note):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Edited:
    """An edited text and, line by line, how it came from the original (``difflib`` opcodes)."""

    original: str
    text: str
    opcodes: tuple[tuple[str, int, int, int, int], ...] = ()

    def diff(self, name: str, context: int = 3) -> str:
        """The unified diff (``a/NAME`` -> ``b/NAME``). Built from the insertions themselves rather than by
        comparing texts: a new recipient entry shares lines with its neighbours (``role: processor``), and
        a text comparison would show it woven through them."""
        if self.text == self.original:
            return ""
        a, b = self.original.splitlines(keepends=True), self.text.splitlines(keepends=True)
        matcher = _Known(a, b, list(self.opcodes))
        out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
        for group in matcher.get_grouped_opcodes(context):
            out.append(f"@@ -{_range(group[0][1], group[-1][2])} +{_range(group[0][3], group[-1][4])} @@\n")
            for tag, i1, i2, j1, j2 in group:
                if tag == "equal":
                    out += [_line(" ", line) for line in a[i1:i2]]
                    continue
                out += [_line("-", line) for line in a[i1:i2]]
                out += [_line("+", line) for line in b[j1:j2]]
        return "".join(out)


class _Known(difflib.SequenceMatcher):
    """A matcher that knows its opcodes: ``get_grouped_opcodes`` then cuts hunks around them."""

    def __init__(self, a: list[str], b: list[str], opcodes: list[tuple[str, int, int, int, int]]) -> None:
        super().__init__(None, a, b, autojunk=False)
        self._known = opcodes

    def get_opcodes(self) -> list[Any]:
        return self._known


def _range(start: int, stop: int) -> str:
    """A hunk range as unified diffs write it (``difflib._format_range_unified``)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start if not length else start + 1},{length}"


def _line(tag: str, line: str) -> str:
    return tag + line if line.endswith("\n") else tag + line + "\n\\ No newline at end of file\n"


def apply(text: str, edits: Sequence[Append]) -> str:
    """``text`` with the edits inserted (see ``edit``)."""
    return edit(text, edits).text


def edit(text: str, edits: Sequence[Append]) -> Edited:
    """``text`` with the edits inserted; raises ``EditError`` when the file's shape does not allow it
    or the result would not load as the intended data."""
    if not edits:
        return Edited(text, text)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        expected = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise EditError(f"the policy file does not parse: {exc}") from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(expected, dict):
        raise EditError("the policy file is not a YAML mapping")
    editor = _Editor(text, root)
    grouped: dict[PathKey, list[Any]] = {}
    for edit in edits:
        grouped.setdefault(tuple(edit.path), []).append(edit.value)
        _expect(expected, tuple(edit.path), plain(edit.value))
    for path, values in grouped.items():
        editor.append(path, values)
    result, opcodes = editor.result()
    try:
        loaded = yaml.safe_load(result)
    except yaml.YAMLError as exc:  # pragma: no cover - a bug here, never the user's file
        raise EditError(f"the edited policy would not parse: {exc}") from None
    if loaded != expected:  # pragma: no cover - the same
        raise EditError("the edited policy would not hold the intended data")
    return Edited(text, result, tuple(opcodes))


def _expect(data: dict[str, Any], path: PathKey, value: Any) -> None:
    """Apply an edit to the plain data, for the check that the text edit meant the same."""
    node: Any = data
    for index, part in enumerate(path[:-1]):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"no {'.'.join(map(str, path[: index + 1]))} in the policy file") from None
    last = path[-1]
    if not isinstance(node, dict):
        raise EditError(f"{'.'.join(map(str, path[:-1]))} is not a mapping")
    if node.get(last) is None:
        node[last] = []
    if not isinstance(node[last], list):
        raise EditError(f"{'.'.join(map(str, path))} is not a list")
    node[last].append(value)


class _Editor:
    def __init__(self, text: str, root: yaml.MappingNode) -> None:
        self.text = text
        self.root = root
        self.inserts: list[tuple[int, int, str]] = []  # (start, end, replacement); end > start replaces
        self.width = max(100, max((len(line) for line in text.splitlines()), default=0))

    def result(self) -> tuple[str, list[tuple[str, int, int, int, int]]]:
        """The edited text and its opcodes: each edit lies within one original line, which it either
        extends (a flow list) or follows with lines of its own (an item, a key, a section)."""
        lines = self.text.splitlines(keepends=True)
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line))
        by_line: dict[int, list[tuple[int, int, str]]] = {}
        for start, end, insert in self.inserts:
            index = max(bisect.bisect_right(starts, start) - 1, 0)
            by_line.setdefault(index, []).append((start - starts[index], end - starts[index], insert))
        new: list[str] = []
        opcodes: list[tuple[str, int, int, int, int]] = []

        def emit(tag: str, i1: int, i2: int, produced: list[str]) -> None:
            j1 = len(new)
            new.extend(produced)
            if opcodes and opcodes[-1][0] == tag and opcodes[-1][2] == i1:
                opcodes[-1] = (tag, opcodes[-1][1], i2, opcodes[-1][3], len(new))
            else:
                opcodes.append((tag, i1, i2, j1, len(new)))

        for index, line in enumerate(lines or [""]):
            if index not in by_line:
                emit("equal", index, index + 1, [line])
                continue
            edited = line
            for start, end, insert in sorted(by_line[index], reverse=True):
                edited = edited[:start] + insert + edited[end:]
            produced = edited.splitlines(keepends=True)
            if produced and produced[0] == line:  # lines after an unchanged one
                emit("equal", index, index + 1, [line])
                emit("insert", index + 1, index + 1, produced[1:])
            else:
                emit("replace", index, index + 1, produced)
        return "".join(new), opcodes

    # -- locating -----------------------------------------------------------------------------------------
    def _find(self, path: PathKey) -> tuple[yaml.Node | None, yaml.MappingNode, str]:
        """(the node at ``path`` or None, the mapping that holds or will hold it, the key)."""
        node: yaml.Node = self.root
        for part in path[:-1]:
            child = _child(node, part)
            if child is None:
                raise EditError(f"no {part} in the policy file")
            node = child
        if not isinstance(node, yaml.MappingNode):
            raise EditError(f"{'.'.join(map(str, path[:-1]))} is not a mapping")
        return _child(node, path[-1]), node, str(path[-1])

    def append(self, path: PathKey, values: list[Any]) -> None:
        node, holder, key = self._find(path)
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style and not node.value:
                self._replace_empty(node, holder, values)
            elif node.flow_style:
                self._append_flow(node, values)
            else:
                self._append_block(node, values)
        elif node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            self._add_key(holder, key, values, node)
        else:
            raise EditError(f"{'.'.join(map(str, path))} is not a list")

    # -- inserting ----------------------------------------------------------------------------------------
    def _append_flow(self, node: yaml.SequenceNode, values: list[Any]) -> None:
        """``[a, b]`` -> ``[a, b, c]``; wrapped at the first item's column when the line grows too long."""
        last = node.value[-1]
        at = _content_end(self.text, last)
        column = node.value[0].start_mark.column
        line_start = self.text.rfind("\n", 0, at) + 1
        line_end = self.text.find("\n", at)
        length = (line_end if line_end != -1 else len(self.text)) - line_start
        pieces = []
        for value in values:
            item = _flow(value)
            if length + len(item) + 2 > self.width:
                pieces.append(",\n" + " " * column + item)
                length = column + len(item) + len(self.text[at : line_end if line_end != -1 else len(self.text)])
            else:
                pieces.append(", " + item)
                length += len(item) + 2
        self.inserts.append((at, at, "".join(pieces)))

    def _replace_empty(self, node: yaml.SequenceNode, holder: yaml.MappingNode, values: list[Any]) -> None:
        """``key: []``: scalars go inside the brackets; mappings become a block list under the key."""
        start, end = node.start_mark.index, node.end_mark.index
        if all(not isinstance(plain(v), dict) for v in values):
            self.inserts.append((start, end, "[" + ", ".join(_flow(v) for v in values) + "]"))
            return
        while start > 0 and self.text[start - 1] == " ":
            start -= 1  # ``key: []`` becomes ``key:`` with the items on lines of their own
        indent = _key_column(holder, node) + self._item_indent()
        self.inserts.append((start, end, "".join("\n" + _block_item(v, indent) for v in values)))

    def _append_block(self, node: yaml.SequenceNode, values: list[Any]) -> None:
        last = node.value[-1]
        dash_column = _dash_column(self.text, node.value[0])
        at = _line_end(self.text, _content_end(self.text, last))
        flow_items = isinstance(last, yaml.MappingNode) and last.flow_style
        rendered = [
            _flow_item(v, dash_column) if flow_items and isinstance(plain(v), dict) else _block_item(v, dash_column)
            for v in values
        ]
        self.inserts.append((at, at, "".join("\n" + r for r in rendered)))

    def _add_key(self, holder: yaml.MappingNode, key: str, values: list[Any], null: yaml.Node | None) -> None:
        """A key the mapping lacks (or holds empty): scalars as a flow list, mappings as a block list."""
        mappings = any(isinstance(plain(v), dict) for v in values)
        if null is not None:  # ``key:`` with nothing after it
            key_node = next(k for k, v in holder.value if v is null)
            at = _line_end(self.text, key_node.end_mark.index)
            column = _key_column(holder, null)
            if mappings:
                items = "".join("\n" + _block_item(v, column + self._item_indent()) for v in values)
            else:
                items = " " + _flow_list(values)
            self.inserts.append((at, at, items))
            return
        if holder.flow_style:
            at = _content_end(self.text, holder.value[-1][1]) if holder.value else holder.start_mark.index + 1
            body = f"{_scalar(key)}: {_flow_list(values)}"
            self.inserts.append((at, at, (", " if holder.value else "") + body))
            return
        if holder is self.root:
            items = "".join("\n" + _block_item(v, self._item_indent()) for v in values) if mappings else ""
            line = f"{_scalar(key)}:" + (items if mappings else " " + _flow_list(values))
            prefix = "" if self.text.endswith("\n") or not self.text else "\n"
            self.inserts.append((len(self.text), len(self.text), prefix + "\n" + line + "\n"))
            return
        column = holder.value[0][0].start_mark.column
        at = _line_end(self.text, _content_end(self.text, holder.value[-1][1]))
        if mappings:
            items = "".join("\n" + _block_item(v, column + self._item_indent()) for v in values)
            self.inserts.append((at, at, "\n" + " " * column + f"{_scalar(key)}:" + items))
        else:
            self.inserts.append((at, at, "\n" + " " * column + f"{_scalar(key)}: {_flow_list(values)}"))

    def _item_indent(self) -> int:
        """How far this file indents a top-level list's dashes (``  - id:`` -> 2), from its first one."""
        for _, value in self.root.value:
            if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
                return _dash_column(self.text, value.value[0])
        return 2


# -- positions ------------------------------------------------------------------------------------------------
def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


def _content_end(text: str, node: yaml.Node) -> int:
    """Offset just past the last character of ``node``'s own text (a block collection's end mark lies
    at the next token, after blank lines and comments that belong to what follows)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        key, value = node.value[-1]
        return max(_content_end(text, key), _content_end(text, value))
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1])
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end


def _dash_column(text: str, item: yaml.Node) -> int:
    """The column of the ``-`` that introduces a block list item."""
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    dash = text.rfind("-", line_start, item.start_mark.index)
    return dash - line_start if dash != -1 else max(item.start_mark.column - 2, 0)


def _key_column(holder: yaml.MappingNode, value: yaml.Node) -> int:
    return next((k.start_mark.column for k, v in holder.value if v is value), 0)


# -- rendering -------------------------------------------------------------------------------------------------
def _scalar(value: Any) -> str:
    """A scalar as YAML writes it in flow context (plain when safe, quoted otherwise)."""
    dumped = yaml.safe_dump([value], default_flow_style=True, width=math.inf, allow_unicode=True).strip()
    return dumped[1:-1]


def _flow(value: Any) -> str:
    value = plain(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _flow_list(values: list[Any]) -> str:
    return "[" + ", ".join(_flow(v) for v in values) + "]"


def _comments(value: Any) -> list[str]:
    if isinstance(value, Note):
        return [value.comment, *_comments(value.value)]
    if isinstance(value, Mapping):
        return [c for v in value.values() for c in _comments(v)]
    return []


def _flow_item(value: Any, dash_column: int) -> str:
    """A mapping item on one line, as in a list of ``- {recipient: x, destination: US}`` items."""
    notes = _comments(value)
    return " " * dash_column + "- " + _flow(value) + (f"  # {'; '.join(notes)}" if notes else "")


def _block_item(value: Any, dash_column: int) -> str:
    """A list item at ``dash_column``: a mapping as ``- key: value`` lines (lists and nested mappings in
    flow style, as the policy files write them), a scalar as ``- value``; notes as trailing comments."""
    comment = f"  # {value.comment}" if isinstance(value, Note) else ""
    inner = value.value if isinstance(value, Note) else value
    if not isinstance(inner, Mapping):
        return " " * dash_column + "- " + _flow(inner) + comment
    lines = []
    for index, (key, item) in enumerate(inner.items()):
        prefix = " " * dash_column + ("- " if index == 0 else "  ")
        notes = _comments(item)
        trailing = f"  # {'; '.join(notes)}" if notes else ""
        lines.append(f"{prefix}{_scalar(key)}: {_flow(item)}{trailing}")
    if comment:
        lines[0] += comment
    return "\n".join(lines)
