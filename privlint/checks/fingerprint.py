"""Line-independent identities for findings, for baselines and SARIF ``partialFingerprints``.

``digest = sha256(code, categories, recipient or callee, path, enclosing function, normalised
statement text)``: moving code up or down, reformatting it or adding a comment keeps the
identity; changing what flows where does not. ``categories`` is the finding's sorted categories
joined by commas: a one-category finding has the digest it always had, and a finding for a call
that sends several categories (one finding per sink statement) is identified by all of them, so a
category added to or dropped from the call makes it a different finding. Such a finding also
carries the digests its categories had as separate findings (``CATEGORY_DIGESTS`` in ``extra``):
a baseline written when each category was its own finding still accepts it.

Identical digests (the same call twice in one function) are told apart by an occurrence counter in
line order, so the fingerprint is ``<digest>:<n>`` and a baseline compares digests as a multiset: a second identical new
violation is not hidden by the first one's entry.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from privlint.checks.sourcefile import SourceFile
from privlint.types import Finding

VERSION = "v1"
CATEGORY_DIGESTS = "category_digests"  # Finding.extra key: the per-category digests of a multi-category finding


def digest(finding: Finding, source: SourceFile | None, categories: str | None = None) -> str:
    """``categories``: the category slot (default: the finding's categories, comma-joined)."""
    flow = finding.flow
    line = finding.location.line
    text = source.normalised(*source.statement_span(line)) if source is not None and line > 0 else ""
    parts = [finding.code, finding.location.path]
    if flow is not None:
        slot = categories if categories is not None else ",".join(finding.categories)
        parts += [slot, flow.sink.recipient or flow.sink.host or flow.sink.callee, flow.function or ""]
    else:
        parts.append(finding.message if not text else "")
    parts.append(text)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def assign(findings: Sequence[Finding], source_of: Callable[[str], SourceFile | None]) -> list[Finding]:
    """Fill ``Finding.fingerprint`` as ``<digest>:<occurrence>`` (occurrences counted in line order)."""
    counters: dict[str, int] = defaultdict(int)
    result = []
    for finding in sorted(findings, key=lambda f: (f.location, f.code, f.message)):
        source = source_of(finding.location.path)
        base = digest(finding, source)
        occurrence = counters[base]
        counters[base] += 1
        extra = finding.extra
        if len(finding.categories) > 1:
            singles = " ".join(digest(finding, source, category) for category in finding.categories)
            extra = (*extra, (CATEGORY_DIGESTS, singles))
        result.append(replace(finding, fingerprint=f"{base}:{occurrence}", extra=extra))
    return result


def base_of(fingerprint: str) -> str:
    return fingerprint.rsplit(":", 1)[0]
