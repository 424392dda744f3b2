"""One diagnostic for every file privlint reads: the policy, catalogue files and ``[tool.privlint]``.

A user who mistypes a key in any of them gets the same shape of message, so one habit of reading
(and one editor problem matcher) works for all three::

    FILE:LINE:COL: key.path: problem (hint, or did you mean 'x'?)

The line is omitted (``FILE: problem``) only when there is no position, such as a file that cannot be
read. Policy diagnostics carry the code PRV100 (the policy cannot be loaded), which ``policy validate``
prints before the key path, as it does for the PRV101-PRV106 lint findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One reason a file cannot be used, pointed at the offending key or value."""

    path: str
    line: int  # 1-based; 0 when the problem has no position (unreadable file)
    column: int
    key_path: str  # ``recipients[stripe].locations[0]``, ``tool.privlint.select``; "" for the whole file
    message: str
    hint: str = ""
    code: str = ""

    def __str__(self) -> str:
        return self.render()

    def render(self, *, with_code: bool = False) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        what = f"{self.key_path}: {self.message}" if self.key_path else self.message
        code = f"{self.code} " if with_code and self.code else ""
        return f"{where}: {code}{what}" + (f" ({self.hint})" if self.hint else "")


class DiagnosticError(Exception):
    """A file is unusable; ``diagnostics`` lists every problem found, in file order."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.message))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def did_you_mean(word: str, options: Sequence[str], *, otherwise: str = "") -> str:
    """``did you mean 'x'?`` for the closest option, else ``otherwise``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else otherwise


def describe(value: Any) -> str:
    """A value as a message shows it: ``'text'``, ``the number 3``, ``a list``, ``true``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"
