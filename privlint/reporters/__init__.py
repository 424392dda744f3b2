"""Output formats of ``privlint check``: text, json, sarif, github, junit.

Every format renders the same internal model (``privlint.reporters.model.build``), the JSON
report itself, so no format can know more or less than another (Ruff #19962). Plugins may add
formats through the ``privlint_output_formats`` hook: ``{name: callable(result=, context=) -> str}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from privlint.reporters.github import render as render_github
from privlint.reporters.json_report import render as render_json
from privlint.reporters.junit import render as render_junit
from privlint.reporters.sarif import render as render_sarif
from privlint.reporters.text import render as render_text

Renderer = Callable[[Mapping[str, Any]], str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
}
