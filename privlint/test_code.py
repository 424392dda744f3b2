"""Which files are test code, fixtures or migrations: analysed, but not evidence by default (issue 13).

A linter that shows a test fixture as the source of a production flow, or reports the flows of test
code itself, buries the production findings (90 % of saleor's flows were in tests). The engine still
reads these files - a test helper may define the wrapper a flow goes through - but ranks production
sources first, and ``privlint.api.scan`` leaves out flows located in, or sourced only from, such files
unless ``include-tests = true``. One definition for both, so they never disagree.
"""

from __future__ import annotations

import re

_TEST_CODE = re.compile(
    r"(^|/)(tests?|testing|test_utils|fixtures|migrations|alembic/versions)/"
    r"|(^|/)(test_[^/]*|[^/]*_tests?|conftest|tests?)\.py$"
)


def is_test_code(path: str) -> bool:
    """``tests/x.py``, ``app/test_views.py``, ``app/views_test.py``, ``conftest.py``, ``fixtures/``,
    ``migrations/``: code that exercises or sets up the application, not the application."""
    return _TEST_CODE.search(path.replace("\\", "/")) is not None
