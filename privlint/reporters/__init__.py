"""Output formats of ``privlint check``: text, json, sarif, github, junit.

Every format renders the same internal model (``privlint.reporters.model.build``), the JSON
report itself, so no format can know more or less than another (Ruff #19962). Plugins may add
formats through the ``privlint_output_formats`` hook: ``{name: callable(result=, context=) -> str}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import privlint.reporters.github
import privlint.reporters.json_report
import privlint.reporters.junit
import privlint.reporters.sarif
import privlint.reporters.text

Renderer = Callable[[Mapping[str, Any]], str]

FORMATS: dict[str, Renderer] = {
    "text": privlint.reporters.text.render,
    "json": privlint.reporters.json_report.render,
    "sarif": privlint.reporters.sarif.render,
    "github": privlint.reporters.github.render,
    "junit": privlint.reporters.junit.render,
}
