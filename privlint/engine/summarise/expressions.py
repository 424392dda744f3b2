"""What an expression carries: the labels of its value, and the call sites it records on the way.

``ev`` dispatches on the node type; a call becomes a ``CallSite`` (callee ref, the labels of each
argument, strings that may name a host, objects passed whole, keyed dict items) that the solver
resolves later, and its value is a ``("call", index)`` label. Separate from statements: an expression
changes the scope only through the bindings it makes and the containers it fills.
"""

from __future__ import annotations

import ast

from privlint.engine.summarise.binding import Binder
from privlint.engine.summarise.scope import _is_exact_dict, _item, _Scope
from privlint.engine.summarise.vocabulary import _KEY_GETTERS, _MUTATORS, _REQUEST_PAYLOADS, _dotted, _is_slot_value
from privlint.engine.summary import EMPTY, CallSite, Label, Labels


class ExpressionReader(Binder):
    """``ev`` and its cases, one per node type that is not a plain union of its children."""

    def ev(self, node: ast.expr | None, scope: _Scope) -> Labels:
        if node is None:
            return EMPTY
        method = getattr(self, "_ev_" + type(node).__name__, None)
        if method is not None:
            result: Labels = method(node, scope)
            return result
        labels: set[Label] = set()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                labels |= self.ev(child, scope)
        return frozenset(labels)

    def _ev_Constant(self, node: ast.Constant, scope: _Scope) -> Labels:
        return EMPTY

    # the common composite expressions, spelled out: ``ast.iter_child_nodes`` is slow in bulk
    def _ev_BinOp(self, node: ast.BinOp, scope: _Scope) -> Labels:
        return self.ev(node.left, scope) | self.ev(node.right, scope)

    def _ev_BoolOp(self, node: ast.BoolOp, scope: _Scope) -> Labels:
        return self._union(node.values, scope)

    def _ev_Tuple(self, node: ast.Tuple | ast.List | ast.Set, scope: _Scope) -> Labels:
        return self._union(node.elts, scope)

    _ev_List = _ev_Tuple
    _ev_Set = _ev_Tuple

    def _ev_JoinedStr(self, node: ast.JoinedStr, scope: _Scope) -> Labels:
        return self._union(node.values, scope)

    def _ev_FormattedValue(self, node: ast.FormattedValue, scope: _Scope) -> Labels:
        return self.ev(node.value, scope)

    def _ev_IfExp(self, node: ast.IfExp, scope: _Scope) -> Labels:
        self.ev(node.test, scope)
        return self.ev(node.body, scope) | self.ev(node.orelse, scope)

    def _ev_Await(self, node: ast.Await, scope: _Scope) -> Labels:
        return self.ev(node.value, scope)

    def _ev_Starred(self, node: ast.Starred, scope: _Scope) -> Labels:
        return self.ev(node.value, scope)

    def _union(self, nodes: list[ast.expr], scope: _Scope) -> Labels:
        labels: Labels = EMPTY
        for child in nodes:
            found = self.ev(child, scope)
            if found:
                labels = labels | found
        return labels

    def _ev_Compare(self, node: ast.Compare, scope: _Scope) -> Labels:
        self.ev(node.left, scope)
        for comparator in node.comparators:
            self.ev(comparator, scope)
        return EMPTY  # a boolean says nothing about the person

    def _ev_UnaryOp(self, node: ast.UnaryOp, scope: _Scope) -> Labels:
        operand = self.ev(node.operand, scope)
        return EMPTY if isinstance(node.op, ast.Not) else operand

    def _ev_Lambda(self, node: ast.Lambda, scope: _Scope) -> Labels:
        return EMPTY

    def _ev_Name(self, node: ast.Name, scope: _Scope) -> Labels:
        return scope.env.get(node.id, EMPTY)

    def _ev_NamedExpr(self, node: ast.NamedExpr, scope: _Scope) -> Labels:
        value = self.ev(node.value, scope)
        self.bind(node.target, value, node.value, scope, strong=True)
        return scope.env.get(node.target.id, value) if isinstance(node.target, ast.Name) else value

    def _ev_Attribute(self, node: ast.Attribute, scope: _Scope) -> Labels:
        value = node.value
        labels: set[Label] = set()
        if scope.nested and isinstance(value, (ast.Name, ast.Attribute)):
            path = _dotted(node)
            if path and path in scope.env:
                labels |= scope.env[path]  # stored into earlier (``user.userprofile.birthdate = x``)
        if isinstance(value, (ast.Call, ast.Subscript, ast.Attribute)):
            self.ev(value, scope)  # record calls inside the receiver chain
        context = self._context(value, scope)
        labels |= self._named(node.attr, node, context)
        labels |= self._access(node, self.ref(node, scope))
        if not node.attr.startswith("__"):
            labels.add(("attr", (node.attr, self._receiver_words(value, context, scope))))
        if isinstance(value, ast.Name) and value.id == scope.self_name and scope.cls is not None:
            labels.add(("self", node.attr))
        return frozenset(labels)

    def _ev_Subscript(self, node: ast.Subscript, scope: _Scope) -> Labels:
        container = self.ev(node.value, scope)
        labels: set[Label] = set()
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            context = self._context(node.value, scope)
            labels |= self._named(key.value, node, context)
            labels |= self._access(node, self.ref(node, scope))
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner is not None and _is_exact_dict(scope.env, owner):
                # a dict built here with constant keys: the item is what was put under that key
                labels |= scope.env.get(_item(owner, key.value), EMPTY)
            elif not labels and not self.index.classifier.names_non_personal(key.value):
                # a key that names nothing: the item may be anything the container holds (of a parameter:
                # its item under that key, ``payload["to"]``, which each caller resolves). A key that
                # names a category (``data["email"]``) is that category, not the whole payload, and one
                # that names a business value (``row["amount"]``, ``payload["subject"]``) is that value.
                labels |= {
                    ("param", _item(str(label[1]), key.value))
                    if label[0] == "param" and "[" not in str(label[1])
                    else label
                    for label in container
                }
            if key.value.isidentifier():  # serializer.validated_data["work_address"]
                labels.add(("attr", (key.value, self._receiver_words(node.value, context, scope))))
            return frozenset(labels)
        self.ev(key, scope)
        return frozenset(labels | container)

    def _ev_Dict(self, node: ast.Dict, scope: _Scope) -> Labels:
        labels: set[Label] = set()
        items: list[tuple[str, Labels]] | None = []
        for key, value in zip(node.keys, node.values, strict=False):
            value_labels = self.ev(value, scope)
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                if _is_slot_value(value):
                    value_labels = value_labels | self._named(key.value, key, strength=1)
                if items is not None:
                    items.append((key.value, value_labels))
            else:
                items = None  # a computed key or ``**spread``: the items are not known
                if key is not None:
                    labels |= self.ev(key, scope)
            labels |= value_labels
        if items is not None:
            self.dict_items[id(node)] = items
        return frozenset(labels)

    def _comprehension(
        self, node: ast.expr, generators: list[ast.comprehension], elts: list[ast.expr], scope: _Scope
    ) -> Labels:
        saved = dict(scope.env)
        for generator in generators:
            self.bind(generator.target, self.ev(generator.iter, scope), None, scope, strong=True)
            for condition in generator.ifs:
                self.ev(condition, scope)
        labels: set[Label] = set()
        for elt in elts:
            labels |= self.ev(elt, scope)
        scope.env = saved
        return frozenset(labels)

    def _ev_ListComp(self, node: ast.ListComp, scope: _Scope) -> Labels:
        return self._comprehension(node, node.generators, [node.elt], scope)

    _ev_SetComp = _ev_ListComp
    _ev_GeneratorExp = _ev_ListComp

    def _ev_DictComp(self, node: ast.DictComp, scope: _Scope) -> Labels:
        return self._comprehension(node, node.generators, [node.key, node.value], scope)

    def _ev_Yield(self, node: ast.Yield, scope: _Scope) -> Labels:
        scope.summary.returns = scope.summary.returns | self.ev(node.value, scope)
        return EMPTY

    def _ev_Call(self, node: ast.Call, scope: _Scope) -> Labels:
        node = _unpacked_task_call(node)
        func = node.func
        callee = self.ref(func, scope) or ""
        receiver: Labels = EMPTY
        bound = False
        extra: set[Label] = set()
        if isinstance(func, ast.Attribute):
            receiver = self.ev(func.value, scope)
            receiver_ref = self.ref(func.value, scope) or ""
            is_self = isinstance(func.value, ast.Name) and func.value.id == scope.self_name
            bound = is_self or receiver_ref.endswith(")")
            first = node.args[0] if node.args else None
            if func.attr in _KEY_GETTERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                extra |= self._named(first.value, node, self._context(func.value, scope))
                extra |= self._access(node, f"{receiver_ref}[{first.value}]" if receiver_ref else None)
            elif func.attr.startswith("get_") and not node.args:
                extra |= self._named(func.attr[4:], node, self._context(func.value, scope))
        elif isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
            key = node.args[1]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                extra |= self._named(key.value, node, self._context(node.args[0], scope))
        else:
            self.ev(func, scope)
        args: list[Labels] = []
        spread: set[Label] = set()
        strings: list[tuple[str, str]] = []
        objects: list[str] = []
        for position, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                spread |= self.ev(arg.value, scope)
                continue
            if self._is_object(arg, scope):
                objects.append(str(len(args)))
            args.append(self.ev(arg, scope))
            if position < 2:
                text = self.strval(arg, scope)
                if text is not None:
                    strings.append((str(position), text))
        kwargs: list[tuple[str, Labels]] = []
        for keyword in node.keywords:
            value = self.ev(keyword.value, scope)
            if keyword.arg is None:
                spread |= value
                continue
            if self._is_object(keyword.value, scope) or self._is_reference(keyword.arg, keyword.value):
                objects.append(keyword.arg)
            elif _is_slot_value(keyword.value):
                value = value | self._named(keyword.arg, keyword.value, strength=1)
            if isinstance(keyword.value, ast.Constant):
                # ``sentry_sdk.init(send_default_pii=True)``: the setting is the source of what the SDK sends
                for setting in self.index.match_setting(callee, keyword.arg, keyword.value.value):
                    value = value | {self._source(c, keyword, setting.evidence, 4) for c in setting.categories}
            kwargs.append((keyword.arg, value))
            if keyword.arg in ("url", "host"):
                text = self.strval(keyword.value, scope)
                if text is not None:
                    strings.append((keyword.arg, text))
        keyed = []
        for position, arg in enumerate(a for a in node.args if not isinstance(a, ast.Starred)):
            info = self.keyed_argument(arg, scope)
            if info is not None:
                keyed.append((str(position), info))
        for keyword in node.keywords:
            info = self.keyed_argument(keyword.value, scope) if keyword.arg else None
            if info is not None and keyword.arg:
                keyed.append((keyword.arg, info))
        note = self.annotations.get(node.lineno, {})
        site = CallSite(
            callee=callee,
            line=node.lineno,
            column=node.col_offset + 1,
            args=tuple(args),
            kwargs=tuple(kwargs),
            spread=frozenset(spread),
            receiver=receiver,
            bound=bound,
            strings=tuple(strings),
            purpose=note.get("purpose"),
            objects=tuple(objects),
            typed=self._typed_callee(callee, scope),
            written=self._written_fields(node, scope),
            keyed=tuple(keyed),
        )
        index = self._record(site, node, scope)
        bound_form: Labels = EMPTY
        if callee.rsplit(".", 1)[-1][:1].isupper() and not callee.startswith("$"):
            given = [*node.args, *(k.value for k in node.keywords if k.arg in ("data", "files", "formdata"))]
            if any(self._is_request_payload(arg, scope) for arg in given):
                # ``BmrForm(data=request.POST, ...)``, ``ContactSerializer(data=request.data)``
                bound_form = frozenset({("model", callee)})
        if isinstance(func, ast.Attribute) and func.attr in _MUTATORS and isinstance(func.value, ast.Name):
            # ``payload.update({"email": ...})``, ``rows.append(row)``, ``msg.set_content(body)``: the
            # container now holds what went in (a weak update: it keeps what it held)
            added = frozenset().union(*args, *(v for _, v in kwargs), spread)
            if added and func.value.id != scope.self_name:
                scope.env[func.value.id] = scope.env.get(func.value.id, EMPTY) | added
            self._update_items(func.value.id, func.attr, node, kwargs, scope)
        if extra and isinstance(func, ast.Attribute) and (func.attr in _KEY_GETTERS or func.attr.startswith("get_")):
            # ``data.get("email")`` / ``checkout.get_customer_email()`` is the email, not the whole object
            return frozenset(extra)
        return frozenset({("call", index), *extra, *bound_form})

    def _is_request_payload(self, node: ast.expr, scope: _Scope) -> bool:
        text = self._context(node, scope)
        return text.rsplit(".", 2)[-2:-1] == ["request"] and text.rsplit(".", 1)[-1] in _REQUEST_PAYLOADS

    def _typed_callee(self, callee: str, scope: _Scope) -> str:
        if not callee.startswith("$") or not scope.types:
            return ""
        root, dot, rest = callee[1:].partition(".")
        annotated = scope.types.get(root.split("(", 1)[0].split("[", 1)[0])
        return f"{annotated}(){dot}{rest}" if annotated and dot else ""

    def _written_fields(self, node: ast.Call, scope: _Scope) -> tuple[str, ...] | None:
        for keyword in node.keywords:
            if keyword.arg == "update_fields" and isinstance(keyword.value, (ast.List, ast.Tuple, ast.Set)):
                elements = keyword.value.elts
                names = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(names) != len(keyword.value.elts):
                    return None
                context = self._context(node.func.value, scope) if isinstance(node.func, ast.Attribute) else ""
                return tuple(sorted({c for c in (self.classify(n, context) for n in names) if c}))
        return None

    def _is_reference(self, keyword: str, value: ast.expr) -> bool:
        """``create(order=order, user=user)``: a related object passed under its own name (a foreign
        key), as opposed to ``create(email=email)`` whose name says it is personal data."""
        return isinstance(value, ast.Name) and value.id == keyword and self.classify(keyword) is None

    def _is_object(self, node: ast.expr, scope: _Scope) -> bool:
        """A local holding a constructed object (``user = User(...)``), passed whole."""
        if not isinstance(node, ast.Name):
            return False
        ref = scope.objs.get(node.id, "")
        return ref.endswith(")") and ref.rsplit(".", 1)[-1][:1].isupper()


def _unpacked_task_call(node: ast.Call) -> ast.Call:
    """``task.apply_async(args=[a, b], kwargs={"k": c}, countdown=30)`` is ``task.delay(a, b, k=c)`` when
    the containers are literals: each argument keeps its position instead of reaching every parameter."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "apply_async") or node.args:
        return node
    packed = {k.arg: k.value for k in node.keywords if k.arg in ("args", "kwargs")}
    args, kwargs = packed.get("args"), packed.get("kwargs")
    if args is not None and not isinstance(args, (ast.List, ast.Tuple)):
        return node
    if kwargs is not None and not (
        isinstance(kwargs, ast.Dict)
        and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in kwargs.keys)
    ):
        return node
    positional = list(args.elts) if isinstance(args, (ast.List, ast.Tuple)) else []
    keywords = (
        [ast.keyword(arg=k.value, value=v) for k, v in zip(kwargs.keys, kwargs.values, strict=True)]  # type: ignore[union-attr]
        if isinstance(kwargs, ast.Dict)
        else []
    )
    delay = ast.Attribute(value=func.value, attr="delay", ctx=ast.Load())
    return ast.copy_location(ast.Call(func=ast.copy_location(delay, func), args=positional, keywords=keywords), node)
