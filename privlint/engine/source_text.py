"""Bytes to text the way Python itself decodes a source file (BOM, PEP 263 coding cookie)."""

from __future__ import annotations

import codecs
import re

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class UndecodableError(Exception):
    """The file is not text in its declared (or the default UTF-8) encoding."""


def decode_source(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    encoding = "utf-8"
    for line in data.split(b"\n", 2)[:2]:
        match = _COOKIE.match(line)
        if match:
            encoding = match.group(1).decode("ascii", "replace")
            break
        if line.strip() and not line.lstrip().startswith(b"#"):
            break
    return _decode(data, encoding)


def _decode(data: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UndecodableError(f"unknown encoding {encoding!r} in coding cookie") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UndecodableError(f"not valid {encoding} at line {line} (byte offset {exc.start})") from None
