"""Whole-program solving: from per-file summaries to flows.

Each function gets a summary that grows monotonically until nothing changes (a worklist over the
call graph, so cycles terminate): which of its parameters reach which sinks, what its return value
carries (its own parameters or concrete sources), and which parameters it stores in ``self``
fields. A value is a set of *atoms* ``(origin, sanitizer) -> trace`` where the origin is either a
concrete source hit or one of the function's parameters; only the best (shortest) trace of an
atom is kept, which is what makes the iteration finite.

Every dependency the fixpoint follows is recorded (callers, readers and writers of fields, who
asked for an unparsed module), so a solved program can be kept and, after an edit that leaves
every file's interface alone, only the functions that depend on the edited ones are cleared and
solved again (``invalidate``); see ``privlint.engine.incremental``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urlsplit

from privlint.catalogue import Catalogue, SinkRule
from privlint.discovery import NAMESPACE_MARK
from privlint.engine.classify import split_words
from privlint.engine.index import SinkIndex, split_path
from privlint.engine.summary import (
    STORE_PREFIX,
    CallSite,
    ClassSummary,
    FileSummary,
    FunctionSummary,
    Labels,
    SourceHit,
)
from privlint.test_code import is_test_code
from privlint.types import Flow, Location, Sink, Source, TraceStep

Origin = tuple[str, object]  # ("S", (file index, source index)) | ("P", parameter name)
AtomKey = tuple[Origin, str | None]  # origin, sanitizer
Value = dict[AtomKey, tuple[TraceStep, ...]]
SinkKey = tuple[str, int, int, str, str, str | None, str | None, str | None, str]
EffectKey = tuple[str, SinkKey, str | None, tuple[str, ...] | None]
FieldKey = tuple[str, str]  # (class, attribute)
FlowKey = tuple[str, SinkKey, bool]

MAX_TRACE = 16
_LITERAL_CALL = re.compile(r"\([^)*]")
MAX_RESOLVE = 8
# Calls whose result says nothing about the person whatever goes in (Python semantics, not vendors).
NON_PROPAGATING = frozenset(
    {
        "len", "bool", "isinstance", "issubclass", "hasattr", "callable", "id", "type", "hash",
        "exists", "count", "startswith", "endswith", "isdigit", "isalpha", "isalnum", "isidentifier",
        "index", "find", "rfind", "validate_email", "is_valid", "match", "fullmatch", "search",
        # password checks answer yes/no (and, with pwdlib/passlib, a new *hash* of the password)
        "verify_password", "check_password", "checkpw", "verify_and_update", "compare_digest",
    }
)  # fmt: skip
# Enqueuing a task (Celery, Dramatiq, Huey, RQ-style decorators): ``task.delay(x)`` runs ``task(x)`` later.
TASK_CALLS = frozenset({"delay", "apply_async", "s", "si", "signature", "send", "send_with_options", "schedule"})
PACKED_TASK_CALLS = frozenset({"apply_async", "signature", "send_with_options", "schedule"})
# Handing data over: what comes back is a response, a status or a count, not the data sent
# (``response = message.send(to=email)`` then ``log(response)`` logs no email).
HANDOVERS = frozenset(
    {
        "send", "send_message", "sendmail", "send_mail", "post", "put", "patch", "publish", "emit", "deliver",
        "submit", "commit", "flush", "write", "writerow", "writerows", "upload", "upload_file", "put_object",
    }
)  # fmt: skip
# Queries: the result is *selected by* the arguments, it does not carry them
# (``User.objects.get(email=email)`` is a user, not an email; a later ``user.save()`` stores nothing new).
LOOKUPS = frozenset(
    {
        "get", "filter", "exclude", "filter_by", "where", "select", "order_by", "first", "last", "all", "values",
        "values_list", "get_object_or_404", "get_list_or_404", "annotate", "select_related", "prefetch_related",
        "only", "defer", "query", "one", "one_or_none", "scalar", "scalars", "find", "find_one", "fetchone",
        "fetchall", "fetchmany", "lookup", "retrieve", "get_or_none", "get_by", "limit", "offset", "distinct",
        "aggregate", "in_bulk", "latest", "earliest",
    }
)  # fmt: skip


# Words in class names that say what kind of class it is, not whose data it holds.
GENERIC_CLASS_WORDS = frozenset(
    {"form", "serializer", "model", "schema", "in", "out", "create", "update", "base", "input", "output", "data"}
)
# Method names too common to resolve by name alone on an object of unknown type.
GENERIC_METHODS = frozenset(
    {
        "save", "send", "get", "post", "put", "patch", "write", "close", "run", "execute", "update", "delete",
        "create", "add", "set", "call", "process", "handle", "clean", "validate", "render", "format", "dispatch",
        "start", "stop", "open", "read", "load", "dump", "dumps", "loads", "emit", "log", "info", "debug",
        "warning", "error", "exception", "critical", "append", "extend", "remove", "pop", "copy", "items",
        "keys", "values", "encode", "decode", "join", "split", "strip", "lower", "upper", "replace", "track",
        "identify", "capture", "publish", "notify", "request", "fetch", "commit", "flush", "refresh", "reset",
        "init", "setup", "build", "apply", "submit", "serialize", "to_dict", "as_dict", "json", "text",
    }
)  # fmt: skip


@dataclass
class _Function:
    summary: FunctionSummary
    file: int
    path: str


@dataclass
class Solution:
    flows: list[Flow]
    wanted_modules: set[str] = field(default_factory=set)  # modules the prefilter skipped but a flow enters


class Solver:
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
        stale = self._retargeted(previous, old_resolved, new_modules, new_names, new_methods)
        cone, rerun = self.invalidate(stale)
        return [*added, *sorted(cone | rerun)]

    def _retargeted(
        self,
        previous: dict[tuple[str, bool, str], tuple[str, object]],
        old_resolved: dict[str, str],
        new_modules: set[str],
        new_names: set[str],
        new_methods: set[str],
    ) -> set[str]:
        """Functions with a call that resolved one way before the new files were parsed and
        resolves another way now (through a name they define, a method name no longer unique),
        and methods of classes whose bases they define. A call that went into a module not parsed
        yet gave nothing and only grows now: its callers are solved again without being cleared."""
        if len(self.loaded) < len(self.summaries):
            return set(self.functions)  # a resumed program without every body: everything is solved again
        changed: set[tuple[str, bool, str]] = set()
        for key, before in previous.items():
            if before[0] == "tito" and before[1] in new_modules:
                continue
            callee, _, typed = key
            inner = callee[6:] if callee.startswith("raise.") else callee
            refs = (inner, typed, old_resolved.get(inner, ""))
            touched = any(_through(ref, new_names) for ref in refs if ref) or callee.startswith(STORE_PREFIX)
            if not touched and _bare(split_path(old_resolved.get(inner, inner))[-1]) not in new_methods:
                continue
            if self.target(*key) != before:
                changed.add(key)
            elif before[0] in ("method", "function") and str(before[1]).rpartition(".")[2] in new_methods:
                changed.add(key)  # the new files may override it (``_overrides``)
        stale: set[str] = set()
        if changed:  # the callers are read off the bodies' call sites: every body is here
            for name, fn in self.functions.items():
                if any((site.callee, site.bound, site.typed) in changed for site in fn.summary.calls):
                    stale.add(name)
        rebased = {
            cls.qualname
            for cls in self.classes.values()
            if any(_through(old_resolved.get(base, base), new_names) for base in cls.bases)
        }
        if rebased:
            stale |= {name for name, fn in self.functions.items() if fn.summary.cls in rebased}
        return stale

    # -- name resolution -------------------------------------------------------------------------

    def resolve(self, ref: str) -> str:
        cached = self._resolved.get(ref)
        if cached is not None:
            return cached
        current = ref
        for _ in range(MAX_RESOLVE):
            new = self._step(current)
            if new == current:
                break
            current = new
        self._resolved[ref] = current
        return current

    def _step(self, ref: str) -> str:
        segments = split_path(ref)
        top = segments[0]
        if NAMESPACE_MARK in top and top not in self.roots:
            # an absolute import read in a file's namespace (``module_names``) that the namespace does not
            # define: the plain module (``stripe``, a shared library at the project root)
            return _join([top[top.rfind(NAMESPACE_MARK) + 1 :], *segments[1:]])
        for n in range(len(segments), 0, -1):
            head = segments[:n]
            if any(_has_call(s) for s in head[:-2]):
                continue
            owner_is_instance = n >= 2 and _has_call(head[-2])
            last = head[-1]
            bare = _bare(last)
            rest = segments[n:]
            suffix = last[len(bare) :]
            if owner_is_instance:
                # ``Service().client`` / ``Service().client.track``: attributes of a project instance
                owner = ".".join([*head[:-2], _bare(head[-2])])
                if owner in self.classes and not suffix:
                    attr_ref = self._class_attr_ref(owner, bare)
                    if attr_ref:
                        return _join([attr_ref, *rest])
                continue
            key = ".".join([*head[:-1], bare])
            if key in self.bindings and self.bindings[key] != key:
                return _join([self.bindings[key] + suffix, *rest])
            if suffix and key in self.functions and self.functions[key].summary.return_ref:
                return _join([str(self.functions[key].summary.return_ref), *rest])
            if n >= 2 and suffix == "":
                owner = ".".join(head[:-1])
                attr_ref = self._class_attr_ref(owner, bare)
                if attr_ref:
                    return _join([attr_ref, *rest])
        return ref

    def _bases(self, cls: str, seen: set[str] | None = None) -> list[str]:
        """The class and its project bases, nearest first."""
        seen = seen or set()
        if cls in seen or cls not in self.classes:
            return []
        seen.add(cls)
        out = [cls]
        for base in self.classes[cls].bases:
            out.extend(self._bases(self.resolve(base), seen))
        return out

    def _external_bases(self, cls: str) -> list[str]:
        found = []
        for project_cls in self._bases(cls):
            for base in self.classes[project_cls].bases:
                resolved = self.resolve(base)
                if resolved not in self.classes:
                    found.append(resolved)
        return found

    def _method(self, cls: str, name: str) -> str | None:
        for owner in self._bases(cls):
            if f"{owner}.{name}" in self.functions:
                return f"{owner}.{name}"
        return None

    def _class_attr_ref(self, cls: str, name: str) -> str | None:
        for owner in self._bases(cls):
            ref = self.classes[owner].attr_refs.get(name)
            if ref:
                return ref
        return None

    def target(self, callee: str, bound: bool, typed: str = "") -> tuple[str, object]:
        """What a call is: ("function"|"method", qualname), ("class", init-or-None), ("sink", rule),
        ("sanitizer", name), ("lookup"|"none", None) or ("tito", module-not-parsed-yet-or-None).
        ``typed`` is the same callee seen through a parameter annotation, tried when the name alone
        says nothing."""
        key = (callee, bound, typed)
        cached = self._targets.get(key)
        if cached is None:
            cached = self._target(callee)
            if typed and cached[0] in ("tito", "none"):
                alternative = self._target(typed)
                if alternative[0] not in ("tito", "none"):
                    cached = alternative
            self._targets[key] = cached
        return cached

    def _target(self, callee: str) -> tuple[str, object]:
        if not callee:
            return ("tito", None)
        if callee.startswith(STORE_PREFIX):
            attribute = callee[len(STORE_PREFIX) :]
            return ("sanitizer", f"{attribute} setter (hash)") if attribute in self.hashing_setters else ("store", None)
        if callee == "raise" or callee.startswith("raise."):
            inner = self.resolve(callee[6:]) if callee != "raise" else ""
            names = ["raise", *(f"raise.{c}" for c in self._candidates(inner))] if inner else ["raise"]
            rule = self.sinks.sink_for(names)
            return ("sink", rule) if rule is not None else ("none", None)
        resolved = self.resolve(callee)
        table = self.dispatch.get(resolved)
        if table is not None:
            return ("dispatch", table)
        candidates = self._candidates(resolved)
        sanitizer = self.sinks.sanitizer_for(candidates)
        if sanitizer is not None:
            return ("sanitizer", _display(resolved))
        rule = self.sinks.sink_for(candidates)
        if rule is not None and "*" not in rule.pattern:
            # a sink named exactly (a catalogue entry for an in-repo wrapper) wins over following the
            # wrapper's body: the user declared what it is, whatever the body happens to mention
            return ("sink", rule)
        if resolved in self.functions:
            return ("function", resolved)
        segments = split_path(resolved)
        if len(segments) >= 2 and _bare(segments[-1]) in TASK_CALLS:
            task = ".".join(segments[:-1])
            if task in self.functions:
                return ("task", (task, _bare(segments[-1])))
        if len(segments) >= 2:
            owner = ".".join([*segments[:-2], _bare(segments[-2])])
            if owner in self.classes:
                method = self._method(owner, _bare(segments[-1]))
                if method:
                    return ("method" if _has_call(segments[-2]) else "function", method)
            if segments[0].startswith("$") or segments[0] in self.roots:
                unique = self._unique_method(_bare(segments[-1]))
                if unique:
                    return ("method", unique)
        bare = resolved.removesuffix("()")
        if bare in self.classes:
            return ("class", self._method(bare, "__init__"))
        if rule is not None and not (rule.pattern.endswith(".**") and _bare(segments[-1])[:1].isupper()):
            # an SDK's class being instantiated (``Mail(...)``) sends nothing yet: the object carries
            # the data to the call that does (``client.send(message)``)
            return ("sink", rule)
        if _bare(segments[-1]) in NON_PROPAGATING:
            return ("none", None)
        if _bare(segments[-1]) in LOOKUPS or ".objects." in resolved:
            return ("lookup", None)
        if segments[0] in self.roots:
            for n in range(len(segments), 0, -1):
                module = ".".join(segments[:n])
                if module in self.skipped_modules:
                    return ("tito", module)  # defined in a file not parsed yet
        return ("tito", None)

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

    def _overrides(self, method: str) -> list[str]:
        """Methods of project subclasses that override ``method`` (``pkg.Base.send`` -> ``pkg.Sms.send``)."""
        if self._subclasses is None:
            self._subclasses = defaultdict(list)
            for cls in sorted(self.classes):
                for ancestor in self._bases(cls)[1:]:
                    self._subclasses[ancestor].append(cls)
        owner, _, name = method.rpartition(".")
        return [f"{sub}.{name}" for sub in self._subclasses.get(owner, ()) if f"{sub}.{name}" in self.functions]

    def _unique_method(self, name: str) -> str | None:
        """``client.upsert_contact(...)`` on a parameter: the one project method with that name, if
        there is exactly one and the name is distinctive (not ``save``/``send``/``get``...)."""
        if self._methods_by_name is None:
            self._methods_by_name = defaultdict(list)
            for qualname, fn in self.functions.items():
                if fn.summary.kind == "method":
                    self._methods_by_name[qualname.rsplit(".", 1)[-1]].append(qualname)
        if name.startswith("__") or name in GENERIC_METHODS or name in LOOKUPS:
            return None
        found = self._methods_by_name.get(name, [])
        return found[0] if len(found) == 1 else None

    def _candidates(self, resolved: str) -> list[str]:
        names = [resolved]
        stripped = _strip_literals(resolved)
        if stripped != resolved:
            names.append(stripped)
        segments = split_path(resolved)
        for n in range(len(segments), 0, -1):
            cls = ".".join([*segments[: n - 1], _bare(segments[n - 1])])
            if cls in self.classes:
                suffix = segments[n - 1][len(_bare(segments[n - 1])) :]
                for base in self._external_bases(cls):
                    names.append(_join([base + suffix, *segments[n:]]))
                break
        if len(segments) >= 2 and (segments[0].startswith("$") or segments[0] in self.roots):
            tail = _join(segments[-2:])
            names.append(tail if tail.startswith("$") else f"${tail}")
        return names

    # -- values ----------------------------------------------------------------------------------

    def _value(self, labels: Labels, fn: _Function, call_values: list[Value]) -> Value:
        out: Value = {}
        for kind, payload in labels:
            if kind == "src":
                _add(out, (("S", (fn.file, payload)), None), ())
            elif kind == "param":
                _add(out, (("P", payload), None), ())
                if "[" in str(payload):
                    self.item_params[fn.summary.qualname].add(str(payload))
            elif kind == "call":
                index = int(payload)  # type: ignore[call-overload]
                if index < len(call_values):
                    for atom, trace in call_values[index].items():
                        _add(out, atom, trace)
            elif kind == "self" and fn.summary.cls:
                classes = self._bases(fn.summary.cls)
                for cls in classes:
                    key = (cls, str(payload))
                    self.readers[key].add(fn.summary.qualname)
                    for atom, trace in self.field_taint.get(key, {}).items():
                        _add(out, atom, trace)
                for origin, _, cls in self.field_sources.get(str(payload), ()):
                    if cls in classes:
                        self.field_users[_file_of(origin)].add(fn.summary.qualname)
                        _add(out, (origin, None), ())
            elif kind == "model":
                # a request body: every personal field of the class and its bases, but a password, which an
                # input schema carries to be hashed or checked (a read of ``body.password`` still names it)
                for cls in self._bases(self.resolve(str(payload))):
                    for origin in self.model_fields.get(cls, ()):
                        if not self._source(origin)[1].category.startswith("user.authorization.password"):
                            self.field_users[_file_of(origin)].add(fn.summary.qualname)
                            _add(out, (origin, None), ())
            elif kind == "attr":
                attr_name, words = cast(tuple[str, str], payload)
                tokens = set(words.split())
                for origin, class_words, cls in self.field_sources.get(attr_name, ()):
                    # the receiver is of that class (``LeadSerializer()``), or is named after it
                    # (``profile.contact`` for ``Profile``; ``email_form`` for ``EmailForm``)
                    if cls.rsplit(".", 1)[-1] in tokens or (class_words and class_words <= tokens):
                        self.field_users[_file_of(origin)].add(fn.summary.qualname)
                        _add(out, (origin, None), ())
        return out

    def _source(self, origin: Origin) -> tuple[Source, SourceHit]:
        file_index, source_index = cast(tuple[int, int], origin[1])
        summary = self.summaries[file_index]
        hit = summary.sources[source_index]
        return Source(summary.path, hit.line, hit.column, hit.evidence), hit

    # -- the fixpoint ------------------------------------------------------------------------------

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

    # -- keeping a solved program ------------------------------------------------------------------

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

    def _evaluate(self, fn: _Function) -> set[str]:
        """Evaluate one function against the current summaries; return functions to revisit."""
        summary = fn.summary
        self._current = summary.qualname
        qualname = summary.qualname
        changed_self = False
        dirty: set[str] = set()
        call_values: list[Value] = []
        for index, site in enumerate(summary.calls):
            call_values.append(self._call(fn, index, site, call_values, dirty))
        # stores into self fields
        for attr, labels, line in summary.self_stores:
            if not summary.cls:
                continue
            value = self._value(labels, fn, call_values)
            key = (summary.cls, attr)
            for atom, trace in value.items():
                origin = atom[0]
                if origin[0] == "P":
                    effect_key = f"{qualname}:{origin[1]}"
                    if key not in self.field_effects[effect_key]:
                        self.field_effects[effect_key].add(key)
                        changed_self = True
                else:
                    step = TraceStep(fn.path, line, f"stored in self.{attr}")
                    self.writes[qualname].add(key)
                    if _add(self.field_taint[key], atom, (*trace, step)):
                        dirty |= self.readers[key]
        returned = self._value(summary.returns, fn, call_values)
        for atom, trace in returned.items():
            if _add(self.ret[qualname], atom, trace):
                changed_self = True
        if changed_self:
            dirty |= self.callers[qualname]
        return dirty

    def _args(
        self, site: CallSite, fn: _Function, call_values: list[Value]
    ) -> tuple[list[Value], dict[str, Value], Value]:
        args = [self._value(a, fn, call_values) for a in site.args]
        kwargs = {k: self._value(v, fn, call_values) for k, v in site.kwargs}
        spread = self._value(site.spread, fn, call_values)
        return args, kwargs, spread

    def _call(self, fn: _Function, index: int, site: CallSite, call_values: list[Value], dirty: set[str]) -> Value:
        key = (site.callee, site.bound, site.typed)
        kind, detail = self.target(*key)
        if kind == "none":
            return {}
        args, kwargs, spread = self._args(site, fn, call_values)
        receiver = self._value(site.receiver, fn, call_values)
        if kind == "sanitizer":
            out: Value = {}
            for value in (*args, *kwargs.values(), spread, receiver):
                for (origin, sanitizer), trace in value.items():
                    _add(out, (origin, sanitizer or str(detail)), trace)
            return out
        if kind == "sink":
            self._sink(fn, site, detail, args, kwargs, spread, receiver, dirty)  # type: ignore[arg-type]
            return {}
        if kind == "lookup":
            return dict(receiver)
        if kind == "store":
            return args[0] if args else {}  # a plain attribute: the object holds the value as it is
        if kind == "dispatch":
            # ``PROVIDERS[channel](addr, text)``: any of the table's callables may run
            out = {}
            for ref in cast(tuple[str, ...], detail):
                each = dataclasses.replace(site, callee=ref)
                for atom, trace in self._call(fn, index, each, call_values, dirty).items():
                    _add(out, atom, trace)
            return out
        if kind == "task":
            return self._task(fn, site, detail, args, kwargs, spread, dirty, call_values)  # type: ignore[arg-type]
        if key in self.tito_keys and any((*args, *kwargs.values(), spread, receiver)):
            self.wanters[self.tito_keys[key]].add(fn.summary.qualname)
        if kind in ("function", "method") or (kind == "class" and detail):
            callee = self.functions[str(detail)]
            self.callers[callee.summary.qualname].add(fn.summary.qualname)
            bound = site.bound or kind != "function"
            keyed = self._keyed_values(site, fn, call_values)
            result = self._enter(fn, site, callee, args, kwargs, spread, dirty, bound, keyed)
            if callee.summary.kind == "method":
                # dynamic dispatch: the object may be of any subclass that overrides the method (a base
                # class's ``export`` calling ``self.build_payload()``, an abstract sender's ``send``)
                for override in self._overrides(str(detail)):
                    self.callers[override].add(fn.summary.qualname)
                    implementation = self.functions[override]
                    entered = self._enter(fn, site, implementation, args, kwargs, spread, dirty, True, keyed)
                    for atom, trace in entered.items():
                        _add(result, atom, trace)
            if kind != "class":
                return result
        if kind == "class" and site.objects:
            # ``Project(owner=user)`` refers to the user, it does not copy the user's data
            args = [a for i, a in enumerate(args) if str(i) not in site.objects]
            kwargs = {k: v for k, v in kwargs.items() if k not in site.objects}
        out = {}
        for value in (*args, *kwargs.values(), spread, receiver):
            for atom, trace in value.items():
                _add(out, atom, trace)
        if kind == "tito" and not detail and out and _bare(split_path(site.callee)[-1]) in HANDOVERS:
            return {}
        if kind == "tito" and detail:
            self.entered[str(detail)].add(fn.summary.qualname)
            if out:
                self.wanted.add(str(detail))
                self.wanters[str(detail)].add(fn.summary.qualname)
                self.tito_keys[key] = str(detail)
                return {}  # its real summary decides once the module is parsed
        return out

    def _task(
        self,
        fn: _Function,
        site: CallSite,
        detail: tuple[str, str],
        args: list[Value],
        kwargs: dict[str, Value],
        spread: Value,
        dirty: set[str],
        call_values: list[Value],
    ) -> Value:
        """``send_receipt.delay(email)`` runs ``send_receipt(email)`` in a worker: the data goes where the
        task sends it. ``apply_async(args=[...], kwargs={...})`` and signatures pass their arguments in
        containers, so every parameter may get any of them. A bound task (``bind=True``) receives the
        task itself first. What the call returns is a handle on the job, not the data."""
        name, how = detail
        callee = self.functions[name]
        self.callers[name].add(fn.summary.qualname)
        if how in PACKED_TASK_CALLS:
            packed: Value = {}
            for value in (*args, *kwargs.values(), spread):
                for atom, trace in value.items():
                    _add(packed, atom, trace)
            args, kwargs, spread = [], {}, packed
        params = callee.summary.params
        keyed = {} if how in PACKED_TASK_CALLS else self._keyed_values(site, fn, call_values)
        if params and params[0] == "self" and callee.summary.kind == "function":
            args = [{}, *args]
            keyed = {str(int(k) + 1) if k.isdigit() else k: v for k, v in keyed.items()}
        self._enter(fn, site, callee, args, kwargs, spread, dirty, False, keyed)
        return {}

    def _keyed_values(
        self, site: CallSite, fn: _Function, call_values: list[Value]
    ) -> dict[str, dict[str, Value] | str]:
        return {
            selector: info if isinstance(info, str) else {k: self._value(v, fn, call_values) for k, v in info}
            for selector, info in site.keyed
        }

    def _keyed_items(
        self, instance: bool, callee: FunctionSummary, keyed: dict[str, dict[str, Value] | str]
    ) -> dict[str, dict[str, Value] | str]:
        """The known items of each parameter, from the call's keyed arguments (``CallSite.keyed``)."""
        if not keyed:
            return {}
        params = list(callee.params)
        if callee.kind in ("method", "classmethod") and (instance or callee.kind == "classmethod"):
            params = params[1:]
        found: dict[str, dict[str, Value] | str] = {}
        for selector, info in keyed.items():
            if selector.isdigit():
                if int(selector) < len(params):
                    found[params[int(selector)]] = info
            elif selector in params:
                found[selector] = info
        return found

    @staticmethod
    def _item_value(bound: dict[str, Value], items: dict[str, dict[str, Value] | str], param: str) -> Value:
        """What ``param[key]`` is at this call: the item the caller put under that key (nothing when its dict
        has no such key), the caller's own parameter item when it passed a parameter on, else the whole
        argument (its keys are not known here)."""
        base, _, rest = param.partition("[")
        key = rest[:-1]
        info = items.get(base)
        if info is None:
            return bound.get(base, {})
        if isinstance(info, str):
            return {(("P", f"{info}[{key}]"), None): ()}
        return info.get(key, {})

    def _bind_params(
        self, instance: bool, callee: FunctionSummary, args: list[Value], kwargs: dict[str, Value], spread: Value
    ) -> dict[str, Value]:
        params = list(callee.params)
        if callee.kind in ("method", "classmethod") and (instance or callee.kind == "classmethod"):
            params = params[1:]
        positional = params
        bound: dict[str, Value] = {}
        for position, value in enumerate(args):
            if position < len(positional):
                bound.setdefault(positional[position], {}).update(value)
            elif callee.vararg:
                bound.setdefault(callee.vararg, {}).update(value)
        for keyword, value in kwargs.items():
            if keyword in params:
                bound.setdefault(keyword, {}).update(value)
            elif callee.kwarg:
                bound.setdefault(callee.kwarg, {}).update(value)
        if spread:
            for name in (callee.vararg, callee.kwarg, *params[len(args) :]):
                if name:
                    bound.setdefault(name, {}).update(spread)
        return bound

    def _enter(
        self,
        fn: _Function,
        site: CallSite,
        callee: _Function,
        args: list[Value],
        kwargs: dict[str, Value],
        spread: Value,
        dirty: set[str],
        instance: bool,
        keyed: dict[str, dict[str, Value] | str] | None = None,
    ) -> Value:
        target = callee.summary
        bound = self._bind_params(instance, target, args, kwargs, spread)
        items = self._keyed_items(instance, target, keyed or {})
        for param in sorted(self.item_params.get(target.qualname, ())):
            bound[param] = self._item_value(bound, items, param)
            for (origin, _), _ in bound[param].items():
                if origin[0] == "P" and "[" in str(origin[1]):
                    self.item_params[fn.summary.qualname].add(str(origin[1]))  # passed on: our callers resolve it
        short = target.qualname.rsplit(".", 2)
        shown = ".".join(short[-2:]) if target.kind in ("method", "classmethod", "staticmethod") else short[-1]
        # parameters reaching sinks inside the callee
        for (param, sink_key, sanitizer, only), inner in list(self.sink_effects.get(target.qualname, {}).items()):
            for (origin, atom_sanitizer), trace in bound.get(param, {}).items():
                step = TraceStep(fn.path, site.line, f"passed as argument to {shown}({param})", site.column)
                full = _cap((*trace, step, *inner))
                self._reach(fn, origin, atom_sanitizer or sanitizer, sink_key, full, dirty, only)
        # parameters stored in fields by the callee
        for param, value in bound.items():
            for key in self.field_effects.get(f"{target.qualname}:{param}", ()):
                for atom, trace in value.items():
                    if atom[0][0] == "P":
                        effect_key = f"{fn.summary.qualname}:{atom[0][1]}"
                        if key not in self.field_effects[effect_key]:
                            self.field_effects[effect_key].add(key)
                            dirty |= self.callers[fn.summary.qualname]
                    else:
                        step = TraceStep(fn.path, site.line, f"stored in {key[0].rsplit('.', 1)[-1]}.{key[1]}")
                        self.writes[fn.summary.qualname].add(key)
                        if _add(self.field_taint[key], atom, _cap((*trace, step))):
                            dirty |= self.readers[key]
        # the return value
        out: Value = {}
        for (origin, sanitizer), trace in self.ret.get(target.qualname, {}).items():
            step = TraceStep(fn.path, site.line, f"returned from {shown}()", site.column)
            if origin[0] == "P":
                for (inner_origin, inner_sanitizer), inner_trace in bound.get(str(origin[1]), {}).items():
                    _add(out, (inner_origin, inner_sanitizer or sanitizer), _cap((*inner_trace, step, *trace)))
            else:
                _add(out, (origin, sanitizer), _cap((*trace, step)))
        return out

    def _reach(
        self,
        fn: _Function,
        origin: Origin,
        sanitizer: str | None,
        sink_key: SinkKey,
        trace: tuple[TraceStep, ...],
        dirty: set[str],
        only: tuple[str, ...] | None = None,
    ) -> None:
        """``only``: the sink writes just these categories of this value (``save(update_fields=...)``)."""
        if origin[0] == "P":
            effects = self.sink_effects[fn.summary.qualname]
            key = (str(origin[1]), sink_key, sanitizer, only)
            if key not in effects or _better(trace, effects[key]):
                effects[key] = trace
                dirty |= self.callers[fn.summary.qualname]
            return
        source, hit = self._source(origin)
        if only is not None and hit.category not in only:
            return
        sink, location, purpose, function = self.sink_info[sink_key]
        flow = Flow(
            category=hit.category,
            sink=sink,
            location=location,
            source=source,
            trace=trace,
            sanitized=sanitizer is not None,
            sanitizer=sanitizer,
            function=function,
            purpose=purpose,
        )
        flow_key = (hit.category, sink_key, sanitizer is not None)
        demo = is_test_code(source.path) or self.summaries[cast(tuple[int, int], origin[1])[0]].demo
        production = 0 if demo else 10  # production evidence first, then the strongest
        _keep_best(self.contributions[fn.summary.qualname], flow_key, ((production + hit.strength, -len(trace)), flow))

    def _sink(
        self,
        fn: _Function,
        site: CallSite,
        rule: SinkRule,
        args: list[Value],
        kwargs: dict[str, Value],
        spread: Value,
        receiver: Value,
        dirty: set[str],
    ) -> None:
        data: list[Value] = [receiver, spread]
        # ``Profile.objects.create(user=user)`` stores a reference to the user, not a copy of its data;
        # a positional object (``session.add(customer)``) is the data itself.
        references = {k for k in site.objects if not k.isdigit()} if rule.kind == "storage" else set()
        # ``-password``/``-2``: every argument but these (``create_user`` hashes the password it stores)
        excluded = {selector[1:] for selector in rule.data_args if selector.startswith("-")}
        for selector in rule.data_args:
            if selector == "*":
                data.extend(a for i, a in enumerate(args) if str(i) not in excluded)
                data.extend(v for k, v in kwargs.items() if k not in references and k not in excluded)
            elif selector.isdigit():
                if int(selector) < len(args):
                    data.append(args[int(selector)])
            elif selector in kwargs:
                data.append(kwargs[selector])
        if not any(data):
            return
        self._pending = False
        sink_key = self._sink_key(fn, site, rule)
        if self._pending:
            return  # the destination host is in a module parsed next; this call is evaluated again then
        for position, value in enumerate(data):
            # ``obj.save(update_fields=[...])`` writes only the listed fields of the receiver
            only = site.written if position == 0 else None
            for (origin, sanitizer), trace in value.items():
                self._reach(fn, origin, sanitizer, sink_key, trace, dirty, only)

    def _sink_key(self, fn: _Function, site: CallSite, rule: SinkRule) -> SinkKey:
        if site.callee.startswith("raise."):
            callee = "raise " + _display(self.resolve(site.callee[6:]))
        else:
            callee = _display(self.resolve(site.callee))
        if "(" in callee and not _LITERAL_CALL.search(rule.pattern):
            callee = _strip_literals(callee)  # ``Mixpanel(token)`` is just ``Mixpanel()``; ``client(ses)`` stays
        host = self._host(site, rule)
        kind, recipient = rule.kind, rule.recipient
        if host and kind == "network":
            owner = self.catalogue.recipient_for_host(host)
            if owner is not None:
                kind, recipient = "third_party", owner.id
        function = fn.summary.qualname.removesuffix(".<module>")
        key: SinkKey = (fn.path, site.line, site.column, callee, kind, recipient, host, site.purpose, function)
        if key not in self.sink_info:
            sink = Sink(kind=kind, callee=callee, recipient=recipient, host=host)
            self.sink_info[key] = (sink, Location(fn.path, site.line, site.column), site.purpose, function)
        return key

    def _host(self, site: CallSite, rule: SinkRule) -> str | None:
        if not rule.host_arg:
            return None
        strings = dict(site.strings)
        text = strings.get(rule.host_arg)
        if text is None and not rule.host_arg.isdigit():
            text = strings.get("0")
        if text is None:
            return None
        text = self._expand(text)
        if "://" in text:
            netloc = text.split("://", 1)[1].split("/", 1)[0]
        elif rule.host_arg == "host":
            netloc = text.split("/", 1)[0]
        else:
            return None
        if not netloc or "\x00" in netloc:
            return None
        try:
            return urlsplit("//" + netloc).hostname or None
        except ValueError:
            return None

    def _expand(self, text: str) -> str:
        for _ in range(MAX_RESOLVE):
            if "\x01" not in text:
                return text
            before, ref, after = text.split("\x01", 2)
            resolved = self.resolve(ref)
            value = self.constants.get(resolved, self.constants.get(ref))
            if value is None:
                module = resolved.rpartition(".")[0]
                if module in self.skipped_modules:
                    self.wanted.add(module)  # a settings module with no personal data: parse it now
                    self.wanters[module].add(self._current)
                    self.entered[module].add(self._current)
                    self._pending = True
            text = before + (value if value is not None else "\x00") + after
        return text.replace("\x01", "\x00")


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
    """What the solver reads from a file's summary once its names are in the solver's tables."""
    return FileSummary(summary.path, summary.module, sources=summary.sources, fields=summary.fields)


def _keep_best(
    flows: dict[FlowKey, tuple[tuple[int, int], Flow]], key: FlowKey, candidate: tuple[tuple[int, int], Flow]
) -> None:
    """The strongest source, then the shortest trace, then the smallest flow: an order-free choice."""
    current = flows.get(key)
    if current is None or candidate[0] > current[0] or (candidate[0] == current[0] and candidate[1] < current[1]):
        flows[key] = candidate


def _add(value: Value, atom: AtomKey, trace: tuple[TraceStep, ...]) -> bool:
    """Record ``atom`` with the best trace seen (shortest, then smallest): keeping the *first* one
    would make traces depend on evaluation order, which follows set iteration (string hashes are
    salted per process), and output must be identical run to run."""
    old = value.get(atom)
    if old is None or _better(trace, old):
        value[atom] = trace
        return True
    return False


def _better(new: tuple[TraceStep, ...], old: tuple[TraceStep, ...]) -> bool:
    return (len(new), new) < (len(old), old)


def _cap(trace: tuple[TraceStep, ...]) -> tuple[TraceStep, ...]:
    return trace[:MAX_TRACE]


def _file_of(origin: Origin) -> int:
    return cast(tuple[int, int], origin[1])[0]


def _through(ref: str, names: set[str]) -> bool:
    """Whether resolving ``ref`` passes through one of ``names`` (``app.util.client().track`` through
    ``app.util.client``)."""
    parts = [_bare(part) for part in split_path(ref)]
    return any(".".join(parts[:n]) in names for n in range(1, len(parts) + 1))


def _has_call(segment: str) -> bool:
    return segment.endswith(")")


def _bare(segment: str) -> str:
    """``Mixpanel(token)`` -> ``Mixpanel``, ``META[REMOTE_ADDR]`` -> ``META`` (called ~600k times a run)."""
    return segment.partition("(")[0].partition("[")[0]


def _join(parts: list[str]) -> str:
    return ".".join(p for p in parts if p)


def _strip_literals(ref: str) -> str:
    if "(" not in ref:
        return ref
    out = []
    depth = 0
    for char in ref:
        if char == "(":
            depth += 1
            out.append(char)
        elif char == ")":
            depth -= 1
            out.append(char)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _display(ref: str) -> str:
    """A callee as people read it: ``mixpanel.Mixpanel().track``, ``$logger.info`` -> ``logger.info``."""
    return ref.lstrip("$")
