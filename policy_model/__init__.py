"""The privacy policy as code: schema, loader, typed model, taxonomy and self-lint.

``load(path) -> Policy`` (raises ``PolicyError`` with positioned diagnostics), ``lint(policy)`` for the
semantic rules PRV101-PRV106, ``schema()`` for the JSON Schema, and the subsumption helpers.
"""

from policy_model.lint import LintFinding, lint
from policy_model.lint_rules import LINT_RULES, LintRule, lint_rule
from policy_model.loader import Diagnostic, PolicyError, load, load_text, schema
from policy_model.model import (
    Bindings,
    Category,
    Controller,
    Extension,
    Policy,
    Position,
    Prohibition,
    Purpose,
    Recipient,
    Rights,
    Transfer,
    ancestors,
    covered_by,
    covers,
    overlaps,
)

__all__ = [
    "LINT_RULES",
    "Bindings",
    "Category",
    "Controller",
    "Diagnostic",
    "Extension",
    "LintFinding",
    "LintRule",
    "Policy",
    "PolicyError",
    "Position",
    "Prohibition",
    "Purpose",
    "Recipient",
    "Rights",
    "Transfer",
    "ancestors",
    "covered_by",
    "covers",
    "lint",
    "lint_rule",
    "load",
    "load_text",
    "overlaps",
    "schema",
]
