"""The fideslang default taxonomy (an attributed data copy) plus a policy's own extensions.

Why a data copy and not the ``fideslang`` package: importing it costs ~150 ms and pulls pydantic, and
``privlint policy validate`` runs in pre-commit hooks that must feel instant. ``fideslang.json`` was
generated once from the fideslang 3.1.4 wheel by ``regenerate.py``; see ``NOTICE.md`` for attribution
(CC BY 4.0) and ``tests/policy_model/test_policy_taxonomy.py`` for the checks against
the published counts and the package.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("fideslang.json")
KINDS = ("data_categories", "data_uses", "data_subjects")


@dataclass(frozen=True)
class Term:
    key: str
    name: str
    description: str = ""
    parent: str | None = None
    deprecated: str | None = None  # version it was deprecated in
    replaced_by: str | None = None
    default: bool = True  # False for a policy's own extension


@dataclass(frozen=True)
class Taxonomy:
    """Known keys per kind (``data_categories``, ``data_uses``, ``data_subjects``)."""

    terms: Mapping[str, Mapping[str, Term]] = field(default_factory=dict)
    version: str = ""

    def known(self, kind: str, key: str) -> bool:
        return key in self.terms.get(kind, {})

    def term(self, kind: str, key: str) -> Term | None:
        return self.terms.get(kind, {}).get(key)

    def keys(self, kind: str) -> list[str]:
        return sorted(self.terms.get(kind, {}))

    def name(self, kind: str, key: str) -> str:
        term = self.term(kind, key)
        return term.name if term else key

    def suggest(self, kind: str, key: str) -> str | None:
        """The closest known key, for a did-you-mean hint (compares whole keys and last segments)."""
        keys = self.keys(kind)
        extended = [k for k in keys if k.startswith(key) and k != key]
        if extended:
            return min(extended, key=len)
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.75)
        if close:
            return close[0]
        parent, _, last = key.rpartition(".")
        siblings = [k for k in keys if k.rpartition(".")[0] == parent]
        by_leaf = difflib.get_close_matches(last, [k.rpartition(".")[2] for k in siblings], n=1, cutoff=0.6)
        if by_leaf:
            return f"{parent}.{by_leaf[0]}" if parent else by_leaf[0]
        anywhere = [k for k in keys if last and last in k.rpartition(".")[2]]
        return min(anywhere, key=len) if anywhere else None

    def extended(self, kind: str, extra: Iterable[Term]) -> Taxonomy:
        merged = {k: dict(v) for k, v in self.terms.items()}
        for term in extra:
            merged.setdefault(kind, {})[term.key] = term
        return Taxonomy(terms=merged, version=self.version)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    terms: dict[str, dict[str, Term]] = {}
    for kind in KINDS:
        terms[kind] = {
            item["key"]: Term(
                key=item["key"],
                name=item.get("name", ""),
                description=item.get("description", ""),
                parent=item.get("parent"),
                deprecated=item.get("version_deprecated"),
                replaced_by=item.get("replaced_by"),
            )
            for item in data[kind]
        }
    return Taxonomy(terms=terms, version=str(data.get("version", "")))
