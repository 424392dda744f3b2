"""Policy bindings become catalogue records, so a policy can teach privlint its own vendors.

A recipient declared with ``packages`` (its SDK's importable modules) or ``hosts`` (API hosts)
is a recipient the engine can recognise even when no plugin knows it (an in-house partner API);
``bindings.identifiers`` names the identifiers that hold a category in this codebase.
"""

from __future__ import annotations

import re

from policy_model.model import Policy
from privlint.catalogue import Catalogue, IdentifierRule, Recipient

PLUGIN_NAME = "policy"


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s_\-.]+", phrase.strip().lower()) if w)


def catalogue_from_policy(policy: Policy) -> Catalogue:
    recipients = tuple(
        Recipient(
            id=r.id,
            name=r.name or r.id,
            kind=r.kind or "unknown",
            locations=r.locations,
            packages=r.packages,
            hosts=r.hosts,
            plugin=PLUGIN_NAME,
        )
        for r in policy.recipients
        if r.packages or r.hosts
    )
    identifiers = tuple(
        IdentifierRule(
            category=category,
            phrases=tuple(words for words in (_words(p) for p in phrases) if words),
            plugin=PLUGIN_NAME,
        )
        for category, phrases in policy.bindings.identifiers
    )
    return Catalogue(recipients=recipients, identifiers=identifiers)
