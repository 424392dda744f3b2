"""The policy the code describes: what ``privlint policy init`` writes, before it is written.

From a scan's flows and the catalogue, ``draft`` derives the smallest policy under which ``privlint
check`` reports no code-vs-policy finding (PRV2xx) for those flows, and which the policy lint accepts:

* every category a personal flow carries is declared (PRV201), with a retention period (PRV106);
* every party a flow reaches is a recipient (PRV202): a catalogue vendor by its id, with its name, kind
  and locations; an API host the catalogue does not know by an id made from the host, bound by ``hosts``
  (the engine then recognises it); each receives exactly the categories it is sent (PRV203);
* each recipient serves a purpose that lists those categories (PRV204, and the lint's PRV102): the
  flow's own purpose (an annotation, ``[tool.privlint.purposes]``), else the one its kind suggests;
  data the code keeps itself (storage, logs, cookies) serves ``essential.service``;
* every recipient location outside the controller's region without full adequacy gets a transfer
  with a mechanism (PRV205, PRV104); every purpose a legal basis, special categories an Art. 9 one (PRV105).

Everything the code cannot tell (the controller, its region, the legal bases, retention periods,
mechanisms, roles) comes from ``policy_model.guesses``; the writer (``policy_draft_yaml``) marks each
guess ``TODO``. Anonymised flows (``is_personal``) carry no personal data and declare nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from policy_model import guesses
from policy_model.model import ancestors
from policy_model.recipient_kinds import RECIPIENT_KINDS
from policy_model.taxonomy import Taxonomy, default_taxonomy
from privlint.catalogue import Catalogue
from privlint.checks.base import CheckContext, is_personal
from privlint.checks.recipients import flow_recipient, recipient_id_for_host
from privlint.types import Flow, ScanResult, SkippedFile

UNKNOWN_LOCATION = "WORLD"  # a recipient the catalogue does not place: anywhere, until a human says where
EVIDENCE_SHOWN = 3  # code locations quoted per entry: enough to find it, short enough to read


@dataclass
class Evidence:
    """Where the code does what an entry declares (``app/billing.py:10``, ``stripe.Customer.create``)."""

    places: list[str] = field(default_factory=list)  # the first few, in flow order
    seen: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        """How many distinct places."""
        return len(self.seen)

    def add(self, flow: Flow, what: str) -> None:
        place = f"{flow.location.path}:{flow.location.line} ({what})"
        if place not in self.seen and len(self.places) < EVIDENCE_SHOWN:
            self.places.append(place)
        self.seen.add(place)


@dataclass
class Extension:
    """A key the fideslang taxonomy lacks, declared one level under its parent."""

    kind: str  # data_categories | data_uses
    key: str
    parent: str
    name: str  # a placeholder: its last segment


@dataclass
class DraftCategory:
    key: str
    name: str
    retention: tuple[str, str]  # (ISO-8601 duration, trigger), a guess
    sensitive: bool = False
    special: bool = False  # GDPR Art. 9/10: its purposes need an Art. 9 condition
    sinks: Counter[str] = field(default_factory=Counter)  # sink kind -> flows
    evidence: Evidence = field(default_factory=Evidence)


@dataclass
class DraftPurpose:
    key: str
    name: str
    legal_basis: str  # a guess
    categories: set[str] = field(default_factory=set)
    recipients: set[str] = field(default_factory=set)  # why it was guessed: "stripe (payment)"
    kept: set[str] = field(default_factory=set)  # why it was guessed: the sink kinds of data the code keeps
    guessed: bool = True  # False when the code states it (annotation, path mapping)
    art9: bool = False


@dataclass
class DraftRecipient:
    id: str
    name: str
    kind: str
    role: str
    locations: tuple[str, ...]
    known_kind: bool = False  # the catalogue's kind, not a guess
    known_locations: bool = False  # the catalogue's locations, not a guess
    hosts: tuple[str, ...] = ()  # the binding of a recipient the catalogue does not know
    categories: set[str] = field(default_factory=set)
    purposes: set[str] = field(default_factory=set)
    anonymised: set[str] = field(default_factory=set)  # categories it gets anonymised only (not declared)
    evidence: Evidence = field(default_factory=Evidence)

    @property
    def anonymised_only(self) -> bool:
        """It gets nothing but anonymised data: the draft says ``requires: anonymised`` (and no transfer)."""
        return not self.categories


@dataclass(frozen=True)
class DraftTransfer:
    recipient: str
    need: guesses.TransferNeed


@dataclass
class Draft:
    """A policy derived from code, with what a human still has to decide."""

    controller: str
    policy_id: str
    region: str
    categories: list[DraftCategory]
    purposes: list[DraftPurpose]
    recipients: list[DraftRecipient]
    transfers: list[DraftTransfer]
    extensions: list[Extension]
    flows: int
    files: int
    skipped: tuple[SkippedFile, ...] = ()
    test_flows: int = 0


def draft(
    scan: ScanResult,
    catalogue: Catalogue,
    *,
    controller: str,
    region: str = "EEA",
    purposes_by_path: Sequence[tuple[str, str]] = (),
) -> Draft:
    """The policy ``scan``'s flows need (see the module docstring); ``controller`` names the organisation
    (a guess: the project's name), ``region`` is where it is established (a guess: the EEA)."""
    from policy_model.model import Controller, Policy

    builder = _Builder(catalogue, default_taxonomy())
    ctx = CheckContext(policy=Policy(Controller(controller)), catalogue=catalogue, purposes_by_path=purposes_by_path)
    for flow in sorted(scan.flows):
        builder.add(flow, personal=is_personal(flow, ctx), purpose=flow.purpose or ctx.path_purpose(flow.location.path))
    recipients = sorted(builder.recipients.values(), key=lambda r: r.id)
    transfers = [  # anonymous data is not personal data: no Chapter V transfer (as the lint's PRV104 says)
        DraftTransfer(r.id, need)
        for r in recipients
        if not r.anonymised_only
        for need in (guesses.transfer_need(region, location) for location in r.locations)
        if need is not None
    ]
    special = {c.key for c in builder.categories.values() if c.special}
    for purpose in builder.purposes.values():
        purpose.art9 = bool(purpose.categories & special)
    return Draft(
        controller=controller,
        policy_id=policy_id(controller),
        region=region,
        categories=sorted(builder.categories.values(), key=lambda c: c.key),
        purposes=sorted(builder.purposes.values(), key=lambda p: p.key),
        recipients=recipients,
        transfers=transfers,
        extensions=sorted(builder.extensions.values(), key=lambda e: (e.kind, e.key)),
        flows=len(scan.flows),
        files=len(scan.analyzed),
        skipped=scan.skipped,
        test_flows=scan.test_flows,
    )


def policy_id(name: str) -> str:
    """A policy or recipient id (``^[a-z0-9][a-z0-9_-]*$``) from a free-form name."""
    text = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")
    return text if text else "policy"


class _Builder:
    def __init__(self, catalogue: Catalogue, taxonomy: Taxonomy) -> None:
        self.catalogue = catalogue
        self.taxonomy = taxonomy
        self.categories: dict[str, DraftCategory] = {}
        self.purposes: dict[str, DraftPurpose] = {}
        self.recipients: dict[str, DraftRecipient] = {}
        self.extensions: dict[tuple[str, str], Extension] = {}
        self._by_party: dict[str, DraftRecipient] = {}  # flow_recipient() -> the entry declaring it

    def add(self, flow: Flow, *, personal: bool, purpose: str | None) -> None:
        party = flow_recipient(flow)
        if not personal:  # anonymised: no longer personal data, nothing to declare
            if party is not None:
                recipient = self._recipient(party, flow)
                recipient.anonymised.add(flow.category)
                recipient.evidence.add(flow, flow.sink.callee or flow.sink.kind)
            return
        category = self._category(flow.category)
        category.sinks[flow.sink.kind] += 1
        category.evidence.add(flow, flow.sink.kind if party is None else party)
        if party is None:  # the code keeps it: storage, logs, cookies, exceptions
            kept = self._purpose(purpose, guesses.LOCAL_PURPOSE)
            kept.categories.add(flow.category)
            kept.kept.add(flow.sink.kind)
            return
        recipient = self._recipient(party, flow)
        recipient.categories.add(flow.category)
        recipient.evidence.add(flow, flow.sink.callee or flow.sink.kind)
        served = self._purpose(purpose, guesses.purpose_for_kind(recipient.kind))
        served.categories.add(flow.category)
        served.recipients.add(f"{recipient.id} ({recipient.kind})")
        recipient.purposes.add(served.key)

    # -- entries --------------------------------------------------------------------------------------------
    def _category(self, key: str) -> DraftCategory:
        if key not in self.categories:
            self._extend("data_categories", key)
            duration, trigger = guesses.retention(key)
            self.categories[key] = DraftCategory(
                key=key,
                name=self._name("data_categories", key),
                retention=(duration, trigger),
                sensitive=guesses.is_sensitive(key),
                special=guesses.is_special(key),
            )
        return self.categories[key]

    def _purpose(self, stated: str | None, guessed: str) -> DraftPurpose:
        """The entry of the purpose the code states, else of the guessed one."""
        key = stated or guessed
        if key not in self.purposes:
            self._extend("data_uses", key)
            self.purposes[key] = DraftPurpose(
                key=key, name=self._name("data_uses", key), legal_basis=guesses.legal_basis(key)
            )
        if stated:
            self.purposes[key].guessed = False
        return self.purposes[key]

    def _recipient(self, party: str, flow: Flow) -> DraftRecipient:
        if party in self._by_party:
            return self._by_party[party]
        if flow.sink.recipient:  # a recipient the catalogue names: its id, name, kind and locations
            known = self.catalogue.recipient(party)
            kind = known.kind if known is not None and known.kind in RECIPIENT_KINDS else "other"
            locations = tuple(known.locations) if known is not None else ()
            entry = DraftRecipient(
                id=party,
                name=known.name if known is not None and known.name else party,
                kind=kind,
                role=guesses.role(kind),
                locations=locations or (UNKNOWN_LOCATION,),
                known_kind=known is not None and known.kind in RECIPIENT_KINDS,
                known_locations=bool(locations),
            )
        else:  # an API host: an id of its own (ids have no dots), the host as its binding
            rid = recipient_id_for_host(party)
            if self.catalogue.recipient(rid) is not None:  # the short id names a vendor privlint knows
                rid = re.sub(r"[^a-z0-9_]", "_", party.lower()).strip("_")
            if rid in self.recipients:  # another host of the same owner (api.x.io, eu.x.io)
                entry = self.recipients[rid]
                entry.hosts = (*entry.hosts, party)
            else:
                entry = DraftRecipient(
                    id=rid, name=party, kind="other", role=guesses.role("other"), locations=(UNKNOWN_LOCATION,),
                    hosts=(party,),
                )  # fmt: skip
        self.recipients[entry.id] = entry
        self._by_party[party] = entry
        return entry

    # -- taxonomy -------------------------------------------------------------------------------------------
    def _name(self, kind: str, key: str) -> str:
        term = self.taxonomy.term(kind, key)
        return term.name if term is not None else _humanised(key.rpartition(".")[2])

    def _extend(self, kind: str, key: str) -> None:
        """Declare ``key`` and any missing ancestors as extensions, down from the nearest fideslang key
        (an extension sits one level under an existing parent, which may be another extension)."""
        lineage = ancestors(key)
        missing = [k for k in lineage if not self.taxonomy.known(kind, k)]
        if len(missing) == len(lineage):
            return  # no known root: nothing to hang it on (the lint names the key)
        for ancestor in reversed(missing):
            parent, _, last = ancestor.rpartition(".")
            self.extensions.setdefault((kind, ancestor), Extension(kind, ancestor, parent, _humanised(last)))


def _humanised(word: str) -> str:
    return word.replace("_", " ").capitalize()
