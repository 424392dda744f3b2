"""Run a rule's VALID/INVALID examples through the real pipeline (Fixit's ``fixit test`` idea).

An example is a policy plus in-memory source files: they are scanned with the active plugins
(``privlint.api.scan_sources``), the policy's bindings are added to the catalogue, and every
rule is evaluated, so an example proves the whole chain, not just the rule's predicate.
"""

from __future__ import annotations

from privlint.checks.base import Example
from privlint.checks.bindings import catalogue_from_policy
from privlint.checks.project import lint_findings
from privlint.checks.runner import check_scan
from privlint.checks.selection import Selection
from privlint.types import CheckResult


def run_example(example: Example) -> CheckResult:
    from policy_model import load_text
    from privlint import api

    policy = load_text(example.policy, "privacy-policy.yaml")
    catalogue = api.default_catalogue().merged(catalogue_from_policy(policy))
    scan = api.scan_sources(dict(example.files), catalogue)
    return check_scan(
        scan,
        policy,
        catalogue=catalogue,
        selection=Selection(select=("PRV",)),
        lint_findings=lint_findings(policy),
    )


def codes_of(example: Example) -> set[str]:
    return {f.code for f in run_example(example).findings}
