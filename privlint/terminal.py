"""Text that reaches a terminal, a CI log or an XML report never carries control characters from the
scanned repository: a file name or a URL literal there is attacker-controlled on a pull request, and an
escape sequence could clear the screen, rewrite a line or hide a finding from the person reading it."""

from __future__ import annotations


def visible(text: object) -> str:
    """Control characters (C0, C1, line/paragraph separators, bidi overrides) as visible escapes; newlines and
    tabs that the caller put there itself are kept."""
    out = []
    for char in str(text):
        code = ord(char)
        if char in "\n\t":
            out.append(char)
        elif code < 32 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029) or 0x202A <= code <= 0x202E:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
