"""What a name denotes in a file: the ref it resolves to, the sources its words or annotation name,
the constant string it holds.

A ref (``app.mail.send``, ``$user.email``, ``stripe.Customer().create``) is how the solver later
resolves a call across files; a name's words or a ``# privlint:`` annotation make source labels; a
string value is what a destination host is read from. The base of the walk: it reads names, never
evaluates expressions, and holds what the walk knows of the file (``__init__``).
"""

from __future__ import annotations

import ast

from privlint.discovery import namespace_of
from privlint.engine.classify import split_words
from privlint.engine.index import CatalogueIndex, line_annotations
from privlint.engine.summarise.scope import _Scope
from privlint.engine.summarise.vocabulary import _BUILTINS
from privlint.engine.summary import EMPTY, FileSummary, Label, Labels, SourceHit

# In a string value: a part not known here, and (around a ref) a constant defined elsewhere, which the
# solver looks up when it reads the host (``Solver._expand``).
_UNKNOWN = "\x00"
_CONST = "\x01"


class NameReader:
    """Names, refs, sources and string values of one file."""

    def __init__(self, index: CatalogueIndex, path: str, module: str, is_package: bool, text: str) -> None:
        self.index = index
        self.classify = index.classifier.classify
        self.path = path
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.namespace = namespace_of(module)  # absolute imports are read in the file's namespace first
        self.text = text
        self.annotations = line_annotations(text)
        self.result = FileSummary(path=path, module=module)
        self._source_ids: dict[tuple[str, int, int, str], int] = {}
        self.top_names: set[str] = set()
        # the items of each dict literal with constant keys, as ``_ev_Dict`` evaluated them (by node id), so
        # binding the dict or passing it to a call does not evaluate its values a second time
        self.dict_items: dict[int, list[tuple[str, Labels]]] = {}

    def _is_secret(self, label: Label) -> bool:
        hit = self.result.sources[int(label[1])]  # type: ignore[call-overload]
        return hit.category.startswith("user.authorization")

    def _import_bindings(self, stmt: ast.Import | ast.ImportFrom) -> dict[str, str]:
        found: dict[str, str] = {}
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    found[alias.asname] = self.namespace + alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    found[top] = self.namespace + top
            return found
        base = stmt.module or ""
        if not stmt.level and base:
            base = self.namespace + base
        elif stmt.level:
            package = self.package
            for _ in range(stmt.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}".strip(".") if base else package
        for alias in stmt.names:
            if alias.name != "*":
                found[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
        return found

    def _source(self, category: str, node: ast.AST, evidence: str, strength: int) -> Label:
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0) + 1
        key = (category, line, column, evidence)
        index = self._source_ids.get(key)
        if index is None:
            index = len(self.result.sources)
            self._source_ids[key] = index
            self.result.sources.append(SourceHit(category, line, column, evidence, strength))
        return ("src", index)

    def _named(self, name: str, node: ast.AST, context: str = "", strength: int = 2) -> Labels:
        """Labels a binding or access gets from its name, or from an annotation comment.

        ``strength`` 1 is for names that only label a slot (``create(email=x)``, ``{"email": x}``):
        when the value has a name of its own, that is the better evidence to show."""
        line = getattr(node, "lineno", 0)
        note = self.annotations.get(line)
        if note and "category" in note:
            return frozenset({self._source(note["category"], node, "annotation", 5)})
        category = self.classify(name, context)
        if category is None:
            return EMPTY
        shown = f"{context}.{name}" if context else name
        return frozenset({self._source(category, node, f"name '{shown.lstrip('$')}'", strength)})

    def _annotation_type(self, annotation: ast.expr | None, node: ast.AST, scope: _Scope) -> Labels:
        if annotation is None:
            return EMPTY
        for part in ast.walk(annotation):
            if isinstance(part, (ast.Name, ast.Attribute)):
                ref = self.ref(part, scope)
                rule = self.index.match_field_type(ref) if ref else None
                if rule is not None:
                    return frozenset({self._source(rule.category, node, ref.rsplit(".", 1)[-1], 4)})  # type: ignore[union-attr]
        return EMPTY

    def _access(self, node: ast.expr, path: str | None) -> Labels:
        if not path:
            return EMPTY
        rule = self.index.match_source(path)
        if rule is None:
            return EMPTY
        evidence = rule.evidence or path.lstrip("$")
        return frozenset({self._source(rule.category, node, evidence, 3)})

    def _name_ref(self, name: str, scope: _Scope) -> str:
        if name in scope.objs:
            return scope.objs[name]
        if name in scope.aliases:
            return scope.aliases[name]
        if name in scope.env or name in scope.summary.params or name == scope.self_name:
            return f"${name}"
        if name in self.result.bindings:
            return self.result.bindings[name]
        if name in self.top_names:
            return f"{self.module}.{name}"
        if name in _BUILTINS:
            return name
        return f"${name}"

    def ref(self, node: ast.expr, scope: _Scope) -> str | None:
        if isinstance(node, ast.Name):
            return self._name_ref(node.id, scope)
        if isinstance(node, ast.Attribute):
            value = node.value
            if scope.cls is not None and isinstance(value, ast.Name) and value.id == scope.self_name:
                return f"{scope.cls.qualname}.{node.attr}"
            base = self.ref(value, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call):
            base = self.ref(node.func, scope)
            if base is None:
                return None
            first = node.args[0] if node.args else None
            literal = ""
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.isidentifier():
                literal = first.value
            return f"{base}({literal})"
        if isinstance(node, ast.Subscript):
            base = self.ref(node.value, scope)
            key = node.slice
            if base and isinstance(key, ast.Constant) and isinstance(key.value, str):
                return f"{base}[{key.value}]"
            return f"{base}[]" if base else None
        if isinstance(node, ast.Await):
            return self.ref(node.value, scope)
        return None

    def _context(self, node: ast.expr, scope: _Scope) -> str:
        """A readable receiver chain for classification (``request.user``), no resolution."""
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return f"{self._context(node.value, scope)}.{node.attr}"
        if isinstance(node, ast.Call):
            return self._context(node.func, scope) + "()"
        if isinstance(node, ast.Subscript):
            key = node.slice
            inner = self._context(node.value, scope)
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return f"{inner}.{key.value}"
            return inner
        return ""

    def _receiver_words(self, value: ast.expr, context: str, scope: _Scope) -> str:
        """Words naming the receiver's type: its name (``profile``) and classes in its origin
        (``p = Profile.objects.get()``), so typed fields match the right objects only."""
        words = set(split_words(context.rsplit(".", 1)[-1].replace("()", "")))
        ref = self.ref(value, scope) or ""
        if isinstance(value, ast.Name) and value.id in scope.types:
            ref = scope.types[value.id]
        for segment in ref.split("."):
            if segment[:1].isupper():
                words.add(segment.split("(", 1)[0])  # the class itself: ``LeadSerializer``
        return " ".join(sorted(words))

    def strval(self, node: ast.expr | None, scope: _Scope) -> str | None:
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.Constant):
                    parts.append(str(value.value))
                elif isinstance(value, ast.FormattedValue):
                    parts.append(self.strval(value.value, scope) or _UNKNOWN)
            return "".join(parts)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add):
                return (self.strval(node.left, scope) or _UNKNOWN) + (self.strval(node.right, scope) or _UNKNOWN)
            if isinstance(node.op, ast.Mod):
                return self.strval(node.left, scope)
        if isinstance(node, ast.Name):
            if node.id in scope.strings:
                return scope.strings[node.id]
            if node.id in scope.env:
                return None
            if node.id in self.result.constants:
                return self.result.constants[node.id]
            if node.id in self.result.bindings:
                return f"{_CONST}{self.result.bindings[node.id]}{_CONST}"
            return None
        if isinstance(node, ast.Attribute):
            ref = self.ref(node, scope)
            return f"{_CONST}{ref}{_CONST}" if ref and not ref.startswith("$") else None
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "format":
                return self.strval(func.value, scope)
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("urljoin", "Request", "URL", "str"):
                first = node.args[0] if node.args else None
                for keyword in node.keywords:
                    if keyword.arg == "url":
                        first = keyword.value
                return self.strval(first, scope)
        return None
