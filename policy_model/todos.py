"""PRV107: the TODO markers left in a policy file (``privlint policy validate --strict``).

``privlint policy init`` writes a policy that validates but is full of guesses (a legal basis, a
retention period, a transfer mechanism, who the controller is); each one carries a ``TODO`` comment.
A policy with TODOs is valid - the team can start checking code at once - but it is not finished, so
the markers are not lint findings of ``validate`` or ``check``; ``--strict`` lists them, to gate a
release or a review on a finished policy. The word ``TODO`` counts wherever it is written, in a comment
or in a value.
"""

from __future__ import annotations

import re

from policy_model.lint import LintFinding
from policy_model.model import PathKey, Position

CODE = "PRV107"
_TODO = re.compile(r"\bTODO\b[:\s]*")


def todos(text: str, path: str) -> list[LintFinding]:
    """One PRV107 finding per ``TODO`` in ``text`` (the policy file at ``path``), at its line and column,
    labelled with the key path of the entry written on that line, if any."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _TODO.finditer(line):
            found.append((number, match.start() + 1, line[match.end() :].lstrip("# ").rstrip()))
    if not found:
        return []
    labels = _labels(text, path)
    return [
        LintFinding(Position(path, line, column), CODE, f"TODO: {said}" if said else "TODO", "", labels.get(line, ""))
        for line, column, said in found
    ]


def _labels(text: str, path: str) -> dict[int, str]:
    """Line -> key path of the outermost entry written on it (``recipients[stripe].role``)."""
    from privlint.diagnostics import DiagnosticError
    from privlint.documents import format_key_path, parse_yaml

    try:
        located = parse_yaml(text, path)
    except DiagnosticError:
        return {}
    on_line: dict[int, tuple[int, int, int, PathKey]] = {}
    # A key written on the line names it best (``recipients[stripe].role``); a value (a block list's item)
    # only when no key is; among several, the outermost.
    for preference, marks in enumerate((located.key_marks, located.value_marks)):
        for key_path, (line, column) in marks.items():
            candidate = (preference, len(key_path), column, key_path)
            if key_path and (line not in on_line or candidate < on_line[line]):
                on_line[line] = candidate
    return {line: format_key_path(key_path, located.data) for line, (*_, key_path) in on_line.items()}
