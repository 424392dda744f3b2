"""The sub-commands, one module each (``check.py``, ``scan.py``, ``policy.py``, ...).

A module becomes a command by defining ``add_parser(subparsers)``; ``privlint.cli`` finds them
here, so adding a command never means editing a central list. ``ORDER`` only fixes the order in
``privlint --help``; modules missing from it come last, alphabetically.
"""

from __future__ import annotations

import pkgutil

ORDER = ("check", "scan", "report", "baseline", "rule", "policy", "plugins")
HELPER_MODULES = frozenset({"options", "common"})


def command_modules() -> list[str]:
    names = [
        m.name for m in pkgutil.iter_modules(__path__) if m.name not in HELPER_MODULES and not m.name.startswith("_")
    ]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return [f"{__name__}.{n}" for n in names]
