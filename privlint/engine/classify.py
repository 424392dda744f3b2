"""Identifier classification by words and roles, not substrings.

An identifier is split into words (``userEmailAddress`` -> user, email, address). A category
matches when one of its phrases occurs as a run of whole words and no *other* word of the
identifier turns it into something that is not the person's data: ``email_template_name`` is a
template, ``ip_version`` a version, ``user_count`` a count. Vague phrases (``name``) need a subject
(``customer.name``, ``user_name``). ALL_CAPS names are constants and settings, never a person's
data (``EMAIL_BACKEND``, ``DEFAULT_FROM_EMAIL``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from privlint.catalogue import Catalogue

# Objects that hold the application's own configuration: ``config.password`` or
# ``smtp_settings.username`` are the service's credentials, not a person's data.
CONFIGURATION_OWNERS = frozenset(
    {"config", "configuration", "conf", "cfg", "settings", "options", "opts", "environ", "env", "credentials"}
    | {"secrets"}
)
# Keys of business values that are never a person's data, beside the plugins' non-personal vocabulary.
VALUE_WORDS = frozenset(
    {"amount", "price", "currency", "quantity", "qty", "total", "sku", "slug", "title", "subject", "date", "day"}
    | {"created", "updated", "deleted", "active", "enabled", "count", "id", "status", "type", "kind", "reason"}
)
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def split_words(identifier: str) -> list[str]:
    return [w.lower() for w in _CAMEL.findall(identifier)]


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    category: str
    needs_subject: bool
    subjects: frozenset[str] = frozenset()  # the rule's own subject words (else the catalogue's)


class IdentifierClassifier:
    """Built once per catalogue; ``classify`` is called for every name the summariser binds."""

    def __init__(self, catalogue: Catalogue) -> None:
        phrases = [
            _Phrase(tuple(words), rule.category, rule.needs_subject, frozenset(rule.subjects))
            for rule in catalogue.identifiers
            for words in rule.phrases
            if words
        ]
        phrases.sort(key=lambda p: (-len(p.words), p.words, p.category))  # most specific first
        self._by_first: dict[str, list[_Phrase]] = {}
        for phrase in phrases:
            self._by_first.setdefault(phrase.words[0], []).append(phrase)
        self._non_personal = catalogue.non_personal_words
        self._subjects = catalogue.subject_words
        self._cache: dict[tuple[str, str], str | None] = {}

    @property
    def vocabulary(self) -> set[str]:
        return {w for phrases in self._by_first.values() for p in phrases for w in p.words}

    def _normalise(self, word: str) -> str:
        if word not in self._by_first and word.endswith("s") and word[:-1] in self._by_first:
            return word[:-1]
        return word

    def classify(self, identifier: str, context: str = "") -> str | None:
        """The category named by ``identifier``; ``context`` is the receiver chain (``request.user``)."""
        key = (identifier, context)
        if key in self._cache:
            return self._cache[key]
        result = self._classify(identifier, context)
        if len(self._cache) < 100_000:
            self._cache[key] = result
        return result

    def _classify(self, identifier: str, context: str) -> str | None:
        if not identifier or (identifier.isupper() and len(identifier) > 3):
            return None
        if context and CONFIGURATION_OWNERS.intersection(split_words(context.rsplit(".", 1)[-1].lstrip("$"))):
            return None
        words = [self._normalise(w) for w in split_words(identifier)]
        if not any(w in self._by_first for w in words):
            return None
        for start, word in enumerate(words):
            for phrase in self._by_first.get(word, ()):
                end = start + len(phrase.words)
                if tuple(words[start:end]) != phrase.words:
                    continue
                others = words[:start] + words[end:]
                if any(w in self._non_personal or w.rstrip("s") in self._non_personal for w in others):
                    return None
                if phrase.needs_subject and not self._has_subject(
                    words[:start], context, phrase.subjects or self._subjects
                ):
                    continue
                return phrase.category
        return None

    def names_non_personal(self, identifier: str) -> bool:
        """Whether every word of ``identifier`` names something that is not a person's data (``amount``,
        ``status``, ``subject``, ``created_at``): the item of a container read under such a key is that
        thing, not whatever else the container holds (``row["amount"]`` beside ``row["email"]``)."""
        words = split_words(identifier)
        return bool(words) and all(
            w in self._non_personal or w.rstrip("s") in self._non_personal or w in VALUE_WORDS for w in words
        )

    def _has_subject(self, before: Sequence[str], context: str, subjects: Collection[str]) -> bool:
        # The subject must stand right before the vague phrase: ``customer_name`` is a person's name,
        # ``shipping_zone_name`` names a zone even though "shipping" is a subject word elsewhere.
        if before and before[-1] in subjects:
            return True
        if before:
            return False
        # (an ALL-CAPS segment is a constant or the framework's own table, ``request.POST``, not a post)
        tail = context.rsplit(".", 2)[-2:] if context else []
        return any(w in subjects for seg in tail if not seg.isupper() for w in split_words(seg.lstrip("$")))
