"""What a class declares: its bases and attributes, its personal-data fields, the fields a form or
serializer fills from a request, and the attributes its setters store hashed.

Typed model fields are what the solver matches attribute reads against across files, so they are
read from the class body (annotations, ``Column(...)``/``models.EmailField()``, ``Meta.fields``),
never from how the class is used. Separate from statements: a class body is declarations, not a flow.
"""

from __future__ import annotations

import ast

from privlint.engine.classify import CONFIGURATION_OWNERS, split_words
from privlint.engine.summarise.scope import _Scope
from privlint.engine.summarise.statements import StatementWalker
from privlint.engine.summarise.vocabulary import _HASHING_CALLS
from privlint.engine.summary import EMPTY, ClassSummary, FieldHit, Labels


class ClassReader(StatementWalker):
    """Class statements."""

    def _class(self, node: ast.ClassDef, parent: _Scope) -> None:
        owner = parent.summary.qualname.removesuffix(".<module>")
        qualname = f"{owner}.{node.name}"
        bases = tuple(r for r in (self.ref(b, parent) for b in node.bases) if r)
        cls = ClassSummary(qualname, node.lineno, bases)
        self.result.classes.append(cls)
        if parent.summary.kind != "module":
            parent.objs[node.name] = qualname
        self._declared_form_fields(node, cls)
        methods = {s.name: s for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                hashed = _hashing_setter(stmt)
                if hashed:
                    self.result.hashing_setters.append(hashed)
                self._function(stmt, parent, cls)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                self.result.hashing_setters.extend(_hashing_descriptor(stmt, methods))
                self._class_field(stmt, cls, parent)
                value = stmt.value
                if isinstance(value, ast.Call):  # ``partner = ApiSession(PARTNER_API)`` in the class body
                    ref = self.ref(value, parent)
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    for target in targets:
                        if ref and isinstance(target, ast.Name) and not ref.startswith("$"):
                            cls.attr_refs.setdefault(target.id, ref)

    def _declared_form_fields(self, node: ast.ClassDef, cls: ClassSummary) -> None:
        """A Django ModelForm or DRF serializer (``class Meta: model = Profile; fields = ["birthdate", ...]``)
        or an edit view (``model = Contract; fields = [...]``) names the fields a request fills in: an
        instance bound to request data carries their categories (``("model", ref)`` labels). The model's
        name is the subject of vague field names (``weight`` of a ``UserProfile``)."""
        bodies = [node.body] + [s.body for s in node.body if isinstance(s, ast.ClassDef) and s.name == "Meta"]
        for body in bodies:
            values = {
                t.id: stmt.value
                for stmt in body
                if isinstance(stmt, ast.Assign)
                for t in stmt.targets
                if isinstance(t, ast.Name) and t.id in ("fields", "model")
            }
            listed = values.get("fields")
            if not isinstance(listed, (ast.List, ast.Tuple)):
                continue
            model = values.get("model")
            subject = (model.attr if isinstance(model, ast.Attribute) else getattr(model, "id", "")) or node.name
            for element in listed.elts:
                if isinstance(element, ast.Constant) and isinstance(element.value, str):
                    category = self.classify(element.value, subject)
                    if category is not None:
                        label = self._source(category, element, f"form field '{element.value}'", 2)
                        self.result.fields.append(FieldHit(cls.qualname, element.value, int(label[1]), True))  # type: ignore[call-overload]

    def _class_field(self, stmt: ast.Assign | ast.AnnAssign, cls: ClassSummary, scope: _Scope) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        # ALL_CAPS attributes and the fields of a settings class are the application's configuration
        # (``EMAILS_FROM_EMAIL: EmailStr`` of pydantic's BaseSettings), never a person's data
        names = [t.id for t in targets if isinstance(t, ast.Name) and not (t.id.isupper() and len(t.id) > 3)]
        if not names or _is_configuration_class(cls):
            return
        hit: Labels = EMPTY
        note = self.annotations.get(stmt.lineno)
        if note and "category" in note:
            hit = frozenset({self._source(note["category"], stmt, "annotation", 5)})
        if not hit and isinstance(stmt, ast.AnnAssign):
            hit = self._annotation_type(stmt.annotation, stmt, scope)
        value = stmt.value
        if not hit and isinstance(value, ast.Call):
            for candidate in (value.func, *value.args[:1]):
                ref = self.ref(candidate, scope) if isinstance(candidate, (ast.Name, ast.Attribute, ast.Call)) else None
                rule = self.index.match_field_type(ref.removesuffix("()")) if ref else None
                if rule is not None and ref is not None:
                    evidence = ref.removesuffix("()").rsplit(".", 1)[-1]
                    hit = frozenset({self._source(rule.category, stmt, evidence, 4)})
                    break
        named = False
        if not hit and (isinstance(stmt, ast.AnnAssign) or isinstance(value, ast.Call)):
            # a declared field whose name says the category (``full_name: str``, ``phone = Column(String)``)
            category = self.classify(names[0])
            if category is not None:
                hit = frozenset({self._source(category, stmt, f"field '{names[0]}'", 2)})
                named = True
        for label in hit:
            for name in names:
                self.result.fields.append(FieldHit(cls.qualname, name, int(label[1]), named))  # type: ignore[call-overload]


def _hashing_setter(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The attribute a property setter (``@password.setter``) or ``set_password`` method stores a hash of."""
    attribute = next(
        (d.value.id for d in node.decorator_list
         if isinstance(d, ast.Attribute) and d.attr == "setter" and isinstance(d.value, ast.Name)),
        node.name[4:] if node.name.startswith("set_") else None,
    )  # fmt: skip
    return attribute if attribute and _calls_a_hash(node) else None


def _hashing_descriptor(
    stmt: ast.Assign | ast.AnnAssign, methods: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
) -> list[str]:
    """Attributes a descriptor built in the class body hashes on assignment: ``password = property(_get, _set)``
    or SQLAlchemy's ``password = synonym("_password", descriptor=property(_get, _set))``, where the setter
    method calls a hash function (flaskbb's ``User.password``)."""
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    if not names or not isinstance(stmt.value, ast.Call):
        return []
    for call in ast.walk(stmt.value):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "property"):
            continue
        setter = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "fset"), None)
        method = methods.get(setter.id) if isinstance(setter, ast.Name) else None
        if method is not None and _calls_a_hash(method):
            return names
    return []


def _calls_a_hash(node: ast.AST) -> bool:
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            func = part.func
            name = (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")).lower()
            if any(word in name for word in _HASHING_CALLS):
                return True
    return False


def _is_configuration_class(cls: ClassSummary) -> bool:
    words = set(split_words(cls.qualname.rsplit(".", 1)[-1]))
    for base in cls.bases:
        words.update(split_words(base.rsplit(".", 1)[-1]))
    return bool(words & CONFIGURATION_OWNERS)
