"""Errors that end a command with exit code 2 and a message (never a traceback)."""

from __future__ import annotations


class UsageError(Exception):
    """Bad command-line usage or configuration: reported as ``privlint: error: ...``, exit 2.

    The message should name the file (``FILE:LINE:COL`` where there is one) and give a hint.
    """
