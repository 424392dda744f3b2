"""``privlint policy suggest [--apply]``: the policy edit that permits what the code does, as a patch.

The project the policy governs is analysed (the directory of ``[tool.privlint]``'s pyproject.toml when
the policy lies inside it, else the policy's directory), its undeclared categories, recipients,
purposes and transfers become the smallest verified edit of the policy file (``privlint.policy_suggest``),
printed as a unified diff or written with ``--apply``. Prohibition findings get no patch: they need a
code change, and the summary on stderr says so.

Exit codes: 0 nothing left to change; 1 a patch to apply, or findings that need a code change; 2 usage
error, a policy that does not load, or an incomplete analysis.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from privlint.commands import options
from privlint.errors import UsageError
from privlint.types import ExitCode


def run(args: argparse.Namespace) -> int:
    from privlint.config import discover_policy, load_config
    from privlint.pipeline import Checks, check, check_against
    from privlint.policy_edit import EditError
    from privlint.policy_suggest import policy_label, suggest

    if args.file and args.policy and args.file != args.policy:
        raise UsageError("give the policy file either as FILE or with --policy, not both")
    config = load_config(Path.cwd(), args.config)
    if args.include_tests:
        from dataclasses import replace

        config = replace(config, values={**config.values, "include-tests": True})
    policy_path = discover_policy(args.file or args.policy, config)
    if policy_path is None or not policy_path.is_file():
        where = f"{policy_path}: policy file not found" if policy_path else "no policy file found"
        raise UsageError(f"{where}. Hint: pass FILE or --policy FILE, or set [tool.privlint] policy.")
    policy_path = policy_path.resolve()
    project = _project(policy_path, config)
    checks = Checks.build(config, blocked_plugins=options.blocked_plugins(args))
    result = check(
        [str(project)],
        policy_path=str(policy_path),
        config=config,
        jobs=args.jobs,
        cache=options.cache_enabled(args, config),
        checks=checks,
    )
    if any(f.code == "PRV100" for f in result.findings):
        for finding in result.findings:
            if finding.code == "PRV100":
                loc = finding.location
                print(f"{loc.path}:{loc.line}:{loc.column}: PRV100 {finding.message}", file=sys.stderr)
        raise UsageError(f"{policy_path}: the policy does not load; fix it first (privlint policy validate)")
    if not result.scan.complete:
        raise UsageError("the analysis was incomplete (PRV000): run `privlint check` to see why")

    raw = policy_path.read_bytes().decode("utf-8-sig")
    crlf = "\r\n" in raw
    text = raw.replace("\r\n", "\n")
    try:
        suggestion = suggest(
            result,
            text,
            lambda policy: check_against(result.scan, policy, checks, policy_path=str(policy_path)),
            catalogue=checks.catalogue_for(result.policy) if result.policy is not None else None,  # type: ignore[arg-type]
            purposes_by_path=checks.purposes_by_path,
        )
    except EditError as exc:
        raise UsageError(f"{policy_path}: cannot edit the policy file: {exc}") from None

    label = policy_label(policy_path)
    if args.apply and suggestion.has_patch:
        patched = suggestion.patched.replace("\n", "\r\n") if crlf else suggestion.patched
        options.write_file(policy_path, patched)
    fmt = options.output_format(args)
    if fmt == "json":
        options.write_output(args, json.dumps(_document(suggestion, label, result.scan.root), indent=2) + "\n")
    elif not args.apply:
        options.write_output(args, suggestion.diff(label))
    _summary(suggestion, label, applied=args.apply, root=result.scan.root)
    left = suggestion.code_changes or (suggestion.has_patch and not args.apply)
    return ExitCode.FINDINGS if left else ExitCode.OK


def _project(policy_path: Path, config: Any) -> Path:
    """The directory analysed: the config's when it holds the policy, else the policy's own."""
    if config.path is not None:
        base = config.base_dir.resolve()
        if base in policy_path.parents:
            return base
    return policy_path.parent


def _where(finding: Any, root: str) -> str:
    from privlint.reporters.model import display_path

    path = display_path(finding.location.path, Path(root), Path.cwd())
    return f"{path}:{finding.location.line}:{finding.location.column}"


def _summary(suggestion: Any, label: str, *, applied: bool, root: str) -> None:
    from privlint.terminal import visible

    lines = []
    if suggestion.fixed:
        verb = "permits" if applied else "would permit"
        lines.append(f"privlint: the policy edit {verb} {len(suggestion.fixed)} finding(s):")
        for finding in suggestion.fixed:
            lines.append(f"  {_where(finding, root)}: {finding.code} {finding.message}")
        lines += [f"    - {change}" for change in suggestion.changes]
    if suggestion.code_changes:
        lines.append(f"privlint: {len(suggestion.code_changes)} finding(s) need a code change, not a policy edit:")
        for finding, reason in suggestion.code_changes:
            lines.append(f"  {_where(finding, root)}: {finding.code} {finding.message}")
            lines.append(f"    - {reason}")
    if not suggestion.has_patch:
        lines.append(f"privlint: {label}: no policy edit to suggest")
    elif applied:
        lines.append(f"privlint: {label}: applied; review the TODO comments, then run `privlint policy validate`")
    else:
        lines.append(
            "privlint: apply it with `privlint policy suggest --apply` (or `git apply`), then review the TODOs"
        )
    print("\n".join(visible(line) for line in lines), file=sys.stderr)


def _document(suggestion: Any, label: str, root: str) -> dict[str, Any]:
    def finding(f: Any) -> dict[str, Any]:
        loc = f.location
        return {"code": f.code, "path": loc.path, "line": loc.line, "column": loc.column, "message": f.message}

    return {
        "policy": label,
        "patch": suggestion.diff(label) if suggestion.has_patch else "",
        "changes": list(suggestion.changes),
        "fixed": [finding(f) for f in suggestion.fixed],
        "code_changes": [{**finding(f), "reason": reason} for f, reason in suggestion.code_changes],
    }
