"""No import cycle between the modules of ``privlint`` and ``policy_model`` (issue 20).

A cycle means neither module can be read, tested or moved without the other: ``api`` calling the
check orchestration that called ``api.scan`` back, ``engine.run`` and ``engine.incremental`` each
importing the other. The imports are read statically (``ast``, nothing is imported), and every
import counts wherever it is written - at module level, inside a function, or under
``if TYPE_CHECKING:`` - because deferring an import hides a cycle from Python, not from a reader:
the modules still depend on each other. The implicit import of a parent package
(``privlint.checks`` for ``privlint.checks.runner``) is not an edge: Python initialises the package
first, and a package ``__init__`` that re-exports its submodules is not a cycle in the design; an
explicit ``from privlint.report import X`` is an edge to the package's ``__init__``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
PACKAGES = ("privlint", "policy_model")


def module_files(root: Path, packages: Iterable[str]) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package ``__init__``)."""
    modules: dict[str, tuple[Path, bool]] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def import_graph(root: Path, packages: Iterable[str] = PACKAGES) -> dict[str, set[str]]:
    """Module -> the modules of ``packages`` it imports anywhere in its code."""
    modules = module_files(root, packages)

    def known(name: str) -> str | None:
        while name and name not in modules:  # ``privlint.types.Finding`` -> ``privlint.types``
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, (path, is_package) in modules.items():
        package = module if is_package else module.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
            if isinstance(node, ast.Import):
                edges.update(filter(None, (known(alias.name) for alias in node.names)))
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # ``from . import x``, ``from ..engine import run``
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"  # ``from privlint import api``
                    found = submodule if submodule in modules else known(source)
                    if found:
                        edges.add(found)
        edges.discard(module)
        graph[module] = edges
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected component of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [_one_cycle(graph, set(component)) for component in components]


def _one_cycle(graph: Mapping[str, set[str]], component: set[str]) -> list[str]:
    """A shortest way round the component from its first module, for the failure message."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for target in sorted(graph[module] & component):
                if target == start:
                    return [*paths[module], start]
                if target not in paths:
                    paths[target] = [*paths[module], target]
                    following.append(target)
        frontier = following
    raise AssertionError("a strongly connected component always has a cycle")


def test_no_import_cycle_between_privlint_modules():
    graph = import_graph(REPOSITORY)
    assert "privlint.pipeline" in graph and "policy_model.loader" in graph  # the walk found the packages
    found = cycles(graph)
    assert not found, "import cycles (each module imports the next):\n" + "\n".join(" -> ".join(c) for c in found)


# What runs the rules, never what the rules use: a rule that reads the config, loads plugins or filters by
# baseline would be orchestration again, inside ``checks/`` (issue 20).
ABOVE_THE_RULES = (
    "privlint.api",
    "privlint.pipeline",
    "privlint.project",
    "privlint.cli",
    "privlint.commands",
    "privlint.config",
    "privlint.plugin_manager",
    "privlint.engine",
    "privlint.discovery",
    "privlint.suppressions",
    "privlint.baseline",
    "privlint.diffing",
    "privlint.reporters",
    "privlint.report",
)


def test_the_rules_do_not_import_the_pipeline():
    graph = import_graph(REPOSITORY)
    upward = {
        module: sorted(t for t in targets if t.startswith(ABOVE_THE_RULES))
        for module, targets in graph.items()
        if module.startswith("privlint.checks") and module != "privlint.checks.testing"  # runs examples, for tests
    }
    assert "privlint.checks.runner" in upward
    assert not {module: targets for module, targets in upward.items() if targets}


def test_the_walk_sees_every_kind_of_import(tmp_path: Path):
    """The check can fail: a cycle through a function-level, a TYPE_CHECKING or a relative import is found."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..c import C\n"
    )
    (package / "c.py").write_text("import pkg.a as a\nfrom pkg import sub\n")
    (package / "d.py").write_text("from pkg.a import f\n")  # imports into the cycle: not part of it
    graph = import_graph(tmp_path, ["pkg"])
    assert graph["pkg.c"] == {"pkg.a", "pkg.sub"}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]
    (package / "a.py").write_text("def f():\n    pass\n")
    assert cycles(import_graph(tmp_path, ["pkg"])) == []
