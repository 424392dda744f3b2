"""Output formats of ``privlint check``: text, json, sarif, github, junit.

Every format renders the same internal model (``privlint.reporters.model.build``), the JSON
report itself, so no format can know more or less than another (Ruff #19962). Plugins may add
formats through the ``privlint_output_formats`` hook: ``{name: callable(result=, context=) -> str}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from privlint.reporters import github, json_report, junit, sarif, text

Renderer = Callable[[Mapping[str, Any]], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
}
