"""The one vocabulary of recipient kinds, shared by the policy and the vendor catalogue.

A recipient's ``kind`` is written in two places: the policy (``recipients[].kind``, what the controller
declares) and the catalogue (``plugins/recipients/*.yaml``, what privlint knows about a vendor). When the
two vocabularies differed, a user copying a vendor's kind from the catalogue into the policy (``kind:
chat`` for Slack) got a schema error. Both JSON Schemas (``policy_model/schema/policy.schema.json`` and
``privlint/schemas/catalogue.schema.json``) spell this list out as an ``enum``, so that editors and
``privlint policy schema`` see it without privlint; ``tests/policy_model/test_recipient_kinds.py`` keeps
the three equal. The labels are how the rendered privacy notice names each kind.
"""

from __future__ import annotations

RECIPIENT_KINDS: dict[str, str] = {
    "payment": "Payment provider",
    "email": "Email delivery",
    "sms": "SMS delivery",
    "messaging": "Messaging service",
    "chat": "Team chat",
    "marketing": "Marketing",
    "advertising": "Advertising",
    "analytics": "Analytics",
    "crm": "Customer relationship management",
    "support": "Customer support platform",
    "error_monitoring": "Error monitoring",
    "observability": "Application performance monitoring",
    "logging": "Log management",
    "ai": "AI service",
    "search": "Search service",
    "storage": "Storage provider",
    "data_pipeline": "Data pipeline or message broker",
    "cloud": "Cloud provider",
    "hosting": "Hosting provider",
    "media": "Media processing",
    "identity": "Identity provider",
    "authority": "Authorities",
    "other": "Service provider",
}
