"""What privlint guesses when it writes a policy entry for a human to confirm (``privlint policy init``).

A policy states decisions only its owner can make: why data is processed, on which legal basis, for how
long, under which transfer safeguard. A draft still has to validate, so each decision gets a plausible
first answer here, and the writer marks every one of them ``TODO``. Keeping the guesses as data in one
place keeps them reviewable, and lets every command that drafts policy text give the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_model.adequacy import regime_for_region
from policy_model.model import SPECIAL_CATEGORY_KEYS, covered_by

# The data use a recipient of each kind (policy_model.recipient_kinds) most often serves.
PURPOSE_BY_KIND: dict[str, str] = {
    "payment": "essential.service.payment_processing",
    "email": "essential.service.notifications.email",
    "sms": "essential.service.notifications.sms",
    "messaging": "essential.service.notifications",
    "chat": "essential.service.operations",
    "marketing": "marketing.communications",
    "advertising": "marketing.advertising",
    "analytics": "analytics.reporting",
    "crm": "essential.service.operations",
    "support": "essential.service.operations.support",
    "error_monitoring": "analytics.reporting.system.performance",
    "observability": "analytics.reporting.system.performance",
    "logging": "essential.service.operations",
    "ai": "functional.service",
    "search": "essential.service",
    "storage": "essential.service",
    "data_pipeline": "essential.service",
    "cloud": "essential.service",
    "hosting": "essential.service",
    "media": "essential.service",
    "identity": "essential.service.authentication",
    "authority": "third_party_sharing.legal_obligation",
    "other": "essential.service",
}
# What data the controller keeps itself (storage, logs, cookies) is most often for: running the service.
LOCAL_PURPOSE = "essential.service"

# The legal basis (GDPR Art. 6) usually relied on for a data use; the most specific prefix wins.
LEGAL_BASIS_BY_USE: dict[str, str] = {
    "essential": "contract",
    "essential.legal_obligation": "legal_obligation",
    "essential.fraud_detection": "legitimate_interests",
    "essential.service.security": "legitimate_interests",
    "essential.service.operations": "legitimate_interests",
    "essential.service.operations.support": "contract",
    "functional": "contract",
    "functional.service.improve": "consent",
    "analytics": "consent",
    "analytics.reporting.system": "legitimate_interests",
    "marketing": "consent",
    "personalize": "consent",
    "sales": "consent",
    "third_party_sharing": "consent",
    "third_party_sharing.legal_obligation": "legal_obligation",
    "train_ai_system": "consent",
    "employment": "contract",
    "finance": "legal_obligation",
}
DEFAULT_LEGAL_BASIS = "legitimate_interests"
ART9_BASIS = "explicit_consent"  # the Art. 9 condition a controller without a narrower one relies on

# Retention: (ISO-8601 duration, trigger); the most specific prefix wins. Device and behaviour data are
# usually kept for weeks after collection; account data until some time after the account is closed.
RETENTION_BY_CATEGORY: dict[str, tuple[str, str]] = {
    "user": ("P1Y", "account_closure"),
    "user.device": ("P90D", "collection"),
    "user.behavior": ("P90D", "collection"),
    "user.telemetry": ("P90D", "collection"),
    "user.location": ("P90D", "collection"),
    "system": ("P90D", "collection"),
}
DEFAULT_RETENTION = ("P1Y", "collection")
# Categories to handle with extra care (``sensitive: true``) besides the Art. 9 ones.
SENSITIVE_CATEGORIES = ("user.financial", "user.authorization", "user.government_id", "user.payment")

# The recipient role assumed for a vendor of each kind (most vendors process on the controller's behalf).
ROLE_BY_KIND: dict[str, str] = {"authority": "authority"}
DEFAULT_ROLE = "processor"


def _most_specific(table: dict[str, str] | dict[str, tuple[str, str]], key: str) -> str | None:
    matches = [prefix for prefix in table if key == prefix or key.startswith(prefix + ".")]
    return max(matches, key=len) if matches else None


def purpose_for_kind(kind: str) -> str:
    return PURPOSE_BY_KIND.get(kind, PURPOSE_BY_KIND["other"])


def legal_basis(data_use: str) -> str:
    prefix = _most_specific(LEGAL_BASIS_BY_USE, data_use)
    return LEGAL_BASIS_BY_USE[prefix] if prefix else DEFAULT_LEGAL_BASIS


def retention(category: str) -> tuple[str, str]:
    prefix = _most_specific(RETENTION_BY_CATEGORY, category)
    return RETENTION_BY_CATEGORY[prefix] if prefix else DEFAULT_RETENTION


def is_special(category: str) -> bool:
    """GDPR Art. 9/10 data whatever the policy says (``model.SPECIAL_CATEGORY_KEYS``)."""
    return covered_by(category, SPECIAL_CATEGORY_KEYS)


def is_sensitive(category: str) -> bool:
    return is_special(category) or covered_by(category, SENSITIVE_CATEGORIES)


def role(kind: str) -> str:
    return ROLE_BY_KIND.get(kind, DEFAULT_ROLE)


@dataclass(frozen=True)
class TransferNeed:
    """Why data sent to ``destination`` needs a ``transfers`` entry, and the mechanism to start from."""

    destination: str
    reason: str  # e.g. "BR has no adequacy decision under the EU GDPR"
    mechanism: str = "scc"
    certification: str | None = None  # the certification a partial adequacy decision depends on (dpf)


def transfer_need(region: str, location: str, country: str | None = None) -> TransferNeed | None:
    """The transfer a recipient in ``location`` needs from a controller in ``region``, or ``None`` when the
    location is inside the region or fully adequate. The same judgement as the lint's PRV104 and the
    check's PRV205 (``policy_model.adequacy``): a partial decision (the US: only organisations certified
    under the Data Privacy Framework) still needs a declared transfer."""
    if location in (region, country):
        return None
    regime = regime_for_region(region)
    if regime is None:
        return TransferNeed(location, f"{location} is outside the controller's region {region}")
    if regime.inside(location):
        return None
    adequacy = regime.adequate.get(location)
    if adequacy is None:
        return TransferNeed(location, f"{location} has no adequacy decision under {regime.name}")
    if adequacy.requires_certification:
        return TransferNeed(
            location,
            f"{location} is adequate under {regime.name} only for organisations with certification "
            f"'{adequacy.requires_certification}'",
            certification=adequacy.requires_certification,
        )
    return None
