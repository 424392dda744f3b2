"""Where a file's statements are, as line spans: computed by the engine while it holds a file's
syntax tree, used by the checks (fingerprints normalise the statement at a finding, suppressions
cover a comment's statement). One definition, so both sides agree on every span.
"""

from __future__ import annotations

import ast
import hashlib

# Where statements nest: bodies of compound statements, exception handlers and match cases.
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")

Spans = list[tuple[int, int]]


def statement_spans(tree: ast.Module) -> Spans:
    """Line spans of simple statements and of compound statements' headers, innermost last."""
    spans: Spans = []
    pending: list[ast.AST] = [tree]
    while pending:  # statements only: descending into expressions would visit ~20x more nodes
        node = pending.pop()
        for name in _STATEMENT_LISTS:
            children = getattr(node, name, None)
            if isinstance(children, list):
                pending.extend(children)
        if not isinstance(node, ast.stmt):
            continue
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            end = max(start, body[0].lineno - 1)  # header only: "if x:", "def f(\n a):"
        else:
            end = node.end_lineno or node.lineno
        spans.append((start, end))
    return spans


def text_key(text: str) -> str:
    """The key spans are remembered under: the text's digest, so an edited file never reuses them."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
