"""The HTML report in a real browser: Debian's headless Chromium, driven over DevTools (see cdp.py).

It must open offline with no console error and no network request, the map and the matrix must be
rendered and visible, and hostile identifiers from the scanned code must stay text.
CI installs chromium (.ci/run); the tests skip only when no chromium binary exists.
"""

from __future__ import annotations

import struct

import pytest
import report_hostile as hostile
import report_sample as sample
from report_cdp import find_chromium

from privlint.report import LinkMaker, build_report, render

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

VISIBILITY = """
(() => {
  const box = (sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return {w: r.width, h: r.height, top: r.top + scrollY, left: r.left,
            visible: s.display !== "none" && s.visibility !== "hidden" && Number(s.opacity) > 0};
  };
  return {
    map: box("#flow-map"), matrix: box("#matrix-table"),
    nodes: document.querySelectorAll("#flow-map g.node").length,
    badEdges: document.querySelectorAll("#flow-map path.edge.violation").length,
    badEdgeColour: getComputedStyle(document.querySelector("#flow-map path.edge.violation")).stroke,
    cells: Object.fromEntries(["ok", "unused", "violation"].map(
      c => [c, document.querySelectorAll("#matrix-table td." + c).length])),
    violationCards: document.querySelectorAll("article.violation").length,
    pageWidth: document.documentElement.scrollWidth,
  };
})()
"""


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_report_opens_offline_with_map_and_matrix_visible(browser, tmp_path):
    report = build_report(
        sample.check_result(tmp_path / "app"),
        links=LinkMaker("https://github.com/org/repo/blob/{commit}/{path}#L{line}", "abc123"),
    )
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")

    load = browser.load(page)
    assert load.exceptions == []
    assert load.console_errors == []
    assert load.network_requests == []
    assert load.requests == [page.resolve().as_uri()]  # the file itself and nothing else

    seen = browser.evaluate(VISIBILITY)
    for name in ("map", "matrix"):
        box = seen[name]
        assert box["visible"] and box["w"] > 600 and box["h"] > 150, (name, box)
    assert seen["map"]["top"] < seen["matrix"]["top"]
    assert seen["nodes"] == 4 + 5 + 5
    assert seen["badEdges"] == 6 and seen["badEdgeColour"] == "rgb(207, 34, 46)"
    assert seen["cells"] == {"ok": 5, "unused": 3, "violation": 3}
    assert seen["violationCards"] == 3
    assert seen["pageWidth"] <= 1280  # nothing forces horizontal scrolling at a laptop width

    shot = browser.screenshot(tmp_path / "report.png")
    width, height = png_size(shot)
    assert width == 1280 and height > 1500
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one


def test_hostile_identifiers_stay_text_in_the_browser(browser, tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(render(build_report(hostile.hostile_result(tmp_path / "app")), "html"), encoding="utf-8")
    load = browser.load(page)
    assert load.dialogs == []  # no alert() ran
    assert load.exceptions == [] and load.console_errors == [] and load.network_requests == []
    assert browser.evaluate("document.scripts.length") == 1
    assert browser.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    text = browser.evaluate("document.body.innerText")
    assert hostile.SCRIPT in text and hostile.IMG in text  # shown to the reviewer as text


def test_hovering_a_map_node_highlights_its_flows(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(build_report(sample.check_result(tmp_path / "app")), "html"), encoding="utf-8")
    assert browser.load(page).exceptions == []
    highlighted = browser.evaluate(
        """(() => {
          const node = [...document.querySelectorAll('#flow-map g.node')]
            .find(g => g.textContent.includes('Mixpanel'));
          node.dispatchEvent(new MouseEvent('mouseenter'));
          const lit = [...document.querySelectorAll('#flow-map .hl')].map(e => e.textContent.split('\\n')[0]);
          const focused = document.getElementById('flow-map').classList.contains('focus');
          node.dispatchEvent(new MouseEvent('mouseleave'));
          return {focused, lit, after: document.getElementById('flow-map').classList.contains('focus')};
        })()"""
    )
    assert highlighted["focused"] and not highlighted["after"]
    assert any("analytics.events" in text for text in highlighted["lit"])  # the module that sends to Mixpanel
    assert not any("stripe" in text.lower() for text in highlighted["lit"])
