"""What a call is: the function, method, class, task, sink, sanitizer or dispatch table a name resolves to.

The first question the solver asks of every call site, and the only one answered from the name
tables alone (bindings, classes and their bases, functions, dispatch tables) and the
catalogue's sink index, never from the data flowing: so it is cached per name (``_resolved``,
``_targets``) and cleared only when files join the program, when ``_retargeted`` says which calls
the new files make resolve differently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from privlint.discovery import NAMESPACE_MARK
from privlint.engine.index import SinkIndex, split_path
from privlint.engine.summary import STORE_PREFIX, ClassSummary, FunctionSummary

MAX_RESOLVE = 8  # hops a name may take through bindings (and a host through constants): import cycles end
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
    """A function the solver knows: its summary (only its header in a kept program, see ``Solver.__getstate__``),
    and the position and path of its file."""

    summary: FunctionSummary
    file: int
    path: str


class CallResolver:
    """Call resolution over the solver's name tables (``Solver.__init__`` makes them, ``Solver.add`` fills them)."""

    sinks: SinkIndex
    skipped_modules: set[str]
    roots: set[str]
    functions: dict[str, _Function]
    classes: dict[str, ClassSummary]
    bindings: dict[str, str]
    dispatch: dict[str, tuple[str, ...]]
    hashing_setters: set[str]
    _resolved: dict[str, str]
    _targets: dict[tuple[str, bool, str], tuple[str, object]]
    _methods_by_name: dict[str, list[str]] | None
    _subclasses: dict[str, list[str]] | None

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
        yet gave nothing and only grows now: its callers are solved again without being cleared.
        Read off the bodies' call sites: ``Solver.add`` asks only when every body is loaded."""
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
        if changed:
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
            if n >= 2 and (suffix == "" or suffix.startswith("[")):
                # ``Service.db`` and ``Service.mongo[shop]`` (an item of the object the attribute holds)
                owner = ".".join(head[:-1])
                attr_ref = self._class_attr_ref(owner, bare)
                if attr_ref:
                    return _join([attr_ref + suffix, *rest])
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
