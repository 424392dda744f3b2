"""The built-in vendor catalogue: which SDK call or API host reaches which third party.

The knowledge is data, one YAML file per kind of recipient (``payment.yaml``, ``email.yaml``,
...), in the format of ``privlint/schemas/catalogue.schema.json``; each entry carries the
``examples`` the test suite runs through the engine. Disable with ``-p no:recipients``.
"""

from __future__ import annotations

from pathlib import Path

from privlint.hookspecs import hookimpl

DATA_DIR = Path(__file__).parent


@hookimpl
def privlint_catalogue_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))
