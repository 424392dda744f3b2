"""Code actions on privlint's diagnostics.

"Declare in the policy" applies the patch ``privlint policy suggest`` would make for the one finding
(``privlint.policy_suggest``: verified against the kept scan, comments of the YAML preserved), as a
``WorkspaceEdit`` of the policy file. A finding only a code change resolves gets no such action.
"""

from __future__ import annotations

from lsprotocol import types as lsp

from privlint import pipeline
from privlint.lsp.convert import uri
from privlint.lsp.live import LiveProject
from privlint.policy_suggest import SUGGESTIBLE, suggest
from privlint.types import Finding


def declare_in_policy(project: LiveProject, finding: Finding) -> lsp.CodeAction | None:
    result, checks, path, text = project.result, project.checks, project.policy_path, project.policy_text()
    if finding.code not in SUGGESTIBLE or result is None or checks is None or path is None or text is None:
        return None
    if result.policy is None:
        return None
    scan = result.scan
    suggestion = suggest(
        result,
        text.replace("\r\n", "\n"),
        lambda policy: pipeline.check_against(scan, policy, checks, policy_path=str(path)),
        catalogue=checks.catalogue_for(result.policy),  # type: ignore[arg-type]
        purposes_by_path=checks.purposes_by_path,
        only=[finding],
    )
    if not suggestion.has_patch or finding not in suggestion.fixed:
        return None
    lines = text.split("\n")
    whole = lsp.Range(lsp.Position(0, 0), lsp.Position(len(lines) - 1, len(lines[-1])))
    return lsp.CodeAction(
        title=f"privlint: declare in the policy ({'; '.join(suggestion.changes)})",
        kind=lsp.CodeActionKind.QuickFix,
        edit=lsp.WorkspaceEdit(changes={uri(path): [lsp.TextEdit(range=whole, new_text=suggestion.patched)]}),
    )


# (name, function): each returns an action for one finding or None. Data-driven: a new fix is one row.
ACTIONS = (("declare in the policy", declare_in_policy),)


def actions_for(project: LiveProject, findings: list[Finding]) -> tuple[list[lsp.CodeAction], list[str]]:
    """The actions offered for ``findings``, and the errors met computing them (logged, never raised)."""
    offered: list[lsp.CodeAction] = []
    problems: list[str] = []
    for finding in findings:
        for name, make in ACTIONS:
            try:
                action = make(project, finding)
            except Exception as exc:  # one action's failure must not hide the others
                problems.append(f"{name} for {finding.code}: {type(exc).__name__}: {exc}")
                continue
            if action is not None:
                action.diagnostics = None
                offered.append(action)
    return offered, problems
