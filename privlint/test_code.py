"""Which files are test code, fixtures or migrations: analysed, but not evidence by default (issue 13).

A linter that shows a test fixture as the source of a production flow, or reports the flows of test
code itself, buries the production findings (90 % of saleor's flows were in tests). The engine still
reads these files - a test helper may define the wrapper a flow goes through - but ranks production
sources first, and ``production_flows`` (applied by ``privlint.pipeline.scan``) leaves out flows located
in, or sourced only from, such files unless ``include-tests = true``. One definition for both, so they
never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from privlint.types import ScanResult

_TEST_CODE = re.compile(
    r"(^|/)(tests?|testing|test_utils|fixtures|migrations|alembic/versions)/"
    r"|(^|/)(test_[^/]*|[^/]*_tests?|conftest|tests?)\.py$"
)


def is_test_code(path: str) -> bool:
    """``tests/x.py``, ``app/test_views.py``, ``app/views_test.py``, ``conftest.py``, ``fixtures/``,
    ``migrations/``: code that exercises or sets up the application, not the application. Files that import a
    fake-data library (``ScanResult.demo_files``) count too: demo-data commands make their people up."""
    return _TEST_CODE.search(path.replace("\\", "/")) is not None


def production_flows(result: ScanResult, scanned: Sequence[str] = ()) -> ScanResult:
    """The result without flows located in test code or whose best source is test code: the engine ranks
    production sources first, so a flow sourced from a test has no production source (issue 13).
    Only the part of a path below the directory given to scan counts: scanning ``tests/corpus/app``
    does not make all of it test code."""
    prefixes = sorted((f"{p}/" for p in scanned if p not in ("", ".")), key=len, reverse=True)

    def in_tests(path: str) -> bool:
        below = next((path[len(p) :] for p in prefixes if path.startswith(p)), path)
        return is_test_code(below) or path in result.demo_files

    kept = tuple(f for f in result.flows if not in_tests(f.location.path) and not in_tests(f.source.path))
    return replace(result, flows=kept, test_flows=len(result.flows) - len(kept))
