"""Run a rule's VALID/INVALID examples through the real pipeline (Fixit's ``fixit test`` idea).

An example is a policy plus in-memory source files: they are checked with the active plugins and
the policy's bindings (``privlint.pipeline.check_sources``) with every rule selected, so an example
proves the whole chain, not just the rule's predicate. The one module of ``checks`` that runs the
pipeline rather than being run by it: it is for tests of the rules.
"""

from __future__ import annotations

from privlint.checks.base import Example
from privlint.checks.selection import Selection
from privlint.types import CheckResult


def run_example(example: Example) -> CheckResult:
    from policy_model import load_text
    from privlint.pipeline import check_sources

    policy = load_text(example.policy, "privacy-policy.yaml")
    return check_sources(dict(example.files), policy, selection=Selection(select=("PRV",)))


def codes_of(example: Example) -> set[str]:
    return {f.code for f in run_example(example).findings}
