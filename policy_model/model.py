"""The typed privacy-policy model that the engine, the checks and the reports read.

Frozen dataclasses, built by ``policy_model.loader`` from YAML validated against
``policy_model/schema/policy.schema.json``. Each record keeps the ``Position`` of the YAML node it
came from so that findings can point reviewers at the clause they concern.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Position:
    path: str
    line: int
    column: int


NOWHERE = Position("", 0, 0)


@dataclass(frozen=True)
class Controller:
    name: str
    region: str = "EEA"  # the regime data is exported from: EEA, UK, CH, CA, US...
    country: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Category:
    key: str  # fideslang key, or an extension under an existing parent
    name: str = ""
    description: str = ""
    sensitive: bool = False  # GDPR Art. 9 special category (or treated as such)
    retention: str | None = None  # ISO-8601 duration, e.g. "P3Y"
    retention_note: str = ""
    position: Position = NOWHERE


@dataclass(frozen=True)
class Purpose:
    key: str  # fideslang data use, e.g. "essential.service.payment_processing"
    legal_basis: str | None  # consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests
    categories: tuple[str, ...] = ()
    description: str = ""
    position: Position = NOWHERE


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str = ""
    role: str = "processor"  # processor | sub_processor | third_party | partner | authority
    kind: str = ""
    locations: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    requires: str = "none"  # none | pseudonymised | anonymised: what must be done before data reaches it
    packages: tuple[str, ...] = ()  # binding: Python modules of its SDK (in-house or missing from the catalogue)
    hosts: tuple[str, ...] = ()  # binding: API hosts
    assumption: str = ""  # vendor choice made by the policy author where the policy text is silent
    position: Position = NOWHERE


@dataclass(frozen=True)
class Transfer:
    recipient: str
    destination: str  # ISO-3166 alpha-2
    mechanism: str | None  # adequacy | scc | bcr | derogation | None (undeclared)
    reference: str = ""
    position: Position = NOWHERE


@dataclass(frozen=True)
class Prohibition:
    id: str
    rule: str  # no_storage | no_logging | no_third_party | anonymised_only | no_sale
    categories: tuple[str, ...] = ("user",)
    recipients: tuple[str, ...] = ()  # empty = all recipients (where the rule concerns recipients)
    statement: str = ""  # the policy sentence it encodes
    position: Position = NOWHERE


@dataclass(frozen=True)
class Bindings:
    identifiers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (category, identifier phrases)
    purposes_by_path: tuple[tuple[str, str], ...] = ()  # (glob, purpose)


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


def covers(declared: str, key: str) -> bool:
    """Subsumption: a declaration of ``user.contact`` covers ``user.contact.email``."""
    return key == declared or key.startswith(declared + ".")
