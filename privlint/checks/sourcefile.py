"""Read-only facts about scanned source files: their comments and statement extents.

Suppressions need "which lines does this comment's statement cover" and fingerprints need "the
normalised text of the statement at this line". Both come from one tokenize + ``ast.parse`` pass
(the code is parsed, never imported or executed), cached per file for the run and, through
``StatementMemo``, across runs.
"""

from __future__ import annotations

import ast
import bisect
import io
import textwrap
import tokenize
from collections.abc import Mapping
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


Span = tuple[int, int]


@dataclass
class StatementMemo:
    """What the checks learn about files' statements, kept in the run cache between runs and keyed by
    the digest of a file's text (``text_key``), so an edited file never reuses an entry.

    ``spans``: statement spans (the engine fills them for the files it parsed,
    ``ScanResult.statement_spans``); parsing every file with findings again just to fingerprint them
    cost more than the rest of a warm run. ``texts``: normalised statement texts by span, what
    fingerprints hash; tokenising them again was most of a warm run with 10,000 findings.
    ``changed``: something was added since it was loaded (worth saving)."""

    spans: dict[str, list[Span]] = field(default_factory=dict)
    texts: dict[str, dict[Span, str]] = field(default_factory=dict)
    changed: bool = False

    def __len__(self) -> int:
        return len(self.spans) + len(self.texts)

    def add_spans(self, spans: Mapping[str, list[Span]]) -> None:
        if any(key not in self.spans for key in spans):
            self.spans.update(spans)
            self.changed = True


@dataclass
class SourceFile:
    text: str
    _tokens: list[tokenize.TokenInfo] | None = field(default=None, repr=False)
    memo: StatementMemo | None = field(default=None, repr=False)  # shared across files and runs

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
    def _key(self) -> str:
        return text_key(self.text)

    @cached_property
    def _spans(self) -> list[tuple[int, int]]:
        """Line spans of simple statements and of compound statements' headers, innermost last."""
        if self.memo is None:
            return self._parse_spans()
        spans = self.memo.spans.get(self._key)
        if spans is None:
            spans = self.memo.spans[self._key] = self._parse_spans()
            self.memo.changed = True
        return spans

    def _parse_spans(self) -> list[tuple[int, int]]:
        """No spans for a file Python cannot parse: a syntax error, a NUL byte, or nesting deeper than
        the parser's recursion limit (the engine skips such a file as PRV001; its finding still needs a
        fingerprint, which then falls back to the finding's own line)."""
        try:
            return statement_spans(ast.parse(self.text))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return []

    @cached_property
    def _innermost(self) -> list[tuple[int, int] | None]:
        """By line number, the innermost span containing it (the smallest; of equal ones, the first).

        Built once per file by painting spans from the largest to the smallest, so each lookup is an
        index rather than a walk over every span: with one span walk per finding, a legacy file with
        10,000 findings took 12 s to fingerprint. Spans are simple statements and compound-statement
        headers, which barely overlap, so painting costs about one step per line."""
        painted: list[tuple[int, int] | None] = [None] * (max((end for _, end in self._spans), default=0) + 1)
        order = sorted(range(len(self._spans)), key=lambda i: (self._spans[i][1] - self._spans[i][0], i), reverse=True)
        for i in order:
            start, end = self._spans[i]
            painted[start : end + 1] = [(start, end)] * (end - start + 1)
        return painted

    @cached_property
    def _starts(self) -> list[int]:
        return sorted({start for start, _ in self._spans})

    def statement_span(self, line: int) -> tuple[int, int]:
        """The innermost statement (or compound-statement header) containing ``line``."""
        innermost = self._innermost
        found = innermost[line] if 0 <= line < len(innermost) else None
        return found if found is not None else (line, line)

    def next_statement_span(self, line: int) -> tuple[int, int] | None:
        """The statement starting first after ``line`` (for a comment on a line of its own)."""
        starts = self._starts
        i = bisect.bisect_right(starts, line)
        return self.statement_span(starts[i]) if i < len(starts) else None

    def normalised(self, start: int, end: int) -> str:
        """The tokens of lines ``start..end`` without comments or layout: stable under reformatting
        and under adding a suppression comment. Only those lines are tokenised, once per text."""
        if self.memo is None:
            return self._normalised(start, end)
        texts = self.memo.texts.setdefault(self._key, {})
        text = texts.get((start, end))
        if text is None:
            text = texts[(start, end)] = self._normalised(start, end)
            self.memo.changed = True
        return text

    def _normalised(self, start: int, end: int) -> str:
        lines = self.lines[start - 1 : end]
        snippet = textwrap.dedent("\n".join(lines)) + "\n"
        skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
        try:
            parts = [t.string for t in tokenize.generate_tokens(io.StringIO(snippet).readline) if t.type not in skip]
        except (tokenize.TokenError, SyntaxError, IndentationError):
            parts = []
        return " ".join(parts) if parts else " ".join(" ".join(lines).split())


class Sources:
    """The source files of a scan root by path, each read once per run (suppressions, fingerprints and
    the report filter all ask for the same few files)."""

    def __init__(self, root: Path, memo: StatementMemo | None = None, texts: Mapping[str, str] | None = None) -> None:
        self.root = root
        self._cache: dict[str, SourceFile | None] = {}
        self.memo = memo
        for path, text in (texts or {}).items():  # unsaved editor buffers win over the disk
            self._cache[path] = SourceFile(text, memo=memo)

    def absolute(self, path: str) -> Path:
        candidate = Path(path)
        return candidate if candidate.is_absolute() else self.root / candidate

    def mentions(self, path: str, marker: bytes) -> bool:
        """A cheap byte test before any decoding or tokenising (most files have no suppression)."""
        if path in self._cache:
            source = self._cache[path]
            return source is not None and marker.decode() in source.text
        try:
            return marker in self.absolute(path).read_bytes()
        except OSError:
            return False

    def get(self, path: str) -> SourceFile | None:
        if path not in self._cache:
            source = SourceFile.read(self.absolute(path)) if path.endswith(".py") else None
            if source is not None:
                source.memo = self.memo
            self._cache[path] = source
        return self._cache[path]
