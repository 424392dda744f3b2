"""Precision and recall of the engine on the labelled corpus (``tests/corpus``).

Sink lines carry their labels as comments, written as a reviewer reads the code:

* ``# expect: user.contact.email -> third_party:stripe; user.name -> log`` -- flows that must be
  reported at this line (add ``sanitized`` when the value went through a sanitizer first);
* ``# ok: any`` or ``# ok: user.contact.email -> log`` -- flows that must *not* be reported here.

A reported flow counts as a false positive when its line says ``ok`` or when its line carries no
label at all, so the corpus cannot hide noise by leaving lines unlabelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from engine_helpers import engine_catalogue

from privlint import api

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
APPS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
LABEL = re.compile(r"#\s*(expect|ok):\s*(.+)$")
THRESHOLD = 0.95


@dataclass(frozen=True, order=True)
class Key:
    path: str
    line: int
    category: str
    sink: str  # "log", "storage", "network", "third_party:stripe"
    sanitized: bool


def parse_labels(app: Path) -> tuple[set[Key], dict[tuple[str, int], list[str]]]:
    expected: set[Key] = set()
    negatives: dict[tuple[str, int], list[str]] = {}
    for file in sorted(app.rglob("*.py")):
        rel = file.relative_to(app).as_posix()
        for number, text in enumerate(file.read_text().splitlines(), start=1):
            match = LABEL.search(text)
            if not match:
                continue
            kind, body = match.groups()
            for item in (part.strip() for part in body.split(";")):
                if kind == "ok":
                    negatives.setdefault((rel, number), []).append(item)
                    continue
                category, _, sink = item.partition("->")
                sink_words = sink.split()
                expected.add(Key(rel, number, category.strip(), sink_words[0], "sanitized" in sink_words[1:]))
    return expected, negatives


def sink_label(flow) -> str:
    return f"{flow.sink.kind}:{flow.sink.recipient}" if flow.sink.recipient else flow.sink.kind


def evaluate(app: str):
    root = CORPUS / app
    expected, negatives = parse_labels(root)
    result = api.scan([root], root=root, catalogue=engine_catalogue(), jobs=1)
    assert not result.errors and not result.skipped, (result.errors, result.skipped)
    found = {Key(f.location.path, f.location.line, f.category, sink_label(f), f.sanitized) for f in result.flows}
    true_positives = found & expected
    false_negatives = expected - found
    false_positives = found - expected
    return expected, negatives, found, true_positives, false_negatives, false_positives


@pytest.fixture(scope="module")
def totals():
    return {app: evaluate(app) for app in APPS}


def test_corpus_is_big_enough(totals) -> None:
    expected = sum(len(t[0]) for t in totals.values())
    negatives = sum(len(t[1]) for t in totals.values())
    assert expected >= 60, expected
    assert negatives >= 40, negatives


def test_precision_and_recall(totals) -> None:
    tp = sum(len(t[3]) for t in totals.values())
    fn = sorted(k for t in totals.values() for k in t[4])
    fp = sorted(k for t in totals.values() for k in t[5])
    precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
    recall = tp / (tp + len(fn)) if tp + len(fn) else 1.0
    report = "\n".join(
        [f"precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {len(fp)}, fn {len(fn)})"]
        + [f"  FP {k}" for k in fp]
        + [f"  FN {k}" for k in fn]
    )
    print(report)
    assert precision >= THRESHOLD and recall >= THRESHOLD, report


def test_labelled_non_flows_are_not_reported(totals) -> None:
    """Every ``# ok`` line is quiet (the precision test could absorb a few; this one cannot)."""
    noisy = []
    for app, (_, negatives, found, *_rest) in totals.items():
        for key in found:
            for item in negatives.get((key.path, key.line), []):
                if item == "any" or item.replace(" ", "") == f"{key.category}->{key.sink}":
                    noisy.append((app, key))
    assert not noisy, noisy
