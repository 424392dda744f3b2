"""When the program is solved: the solver's state, the worklist run to a fixpoint, and keeping it.

``Solver`` holds every table the layers below read and fill (``Solver.__init__`` lists them), takes
files as they are parsed (``add``, which keeps the result independent of the order they come in), runs
the worklist (``solve``), and is what a run keeps: pickled without function bodies (``__getstate__``),
resumed after an edit by clearing only what depends on it (``invalidate``). Separate from the layers
because this is the one module that knows the program as a whole and how it is stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from privlint.catalogue import Catalogue
from privlint.engine.classify import split_words
from privlint.engine.index import SinkIndex
from privlint.engine.solve.effects import CallEffects
from privlint.engine.solve.resolution import _Function
from privlint.engine.solve.sinks import EffectKey, FlowKey, SinkKey, _keep_best
from privlint.engine.solve.values import FieldKey, Origin, Value
from privlint.engine.summary import ClassSummary, FileSummary, FunctionSummary
from privlint.types import Flow, Location, Sink, TraceStep

# Words in class names that say what kind of class it is, not whose data it holds.
GENERIC_CLASS_WORDS = frozenset(
    {"form", "serializer", "model", "schema", "in", "out", "create", "update", "base", "input", "output", "data"}
)


@dataclass
class Solution:
    flows: list[Flow]
    wanted_modules: set[str] = field(default_factory=set)  # modules the prefilter skipped but a flow enters


class Solver(CallEffects):
    """The whole solver: every layer, over the tables made here (what each holds is said where it is made)."""

    def __init__(self, summaries: list[FileSummary], catalogue: Catalogue, skipped_modules: Iterable[str] = ()) -> None:
        self.summaries: list[FileSummary] = []
        self.catalogue = catalogue
        self.sinks = SinkIndex(catalogue)
        self.skipped_modules = set(skipped_modules)
        self.functions: dict[str, _Function] = {}
        self.classes: dict[str, ClassSummary] = {}
        self.bindings: dict[str, str] = {}
        self.constants: dict[str, str] = {}
        self.dispatch: dict[str, tuple[str, ...]] = {}  # ``mod.TABLE[]`` -> the callables the table holds
        self.hashing_setters: set[str] = set()  # attributes some project class hashes when set
        self.modules: set[str] = set()
        self.field_sources: dict[str, list[tuple[Origin, frozenset[str], str]]] = defaultdict(list)
        self.model_fields: dict[str, list[Origin]] = defaultdict(list)  # class -> every personal field it declares
        self.entered: dict[str, set[str]] = defaultdict(set)  # unparsed module -> functions that call into it
        # growing summaries
        self.ret: dict[str, Value] = defaultdict(dict)
        # function -> (parameter, sink, sanitizer, categories-only-or-None) -> trace inside the function
        self.sink_effects: dict[str, dict[EffectKey, tuple[TraceStep, ...]]] = defaultdict(dict)
        self.field_effects: dict[str, set[FieldKey]] = defaultdict(set)  # "f:param" -> {(cls, attr)}
        self.item_params: dict[str, set[str]] = defaultdict(set)  # function -> the ``param[key]`` items it reads
        self.field_taint: dict[FieldKey, Value] = defaultdict(dict)
        self.callers: dict[str, set[str]] = defaultdict(set)
        self.readers: dict[FieldKey, set[str]] = defaultdict(set)
        self.writes: dict[str, set[FieldKey]] = defaultdict(set)  # function -> fields it put sources in
        # the flows each function found, best per key: a function solved again replaces only its own
        self.contributions: dict[str, dict[FlowKey, tuple[tuple[int, int], Flow]]] = defaultdict(dict)
        self.wanters: dict[str, set[str]] = defaultdict(set)  # unparsed module -> functions passing it data
        self.field_users: dict[int, set[str]] = defaultdict(set)  # file -> functions reading its typed fields
        # call target key -> the unparsed module it went into: once that module is parsed, a call
        # through the same key that carries data still counts as wanting it (see ``wanters``)
        self.tito_keys: dict[tuple[str, bool, str], str] = {}
        self.loaded: set[int] = set()  # summaries whose function bodies are here (see ``__getstate__``)
        self.body_loader: Callable[[int], FileSummary] | None = None  # raises when a body is gone
        self.sink_info: dict[SinkKey, tuple[Sink, Location, str | None, str]] = {}
        self._resolved: dict[str, str] = {}
        self._targets: dict[tuple[str, bool, str], tuple[str, object]] = {}
        self.wanted: set[str] = set()
        self._methods_by_name: dict[str, list[str]] | None = None
        self._subclasses: dict[str, list[str]] | None = None  # class -> its project subclasses (``_overrides``)
        self._current = ""
        self._pending = False  # the sink being keyed waits for a module to be parsed
        self._thing_rows: dict[str, bool] = {}  # storage callee -> it writes a thing's row (``_names_a_thing``)
        self.add(summaries)

    def add(self, summaries: Iterable[FileSummary]) -> list[str]:
        """Register more file summaries (files parsed on demand); return the functions to solve:
        theirs, and those whose calls now resolve differently, cleared with what depends on them
        (``invalidate``), so the fixpoint does not depend on the order files were parsed in."""
        previous = dict(self._targets)
        old_resolved = dict(self._resolved)
        new_modules: set[str] = set()
        new_names: set[str] = set()  # what the new files define, module-qualified
        new_methods: set[str] = set()
        added: list[str] = []
        for summary in summaries:
            new_modules.add(summary.module)
            new_names.update(f"{summary.module}.{name}" for name in (*summary.bindings, *summary.constants))
            new_names.update(f.qualname for f in summary.functions)
            new_names.update(c.qualname for c in summary.classes)
            index = len(self.summaries)
            self.summaries.append(summary)
            self.loaded.add(index)
            self.modules.add(summary.module)
            self.skipped_modules.discard(summary.module)
            for name, ref in summary.bindings.items():
                self.bindings[f"{summary.module}.{name}"] = ref
            for name, text in summary.constants.items():
                self.constants[f"{summary.module}.{name}"] = text
            for name, refs in summary.dispatch.items():
                self.dispatch[f"{summary.module}.{name}[]"] = refs
            self.hashing_setters.update(summary.hashing_setters)
            for function in summary.functions:
                self.functions[function.qualname] = _Function(function, index, summary.path)
                added.append(function.qualname)
                if function.kind == "method":
                    new_methods.add(function.qualname.rsplit(".", 1)[-1])
            for cls in summary.classes:
                self.classes[cls.qualname] = cls
            for hit in summary.fields:
                origin: Origin = ("S", (index, hit.source))
                self.model_fields[hit.cls].append(origin)
                if hit.named:
                    continue
                words = frozenset(split_words(hit.cls.rsplit(".", 1)[-1])) - GENERIC_CLASS_WORDS
                self.field_sources[hit.name].append((origin, words, hit.cls))
        self.roots = {m.split(".", 1)[0] for m in self.modules | self.skipped_modules}
        self._resolved.clear()
        self._targets.clear()
        self._methods_by_name = None
        self._subclasses = None
        self.wanted = set()
        if not previous:
            return added
        if len(self.loaded) < len(self.summaries):
            stale = set(self.functions)  # a resumed program without every body: everything is solved again
        else:
            stale = self._retargeted(previous, old_resolved, new_modules, new_names, new_methods)
        cone, rerun = self.invalidate(stale)
        return [*added, *sorted(cone | rerun)]

    def sourcing_modules(self) -> dict[str, set[str]]:
        """Module-level functions that return concrete personal data, and (``module:``) their modules,
        each with the functions that make it so.

        Methods are left out on purpose: ``from app.models import User`` is imported everywhere, and
        what a method returns reaches an importer only through objects, which are not typed here."""
        found: dict[str, set[str]] = {}
        for qualname, value in self.ret.items():
            fn = self.functions[qualname]
            if fn.summary.kind != "function" or not any(atom[0][0] == "S" for atom in value):
                continue
            module = self.summaries[fn.file].module
            if qualname.count(".") == module.count(".") + 1:
                found.setdefault(qualname, set()).add(qualname)
                found.setdefault(f"module:{module}", set()).add(qualname)
        return found

    def solve(self, start: Iterable[str] | None = None) -> Solution:
        """Run the worklist to a fixpoint, from ``start`` (default: every function)."""
        worklist = sorted(set(self.functions if start is None else start) & set(self.functions))
        queued = set(worklist)
        rounds = 0
        limit = 20 * max(1, len(self.functions))  # a safety net: real programs converge far below it
        while worklist and rounds < limit:
            rounds += 1
            name = worklist.pop()
            queued.discard(name)
            for dependent in sorted(self._evaluate(self._with_body(self.functions[name]))):
                if dependent not in queued and dependent in self.functions:
                    queued.add(dependent)
                    worklist.append(dependent)
        best: dict[FlowKey, tuple[tuple[int, int], Flow]] = {}
        for found in self.contributions.values():
            for key, candidate in found.items():
                _keep_best(best, key, candidate)
        return Solution(sorted(flow for _, flow in best.values()), self.wanted)

    def __getstate__(self) -> dict[str, object]:
        """Everything but the function bodies and the catalogue: the name tables, sources and what
        was solved are enough to resolve calls; a body is loaded again only to re-evaluate it.
        (Summaries keep just their sources: their names are in the tables already.)"""
        state = dict(self.__dict__)
        loaded = self.loaded  # the others hold no bodies already (unpickled that way)
        state["summaries"] = [_sources_only(s) if i in loaded else s for i, s in enumerate(self.summaries)]
        state["functions"] = {
            name: _Function(_header(fn.summary), fn.file, fn.path) if fn.file in loaded else fn
            for name, fn in self.functions.items()
        }
        for name in ("catalogue", "sinks", "body_loader", "_methods_by_name", "_subclasses"):
            state[name] = None
        state["_thing_rows"] = {}  # decided by the catalogue, which is not kept either
        state["loaded"] = set()
        return state

    def attach(self, catalogue: Catalogue, body_loader: Callable[[int], FileSummary]) -> None:
        """Make an unpickled solver usable: the catalogue it was solved with, and where bodies come from."""
        self.catalogue = catalogue
        self.sinks = SinkIndex(catalogue)
        self.body_loader = body_loader

    def replace(self, index: int, summary: FileSummary) -> list[str]:
        """Put an edited file's summary in place of the one at ``index``; the caller guarantees the
        file's interface (names, classes, bindings, typed fields) is unchanged."""
        self.summaries[index] = summary
        self.loaded.add(index)
        for function in summary.functions:
            self.functions[function.qualname] = _Function(function, index, summary.path)
        return [function.qualname for function in summary.functions]

    def invalidate(self, changed: Iterable[str]) -> tuple[set[str], set[str]]:
        """Forget what ``changed`` functions and everything depending on them concluded (their
        callers, the readers of fields they filled, transitively). Return that cone, and the other
        functions to evaluate again (writers of the fields the cone cleared); the cone and those
        are where solving resumes. What the rest of the program concluded stays: it does not
        depend on the cone."""
        cone: set[str] = set()
        stack = list(changed)
        while stack:
            name = stack.pop()
            if name in cone:
                continue
            cone.add(name)
            stack.extend(self.callers.get(name, ()))
            for key in self.writes.get(name, ()):
                stack.extend(self.readers.get(key, ()))
        cleared: set[FieldKey] = set()
        for name in cone:
            self.ret.pop(name, None)
            self.sink_effects.pop(name, None)
            self.contributions.pop(name, None)
            cleared |= self.writes.pop(name, set())
        for effect_key in [k for k in self.field_effects if k.rpartition(":")[0] in cone]:
            del self.field_effects[effect_key]
        for key in cleared:
            self.field_taint.pop(key, None)
        for edges in (
            *self.callers.values(),
            *self.readers.values(),
            *self.field_users.values(),
            *self.wanters.values(),
        ):
            edges -= cone  # the cone's own evaluation records its edges again
        rerun = {writer for writer, keys in self.writes.items() if keys & cleared}
        self.wanted = set()
        return cone, rerun

    def _with_body(self, fn: _Function) -> _Function:
        if fn.file in self.loaded or self.body_loader is None:
            return fn
        self.replace(fn.file, self.body_loader(fn.file))
        return self.functions[fn.summary.qualname]


def _header(summary: FunctionSummary) -> FunctionSummary:
    return FunctionSummary(
        summary.qualname,
        summary.line,
        summary.params,
        summary.vararg,
        summary.kwarg,
        summary.kind,
        summary.cls,
        return_ref=summary.return_ref,
    )


def _sources_only(summary: FileSummary) -> FileSummary:
    """What the solver, and the result it makes, read from a file's summary once its names are in the solver's
    tables: its sources, and the file-level facts (a demo-data generator, an error tracker's installer, a
    sink switch)."""
    return FileSummary(
        summary.path,
        summary.module,
        sources=summary.sources,
        fields=summary.fields,
        demo=summary.demo,
        captures=summary.captures,
        switches=summary.switches,
    )
