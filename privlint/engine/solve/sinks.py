"""Where data leaves: the sink a call is, its recipient and destination host, and the flow it makes.

A value reaching a sink is either a parameter (the function's *sink effect*, which its callers apply)
or a concrete source, which makes a ``Flow``: its key says what one finding is about (the callee as
people read it, the recipient a host in the catalogue names), and only the best flow per key is kept.
Separate because this is the one place the catalogue's recipients, hosts and settings constants
decide what a flow is, whatever the value model or the resolution of the call.
"""

from __future__ import annotations

import re
from typing import cast
from urllib.parse import urlsplit

from privlint.catalogue import Catalogue, SinkRule
from privlint.engine.classify import split_words
from privlint.engine.solve.resolution import MAX_RESOLVE, _display, _Function, _strip_literals
from privlint.engine.solve.values import Origin, Value, ValueReader, _better
from privlint.engine.summary import CallSite
from privlint.test_code import is_test_code
from privlint.types import Flow, Location, Sink, TraceStep

SinkKey = tuple[str, int, int, str, str, str | None, str | None, str | None, str]
EffectKey = tuple[str, SinkKey, str | None, tuple[str, ...] | None]
FlowKey = tuple[str, SinkKey, bool]

_LITERAL_CALL = re.compile(r"\([^)*]")
NAME_EVIDENCE = 2  # ``SourceHit.strength`` of a name or a key: the weakest evidence, a word


class SinkRecorder(ValueReader):
    """Sinks reached and the flows they make (the tables: ``Solver.__init__``)."""

    catalogue: Catalogue
    constants: dict[str, str]
    sink_info: dict[SinkKey, tuple[Sink, Location, str | None, str]]
    sink_effects: dict[str, dict[EffectKey, tuple[TraceStep, ...]]]
    contributions: dict[str, dict[FlowKey, tuple[tuple[int, int], Flow]]]
    callers: dict[str, set[str]]
    wanted: set[str]
    wanters: dict[str, set[str]]
    entered: dict[str, set[str]]
    _current: str
    _pending: bool
    _thing_rows: dict[str, bool]

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
        if (
            hit.strength <= NAME_EVIDENCE
            and hit.category == "user.name"
            and sink.kind == "storage"
            and self._names_a_thing(sink.callee)
        ):
            return  # ``License.objects.update_or_create(defaults={"full_name": ...})``: the licence's name
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

    def _names_a_thing(self, callee: str) -> bool:
        """Whether a storage call writes a row of a class that is a thing, not a person (``License``,
        ``Language``, ``ProductCategory``): a name stored there, known only by its word (``full_name``), is
        the thing's name. The class's words decide, with the catalogue's vocabulary: one names a thing
        (``non_personal_words``) and none a person (``subject_words``: ``UserProfile``, ``EventAttendee``)."""
        cached = self._thing_rows.get(callee)
        if cached is None:
            row = _row_class(callee)
            words = set(split_words(row)) if row else set()
            cached = bool(words & self.catalogue.non_personal_words) and not words & self.catalogue.subject_words
            self._thing_rows[callee] = cached
        return cached

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


def _keep_best(
    flows: dict[FlowKey, tuple[tuple[int, int], Flow]], key: FlowKey, candidate: tuple[tuple[int, int], Flow]
) -> None:
    """The strongest source, then the shortest trace, then the smallest flow: an order-free choice."""
    current = flows.get(key)
    if current is None or candidate[0] > current[0] or (candidate[0] == current[0] and candidate[1] < current[1]):
        flows[key] = candidate


def _row_class(callee: str) -> str | None:
    """The model class a storage call writes: ``License`` of ``app.models.License.objects.create`` or of
    ``app.models.License().save``."""
    segments = [segment.partition("(")[0] for segment in callee.split(".")]
    if "objects" in segments[1:]:
        return segments[segments.index("objects") - 1]
    return next((segment for segment in reversed(segments[:-1]) if segment[:1].isupper()), None)
