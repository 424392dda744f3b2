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

from privlint.diagnostics import did_you_mean
from privlint.documents import format_key_path
from privlint.errors import UsageError

ALWAYS_ON = frozenset({"PRV000", "PRV100"})
#: Reviewer information (PRV3xx) is opt-in: ``--extend-select PRV3`` or ``extend-select = ["PRV3"]``.
DEFAULT_SELECT = ("PRV0", "PRV1", "PRV2", "PRV9")
CODE_PREFIX = re.compile(r"^[A-Z]{1,3}[0-9]{0,3}$")


#: Where a code was written: a command-line option (``"--select"``) or a key path in ``[tool.privlint]``.
Origin = str | tuple[str | int, ...]


def parse_codes(values: Iterable[str] | str | None, origin: Origin) -> tuple[str, ...]:
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
                shown = origin if isinstance(origin, str) else format_key_path(origin)
                raise UsageError(f"{shown}: '{part.strip()}' is not a rule code or prefix (e.g. PRV203, PRV2)")
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
    # Every code or prefix as written and where: checked against the known codes once plugins are loaded.
    named: tuple[tuple[Origin, str], ...] = field(default=(), compare=False)

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
        named: list[tuple[Origin, str]] = []

        def codes(values: Iterable[str] | str | None, origin: Origin) -> tuple[str, ...]:
            if isinstance(origin, tuple) and isinstance(values, list):  # config: each item at its own line
                parsed = [parse_codes(value, (*origin, index)) for index, value in enumerate(values)]
                named.extend(((*origin, index), code) for index, part in enumerate(parsed) for code in part)
                return tuple(code for part in parsed for code in part)
            flat = parse_codes(values, origin)
            named.extend((origin, code) for code in flat)
            return flat

        base_select = codes(select, "--select") if select else codes(config.get("select"), ("select",))
        base_ignore = codes(ignore, "--ignore") if ignore else codes(config.get("ignore"), ("ignore",))
        chosen = (
            (base_select or DEFAULT_SELECT)
            + codes(config.get("extend-select"), ("extend-select",))
            + codes(extend_select, "--extend-select")
        )
        ignored = base_ignore + codes(config.get("extend-ignore"), ("extend-ignore",))
        ignored += codes(extend_ignore, "--extend-ignore")
        per_file = config.get("per-file-ignores") or {}
        if not isinstance(per_file, Mapping):
            raise UsageError("per-file-ignores: expected a table of glob = [codes]")
        pairs = tuple(
            (str(glob), codes(values, ("per-file-ignores", str(glob)))) for glob, values in sorted(per_file.items())
        )
        return cls(
            select=chosen,
            ignore=ignored,
            per_file_ignores=pairs,
            plugin_codes_selected=not base_select,
            named=tuple(named),
        )

    def unknown(self, known: Iterable[str]) -> list[tuple[Origin, str, str]]:
        """Codes and prefixes that match no known code (a typo in CI would select nothing and pass):
        ``(origin, code, hint)``. ``known``: every built-in code and those of the loaded plugins."""
        codes = sorted(set(known))
        prefixes = {code[:length] for code in codes for length in range(1, len(code) + 1)}
        result = []
        for origin, code in self.named:
            if code not in prefixes:
                hint = did_you_mean(code, codes, otherwise="`privlint rule --all` lists every code")
                result.append((origin, code, hint))
        return result


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
