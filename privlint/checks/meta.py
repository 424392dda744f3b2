"""Documentation of the rules about the run itself: PRV000, PRV001 and suppression hygiene (PRV9xx).

Their logic lives where the facts are: the engine records internal errors and skipped files in
``ScanResult``; ``privlint.suppressions`` finds bad and unused suppression comments;
``privlint.checks.runner.scan_account`` and the pipeline turn those facts into findings with these records.
"""

from __future__ import annotations

from privlint.checks.base import Example, RuleDoc

INTERNAL_ERROR = RuleDoc(
    code="PRV000",
    name="internal-error",
    severity="error",
    summary="A plugin or detector raised an error: the run is incomplete",
    explanation=(
        "privlint contains failures of its own plugins so that one broken detector does not hide every other "
        "finding, but a run in which part of the analysis failed cannot vouch for the code: flows may be "
        "missing. The finding names the plugin and the file, and the exit code is 2 (as for a configuration "
        "error), with or without --exit-zero. It cannot be ignored or suppressed."
    ),
    protects="the completeness of the check",
    fix="Report the error to the plugin's authors; disable the plugin with -p no:NAME if it is not needed.",
)

FILE_SKIPPED = RuleDoc(
    code="PRV001",
    name="file-skipped",
    severity="warning",
    summary="A file could not be analysed (syntax error, undecodable, too large)",
    explanation=(
        "A file privlint could not parse is a file whose flows are unknown. Rather than pass silently, the "
        "skip is reported as a warning that counts towards the exit code, so CI notices that part of the "
        "code went unchecked."
    ),
    protects="the completeness of the check",
    fix="Fix the syntax error or encoding, raise the size limit, or exclude the file in [tool.privlint] exclude.",
    valid=(Example(files={"ok.py": "x = 1\n"}, policy=""),),
    invalid=(Example(files={"broken.py": "def f(:\n"}, policy=""),),
)

SUPPRESSION_WITHOUT_REASON = RuleDoc(
    code="PRV901",
    name="suppression-without-reason",
    severity="warning",
    summary="An inline suppression gives no reason",
    explanation=(
        "`# privlint: ignore[PRV203]` hides a possible privacy violation from every later reader and from "
        "CI. The reason after the bracket (`# privlint: ignore[PRV203] hashed before upload, see DPIA-12`) "
        "is what a privacy reviewer audits; without it the suppression still applies but is reported."
    ),
    protects="the audit trail of accepted risks",
    fix="Write why the flow is acceptable after the closing bracket.",
    valid=(Example(files={"a.py": "send(user.email)  # privlint: ignore[PRV203] consented, DPIA-7\n"}, policy=""),),
    invalid=(Example(files={"a.py": "send(user.email)  # privlint: ignore[PRV203]\n"}, policy=""),),
)

UNUSED_SUPPRESSION = RuleDoc(
    code="PRV902",
    name="unused-suppression",
    severity="warning",
    summary="An inline suppression suppresses nothing",
    explanation=(
        "A suppression that matches no finding is stale (the code changed) or misplaced; left in place it "
        "would silently hide a future violation on that line. Only codes that are selected are judged; an "
        "unknown code is reported too."
    ),
    protects="suppressions stay exact",
    fix="Remove the comment, or move it to the sink line or statement it was meant for.",
    valid=(Example(files={"a.py": "x = 1\n"}, policy=""),),
    invalid=(Example(files={"a.py": "x = 1  # privlint: ignore[PRV203] stale\n"}, policy=""),),
)

POLICY_INVALID = RuleDoc(
    code="PRV100",
    name="invalid-policy-file",
    severity="error",
    summary="The policy file cannot be loaded (YAML or schema error)",
    explanation=(
        "Without a valid policy there is nothing to check the code against. The diagnostics point at "
        "FILE:LINE:COL of the policy; the exit code is 2."
    ),
    protects="the policy file itself",
    fix="Fix the reported key; `privlint policy validate FILE` checks the file alone.",
)

# The check did not fully happen (a plugin failed, the policy did not load): exit 2 whatever else was found,
# always shown, never baselined.
FATAL_CODES = frozenset({INTERNAL_ERROR.code, POLICY_INVALID.code})

META_RULES = (INTERNAL_ERROR, FILE_SKIPPED, POLICY_INVALID, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION)
