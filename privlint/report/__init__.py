"""Reports for privacy reviewers: one model (``build_report``), thin renderers per format.

``render(report, fmt)`` is the only entry point the command needs; adding a format is one
function and one line in ``RENDERERS``.
"""

from __future__ import annotations

from collections.abc import Callable

from privlint.report.build import build_report
from privlint.report.html import render_html
from privlint.report.links import LinkMaker
from privlint.report.markdown import render_markdown
from privlint.report.model import Report
from privlint.report.ropa import render_csv, render_json

RENDERERS: dict[str, Callable[[Report], str]] = {
    "html": render_html,
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
}
FORMATS = tuple(RENDERERS)


def render(report: Report, fmt: str) -> str:
    return RENDERERS[fmt](report)


__all__ = ["FORMATS", "RENDERERS", "LinkMaker", "Report", "build_report", "render"]
