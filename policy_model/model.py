"""The typed privacy-policy model that the engine, the checks and the reports read.

Frozen dataclasses, built by ``policy_model.loader`` from YAML validated against
``policy_model/schema/policy.schema.json``. Each record keeps the ``Position`` of the YAML node it
came from so that findings can point reviewers at the clause they concern; ``Policy.position_of``
finds the position of any nested node (``("recipients", 2, "categories", 1)``).

Subsumption: a declared key covers itself and its descendants (``user.contact`` covers
``user.contact.email``), never its ancestors. ``covers``, ``covered_by`` and ``overlaps`` are the
only places that decide this, so every rule agrees on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


NOWHERE = Position("", 0, 0)

LEGAL_BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests")
PROHIBITION_RULES = (
    "no_storage",
    "no_logging",
    "no_cookies",
    "no_third_party",
    "anonymised_only",
    "no_sale",
    "no_use",
)
# fideslang keys whose data is a special category (GDPR Art. 9) or criminal-offence data (Art. 10) whatever
# the policy says: processing them needs an Art. 9 condition (``art9_basis``).
SPECIAL_CATEGORY_KEYS = (
    "user.biometric",
    "user.authorization.biometric",
    "user.health_and_medical",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.political_opinion",
    "user.demographic.sexual_orientation",
    "user.criminal_history",
)
# Data uses that amount to selling or renting data to third parties (what a ``no_sale`` promise excludes).
SALE_USES = ("sales", "third_party_sharing", "marketing.advertising.third_party")
SALE_USE_EXCEPTIONS = ("third_party_sharing.legal_obligation",)


@dataclass(frozen=True)
class Controller:
    name: str
    region: str = "EEA"  # the regime data is exported from: EEA, UK, CH, CA, US...
    country: str | None = None
    contact: str | None = None
    address: str = ""
    dpo: str = ""
    website: str = ""
    assumption: str = ""


@dataclass(frozen=True)
class Category:
    key: str  # fideslang key, or an extension under an existing parent
    name: str = ""
    description: str = ""
    sensitive: bool = False  # handle with extra care; always true for special categories
    retention: str | None = None  # ISO-8601 duration, e.g. "P3Y"
    retention_note: str = ""
    special_category: bool = False  # GDPR Art. 9
    retention_trigger: str = ""  # event the retention period starts at: collection, account_closure...
    retention_after: str = "delete"  # delete | anonymise: what happens when the period ends
    assumption: str = ""
    position: Position = NOWHERE


@dataclass(frozen=True)
class Purpose:
    key: str  # fideslang data use, e.g. "essential.service.payment_processing"
    legal_basis: str | None  # consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests
    categories: tuple[str, ...] = ()
    description: str = ""
    name: str = ""
    art9_basis: str | None = None
    subjects: tuple[str, ...] = ()
    opt_out: bool = False
    assumption: str = ""
    position: Position = NOWHERE


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str = ""
    role: str = (
        "processor"  # processor | sub_processor | controller | joint_controller | third_party | partner | authority
    )
    kind: str = ""
    locations: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    requires: str = "none"  # none | pseudonymised | anonymised: what must be done before data reaches it
    packages: tuple[str, ...] = ()  # binding: Python modules of its SDK (in-house or missing from the catalogue)
    hosts: tuple[str, ...] = ()  # binding: API hosts
    assumption: str = ""  # vendor choice made by the policy author where the policy text is silent
    description: str = ""
    position: Position = NOWHERE

    def may_receive(self, category: str) -> bool:
        return covered_by(category, self.categories)

    def serves(self, purpose: str) -> bool:
        return covered_by(purpose, self.purposes)


@dataclass(frozen=True)
class Transfer:
    recipient: str
    destination: str  # ISO-3166 alpha-2
    mechanism: str | None  # adequacy | scc | bcr | code_of_conduct | certification | adhoc_clauses | derogation
    reference: str = ""
    certification: str | None = None  # dpf: what a partial adequacy decision (US) depends on
    assumption: str = ""
    position: Position = NOWHERE


@dataclass(frozen=True)
class Prohibition:
    """A negative promise. ``rule`` semantics (what the PRV2xx checks enforce):

    * ``no_storage``: the categories are never written to storage (database, files, cache) nor logs;
    * ``no_logging``: the categories never reach a log sink, nor the message of a raised exception (which
      the framework logs and error trackers capture);
    * ``no_cookies``: the categories are never put in a cookie (``set_cookie``, a cookie-backed session): a
      cookie is kept on the user's device and sent back with every request, readable by scripts and
      proxies unless protected, and a signed cookie is readable by anyone who has it;
    * ``no_third_party``: the categories never reach a recipient, except ``except_recipients``
      (``recipients``, when given, narrows the rule to those recipients);
    * ``anonymised_only``: ``recipients`` (all, when empty) only ever get anonymised data of the categories;
    * ``no_sale``: identifiable data of the categories never reaches a ``third_party``/``partner`` recipient,
      nor serves a sale data use (``SALE_USES``);
    * ``no_use``: the categories never serve the data uses in ``purposes``.
    """

    id: str
    rule: str  # one of PROHIBITION_RULES
    categories: tuple[str, ...] = ("user",)
    recipients: tuple[str, ...] = ()  # empty = all recipients (where the rule concerns recipients)
    statement: str = ""  # the policy sentence it encodes
    except_recipients: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()  # no_use: the data uses excluded
    assumption: str = ""
    position: Position = NOWHERE

    def applies_to_category(self, category: str) -> bool:
        return covered_by(category, self.categories)

    def applies_to_recipient(self, recipient: str) -> bool:
        if recipient in self.except_recipients:
            return False
        return not self.recipients or recipient in self.recipients


@dataclass(frozen=True)
class Bindings:
    identifiers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (category, identifier phrases)
    purposes_by_path: tuple[tuple[str, str], ...] = ()  # (glob, purpose)


@dataclass(frozen=True)
class Rights:
    regimes: tuple[str, ...] = ()
    granted: tuple[str, ...] = ()
    contact: str = ""


@dataclass(frozen=True)
class Extension:
    """A policy's own taxonomy key under an existing parent (``user.device.user_agent``)."""

    kind: str  # data_categories | data_uses
    key: str
    parent: str
    name: str
    description: str = ""
    position: Position = NOWHERE


@dataclass(frozen=True)
class Policy:
    controller: Controller
    categories: tuple[Category, ...] = ()
    purposes: tuple[Purpose, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    prohibitions: tuple[Prohibition, ...] = ()
    bindings: Bindings = field(default_factory=Bindings)
    version: str = ""
    source_path: str = ""
    digest: str = ""  # sha256 of the file: part of cache keys and report headers
    id: str = ""
    name: str = ""
    effective_date: str = ""
    url: str = ""
    summary: str = ""
    subjects: tuple[str, ...] = ()
    extensions: tuple[Extension, ...] = ()
    rights: Rights = field(default_factory=Rights)
    security_measures: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    positions: Mapping[PathKey, Position] = field(default_factory=dict, compare=False, hash=False, repr=False)

    # -- look-ups ---------------------------------------------------------------------------------------
    def category(self, key: str) -> Category | None:
        return next((c for c in self.categories if c.key == key), None)

    def purpose(self, key: str) -> Purpose | None:
        return next((p for p in self.purposes if p.key == key), None)

    def recipient(self, recipient_id: str) -> Recipient | None:
        return next((r for r in self.recipients if r.id == recipient_id), None)

    def declared_category(self, key: str) -> Category | None:
        """The most specific declared category covering ``key`` (``None``: undeclared)."""
        best = [c for c in self.categories if covers(c.key, key)]
        return max(best, key=lambda c: c.key.count("."), default=None)

    def retention_for(self, key: str) -> Category | None:
        """The most specific declared category covering ``key`` that states a retention."""
        best = [c for c in self.categories if covers(c.key, key) and c.retention]
        return max(best, key=lambda c: c.key.count("."), default=None)

    def transfers_to(self, recipient_id: str) -> tuple[Transfer, ...]:
        return tuple(t for t in self.transfers if t.recipient == recipient_id)

    def prohibitions_for(self, rule: str) -> tuple[Prohibition, ...]:
        return tuple(p for p in self.prohibitions if p.rule == rule)

    def position_of(self, *path: str | int) -> Position:
        """Position of a nested node, or of its nearest ancestor that has one."""
        key: PathKey = tuple(path)
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), Position(self.source_path, 1, 1) if self.source_path else NOWHERE)


def covers(declared: str, key: str) -> bool:
    """Subsumption: a declaration of ``user.contact`` covers ``user.contact.email``."""
    return key == declared or key.startswith(declared + ".")


def covered_by(key: str, declared: Iterable[str]) -> bool:
    """Is ``key`` covered by any of the ``declared`` keys?"""
    return any(covers(d, key) for d in declared)


def overlaps(a: str, b: str) -> bool:
    """Do two keys share data (one covers the other)?"""
    return covers(a, b) or covers(b, a)


def ancestors(key: str) -> tuple[str, ...]:
    """``user.contact.email`` -> ``("user.contact.email", "user.contact", "user")`` (self first)."""
    parts = key.split(".")
    return tuple(".".join(parts[:n]) for n in range(len(parts), 0, -1))


def is_sale_use(data_use: str) -> bool:
    return covered_by(data_use, SALE_USES) and not covered_by(data_use, SALE_USE_EXCEPTIONS)
