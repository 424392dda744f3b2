"""Semantic self-lint of a loaded policy (PRV101-PRV106): what the JSON Schema cannot see.

Runs on the typed ``Policy`` after ``load``: unknown taxonomy keys, dangling references, prohibitions
contradicting permissions, transfers without a mechanism, purposes without a legal basis, categories
without retention. Each finding carries the position of the YAML node it concerns. Rule texts live in
``lint_rules.py``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from policy_model.adequacy import Regime, regime_for_region
from policy_model.model import (
    SPECIAL_CATEGORY_KEYS,
    Policy,
    Position,
    Prohibition,
    Recipient,
    covered_by,
    covers,
    is_sale_use,
    overlaps,
)
from policy_model.taxonomy import Taxonomy, Term, default_taxonomy

STORAGE_KINDS = ("hosting", "cloud", "storage")
LOG_KINDS = ("logging",)
SALE_ROLES = ("third_party", "partner")
_Ref = tuple[str, str, tuple[str | int, ...], str]  # (taxonomy kind, key, node path, key-path label)
_NARROW = "remove the category from the recipient, or narrow the prohibition"

# Which recipients contradict a prohibition when they may receive its categories, and the fix to suggest.
RECEIVING_CONTRADICTIONS: dict[str, tuple[Callable[[Recipient, Prohibition], bool], str]] = {
    "no_storage": (lambda r, pr: r.kind in STORAGE_KINDS, _NARROW),
    "no_logging": (lambda r, pr: r.kind in LOG_KINDS, _NARROW),
    "no_third_party": (lambda r, pr: pr.applies_to_recipient(r.id), _NARROW),
    "anonymised_only": (
        lambda r, pr: pr.applies_to_recipient(r.id) and r.requires != "anonymised",
        "set `requires: anonymised` on the recipient",
    ),
    "no_sale": (
        lambda r, pr: r.role in SALE_ROLES and r.requires != "anonymised" and pr.applies_to_recipient(r.id),
        "set `requires: anonymised` on the recipient or remove the category",
    ),
}
# Which purposes (data uses) contradict a prohibition when they use its categories.
USE_CONTRADICTIONS: dict[str, Callable[[str, Prohibition], bool]] = {
    "no_sale": lambda use, pr: is_sale_use(use),
    "no_use": lambda use, pr: covered_by(use, pr.purposes),
}


@dataclass(frozen=True, order=True)
class LintFinding:
    position: Position
    code: str
    message: str
    hint: str = ""
    key_path: str = ""

    def __str__(self) -> str:
        what = f"{self.key_path}: {self.message}" if self.key_path else self.message
        return f"{self.position}: {self.code} {what}" + (f" ({self.hint})" if self.hint else "")


def lint(policy: Policy) -> list[LintFinding]:
    """All PRV101-PRV106 findings for ``policy``, sorted by position."""
    linter = _Linter(policy)
    found: set[LintFinding] = set()
    for rule in (
        linter.taxonomy_keys,
        linter.references,
        linter.contradictions,
        linter.transfers,
        linter.legal_bases,
        linter.retention,
    ):
        found.update(rule())
    return sorted(found, key=lambda f: (f.position.line, f.position.column, f.code, f.message))


def policy_taxonomy(policy: Policy) -> Taxonomy:
    """The default taxonomy plus the policy's own extensions (valid or not)."""
    taxonomy = default_taxonomy()
    for kind in ("data_categories", "data_uses"):
        terms = [
            Term(e.key, e.name, e.description, e.parent, default=False) for e in policy.extensions if e.kind == kind
        ]
        taxonomy = taxonomy.extended(kind, terms)
    return taxonomy


def is_zero_duration(duration: str) -> bool:
    return not any(int(n) for n in re.findall(r"\d+", duration))


class _Linter:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.taxonomy = policy_taxonomy(policy)
        self.declared_categories = [c.key for c in policy.categories]
        self.declared_purposes = [p.key for p in policy.purposes]
        self.recipient_ids = [r.id for r in policy.recipients]

    def finding(self, code: str, path: tuple[str | int, ...], label: str, message: str, hint: str = "") -> LintFinding:
        return LintFinding(self.policy.position_of(*path), code, message, hint, label)

    # -- PRV101 ----------------------------------------------------------------------------------------------
    def taxonomy_keys(self) -> Iterator[LintFinding]:
        p = self.policy
        defaults = default_taxonomy()
        for ext in p.extensions:
            path: tuple[str | int, ...] = (
                "taxonomy",
                "extensions",
                ext.kind,
                [e for e in p.extensions if e.kind == ext.kind].index(ext),
            )
            label = f"taxonomy.extensions.{ext.kind}[{ext.key}]"
            if defaults.known(ext.kind, ext.key):
                yield self.finding(
                    "PRV101", path, label, f"'{ext.key}' is already a fideslang key", "remove the extension"
                )
            elif ext.key.rpartition(".")[0] != ext.parent:
                yield self.finding(
                    "PRV101",
                    path,
                    label,
                    f"extension '{ext.key}' is not directly under its parent '{ext.parent}'",
                    f"use a key of the form {ext.parent}.NAME",
                )
            elif not self.taxonomy.known(ext.kind, ext.parent):
                yield self._unknown(ext.kind, ext.parent, path, label, "parent", defaults)
        kinds: list[_Ref] = []
        for i, c in enumerate(p.categories):
            kinds.append(("data_categories", c.key, ("categories", i, "key"), f"categories[{c.key}].key"))
        for i, s in enumerate(p.subjects):
            kinds.append(("data_subjects", s, ("subjects", i), f"subjects[{i}]"))
        for i, pu in enumerate(p.purposes):
            kinds.append(("data_uses", pu.key, ("purposes", i, "key"), f"purposes[{pu.key}].key"))
            kinds += _refs("data_categories", pu.categories, ("purposes", i, "categories"), f"purposes[{pu.key}]")
            kinds += _refs("data_subjects", pu.subjects, ("purposes", i, "subjects"), f"purposes[{pu.key}]")
        for i, r in enumerate(p.recipients):
            kinds += _refs("data_categories", r.categories, ("recipients", i, "categories"), f"recipients[{r.id}]")
            kinds += _refs("data_uses", r.purposes, ("recipients", i, "purposes"), f"recipients[{r.id}]")
        for i, pr in enumerate(p.prohibitions):
            kinds += _refs(
                "data_categories", pr.categories, ("prohibitions", i, "categories"), f"prohibitions[{pr.id}]"
            )
            kinds += _refs("data_uses", pr.purposes, ("prohibitions", i, "purposes"), f"prohibitions[{pr.id}]")
        for key, _ in p.bindings.identifiers:
            kinds.append(("data_categories", key, ("bindings", "identifiers", key), f"bindings.identifiers.{key}"))
        for glob, use in p.bindings.purposes_by_path:
            kinds.append(
                ("data_uses", use, ("bindings", "purposes_by_path", glob), f"bindings.purposes_by_path.{glob}")
            )
        for kind, key, path, label in kinds:
            term = self.taxonomy.term(kind, key)
            if term is None:
                yield self._unknown(kind, key, path, label)
            elif term.deprecated:
                yield self.finding(
                    "PRV101",
                    path,
                    label,
                    f"'{key}' is deprecated since fideslang {term.deprecated}",
                    f"use '{term.replaced_by}'" if term.replaced_by else "",
                )

    def _unknown(
        self,
        kind: str,
        key: str,
        path: tuple[str | int, ...],
        label: str,
        what: str = "",
        taxonomy: Taxonomy | None = None,
    ) -> LintFinding:
        noun = {"data_categories": "data category", "data_uses": "data use", "data_subjects": "data subject"}[kind]
        suggestion = (taxonomy or self.taxonomy).suggest(kind, key)
        if suggestion:
            hint = f"did you mean '{suggestion}'?"
        elif kind == "data_categories":
            hint = "declare it under taxonomy.extensions.data_categories with an existing parent"
        else:
            hint = f"see the fideslang {noun} keys"
        prefix = f"{what} " if what else ""
        return self.finding("PRV101", path, label, f"unknown {prefix}{noun} '{key}'", hint)

    # -- PRV102 ----------------------------------------------------------------------------------------------
    def _undeclared(self, key: str, declared: list[str]) -> bool:
        """A reference is fine if it names, narrows or groups declared keys."""
        return not any(overlaps(d, key) for d in declared)

    def references(self) -> Iterator[LintFinding]:
        p = self.policy
        cats, uses, ids = self.declared_categories, self.declared_purposes, self.recipient_ids
        for i, pu in enumerate(p.purposes):
            for j, key in enumerate(pu.categories):
                if self.taxonomy.known("data_categories", key) and self._undeclared(key, cats):
                    yield self.finding(
                        "PRV102",
                        ("purposes", i, "categories", j),
                        f"purposes[{pu.key}].categories[{j}]",
                        f"category '{key}' is not declared under categories",
                        "declare it under categories or remove it here",
                    )
        for i, r in enumerate(p.recipients):
            label = f"recipients[{r.id}]"
            for j, key in enumerate(r.categories):
                if not self.taxonomy.known("data_categories", key):
                    continue
                if self._undeclared(key, cats):
                    yield self.finding(
                        "PRV102",
                        ("recipients", i, "categories", j),
                        f"{label}.categories[{j}]",
                        f"category '{key}' is not declared under categories",
                        "declare it under categories or remove it here",
                    )
                elif not self._used_by_purposes(key, r.purposes):
                    yield self.finding(
                        "PRV102",
                        ("recipients", i, "categories", j),
                        f"{label}.categories[{j}]",
                        f"'{r.id}' may receive '{key}', but none of its purposes ({', '.join(r.purposes) or 'none'}) "
                        "uses it",
                        "add the category to one of those purposes, or the purpose to the recipient",
                    )
            for j, use in enumerate(r.purposes):
                if self.taxonomy.known("data_uses", use) and self._undeclared(use, uses):
                    yield self.finding(
                        "PRV102",
                        ("recipients", i, "purposes", j),
                        f"{label}.purposes[{j}]",
                        f"purpose '{use}' is not declared under purposes",
                        "declare it under purposes or remove it here",
                    )
        for i, t in enumerate(p.transfers):
            recipient = p.recipient(t.recipient)
            if recipient is None:
                yield self._dangling_recipient(t.recipient, ("transfers", i, "recipient"), f"transfers[{i}].recipient")
            elif t.destination not in recipient.locations:
                yield self.finding(
                    "PRV102",
                    ("transfers", i, "destination"),
                    f"transfers[{i}].destination",
                    f"'{t.recipient}' is not located in {t.destination} (locations: {', '.join(recipient.locations)})",
                    f"add {t.destination} to recipients[{t.recipient}].locations or fix the destination",
                )
        for i, pr in enumerate(p.prohibitions):
            for field in ("recipients", "except_recipients"):
                for j, rid in enumerate(getattr(pr, field)):
                    if rid not in ids:
                        yield self._dangling_recipient(
                            rid, ("prohibitions", i, field, j), f"prohibitions[{pr.id}].{field}[{j}]"
                        )
        for key, _ in p.bindings.identifiers:
            if self.taxonomy.known("data_categories", key) and self._undeclared(key, cats):
                yield self.finding(
                    "PRV102",
                    ("bindings", "identifiers", key),
                    f"bindings.identifiers.{key}",
                    f"category '{key}' is not declared under categories",
                    "declare it under categories",
                )
        for glob, use in p.bindings.purposes_by_path:
            if self.taxonomy.known("data_uses", use) and self._undeclared(use, uses):
                yield self.finding(
                    "PRV102",
                    ("bindings", "purposes_by_path", glob),
                    f"bindings.purposes_by_path.{glob}",
                    f"purpose '{use}' is not declared under purposes",
                    "declare it under purposes",
                )

    def _used_by_purposes(self, category: str, recipient_purposes: Iterable[str]) -> bool:
        wanted = list(recipient_purposes)
        return any(
            any(overlaps(w, pu.key) for w in wanted) and any(overlaps(category, c) for c in pu.categories)
            for pu in self.policy.purposes
        )

    def _dangling_recipient(self, rid: str, path: tuple[str | int, ...], label: str) -> LintFinding:
        close = difflib.get_close_matches(rid, self.recipient_ids, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "declare it under recipients"
        return self.finding("PRV102", path, label, f"recipient '{rid}' is not declared under recipients", hint)

    # -- PRV103 ----------------------------------------------------------------------------------------------
    def contradictions(self) -> Iterator[LintFinding]:
        for pr in self.policy.prohibitions:
            said = f"prohibitions[{pr.id}] ({pr.rule})"
            if pr.rule == "no_storage":
                yield from self._retained(pr.categories, said)
            receives = RECEIVING_CONTRADICTIONS.get(pr.rule)
            if receives:
                yield from self._recipients_receiving(pr, said, receives[0], receives[1])
            uses = USE_CONTRADICTIONS.get(pr.rule)
            if uses:
                yield from self._purposes_using(pr, said, uses)

    def _retained(self, prohibited: Iterable[str], said: str) -> Iterator[LintFinding]:
        p = self.policy
        for key in prohibited:
            keys = {key} | {c.key for c in p.categories if covers(key, c.key)}
            for k in sorted(keys):
                holder = p.retention_for(k)
                if holder and holder.retention and not is_zero_duration(holder.retention):
                    i = p.categories.index(holder)
                    yield self.finding(
                        "PRV103",
                        ("categories", i, "retention", "duration"),
                        f"categories[{holder.key}].retention.duration",
                        f"'{k}' is kept for {holder.retention}, but {said} says it is never stored",
                        "use duration PT0S, or narrow the prohibition",
                    )

    def _recipients_receiving(
        self, pr: Prohibition, said: str, applies: Callable[[Recipient, Prohibition], bool], hint: str
    ) -> Iterator[LintFinding]:
        for i, r in enumerate(self.policy.recipients):
            if not applies(r, pr):
                continue
            for j, key in enumerate(r.categories):
                hit = next((c for c in pr.categories if overlaps(c, key)), None)
                if hit:
                    yield self.finding(
                        "PRV103",
                        ("recipients", i, "categories", j),
                        f"recipients[{r.id}].categories[{j}]",
                        f"'{r.id}' may receive '{key}', but {said} forbids it for '{hit}'",
                        hint,
                    )

    def _purposes_using(
        self, pr: Prohibition, said: str, matches: Callable[[str, Prohibition], bool]
    ) -> Iterator[LintFinding]:
        for i, pu in enumerate(self.policy.purposes):
            if not matches(pu.key, pr):
                continue
            for j, key in enumerate(pu.categories):
                hit = next((c for c in pr.categories if overlaps(c, key)), None)
                if hit:
                    yield self.finding(
                        "PRV103",
                        ("purposes", i, "categories", j),
                        f"purposes[{pu.key}].categories[{j}]",
                        f"purpose '{pu.key}' uses '{key}', but {said} forbids it for '{hit}'",
                        "remove the category from the purpose, or narrow the prohibition",
                    )

    # -- PRV104 ----------------------------------------------------------------------------------------------
    def transfers(self) -> Iterator[LintFinding]:
        p = self.policy
        region = p.controller.region
        regime = regime_for_region(region)
        for i, t in enumerate(p.transfers):
            label = f"transfers[{i}]"
            if not t.mechanism:
                yield self.finding(
                    "PRV104",
                    ("transfers", i),
                    label,
                    f"transfer of '{t.recipient}' data to {t.destination} states no mechanism",
                    "add mechanism: adequacy, scc, bcr, code_of_conduct, certification, adhoc_clauses or derogation",
                )
            elif t.mechanism == "adequacy" and regime is not None:
                problem = _adequacy_problem(regime, t.destination, t.certification)
                if problem:
                    yield self.finding(
                        "PRV104", ("transfers", i, "mechanism"), f"{label}.mechanism", problem[0], problem[1]
                    )
        for i, r in enumerate(p.recipients):
            if r.requires == "anonymised":
                continue  # anonymous data is not personal data: no Chapter V transfer
            for j, location in enumerate(r.locations):
                if _inside(location, region, p.controller.country, regime):
                    continue
                adequacy = regime.adequate.get(location) if regime else None
                if adequacy and not adequacy.requires_certification:
                    continue
                if any(t.destination == location and t.mechanism for t in p.transfers_to(r.id)):
                    continue
                if any(t.destination == location for t in p.transfers_to(r.id)):
                    continue  # reported above as a transfer without mechanism
                why = (
                    f"{location} is adequate only with certification '{adequacy.requires_certification}'"
                    if adequacy
                    else f"{location} has no adequacy decision under {regime.name}"
                    if regime
                    else f"{location} is outside the controller's region {region}"
                )
                yield self.finding(
                    "PRV104",
                    ("recipients", i, "locations", j),
                    f"recipients[{r.id}].locations[{j}]",
                    f"'{r.id}' receives personal data in {location}, but no transfer with a mechanism is declared "
                    f"({why})",
                    f"add a transfer: {{recipient: {r.id}, destination: {location}, mechanism: scc}}",
                )

    # -- PRV105 ----------------------------------------------------------------------------------------------
    def legal_bases(self) -> Iterator[LintFinding]:
        p = self.policy
        marked = [c.key for c in p.categories if c.special_category]
        special = marked + list(SPECIAL_CATEGORY_KEYS)
        declared_special = [c.key for c in p.categories if covered_by(c.key, special)]
        for i, pu in enumerate(p.purposes):
            if not pu.legal_basis:
                yield self.finding(
                    "PRV105",
                    ("purposes", i),
                    f"purposes[{pu.key}]",
                    f"purpose '{pu.key}' states no legal basis",
                    "add legal_basis: consent, contract, legal_obligation, vital_interests, public_task or "
                    "legitimate_interests",
                )
            # a category is special itself, or groups declared special categories (``user`` over a health key)
            uses_special = [
                c for c in pu.categories if covered_by(c, special) or any(covers(c, d) for d in declared_special)
            ]
            if uses_special and not pu.art9_basis:
                yield self.finding(
                    "PRV105",
                    ("purposes", i),
                    f"purposes[{pu.key}]",
                    f"purpose '{pu.key}' uses special-category data ({', '.join(uses_special)}) without an Art. 9 "
                    "condition",
                    "add art9_basis, e.g. explicit_consent",
                )

    # -- PRV106 ----------------------------------------------------------------------------------------------
    def retention(self) -> Iterator[LintFinding]:
        p = self.policy
        for i, c in enumerate(p.categories):
            if p.retention_for(c.key) is None:
                yield self.finding(
                    "PRV106",
                    ("categories", i),
                    f"categories[{c.key}]",
                    f"category '{c.key}' has no retention period",
                    "add retention: {duration: P30D, trigger: account_closure}; durations are ISO-8601",
                )


def _refs(
    kind: str, keys: Iterable[str], path: tuple[str | int, ...], label: str
) -> list[tuple[str, str, tuple[str | int, ...], str]]:
    field = path[-1]
    return [(kind, key, (*path, j), f"{label}.{field}[{j}]") for j, key in enumerate(keys)]


def _inside(location: str, region: str, country: str | None, regime: Regime | None) -> bool:
    if location in (region, country):
        return True
    return regime is not None and regime.inside(location)


def _adequacy_problem(regime: Regime, destination: str, certification: str | None) -> tuple[str, str] | None:
    if regime.inside(destination):
        return None
    adequacy = regime.adequate.get(destination)
    if adequacy is None:
        return (
            f"mechanism 'adequacy', but {destination} has no adequacy decision under {regime.name} "
            f"(list as of {regime.as_of})",
            "use scc, bcr or another safeguard",
        )
    if adequacy.requires_certification and certification != adequacy.requires_certification:
        return (
            f"adequacy for {destination} covers only organisations with certification "
            f"'{adequacy.requires_certification}' ({adequacy.scope})",
            f"add certification: {adequacy.requires_certification} if the recipient is certified, else use scc",
        )
    return None
