"""Where the walk of a file starts, and the names its module defines at top level.

Top-level functions, classes and assignments are collected before the walk, so a call to a function
defined further down resolves to it; imports become bindings, string constants are kept for hosts,
and dicts of callables become dispatch tables. The entry point of the package (``summarise_tree``).
"""

from __future__ import annotations

import ast

from privlint.engine.index import CatalogueIndex
from privlint.engine.summarise.classes import ClassReader
from privlint.engine.summarise.scope import _Scope
from privlint.engine.summarise.vocabulary import _FAKE_DATA_LIBRARIES
from privlint.engine.summary import FileSummary, FunctionSummary


class Summariser(ClassReader):
    """One instance per file; ``run`` returns the file's summary."""

    def run(self, tree: ast.Module) -> FileSummary:
        self._collect_module_names(tree.body)
        self.result.demo = any(
            ref.split(".", 1)[0] in _FAKE_DATA_LIBRARIES or ref.startswith("factory.Faker")
            for ref in self.result.bindings.values()
        )
        module_scope = _Scope(FunctionSummary(f"{self.module}.<module>", 1, (), kind="module"))
        self._block(tree.body, module_scope)
        self._finish(module_scope)
        sites = [site for function in self.result.functions for site in function.calls]
        self.result.captures = sorted(
            {(recipient, site.line) for site in sites if (recipient := self.index.captures_exceptions(site.callee))}
        )
        self.result.switches = sorted(
            {
                (switch.callee_prefix, switch.kind, site.line)
                for site in sites
                if (switch := self.index.switch_for(site.callee))
            }
        )
        return self.result

    def _collect_module_names(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.top_names.add(stmt.name)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self.result.bindings.update(self._import_bindings(stmt))
            elif isinstance(stmt, (ast.If, ast.Try, ast.With)):
                nested = [*stmt.body, *getattr(stmt, "orelse", []), *getattr(stmt, "finalbody", [])]
                for handler in getattr(stmt, "handlers", []):
                    nested.extend(handler.body)
                self._collect_module_names(nested)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.top_names.add(target.id)
                        value = stmt.value
                        if isinstance(value, ast.Constant) and isinstance(value.value, str):
                            self.result.constants[target.id] = value.value
                        elif isinstance(value, ast.Dict) and value.values:
                            self._dispatch_table(target.id, value)

    def _dispatch_table(self, name: str, table: ast.Dict) -> None:
        """Record a dict whose values are all functions or classes named by reference (not called)."""
        if not all(isinstance(v, (ast.Name, ast.Attribute)) for v in table.values):
            return
        module_scope = _Scope(FunctionSummary(f"{self.module}.<module>", 1, (), kind="module"))
        refs = [self.ref(v, module_scope) for v in table.values]
        found = tuple(sorted({r for r in refs if r and not r.startswith("$")}))
        if found:
            self.result.dispatch[name] = found


def summarise_tree(
    index: CatalogueIndex, tree: ast.Module, path: str, module: str, is_package: bool, text: str
) -> FileSummary:
    return Summariser(index, path, module, is_package, text).run(tree)
