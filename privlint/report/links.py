"""Where the scanned code lives: the git commit, and clickable file:line links from a URL template.

A reviewer opens a report far from the checkout (an audit ticket, a wiki), so evidence links point
at the repository host: ``--repo-url "https://github.com/org/repo/blob/{commit}/{path}#L{line}"``.
Paths in findings are relative to the scan root; links need them relative to the repository
root, hence the prefix computed from ``git rev-parse --show-toplevel``.
"""

from __future__ import annotations

import string
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

TEMPLATE_FIELDS = frozenset({"commit", "path", "line", "column"})


class TemplateError(ValueError):
    """A repository URL template names a field privlint cannot fill."""


def check_template(template: str) -> None:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise TemplateError(f"repository URL template {template!r}: {exc}") from exc
    unknown = sorted(fields - TEMPLATE_FIELDS)
    if unknown:
        raise TemplateError(
            f"repository URL template {template!r}: unknown field {{{unknown[0]}}} "
            f"(hint: use {', '.join('{' + f + '}' for f in sorted(TEMPLATE_FIELDS))})"
        )


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None


def git_commit(root: str | Path) -> str | None:
    """``git rev-parse HEAD`` of the repository holding ``root``; None outside a git checkout."""
    path = Path(root)
    return _git(path if path.is_dir() else path.parent, "rev-parse", "HEAD")


def repo_prefix(root: str | Path) -> str:
    """The scan root relative to the repository root ("" when they are the same, or outside git)."""
    path = Path(root).resolve()
    top = _git(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel")
    if top is None:
        return ""
    try:
        relative = path.relative_to(Path(top).resolve())
    except ValueError:
        return ""
    return "" if str(relative) == "." else relative.as_posix()


@dataclass(frozen=True)
class LinkMaker:
    template: str | None = None
    commit: str | None = None
    prefix: str = ""

    def url(self, path: str, line: int, column: int = 1) -> str | None:
        if not self.template or PurePosixPath(path).is_absolute() or path.startswith("../"):
            return None  # outside the scanned tree (a policy file elsewhere): no repository URL to guess
        full = str(PurePosixPath(self.prefix) / path) if self.prefix else path
        return self.template.format(commit=self.commit or "HEAD", path=quote(full, safe="/"), line=line, column=column)
