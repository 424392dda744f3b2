"""The policy file's own problems as findings (PRV1xx), at the policy's ``FILE:LINE:COL``.

The rules live in ``policy_model`` (``lint_rules``, ``lint``) and its loader; ``privlint policy
validate`` prints their diagnostics, and ``privlint check`` reports them as findings beside the
code's, through these two functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from privlint.types import Finding, Location

if TYPE_CHECKING:
    from policy_model.model import Policy

POLICY_FILE_PREFIX = "PRV1"  # PRV1xx: problems of the policy file itself (policy_model.lint_rules)


def lint_findings(policy: Policy) -> list[Finding]:
    """PRV101-PRV106: what the policy's self-lint says of a policy that loaded."""
    from policy_model import lint

    return [
        Finding(
            code=f.code,
            message=f"{f.key_path}: {f.message}" if f.key_path else f.message,
            location=Location(
                f.position.path or policy.source_path, max(f.position.line, 1), max(f.position.column, 1)
            ),
            severity="error",
            clause=f.key_path or None,
            hint=f.hint or None,
        )
        for f in lint(policy)
    ]


def load_error_findings(error: Exception, policy_path: Path) -> list[Finding]:
    """PRV100: a policy that does not load, one finding per diagnostic of its ``PolicyError``."""
    findings = [
        Finding(
            code="PRV100",
            message=f"{d.key_path}: {d.message}" if d.key_path else d.message,
            location=Location(d.path or str(policy_path), max(d.line, 1), max(d.column, 1)),
            severity="error",
            clause=d.key_path or None,
            hint=d.hint or None,
        )
        for d in getattr(error, "diagnostics", []) or []
    ]
    return findings or [Finding("PRV100", str(error), Location(str(policy_path), 1, 1), "error")]
