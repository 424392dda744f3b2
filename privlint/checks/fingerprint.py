"""Line-independent identities for findings, for baselines and SARIF ``partialFingerprints``.

``digest = sha256(code, category, recipient or callee, path, enclosing function, normalised
statement text)``: moving code up or down, reformatting it or adding a comment keeps the
identity; changing what flows where does not. Identical digests (the same call twice in one
function) are told apart by an occurrence counter in line order, so the fingerprint is
``<digest>:<n>`` and a baseline compares digests as a multiset: a second identical new
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


def digest(finding: Finding, source: SourceFile | None) -> str:
    flow = finding.flow
    line = finding.location.line
    text = source.normalised(*source.statement_span(line)) if source is not None and line > 0 else ""
    parts = [finding.code, finding.location.path]
    if flow is not None:
        parts += [flow.category, flow.sink.recipient or flow.sink.host or flow.sink.callee, flow.function or ""]
    else:
        parts.append(finding.message if not text else "")
    parts.append(text)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def assign(findings: Sequence[Finding], source_of: Callable[[str], SourceFile | None]) -> list[Finding]:
    """Fill ``Finding.fingerprint`` as ``<digest>:<occurrence>`` (occurrences counted in line order)."""
    counters: dict[str, int] = defaultdict(int)
    result = []
    for finding in sorted(findings, key=lambda f: (f.location, f.code, f.message)):
        base = digest(finding, source_of(finding.location.path))
        occurrence = counters[base]
        counters[base] += 1
        result.append(replace(finding, fingerprint=f"{base}:{occurrence}"))
    return result


def base_of(fingerprint: str) -> str:
    return fingerprint.rsplit(":", 1)[0]
