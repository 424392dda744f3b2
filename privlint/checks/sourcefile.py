"""Read-only facts about one scanned source file: its comments and statement extents.

Suppressions need "which lines does this comment's statement cover" and fingerprints need "the
normalised text of the statement at this line". Both come from one tokenize + ``ast.parse`` pass
(the code is parsed, never imported or executed), cached per file for the run.
"""

from __future__ import annotations

import ast
import io
import textwrap
import tokenize
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from privlint.statements import statement_spans, text_key


@dataclass(frozen=True)
class Comment:
    line: int
    column: int  # 1-based
    text: str
    own_line: bool  # nothing but whitespace before it


@dataclass
class SourceFile:
    text: str
    _tokens: list[tokenize.TokenInfo] | None = field(default=None, repr=False)
    # Statement spans by sha256 of the text, shared across files and kept in the run cache: parsing
    # every file with findings again just to fingerprint them cost more than the rest of a warm run.
    # The engine fills it for the files it parsed (``ScanResult.statement_spans``).
    spans_memo: dict[str, list[tuple[int, int]]] | None = field(default=None, repr=False)

    @classmethod
    def read(cls, path: Path) -> SourceFile | None:
        try:
            return cls(path.read_bytes().decode("utf-8", errors="replace"))
        except OSError:
            return None

    @property
    def tokens(self) -> list[tokenize.TokenInfo]:
        if self._tokens is None:
            try:
                self._tokens = list(tokenize.generate_tokens(io.StringIO(self.text).readline))
            except (tokenize.TokenError, SyntaxError, IndentationError):
                self._tokens = []
        return self._tokens

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def comments(self) -> list[Comment]:
        lines = self.text.splitlines()
        found = []
        for token in self.tokens:
            if token.type == tokenize.COMMENT:
                line, col = token.start
                before = lines[line - 1][:col] if line - 1 < len(lines) else ""
                found.append(Comment(line, col + 1, token.string, not before.strip()))
        return found

    @cached_property
    def _spans(self) -> list[tuple[int, int]]:
        """Line spans of simple statements and of compound statements' headers, innermost last."""
        if self.spans_memo is None:
            return self._parse_spans()
        key = text_key(self.text)
        spans = self.spans_memo.get(key)
        if spans is None:
            spans = self.spans_memo[key] = self._parse_spans()
        return spans

    def _parse_spans(self) -> list[tuple[int, int]]:
        """No spans for a file Python cannot parse: a syntax error, a NUL byte, or nesting deeper than
        the parser's recursion limit (the engine skips such a file as PRV001; its finding still needs a
        fingerprint, which then falls back to the finding's own line)."""
        try:
            return statement_spans(ast.parse(self.text))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return []

    def statement_span(self, line: int) -> tuple[int, int]:
        """The innermost statement (or compound-statement header) containing ``line``."""
        best = (line, line)
        best_size: int | None = None
        for start, end in self._spans:
            if start <= line <= end and (best_size is None or end - start < best_size):
                best, best_size = (start, end), end - start
        return best

    def next_statement_span(self, line: int) -> tuple[int, int] | None:
        """The statement starting first after ``line`` (for a comment on a line of its own)."""
        following = [(s, e) for s, e in self._spans if s > line]
        if not following:
            return None
        first = min(s for s, _ in following)
        return self.statement_span(first)

    def normalised(self, start: int, end: int) -> str:
        """The tokens of lines ``start..end`` without comments or layout: stable under reformatting
        and under adding a suppression comment. Only those lines are tokenised."""
        lines = self.lines[start - 1 : end]
        snippet = textwrap.dedent("\n".join(lines)) + "\n"
        skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
        try:
            parts = [t.string for t in tokenize.generate_tokens(io.StringIO(snippet).readline) if t.type not in skip]
        except (tokenize.TokenError, SyntaxError, IndentationError):
            parts = []
        return " ".join(parts) if parts else " ".join(" ".join(lines).split())
