"""Text that reaches a terminal, a CI log or an XML report never carries control characters from the
scanned repository: a file name or a URL literal there is attacker-controlled on a pull request, and an
escape sequence could clear the screen, rewrite a line or hide a finding from the person reading it."""

from __future__ import annotations

import re

# C0 but newline and tab (which the caller put there itself), DEL and C1, line/paragraph separators,
# bidi overrides. One regex pass instead of a Python loop per character: the text report of 10,000
# findings spent a second here.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """Control characters (C0, C1, line/paragraph separators, bidi overrides) as visible escapes; newlines and
    tabs that the caller put there itself are kept."""
    return _CONTROL.sub(_escape, str(text))
