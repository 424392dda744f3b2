"""The shipped vendor catalogue on a blind-written SaaS backend (issue 15): 37 vendors' SDKs used the way
their documentation shows, clients on ``self``, aliased imports, async clients, helpers in other modules.

``tests/corpus_vendors/shop`` was written by a helper that never saw privlint, its catalogue or its output;
its labels follow ``tests/corpus/README.md``. It is scanned with the full built-in catalogue (the engine
corpus uses a small fixed one). The issue asks for 95 %: the first run found 49/71 (49/55 precise); three
class fixes later (SDK message objects, databases taken by name from a client, free-text content, items stored
into an SDK's object) it finds 71/71 with no false flow, and this test holds that level.
"""

from __future__ import annotations

from pathlib import Path

from test_corpus import parse_labels, sink_label

from privlint import api

APP = Path(__file__).resolve().parents[1] / "corpus_vendors" / "shop"
RECALL_FLOOR = 0.95  # first run 49/71; 54/71 after the constructor fix (brevo, zenpy); 71/71 since
PRECISION_FLOOR = 0.95


def test_the_vendor_corpus_holds_its_level() -> None:
    expected, negatives = parse_labels(APP)
    files = {p.relative_to(APP).as_posix(): p.read_text() for p in APP.rglob("*.py")}
    flows = api.scan_sources(files).flows

    def covers(label, flow) -> bool:
        same_place = (flow.location.path, flow.location.line) == (label.path, label.line)
        category = flow.category == label.category or flow.category.startswith(label.category + ".")
        return same_place and category and sink_label(flow) == label.sink and not flow.sanitized

    found = {label for label in expected if any(covers(label, flow) for flow in flows)}
    false = [f for f in flows if not any(covers(label, f) for label in expected)]
    on_ok_lines = [f for f in flows if (f.location.path, f.location.line) in negatives]
    recall, precision = len(found) / len(expected), (len(flows) - len(false)) / max(1, len(flows))
    missed = sorted(f"{e.path}:{e.line} {e.category} -> {e.sink}" for e in expected - found)
    assert recall >= RECALL_FLOOR, f"recall {len(found)}/{len(expected)}; missed: {missed}"
    assert precision >= PRECISION_FLOOR, f"precision {len(flows) - len(false)}/{len(flows)}: {false}"
    assert not on_ok_lines, on_ok_lines
