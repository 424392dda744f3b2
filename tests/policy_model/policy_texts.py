"""Policy texts shared by the policy-model tests (a module, so tests can import the constants)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = (
    REPO / "examples" / "optimer" / "privacy-policy.yaml",
    REPO / "examples" / "optimibi" / "privacy-policy.yaml",
)

# A small valid, lint-clean policy; tests derive broken variants from it line by line.
BASE = """\
privlint: "1.0"
controller:
  name: Acme
  region: EEA
categories:
  - key: user.contact.email
    retention: {duration: P30D, trigger: account_closure}
purposes:
  - key: essential.service.notifications.email
    legal_basis: contract
    categories: [user.contact.email]
recipients:
  - id: sendgrid
    role: processor
    kind: email
    locations: [US]
    categories: [user.contact.email]
    purposes: [essential.service.notifications.email]
transfers:
  - recipient: sendgrid
    destination: US
    mechanism: scc
"""
