"""One headless Chromium for every browser test of the report (starting it costs about a second)."""

from __future__ import annotations

import pytest
from report_cdp import Chromium, find_chromium


@pytest.fixture(scope="session")
def browser():
    binary = find_chromium()
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Chromium(binary) as chromium:
        yield chromium
