"""``--diff BASE_REF`` and file arguments: which findings to show.

Changes are the working tree against ``BASE_REF`` (committed, staged and unstaged), plus
untracked files in full: what a pull request or a local branch would add. Deleted lines mark the
line where they were removed, since code around a deletion changed meaning. The analysis still
sees the whole program; only reporting is narrowed (``ReportFilter``): a finding is shown when its
trace - source, hops, sink - touches a changed line, or a file named on the command line.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from privlint.errors import UsageError
from privlint.types import Finding

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES: frozenset[int] = frozenset({-1})  # marker: the whole file is new


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise UsageError("--diff needs git on PATH") from exc
    if done.returncode != 0:
        raise UsageError(f"--diff: git {' '.join(args[:2])} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout


def changed_lines(start: Path, base_ref: str) -> dict[Path, frozenset[int]]:
    """Absolute path -> changed line numbers (``ALL_LINES`` for untracked files)."""
    start = start if start.is_dir() else start.parent
    top = Path(_git(start, "rev-parse", "--show-toplevel").strip())
    if (
        subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{base_ref}^{{commit}}"],
            cwd=top,
            capture_output=True,
            check=False,
        ).returncode
        != 0
    ):
        raise UsageError(f"--diff: unknown git revision '{base_ref}'. Hint: {fetch_hint(top, base_ref)}")
    diff = _git(top, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", base_ref, "--")
    changes: dict[Path, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else changes.setdefault((top / name[2:]).resolve(), set())
        elif current is not None and (match := HUNK.match(line)):
            first, count = int(match[1]), int(match[2] if match[2] is not None else 1)
            current.update(range(first, first + count) if count else [max(first, 1)])
    result = {path: frozenset(lines) for path, lines in changes.items()}
    for name in _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0"):
        if name:
            result[(top / name).resolve()] = ALL_LINES
    return result


def fetch_hint(top: Path, base_ref: str) -> str:
    """A shallow clone (CI checkouts fetch one commit by default) lacks the base revision even when the
    branch exists upstream: say so, with the fetch-depth setting that fixes it."""
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=top, capture_output=True, text=True, check=False
    )
    if shallow.stdout.strip() == "true":
        return (
            f"this is a shallow clone, which lacks the history up to '{base_ref}': fetch it "
            f"(git fetch --unshallow, or git fetch --deepen=N) or clone with full history "
            "(actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0)."
        )
    branch = base_ref.removeprefix("origin/")
    return f"check the name, or fetch it first (git fetch origin {branch})."


def touches(changes: dict[Path, frozenset[int]], path: Path, line: int) -> bool:
    lines = changes.get(path)
    return lines is not None and (lines is ALL_LINES or line in lines)


@dataclass(frozen=True)
class ReportFilter:
    """What part of the result to show; the analysis itself always covers the whole program."""

    changed: dict[Path, frozenset[int]] | None = None  # --diff BASE_REF
    only_files: frozenset[Path] | None = None  # files named on the command line (pre-commit)

    def shows(self, finding: Finding, absolute: Callable[[str], Path]) -> bool:
        """Whether the finding's trace touches a named file and, with ``--diff``, a changed line.
        ``absolute``: a finding path resolved (cache it: resolving each trace point again cost 0.3 s
        for a staged file of saleor)."""
        points = [(absolute(path), line) for path, line in trace_locations(finding) if path]
        if self.only_files is not None and not any(_under(path, self.only_files) for path, _ in points):
            return False
        if self.changed is not None:
            return any(touches(self.changed, path, line) for path, line in points)
        return True


def trace_locations(finding: Finding) -> list[tuple[str, int]]:
    """Every (path, line) a finding's trace touches: source, hops, sink."""
    points = [(finding.location.path, finding.location.line)]
    flow = finding.flow
    if flow is not None:
        points.append((flow.source.path, flow.source.line))
        points.extend((step.path, step.line) for step in flow.trace)
        points.append((flow.location.path, flow.location.line))
    return points


def _under(path: Path, targets: frozenset[Path]) -> bool:
    return path in targets or any(t in path.parents for t in targets)
