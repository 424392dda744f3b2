"""``privlint lsp``: the language server over stdio (``privlint.lsp``); an editor starts it."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from privlint.lsp.server import main

    return main()
