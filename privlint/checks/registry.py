"""The rule catalogue: every code privlint can report, with its documentation and its check.

Code-vs-policy rules are the classes in this package's rule-family modules. PRV1xx policy-lint
rules are documented (and implemented) by ``policy_model.lint_rules``; this registry reads their
records from there so that ``privlint rule PRV104`` and SARIF rule metadata have one source.
Plugins may contribute more checks through the ``privlint_checks`` hook (objects with ``DOC`` and
``check``).
"""

from __future__ import annotations

from functools import lru_cache

from privlint.checks.base import Example, FlowRule, ProjectRule, RuleDoc
from privlint.checks.collection import UndeclaredCategory
from privlint.checks.meta import META_RULES
from privlint.checks.prohibitions import (
    IdentifiableToAnonymisedOnly,
    OtherProhibition,
    PersonalDataInCookies,
    PersonalDataInLogs,
    ProhibitedStorage,
)
from privlint.checks.purposes import PurposeNotDeclared
from privlint.checks.recipients import RecipientNotDeclaredForCategory, UndeclaredRecipient
from privlint.checks.review import UnobservedCategory, UnusedRecipient
from privlint.checks.transfers import TransferWithoutSafeguard

FLOW_RULES: tuple[FlowRule, ...] = (
    UndeclaredCategory(),
    UndeclaredRecipient(),
    RecipientNotDeclaredForCategory(),
    PurposeNotDeclared(),
    TransferWithoutSafeguard(),
    ProhibitedStorage(),
    PersonalDataInLogs(),
    PersonalDataInCookies(),
    IdentifiableToAnonymisedOnly(),
    OtherProhibition(),
)
PROJECT_RULES: tuple[ProjectRule, ...] = (UnusedRecipient(), UnobservedCategory())


def _policy_lint_docs() -> list[RuleDoc]:
    """PRV1xx records from ``policy_model.lint_rules``, adapted to ``RuleDoc`` (examples are policy
    fragments there, so they become examples without files)."""
    from policy_model.lint_rules import LINT_RULES

    return [
        RuleDoc(
            code=rule.code,
            name=rule.name,
            severity="error",
            summary=rule.summary,
            explanation=rule.explanation,
            protects="the policy file itself: it must be valid and consistent before code is checked against it",
            fix=rule.hint,
            valid=(Example(files={}, policy=rule.valid),),
            invalid=(Example(files={}, policy=rule.invalid),),
        )
        for rule in LINT_RULES
    ]


@lru_cache(maxsize=1)
def all_docs() -> dict[str, RuleDoc]:
    """Every rule's documentation by code, sorted by code."""
    docs: dict[str, RuleDoc] = {doc.code: doc for doc in META_RULES}
    docs.update({doc.code: doc for doc in _policy_lint_docs()})  # policy_model's own PRV1xx records win
    for rule in FLOW_RULES:
        docs[rule.DOC.code] = rule.DOC
    for project_rule in PROJECT_RULES:
        docs[project_rule.DOC.code] = project_rule.DOC
    return dict(sorted(docs.items()))


def doc(code: str) -> RuleDoc | None:
    return all_docs().get(code.upper())
