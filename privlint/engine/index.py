"""The catalogue prepared for fast matching: built once per process, never per syntax node."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from privlint.catalogue import (
    Catalogue,
    FieldTypeRule,
    SanitizerRule,
    SettingRule,
    SinkRule,
    SinkSwitch,
    SourceRule,
    pattern_matches,
)
from privlint.engine.classify import IdentifierClassifier


def split_path(path: str) -> list[str]:
    """Split an access path on dots outside ``[...]`` (``$request.META[REMOTE_ADDR]``)."""
    return list(_split_path(path))


@lru_cache(maxsize=65536)
def _split_path(path: str) -> tuple[str, ...]:
    if "[" not in path:
        return tuple(path.split("."))
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "." and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return tuple(parts)


def _norm_segment(segment: str) -> str:
    return segment.lower()


@dataclass
class CatalogueIndex:
    catalogue: Catalogue
    classifier: IdentifierClassifier = field(init=False)
    _sources_by_last: dict[str, list[tuple[SourceRule, list[str]]]] = field(init=False)
    _field_types: tuple[FieldTypeRule, ...] = field(init=False)
    _field_type_lasts: frozenset[str] = field(init=False)
    _settings: dict[str, tuple[SettingRule, ...]] = field(init=False)
    _captures: dict[str, str] = field(init=False)
    _setattr_roots: frozenset[str] = field(init=False)
    _switches: dict[str, SinkSwitch] = field(init=False)

    def __post_init__(self) -> None:
        self.classifier = IdentifierClassifier(self.catalogue)
        settings: dict[str, list[SettingRule]] = {}
        for setting in self.catalogue.settings:
            settings.setdefault(setting.keyword, []).append(setting)
        self._settings = {keyword: tuple(rules) for keyword, rules in settings.items()}
        self._sources_by_last = {}
        for rule in self.catalogue.sources:
            segments = [_norm_segment(s) for s in split_path(rule.pattern)]
            self._sources_by_last.setdefault(segments[-1], []).append((rule, segments))
        self._field_types = self.catalogue.field_types
        self._field_type_lasts = frozenset(r.pattern.rsplit(".", 1)[-1] for r in self._field_types)
        self._setattr_roots = frozenset(
            rule.pattern.split(".", 1)[0] for rule in self.catalogue.sinks if rule.pattern.endswith(".__setattr__")
        )
        self._switches = {switch.pattern: switch for switch in self.catalogue.switches}
        self._captures = {
            pattern: recipient.id
            for recipient in self.catalogue.recipients
            for pattern in recipient.captures_exceptions
        }

    def sends_attribute_stores(self, ref: str) -> bool:
        """Whether an attribute stored on this object may be a sink (``scope.user = {...}`` on a Sentry scope):
        only objects of packages with a ``.__setattr__`` sink rule, so other stores stay plain bindings."""
        return bool(self._setattr_roots) and ref.split(".", 1)[0].split("(", 1)[0] in self._setattr_roots

    def switch_for(self, callee: str) -> SinkSwitch | None:
        """The project-wide sink switch a call makes (Flask-Session's ``Session(app)``), if any."""
        return self._switches.get(callee.lstrip("$")) if self._switches else None

    def captures_exceptions(self, callee: str) -> str | None:
        """The recipient whose capture of unhandled exceptions a call installs (``sentry_sdk.init``)."""
        return self._captures.get(callee.lstrip("$")) if self._captures else None

    def match_source(self, path: str) -> SourceRule | None:
        """The source rule for an access path like ``$request.META[REMOTE_ADDR]``, if any."""
        start = path.rfind(".", 0, path.rfind("[")) if path.endswith("]") else path.rfind(".")
        last = path[start + 1 :]
        candidates = self._sources_by_last.get(last.lower())
        if not candidates:
            return None
        segments = [_norm_segment(s).lstrip("$") for s in split_path(path)]
        for rule, pattern in candidates:
            if pattern[0].startswith("$"):
                tail = [pattern[0][1:], *pattern[1:]]
                if len(segments) >= len(tail) and segments[-len(tail) :] == tail:
                    return rule
            elif segments == [p.lstrip("$") for p in pattern] and not path.startswith("$"):
                return rule
        return None

    def match_setting(self, callee: str, keyword: str, value: object) -> tuple[SettingRule, ...]:
        """Configuration sinks a call sets (``init(send_default_pii=True)``), judged by the callee's last
        segment here; the solver matches the whole pattern (the derived sink rule) once imports resolve."""
        rules = self._settings.get(keyword)
        if not rules:
            return ()
        last = _call_name(callee)
        return tuple(r for r in rules if r.matches_value(value) and _call_name(r.pattern) == last)

    def match_field_type(self, ref: str) -> FieldTypeRule | None:
        if ref.rsplit(".", 1)[-1] not in self._field_type_lasts:
            return None
        return next((r for r in self._field_types if pattern_matches(r.pattern, ref)), None)


def _call_name(path: str) -> str:
    """``sentry_sdk.init`` -> ``init``; ``elasticapm.Client()`` -> ``Client``."""
    return path.rsplit(".", 1)[-1].split("(", 1)[0]


def setting_sinks(settings: tuple[SettingRule, ...]) -> list[SinkRule]:
    """The sink rule each configuration sink needs: its call, to its recipient, carrying the setting's keyword
    (whose literal the summariser turned into sources). One rule per call and recipient, every keyword."""
    keywords: dict[tuple[str, str], list[str]] = {}
    for setting in settings:
        found = keywords.setdefault((setting.pattern, setting.recipient), [])
        if setting.keyword not in found:
            found.append(setting.keyword)
    return [
        SinkRule(pattern, "third_party", recipient, data_args=tuple(found))
        for (pattern, recipient), found in keywords.items()
    ]


@dataclass
class SinkIndex:
    """Sink and sanitizer rules indexed by the first segment of their pattern."""

    catalogue: Catalogue

    def __post_init__(self) -> None:
        self._by_first: dict[str, list[SinkRule]] = {}
        self._wild: list[SinkRule] = []
        # configuration sinks first: ``sentry_sdk.init`` carries its setting whatever else the catalogue says of it
        rules = [*setting_sinks(self.catalogue.settings), *self.catalogue.sinks]
        explicit = {r.pattern for r in rules}
        for recipient in self.catalogue.recipients:
            for package in recipient.packages:
                pattern = f"{package}.**"
                if pattern not in explicit:
                    rules.append(SinkRule(pattern, "third_party", recipient.id, plugin=recipient.plugin))
        for rule in rules:
            first = rule.pattern.split(".", 1)[0].split("(", 1)[0]
            if "*" in first:
                self._wild.append(rule)
            else:
                self._by_first.setdefault(first, []).append(rule)
        # ``**.name`` sanitizers match a callee's last segment wherever it is defined: one regex for all
        # (exact tails in a dict, wildcard tails as regexes; each with its catalogue position, since
        # the first matching rule wins)
        self._sanitizer_tails: dict[str, tuple[int, SanitizerRule]] = {}
        self._sanitizers_anywhere: list[tuple[int, re.Pattern[str], SanitizerRule]] = []
        self._sanitizers_by_first: dict[str, list[SanitizerRule]] = {}
        self._sanitizers_wild: list[SanitizerRule] = []
        for position, sanitizer in enumerate(self.catalogue.sanitizers):
            if sanitizer.pattern.startswith("**.") and "." not in sanitizer.pattern[3:]:
                tail = sanitizer.pattern[3:]
                if "*" not in tail:
                    self._sanitizer_tails.setdefault(tail, (position, sanitizer))
                    continue
                regex = re.compile(re.escape(tail).replace(r"\*", "[^.]+") + r"\Z")
                self._sanitizers_anywhere.append((position, regex, sanitizer))
                continue
            first = sanitizer.pattern.split(".", 1)[0]
            if "*" in first:
                self._sanitizers_wild.append(sanitizer)
            else:
                self._sanitizers_by_first.setdefault(first, []).append(sanitizer)

    def sink_for(self, names: list[str]) -> SinkRule | None:
        """The first rule matching any candidate name; explicit rules win over package-wide ones."""
        best: SinkRule | None = None
        for name in names:
            first = name.split(".", 1)[0].split("(", 1)[0].split("[", 1)[0]
            for rule in (*self._by_first.get(first, ()), *self._wild):
                if pattern_matches(rule.pattern, name):
                    if not rule.pattern.endswith(".**"):
                        return rule
                    if not name.endswith((".__setitem__", ".__setattr__")):
                        # an item or attribute stored into an SDK's object (``notice["user"] = ...``) is not yet
                        # sent; a rule names the objects that send it (a Sentry scope's ``__setattr__``)
                        best = best or rule
        return best

    def sanitizer_for(self, names: list[str]) -> SanitizerRule | None:
        for name in names:
            first = name.split(".", 1)[0].split("(", 1)[0]
            for rule in (*self._sanitizers_by_first.get(first, ()), *self._sanitizers_wild):
                if pattern_matches(rule.pattern, name):
                    return rule
            last = name.rsplit(".", 1)[-1].lstrip("$")
            exact = self._sanitizer_tails.get(last)
            for position, regex, rule in self._sanitizers_anywhere:
                if exact is not None and exact[0] < position:
                    break
                if regex.match(last):
                    return rule
            if exact is not None:
                return exact[1]
        return None


_ANNOTATION = re.compile(r"#\s*privlint:\s*([^\n#]*)")
_PAIR = re.compile(r"(category|purpose)\s*[=:]\s*([\w.\-]+)")


def line_annotations(text: str) -> dict[int, dict[str, str]]:
    """``# privlint: category=user.contact.email purpose=billing`` comments, by line."""
    if "privlint:" not in text:
        return {}
    found: dict[int, dict[str, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ANNOTATION.search(line)
        if match:
            pairs = dict(_PAIR.findall(match.group(1)))
            if pairs:
                found[number] = pairs
    return found
