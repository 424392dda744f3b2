#!/usr/bin/env python3
"""Sampled precision from hand verdicts: TRUE / (TRUE + FALSE) per application and pooled.

usage: precision.py VERDICTS_DIR [VERDICTS_DIR ...]

Each directory holds ``verdicts-<app>.yaml`` files written by a reviewer from the code of the sampled
flows (``../shared/tools/review_sample.py`` draws the sample; the sheets, which quote third-party code,
are never committed). UNSURE verdicts count in neither numerator nor denominator.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml


def tally(directory: Path) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {}
    for path in sorted(directory.glob("verdicts-*.yaml")):
        entries = yaml.safe_load(path.read_text()) or []
        found[path.stem.removeprefix("verdicts-")] = Counter(str(e["verdict"]).upper() for e in entries)
    return found


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for name in argv:
        directory = Path(name)
        counts = tally(directory)
        pooled: Counter[str] = Counter()
        print(f"{directory.name}:")
        for app, c in counts.items():
            pooled.update(c)
            judged = c["TRUE"] + c["FALSE"]
            share = f"{c['TRUE'] / judged:.0%}" if judged else "n/a"
            print(f"  {app}: {c['TRUE']} true, {c['FALSE']} false, {c['UNSURE']} unsure -> {share}")
        judged = pooled["TRUE"] + pooled["FALSE"]
        if judged:
            print(f"  pooled: {pooled['TRUE']}/{judged} = {pooled['TRUE'] / judged:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
