"""What a value carries inside one function: the atoms its labels stand for, with their best traces.

An atom is an origin (a concrete source hit, or one of the function's parameters) with the sanitizer
it went through; a value keeps the best trace of each (``_add``). Reading a summary's labels into a
value is where fields (``self.x``, typed model fields, request bodies) and dict items (``payload["to"]``,
resolved per call from the caller's keyed arguments) come in. This is the value model, kept apart from
call resolution and from the fixpoint so it can change (issues 10, 11) without touching them.
"""

from __future__ import annotations

from typing import cast

from privlint.engine.solve.resolution import CallResolver, _Function
from privlint.engine.summary import CallSite, FileSummary, FunctionSummary, Labels, SourceHit
from privlint.types import Source, TraceStep

Origin = tuple[str, object]  # ("S", (file index, source index)) | ("P", parameter name)
AtomKey = tuple[Origin, str | None]  # origin, sanitizer
Value = dict[AtomKey, tuple[TraceStep, ...]]
FieldKey = tuple[str, str]  # (class, attribute)

MAX_TRACE = 16


class ValueReader(CallResolver):
    """Values read from labels, and the tables of fields and items they read (``Solver.__init__`` makes them)."""

    summaries: list[FileSummary]
    field_sources: dict[str, list[tuple[Origin, frozenset[str], str]]]
    model_fields: dict[str, list[Origin]]
    field_taint: dict[FieldKey, Value]
    readers: dict[FieldKey, set[str]]
    field_users: dict[int, set[str]]
    item_params: dict[str, set[str]]

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
        params = _passed_params(instance, callee)
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


def _passed_params(instance: bool, callee: FunctionSummary) -> list[str]:
    """The parameters a call's positional arguments fill: a bound method's (or any classmethod's) first
    parameter is the object itself."""
    params = list(callee.params)
    if callee.kind in ("method", "classmethod") and (instance or callee.kind == "classmethod"):
        return params[1:]
    return params


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
