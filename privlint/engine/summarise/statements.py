"""What a statement does to the scope, and what a function definition makes: its summary.

Straight-line code updates the scope in place; branches are walked from the same start and merged;
loop bodies are walked twice so loop-carried values settle. A ``def`` opens a new scope whose
parameters are labelled by their names, annotations and route decorators. Separate from expressions
(what a value carries) and from classes (what a class body declares), which ``_stmt`` hands over to.
"""

from __future__ import annotations

import ast

from privlint.engine.summarise.expressions import ExpressionReader
from privlint.engine.summarise.scope import Env, _Scope
from privlint.engine.summarise.vocabulary import _BUILTINS, _ROUTE_VERBS
from privlint.engine.summary import EMPTY, CallSite, ClassSummary, FunctionSummary, Labels


class StatementWalker(ExpressionReader):
    """Statements and function definitions."""

    def _class(self, node: ast.ClassDef, parent: _Scope) -> None:
        """A class statement: ``ClassReader._class``, the layer above (a class body defines functions)."""
        raise NotImplementedError

    def _block(self, body: list[ast.stmt], scope: _Scope) -> None:
        for stmt in body:
            self._stmt(stmt, scope)

    def _merge(self, scope: _Scope, *envs: Env) -> None:
        merged: Env = {}
        for env in envs:
            for key, value in env.items():
                merged[key] = merged.get(key, EMPTY) | value
        scope.env = merged

    def _branches(self, scope: _Scope, bodies: list[list[ast.stmt]], fallthrough: bool) -> None:
        start = dict(scope.env)
        results = [start] if fallthrough else []
        for body in bodies:
            scope.env = dict(start)
            self._block(body, scope)
            results.append(scope.env)
        self._merge(scope, *results)

    def _stmt(self, stmt: ast.stmt, scope: _Scope) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(stmt, scope)
        elif isinstance(stmt, ast.ClassDef):
            self._class(stmt, scope)
        elif isinstance(stmt, ast.Assign):
            labels = self.ev(stmt.value, scope)
            for target in stmt.targets:
                self.bind(target, labels, stmt.value, scope, strong=True)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.bind(stmt.target, self.ev(stmt.value, scope), stmt.value, scope, strong=True)
        elif isinstance(stmt, ast.AugAssign):
            labels = self.ev(stmt.value, scope)
            if isinstance(stmt.target, ast.Name):
                labels = labels | scope.env.get(stmt.target.id, EMPTY)
            self.bind(stmt.target, labels, None, scope, strong=False)
        elif isinstance(stmt, ast.Expr):
            self.ev(stmt.value, scope)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                scope.summary.returns = scope.summary.returns | self.ev(stmt.value, scope)
                ref = self.ref(stmt.value, scope) if isinstance(stmt.value, (ast.Call, ast.Name)) else None
                if ref and not ref.startswith("$"):
                    scope.return_refs.append(ref)
        elif isinstance(stmt, ast.If):
            self.ev(stmt.test, scope)
            self._branches(scope, [stmt.body, stmt.orelse], fallthrough=False)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            if isinstance(stmt, ast.While):
                self.ev(stmt.test, scope)
            else:
                self.bind(stmt.target, self.ev(stmt.iter, scope), None, scope, strong=False)
            for _ in range(2):
                self._branches(scope, [stmt.body], fallthrough=True)
            self._branches(scope, [stmt.orelse], fallthrough=True)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                labels = self.ev(item.context_expr, scope)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, labels, item.context_expr, scope, strong=True)
            self._block(stmt.body, scope)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self._block(stmt.body, scope)  # type: ignore[attr-defined]
            handlers = []
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                if handler.type is not None:
                    self.ev(handler.type, scope)
                body = handler.body
                if handler.name:
                    scope.env.setdefault(handler.name, EMPTY)
                handlers.append(body)
            self._branches(scope, [*handlers, stmt.orelse], fallthrough=True)  # type: ignore[attr-defined]
            self._block(stmt.finalbody, scope)  # type: ignore[attr-defined]
        elif isinstance(stmt, ast.Raise):
            exc = stmt.exc
            if isinstance(exc, ast.Call):
                self.ev(exc, scope)
                args = tuple(self.ev(a, scope) for a in exc.args if not isinstance(a, ast.Starred))
                kwargs = tuple((k.arg, self.ev(k.value, scope)) for k in exc.keywords if k.arg)
                exc_ref = self.ref(exc.func, scope)
                callee = f"raise.{exc_ref}" if exc_ref else "raise"
                site = CallSite(callee, stmt.lineno, stmt.col_offset + 1, args=args, kwargs=kwargs)
                self._record(site, stmt, scope)
            elif exc is not None:
                self.ev(exc, scope)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            if scope.summary.kind != "module":
                scope.aliases.update(self._import_bindings(stmt))
        elif type(stmt).__name__ == "Match":
            self.ev(stmt.subject, scope)  # type: ignore[attr-defined]
            self._branches(scope, [case.body for case in stmt.cases], fallthrough=True)  # type: ignore[attr-defined]
        elif isinstance(stmt, ast.Global):
            scope.globals.update(stmt.names)
        elif isinstance(stmt, ast.Assert):
            self.ev(stmt.test, scope)
        elif isinstance(stmt, ast.Delete):
            pass
        else:
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, ast.expr):
                    self.ev(child, scope)

    def _function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, parent: _Scope, cls: ClassSummary | None = None
    ) -> None:
        owner = cls.qualname if cls else parent.summary.qualname.removesuffix(".<module>")
        qualname = f"{owner}.{node.name}"
        decorators = {_decorator_name(d) for d in node.decorator_list}
        kind = "function"
        if cls is not None:
            kind = (
                "staticmethod"
                if "staticmethod" in decorators
                else "classmethod"
                if "classmethod" in decorators
                else "method"
            )
        arguments = node.args
        positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
        params = tuple(positional + [a.arg for a in arguments.kwonlyargs])
        summary = FunctionSummary(
            qualname=qualname,
            line=node.lineno,
            params=params,
            vararg=arguments.vararg.arg if arguments.vararg else None,
            kwarg=arguments.kwarg.arg if arguments.kwarg else None,
            kind=kind,
            cls=cls.qualname if cls else None,
        )
        scope = _Scope(summary, cls=cls, aliases=dict(parent.aliases) if parent.summary.kind != "module" else {})
        if kind in ("method", "classmethod") and positional:
            scope.self_name = positional[0]
        all_args = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        if arguments.vararg:
            all_args.append(arguments.vararg)
        if arguments.kwarg:
            all_args.append(arguments.kwarg)
        route = any(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in _ROUTE_VERBS
            for d in node.decorator_list
        )
        for arg in all_args:
            labels: Labels = frozenset({("param", arg.arg)})
            if arg.arg != scope.self_name:
                labels = labels | self._named(arg.arg, arg) | self._annotation_type(arg.annotation, arg, scope)
                if isinstance(arg.annotation, (ast.Name, ast.Attribute)):
                    annotated = self.ref(arg.annotation, scope)
                    if annotated and not annotated.startswith("$"):
                        scope.types[arg.arg] = annotated
                        if route and annotated not in _BUILTINS:
                            # ``@router.post(...) def create(user_in: UserCreate)``: the request body
                            labels = labels | {("model", annotated)}
            scope.env[arg.arg] = labels
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                self.ev(default, parent)
        if parent.summary.kind != "module" and cls is None:
            parent.objs[node.name] = qualname
        self._block(node.body, scope)
        declared = self._declared_category(node, parent)
        if declared:
            summary.returns = summary.returns | declared
        self._finish(scope)

    def _declared_category(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: _Scope) -> Labels:
        """``@privlint.category("user.contact.email")`` (or ``@data_category(...)`` imported from
        privlint): what the function returns is that category, whatever it is called."""
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call) or not decorator.args:
                continue
            ref = self.ref(decorator.func, scope) or ""
            first = decorator.args[0]
            if (
                ref.split(".", 1)[0] == "privlint"
                and ref.rsplit(".", 1)[-1] in ("category", "data_category")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                return frozenset({self._source(first.value, decorator, "annotation", 5)})
        return EMPTY

    def _finish(self, scope: _Scope) -> None:
        summary = scope.summary
        if scope.return_refs:
            summary.return_ref = scope.return_refs[0]
        self.result.functions.append(summary)


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _decorator_name(node.func)
    return ""
