"""Which codes are reported: ``select`` / ``ignore`` / ``per-file-ignores`` with prefix matching.

flake8/Ruff semantics: a code or any prefix of it (``PRV2``, ``PRV``) selects or ignores; when
both lists match, the longer (more specific) prefix wins, and on a tie ``ignore`` wins.
Per-file ignores apply on top for files matching their glob. By default everything but the
PRV3xx reviewer information is selected (it never fails a run and belongs in reviewer reports).
PRV000 (internal error) and PRV100 (invalid policy) cannot be switched off: they mean the check
did not happen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from privlint.errors import UsageError

ALWAYS_ON = frozenset({"PRV000", "PRV100"})
#: Reviewer information (PRV3xx) is opt-in: ``--extend-select PRV3`` or ``extend-select = ["PRV3"]``.
DEFAULT_SELECT = ("PRV0", "PRV1", "PRV2", "PRV9")
CODE_PREFIX = re.compile(r"^[A-Z]{1,3}[0-9]{0,3}$")


def parse_codes(values: Iterable[str] | str | None, origin: str) -> tuple[str, ...]:
    """Accept lists or comma-separated strings; validate the flake8 code grammar."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    codes: list[str] = []
    for value in values:
        for part in str(value).split(","):
            code = part.strip().upper()
            if not code:
                continue
            if code == "ALL":
                code = "PRV"
            if not CODE_PREFIX.match(code):
                raise UsageError(f"{origin}: '{part.strip()}' is not a rule code or prefix (e.g. PRV203, PRV2)")
            codes.append(code)
    return tuple(codes)


def _longest(prefixes: Sequence[str], code: str) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    plugin_codes_selected: bool = True  # without an explicit select, plugins' own codes (ACM001) are on

    def enabled(self, code: str, path: str | None = None) -> bool:
        if code in ALWAYS_ON:
            return True
        ignore: list[str] = list(self.ignore)
        if path is not None:
            for pattern, codes in self.per_file_ignores:
                if _path_matches(pattern, path):
                    ignore.extend(codes)
        selected, ignored = _longest(self.select, code), _longest(ignore, code)
        if self.plugin_codes_selected and not code.startswith("PRV"):
            selected = max(selected, 0)
        return selected >= 0 and selected > ignored

    @classmethod
    def build(
        cls,
        *,
        config: Mapping[str, Any],
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        extend_ignore: Sequence[str] | None = None,
    ) -> Selection:
        """CLI ``--select``/``--ignore`` replace the config's lists; ``--extend-*`` add to them."""
        config = {key.replace("_", "-"): value for key, value in config.items()}
        base_select = parse_codes(select, "--select") if select else parse_codes(config.get("select"), "select")
        base_ignore = parse_codes(ignore, "--ignore") if ignore else parse_codes(config.get("ignore"), "ignore")
        chosen = (
            (base_select or DEFAULT_SELECT)
            + parse_codes(config.get("extend-select"), "extend-select")
            + parse_codes(extend_select, "--extend-select")
        )
        ignored = base_ignore + parse_codes(config.get("extend-ignore"), "extend-ignore")
        ignored += parse_codes(extend_ignore, "--extend-ignore")
        per_file = config.get("per-file-ignores") or {}
        if not isinstance(per_file, Mapping):
            raise UsageError("per-file-ignores: expected a table of glob = [codes]")
        pairs = tuple(
            (str(glob), parse_codes(codes, f"per-file-ignores.{glob}")) for glob, codes in sorted(per_file.items())
        )
        return cls(select=chosen, ignore=ignored, per_file_ignores=pairs, plugin_codes_selected=not base_select)


def _path_matches(pattern: str, path: str) -> bool:
    """Globs match the whole relative path or, without a slash, any file name (``"tests/*"``,
    ``"conftest.py"``); ``**/`` matches any depth including none."""
    if fnmatchcase(path, pattern):
        return True
    if pattern.startswith("**/") and fnmatchcase(path, pattern[3:]):
        return True
    if "/" not in pattern:
        return fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    return pattern.endswith("/") and path.startswith(pattern)
