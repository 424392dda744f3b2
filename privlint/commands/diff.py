"""``privlint diff BASE [HEAD]``: what a change does to personal data.

Both revisions are analysed like ``privlint check`` (HEAD defaults to the working tree, analysed in
place with its cache; a named revision is written into a tree of privlint's own, ``privlint.revisions``)
and each is judged by its own revision's policy (the head's when the base has none). Their flows are
compared (``privlint.flow_diff``); each added or changed flow that the head's policy does not permit
carries its finding, and the verified policy patch that would permit it when one exists
(``privlint.policy_suggest``).

Exit codes, as ``check``: 0 nothing new violates the policy, 1 new or changed flows violate it, 2
usage error (not a git repository, an unknown revision), a policy that does not load or an incomplete
analysis; ``--exit-zero`` turns 1 into 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from privlint.commands import options
from privlint.errors import UsageError
from privlint.types import CheckResult, ExitCode


def run(args: argparse.Namespace) -> int:
    from privlint import revisions
    from privlint.config import load_config
    from privlint.diff_report import WORKING_TREE, document
    from privlint.flow_diff import compare
    from privlint.pipeline import Checks, check, exit_code

    fmt = options.output_format(args)
    cwd = Path.cwd().resolve()
    top = revisions.repository(cwd)
    base = revisions.resolve(top, args.base)
    head = revisions.resolve(top, args.head) if args.head else None
    inside = cwd.relative_to(top)
    keywords = {"jobs": args.jobs, "blocked_plugins": options.blocked_plugins(args)}
    selection = {
        "select": args.select,
        "ignore": args.ignore,
        "extend_select": args.extend_select,
        "extend_ignore": args.extend_ignore,
    }

    def analyse(tree: Path, fallback_policy: str | None, force: bool = False) -> tuple[CheckResult, Checks]:
        """One revision, checked by its own policy and config (``tree``: where its files are)."""
        start = tree / inside
        if not start.is_dir():
            raise UsageError(f"{inside} does not exist at that revision: run privlint diff from the repository root")
        config = load_config(start, args.config)
        if args.include_tests:
            from dataclasses import replace

            config = replace(config, values={**config.values, "include-tests": True})
        checks = Checks.build(config, blocked_plugins=keywords["blocked_plugins"], **selection)
        policy = fallback_policy if force else _policy_in(tree, top, args.policy, config, start) or fallback_policy
        result = check(
            [str(start)],
            policy_path=policy,
            config=config,
            jobs=args.jobs,
            cache=options.cache_enabled(args, config),
            checks=checks,
        )
        return result, checks

    if head is None:
        head_result, head_checks = analyse(top, None)
    else:
        with revisions.checked_out(top, head, "head") as tree:
            head_result, head_checks = analyse(tree, None)
    seed = Path(head_result.scan.root) / ".privlint_cache"
    with revisions.checked_out(top, base, "base", seed_cache=seed) as tree:
        base_result, _ = analyse(tree, head_result.policy_path)
        if _policy_broken(base_result) and head_result.policy_path:  # judge its flows by the head's policy
            print(
                f"privlint: the policy at {base.name} does not load: its flows are judged by the head's",
                file=sys.stderr,
            )
            base_result, _ = analyse(tree, head_result.policy_path, force=True)
    _refuse_broken(head_result, "the working tree" if head is None else head.name)

    diff = compare(
        base_result,
        head_result,
        base_name=base.name,
        head_name=head.name if head is not None else WORKING_TREE,
        base_commit=base.commit,
        head_commit=head.commit if head is not None else None,
    )
    suggestion, label = _suggestion(diff, head_result, head_checks)
    code = ExitCode.FINDINGS if diff.violating and not args.exit_zero else ExitCode.OK
    if exit_code(head_result) == ExitCode.ERROR:
        code = ExitCode.ERROR
    report = document(diff, exit_code=int(code), suggestion=suggestion, policy_label=label)
    options.write_output(args, _render(fmt, report))
    if fmt == "github":
        _step_summary(report)
    s = report["summary"]
    print(
        f"privlint diff {base.name}..{diff.head}: {s['added']} added, {s['changed']} changed, {s['removed']} removed "
        f"flow(s); {s['violating']} the policy does not permit",
        file=sys.stderr,
    )
    return int(code)


def _policy_broken(result: CheckResult) -> bool:
    return any(f.code == "PRV100" for f in result.findings)


def _policy_in(tree: Path, top: Path, given: str | None, config: Any, start: Path) -> str | None:
    """The policy a revision's tree is judged by: ``--policy`` as the same path inside the tree (the
    file as given when it lies outside the repository), else what the tree's own config or files name."""
    from privlint.config import discover_policy

    if given:
        path = Path(given).resolve()
        try:
            inside = path.relative_to(top)
        except ValueError:
            return str(path)
        candidate = tree / inside
        return str(candidate) if candidate.is_file() else None
    found = discover_policy(None, config, start)
    if found is None or not found.is_file():
        return None
    resolved = found.resolve()
    tree_root = tree.resolve()
    if resolved != tree_root and tree_root not in resolved.parents:  # found above the tree: not the revision's
        return None
    return str(resolved)


def _refuse_broken(result: CheckResult, where: str) -> None:
    for finding in result.findings:
        if finding.code == "PRV100":
            loc = finding.location
            print(f"{loc.path}:{loc.line}:{loc.column}: PRV100 {finding.message}", file=sys.stderr)
    if any(f.code == "PRV100" for f in result.findings):
        raise UsageError(f"the policy of {where} does not load; fix it first (privlint policy validate)")


def _suggestion(diff: Any, head: CheckResult, checks: Any) -> tuple[Any, str]:
    """The verified policy patch for the findings on new and changed flows (None when there is none)."""
    from privlint.pipeline import check_against
    from privlint.policy_edit import EditError
    from privlint.policy_suggest import SUGGESTIBLE, policy_label, suggest

    findings = list(dict.fromkeys(f for c in diff.changes if c.kind != "removed" for f in c.findings))
    if head.policy is None or not head.policy_path or not findings:
        return None, ""
    path = Path(head.policy_path)
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except OSError:
        return None, ""
    try:
        suggestion = suggest(
            head,
            text,
            lambda policy: check_against(head.scan, policy, checks, policy_path=str(path)),
            catalogue=checks.catalogue_for(head.policy),
            purposes_by_path=checks.purposes_by_path,
            only=findings,
        )
    except EditError as exc:
        if any(f.code in SUGGESTIBLE for f in findings):
            print(f"privlint: no policy patch suggested: {exc}", file=sys.stderr)
        return None, ""
    return suggestion, policy_label(path)


def _render(fmt: str, report: dict[str, Any]) -> str:
    import json

    from privlint.diff_report import github, markdown, text

    if fmt == "json":
        return json.dumps(report, indent=2) + "\n"
    if fmt == "md":
        return markdown.render(report)
    if fmt == "github":
        return github.render(report)
    return text.render(report)


def _step_summary(report: dict[str, Any]) -> None:
    """``--format github``: the Markdown goes to the job's step summary as well (``$GITHUB_STEP_SUMMARY``)."""
    from privlint.diff_report import markdown

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown.render(report))
    except OSError as exc:
        print(f"privlint: cannot write the step summary {target}: {exc.strerror or exc}", file=sys.stderr)
