"""What a call does with the data passed to it: a function's effects, computed and applied.

Evaluating a function (``_evaluate``) gives its effects against what is known so far: what it returns,
which of its parameters reach sinks (``sinks``) or are stored in fields. At each call the callee's
effects are applied to the arguments (``_enter``): parameters bound, dict items resolved, traces
extended; tasks, dispatch tables, overrides and modules not parsed yet each enter their own way. The
interprocedural step, separate from what a call resolves to (``resolution``) and from when the whole
program is done (``fixpoint``).
"""

from __future__ import annotations

import dataclasses
from typing import cast

from privlint.engine.index import split_path
from privlint.engine.solve.resolution import _bare, _Function
from privlint.engine.solve.sinks import SinkRecorder
from privlint.engine.solve.values import FieldKey, Value, _add, _cap, _passed_params
from privlint.engine.summary import CallSite, FunctionSummary
from privlint.types import TraceStep

# Enqueuing calls that pass a task its arguments in containers (``apply_async(args=[...])``, signatures).
PACKED_TASK_CALLS = frozenset({"apply_async", "signature", "send_with_options", "schedule"})
# Handing data over: what comes back is a response, a status or a count, not the data sent
# (``response = message.send(to=email)`` then ``log(response)`` logs no email).
HANDOVERS = frozenset(
    {
        "send", "send_message", "sendmail", "send_mail", "post", "put", "patch", "publish", "emit", "deliver",
        "submit", "commit", "flush", "write", "writerow", "writerows", "upload", "upload_file", "put_object",
    }
)  # fmt: skip


class CallEffects(SinkRecorder):
    """Function effects and their application at calls (the tables: ``Solver.__init__``)."""

    ret: dict[str, Value]
    field_effects: dict[str, set[FieldKey]]
    writes: dict[str, set[FieldKey]]
    tito_keys: dict[tuple[str, bool, str], str]

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

    def _bind_params(
        self, instance: bool, callee: FunctionSummary, args: list[Value], kwargs: dict[str, Value], spread: Value
    ) -> dict[str, Value]:
        params = _passed_params(instance, callee)
        bound: dict[str, Value] = {}
        for position, value in enumerate(args):
            if position < len(params):
                bound.setdefault(params[position], {}).update(value)
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
