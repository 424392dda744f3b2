"""What an assignment does to the scope: a target bound to a value's labels, refs and string, and a
dict's items kept per key.

Binding decides what a name's own words add (``email = sha256(email)`` keeps what the value was; a
count or a generated token is not the person's data), stores into ``self`` fields and nested objects,
and records the stores a model's setter or a session sees as calls. Separate from expressions, which
it calls back through ``ev`` (a binding evaluates its value; a walrus or a comprehension binds).
"""

from __future__ import annotations

import ast

from privlint.engine.summarise.names import NameReader
from privlint.engine.summarise.scope import _EXACT, _INEXACT, _is_exact_dict, _item, _Scope
from privlint.engine.summarise.vocabulary import (
    _dotted,
    _is_aggregate,
    _is_constant_like,
    _is_generated,
    _is_slot_value,
    _mentions,
    _names_object,
)
from privlint.engine.summary import EMPTY, STORE_PREFIX, CallSite, Labels


class Binder(NameReader):
    """Assignments, dict items and the call sites they record."""

    def ev(self, node: ast.expr | None, scope: _Scope) -> Labels:
        """What an expression carries: ``ExpressionReader.ev``, the layer above (they call each other)."""
        raise NotImplementedError

    def _literal_items(self, value: ast.expr | None, scope: _Scope) -> list[tuple[str, Labels]] | None:
        """The items of a dict literal with constant keys (``{"to": email, "subject": s}``, ``dict(to=email)``),
        each with what is put under it, or None for anything else."""
        if isinstance(value, ast.Dict):
            if id(value) not in self.dict_items:
                self.ev(value, scope)  # not evaluated yet: ``_ev_Dict`` records its items
            found = self.dict_items.get(id(value))
            if found is not None:
                scope.dict_seen = True
            return found
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
            if value.args or any(k.arg is None for k in value.keywords):
                return None
            scope.dict_seen = True
            return [
                (
                    str(k.arg),
                    self.ev(k.value, scope)
                    | (self._named(str(k.arg), k.value, strength=1) if _is_slot_value(k.value) else EMPTY),
                )
                for k in value.keywords
            ]
        return None

    def _update_items(
        self, name: str, method: str, node: ast.Call, kwargs: list[tuple[str, Labels]], scope: _Scope
    ) -> None:
        """``payload.update({"email": e})`` / ``payload.update(email=e)`` on an exact dict adds those items;
        any other mutation leaves its keys unknown."""
        if _item(name, "") not in scope.env:
            return
        if method == "update" and len(node.args) <= 1:
            items = self._literal_items(node.args[0], scope) if node.args else []
            if items is not None:
                for item_key, item_labels in [*items, *kwargs]:
                    entry = _item(name, item_key)
                    scope.env[entry] = scope.env.get(entry, EMPTY) | item_labels
                return
        scope.env[_item(name, "")] = _INEXACT

    def keyed_argument(self, arg: ast.expr, scope: _Scope) -> tuple[tuple[str, Labels], ...] | str | None:
        """What a call can know of an argument's items: a dict literal's or an exact local dict's items, or
        the enclosing function's parameter passed on whole (its items are resolved by the callers)."""
        if isinstance(arg, ast.Dict) or (isinstance(arg, ast.Call) and getattr(arg.func, "id", "") == "dict"):
            items = self._literal_items(arg, scope)
            return tuple(items) if items is not None else None
        if isinstance(arg, ast.Name):
            name = arg.id
            if _is_exact_dict(scope.env, name):
                prefix = name + "["
                return tuple(
                    (k[len(prefix) : -1], v)
                    for k, v in sorted(scope.env.items())
                    if k.startswith(prefix) and k != _item(name, "")
                )
            if name in scope.summary.params and ("param", name) in scope.env.get(name, EMPTY):
                return name
        return None

    def _record(self, site: CallSite, node: ast.AST, scope: _Scope) -> int:
        calls = scope.summary.calls
        index = scope.call_ids.get(id(node))
        if index is None:
            index = len(calls)
            scope.call_ids[id(node)] = index
            calls.append(site)
            return index
        old = calls[index]  # a loop body walked twice: merge what flowed in
        old.args = tuple(a | b for a, b in zip(old.args, site.args, strict=False))
        old.kwargs = tuple((k, v | dict(site.kwargs).get(k, EMPTY)) for k, v in old.kwargs)
        old.spread = old.spread | site.spread
        old.receiver = old.receiver | site.receiver
        return index

    def bind(self, target: ast.expr, labels: Labels, value: ast.expr | None, scope: _Scope, *, strong: bool) -> None:
        if isinstance(target, ast.Name):
            name = target.id
            named_here = self.classify(name) is not None or target.lineno in self.annotations
            # ``email = sha256(email)``: the old value says what it is; a count is not the person's data, nor
            # a literal or a setting (``email = ""``, ``sender = settings.FROM``), nor a generated identifier
            # (``username = uuid4().hex``; a generated password or token is the credential of whoever gets it)
            if (
                named_here
                and not _mentions(value, name)
                and not _is_aggregate(value)
                and not (value is not None and _is_constant_like(value))
            ):
                named = self._named(name, target)
                if not (_is_generated(value) and not any(self._is_secret(label) for label in named)):
                    labels = labels | named
            scope.env[name] = labels if strong else scope.env.get(name, EMPTY) | labels
            if strong:
                items = self._literal_items(value, scope)
                for stale in [k for k in scope.env if k.startswith(name + "[")]:
                    del scope.env[stale]
                if items is not None:
                    scope.env[_item(name, "")] = _EXACT
                    for item_key, item_labels in items:
                        scope.env[_item(name, item_key)] = item_labels
                elif _item(name, "") in scope.env or scope.dict_seen:
                    scope.env[_item(name, "")] = _INEXACT
            elif _item(name, "") in scope.env:
                scope.env[_item(name, "")] = _INEXACT
            ref = self.ref(value, scope) if _names_object(value) else None
            if ref and not ref.startswith("$"):
                scope.objs[name] = ref
                if (scope.summary.kind == "module" and scope.cls is None) or name in scope.globals:
                    self.result.bindings.setdefault(name, ref)  # ``global _client; _client = Client()``
            elif strong:
                scope.objs.pop(name, None)
            text = self.strval(value, scope) if value is not None else None
            if text is not None:
                scope.strings[name] = text
            elif strong:
                scope.strings.pop(name, None)
        elif isinstance(target, (ast.Tuple, ast.List)):
            parts = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None
            if parts is not None and len(parts) == len(target.elts):
                for element, part in zip(target.elts, parts, strict=True):
                    self.bind(element, self.ev(part, scope), part, scope, strong=strong)
            else:
                for element in target.elts:
                    self.bind(element, labels, None, scope, strong=strong)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, labels, None, scope, strong=strong)
        elif isinstance(target, ast.Attribute):
            owner = target.value
            if isinstance(owner, ast.Name) and owner.id == scope.self_name and scope.cls is not None:
                scope.summary.self_stores.append((target.attr, labels, target.lineno))
                ref = self.ref(value, scope) if _names_object(value) else None
                if ref and (not ref.startswith("$") or ref[1:] in scope.summary.params):
                    # ``self.audit = audit_logger``: the parameter's name is the best we know of it
                    scope.cls.attr_refs.setdefault(target.attr, ref)
            elif isinstance(owner, ast.Name):
                # a call's result says what it is itself (``project.password = generate_password_hash(pw)``)
                via_attr = self._named(target.attr, target, owner.id) if labels and _is_slot_value(value) else EMPTY
                stored = labels | via_attr
                if stored and any(self._is_secret(label) for label in via_attr):
                    # ``user.password = form.password.data``: the model's setter may hash it (the solver
                    # knows every class's ``hashing_setters``), seen as a call ``<store>.password(value)``
                    site = CallSite(f"{STORE_PREFIX}{target.attr}", target.lineno, target.col_offset + 1, (stored,))
                    stored = frozenset({("call", self._record(site, target, scope))})
                scope.env[owner.id] = scope.env.get(owner.id, EMPTY) | stored
                ref = scope.objs.get(owner.id)
                if stored and ref and self.index.sends_attribute_stores(ref):
                    # ``scope.user = {...}`` on a Sentry scope: the SDK sends what its object holds
                    site = CallSite(f"{ref}.__setattr__", target.lineno, target.col_offset + 1, (EMPTY, stored))
                    self._record(site, target, scope)
            else:
                self.ev(owner, scope)
                path = _dotted(owner)
                if path and labels:
                    # ``user.userprofile.birthdate = x`` then ``user.userprofile.save()`` (or ``self.user``):
                    # the nested object holds it, kept under its dotted path (never a local's name)
                    via_attr = self._named(target.attr, target, path)
                    scope.env[path] = scope.env.get(path, EMPTY) | labels | via_attr
                    scope.nested = True
        elif isinstance(target, ast.Subscript):
            owner = target.value
            key = target.slice
            via_key: Labels = EMPTY
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and labels:
                via_key = self._named(key.value, target)
            if isinstance(owner, ast.Name):
                name = owner.id
                ref = self.ref(owner, scope) if labels else None
                imported = name not in scope.objs and (name in scope.aliases or name in self.result.bindings)
                if not (ref and imported and not ref.startswith("$")):
                    # (an imported object stays one: a local entry would hide the import from the next store)
                    scope.env[name] = scope.env.get(name, EMPTY) | labels | via_key
                    if _item(name, "") in scope.env:
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            scope.env[_item(name, key.value)] = labels | via_key
                        else:
                            scope.env[_item(name, "")] = _INEXACT  # a key not known here
                if ref and not ref.startswith("$"):
                    # an imported or constructed object, not a local container: Flask's ``session["k"] = v``,
                    # ``cookie = SimpleCookie(); cookie["k"] = v`` may keep or send it, like the stores below
                    site = CallSite(
                        f"{ref}.__setitem__", target.lineno, target.col_offset + 1, (EMPTY, labels | via_key)
                    )
                    self._record(site, target, scope)
            else:
                self.ev(owner, scope)
                root = _subscript_root(owner)
                if root is not None and labels and root in scope.objs:
                    # ``notice["params"]["user"] = {...}`` on a local object: the object now holds it, and
                    # sends it wherever it goes next (``airbrake.send_notice(notice)``)
                    scope.env[root] = scope.env.get(root, EMPTY) | labels | via_key
                ref = self.ref(owner, scope)
                if ref and labels:
                    # ``request.session["k"] = v``, ``shelf[key] = v``: a store into an object that may keep
                    # it (a session, a shelf, a cache), seen by the solver as ``owner.__setitem__(key, v)``
                    site = CallSite(
                        f"{ref}.__setitem__", target.lineno, target.col_offset + 1, (EMPTY, labels | via_key)
                    )
                    self._record(site, target, scope)


def _subscript_root(node: ast.expr) -> str | None:
    """The local name a chain of items is read from: ``notice`` of ``notice["params"]``."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
