"""The baseline file: accepted existing violations, so CI can fail only on new ones.

Format (versioned JSON, sorted, no personal values - only codes, paths, category keys and
recipient ids)::

    {
      "version": 1,
      "tool": "privlint",
      "policy_sha256": "…" | null,
      "findings": [
        {"path": "app/billing.py", "code": "PRV203", "fingerprint": "<32 hex>", "count": 2,
         "category": "user.contact.email", "recipient": "mixpanel"},
        {"path": "app/support.py", "code": "PRV202", "fingerprint": "<32 hex>", "count": 1,
         "category": "user.contact.email", "categories": ["user.contact.email", "user.name"],
         "recipient": "freshdesk"}
      ]
    }

Comparison is a multiset on fingerprints (fingerprints ignore line numbers, see
``privlint.checks.fingerprint``): an entry with ``count: 2`` absorbs two matching findings and a
third is new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from privlint.checks.fingerprint import CATEGORY_DIGESTS, base_of
from privlint.errors import UsageError
from privlint.types import Finding

FORMAT_VERSION = 1
DEFAULT_PATH = ".privlint-baseline.json"
NOT_BASELINED = ("PRV000", "PRV100")  # a run that did not happen cannot be accepted


@dataclass(frozen=True)
class Baseline:
    counts: Counter[str]
    path: str = ""

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise UsageError(f"{path}: baseline file not found. Hint: create it with `privlint baseline`.") from exc
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON in baseline: {exc.msg}") from exc
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise UsageError(
                f"{path}: unsupported baseline format (expected version {FORMAT_VERSION}). "
                "Hint: regenerate it with `privlint baseline`."
            )
        counts: Counter[str] = Counter()
        for index, entry in enumerate(data.get("findings", [])):
            try:
                counts[str(entry["fingerprint"])] += int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError) as exc:
                raise UsageError(f"{path}: findings[{index}]: expected fingerprint and count") from exc
        return cls(counts=counts, path=str(path))

    def filter(self, findings: Iterable[Finding]) -> tuple[list[Finding], int, int]:
        """(new findings, number baselined, number of stale baseline entries)."""
        remaining = Counter(self.counts)
        new: list[Finding] = []
        baselined = 0
        for finding in sorted(findings, key=lambda f: f.fingerprint):  # occurrence order within a digest
            key = base_of(finding.fingerprint)
            singles = dict(finding.extra).get(CATEGORY_DIGESTS, "").split()
            if finding.code in NOT_BASELINED:
                new.append(finding)
            elif remaining[key] > 0:
                remaining[key] -= 1
                baselined += 1
            elif singles and all(remaining[single] > 0 for single in singles):
                # a baseline from when each category of this call was its own finding: it accepted all of them
                for single in singles:
                    remaining[single] -= 1
                baselined += 1
            else:
                new.append(finding)
        stale = sum(v for v in remaining.values() if v > 0)
        return new, baselined, stale


def render(findings: Iterable[Finding], policy_digest: str | None = None) -> str:
    entries: dict[tuple[str, str, str], dict[str, object]] = {}
    for finding in findings:
        if finding.code in NOT_BASELINED or not finding.fingerprint:
            continue
        key = (finding.location.path, finding.code, base_of(finding.fingerprint))
        entry = entries.get(key)
        if entry is None:
            entry = {"path": key[0], "code": key[1], "fingerprint": key[2], "count": 0}
            if finding.flow is not None:
                entry["category"] = finding.flow.category
                if len(finding.categories) > 1:
                    entry["categories"] = list(finding.categories)
                recipient = finding.flow.sink.recipient or finding.flow.sink.host
                if recipient:
                    entry["recipient"] = recipient
            entries[key] = entry
        entry["count"] = int(entry["count"]) + 1  # type: ignore[call-overload]
    document = {
        "version": FORMAT_VERSION,
        "tool": "privlint",
        "policy_sha256": policy_digest or None,
        "findings": [entries[k] for k in sorted(entries)],
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
