"""``[tool.privlint]`` configuration and policy discovery.

Precedence (Ruff's): command-line options > the nearest ``pyproject.toml`` with a
``[tool.privlint]`` table > defaults. Relative paths in the config are relative to the file
that states them, so a config works from whatever directory privlint is started in.

The table is validated when it is read, against ``privlint/schemas/config.schema.json``: a wrong
type or an unknown key is a usage error (exit 2) at its ``FILE:LINE:COL``, in the message format of
the policy and the catalogues (``privlint.diagnostics``), never a traceback or a silent default.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from privlint.diagnostics import Diagnostic, DiagnosticError, describe
from privlint.documents import Located, PathKey, decode, parse_toml, read_bytes
from privlint.errors import UsageError

DEFAULT_POLICY_NAMES = ("privacy-policy.yaml", "privacy-policy.yml")
SCHEMA_PATH = Path(__file__).parent / "schemas" / "config.schema.json"
TABLE: PathKey = ("tool", "privlint")


class ConfigError(DiagnosticError, UsageError):
    """``[tool.privlint]`` (or the TOML file holding it) is invalid: positioned diagnostics, exit 2."""


@dataclass(frozen=True)
class Config:
    """The ``[tool.privlint]`` table and where it came from (``path`` is None without one).

    ``values`` has been validated against ``privlint/schemas/config.schema.json``, with keys spelled
    with hyphens (``extend_select`` is read as ``extend-select``)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    # Named with --config by whoever runs privlint, rather than found in the scanned tree: only such a
    # file is trusted to opt into running code (allow-local-plugins).
    explicit: bool = False
    located: Located | None = field(default=None, compare=False, repr=False)

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, self.values.get(key.replace("-", "_"), default))

    def resolve_path(self, value: str) -> Path:
        return (self.base_dir / value).resolve()

    def diagnostic(self, key_path: PathKey, message: str, hint: str = "") -> Diagnostic:
        """A problem with the value at ``key_path`` inside the table, at its line in the file."""
        if self.located is None:
            return Diagnostic("[tool.privlint]", 0, 0, ".".join(map(str, key_path)), message, hint)
        return self.located.diagnostic((*TABLE, *key_path), message, hint)

    def configured_baseline(self) -> Path | None:
        """``baseline = ...`` when that file exists: ``check`` then reports only new violations."""
        written = self.get("baseline")
        if not written:
            return None
        path = self.resolve_path(str(written))
        return path if path.is_file() else None


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of ``[tool.privlint]``: the one list of its keys and their types."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.privlint]`` table, from ``start`` upwards."""
    start = start.resolve()
    for directory in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _privlint_table(_read_toml(candidate)) is not None:
            return candidate
    return None


def _read_toml(path: Path) -> Located:
    try:
        return parse_toml(decode(read_bytes(path, "config file"), str(path)), str(path))
    except DiagnosticError as exc:
        raise ConfigError(exc.diagnostics) from None


def _privlint_table(located: Located) -> dict[str, Any] | None:
    """``[tool.privlint]`` of a parsed TOML file (None without one); a ``tool`` or ``tool.privlint``
    that is not a table is an error (``tool = 3`` is a broken pyproject for every tool)."""
    tool = located.data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        hint = "[tool] holds one table per tool: [tool.privlint]"
        raise ConfigError([located.diagnostic(("tool",), f"expected a table, got {describe(tool)}", hint)])
    table = tool.get("privlint")
    if table is None or isinstance(table, dict):
        return table
    hint = "write the keys under a [tool.privlint] header"
    raise ConfigError([located.diagnostic(TABLE, f"expected a table, got {describe(table)}", hint)])


def load_config(start: Path | None = None, explicit: str | None = None) -> Config:
    """``--config FILE``, else the nearest ``pyproject.toml`` with ``[tool.privlint]``, validated."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"{explicit}: config file not found")
        located = _read_toml(path)
        return Config(values=validate(located), path=path.resolve(), explicit=True, located=located)
    found = find_pyproject(start or Path.cwd())
    if found is None:
        return Config()
    located = _read_toml(found)
    return Config(values=validate(located), path=found, located=located)


def validate(located: Located) -> dict[str, Any]:
    """The ``[tool.privlint]`` table of ``located``, keys spelled with hyphens; ``ConfigError`` with
    every problem (wrong types, unknown keys with did-you-mean) at its line otherwise."""
    from privlint.schema_check import iter_errors
    from privlint.schema_messages import explain_all

    table = _privlint_table(located) or {}
    known = schema()["properties"]
    values: dict[str, Any] = {}
    key_marks = dict(located.key_marks)
    value_marks = dict(located.value_marks)
    renamed: dict[str, str] = {}
    for key, value in table.items():
        spelled = key.replace("_", "-") if key.replace("_", "-") in known else key
        values[spelled] = value
        if spelled != key:
            renamed[key] = spelled
    for marks in (key_marks, value_marks):  # positions of extend_select serve extend-select
        for path, mark in list(marks.items()):
            if path[: len(TABLE)] == TABLE and len(path) > len(TABLE) and path[len(TABLE)] in renamed:
                marks[(*TABLE, renamed[str(path[len(TABLE)])], *path[len(TABLE) + 1 :])] = mark
    view = Located(located.path, located.data, key_marks, value_marks)
    diagnostics = explain_all(iter_errors(schema(), values), view, schema(), value_hint=_list_hint, prefix=TABLE)
    if diagnostics:
        raise ConfigError(diagnostics)
    return values


def _list_hint(path: PathKey, value: Any) -> str:
    """``exclude = "dir/"`` where a list is expected: show the list."""
    if not isinstance(value, str):
        return ""
    key = path[len(TABLE)] if len(path) > len(TABLE) else ""
    list_keys = {k for k, v in schema()["properties"].items() if v.get("$ref", "").endswith(("codes", "strings"))}
    if len(path) == len(TABLE) + 1 and key in list_keys:
        return f"write a list: {key} = {json.dumps([value])}"
    if len(path) == len(TABLE) + 2 and key == "per-file-ignores":
        return f"write a list: {json.dumps(path[-1])} = {json.dumps([value])}"
    return ""


def discover_policy(cli_value: str | None, config: Config, start: Path | None = None) -> Path | None:
    """``--policy`` > ``[tool.privlint] policy`` > ``privacy-policy.yaml`` here or in a parent."""
    if cli_value:
        return Path(cli_value)
    configured = config.get("policy")
    if configured:
        return config.resolve_path(str(configured))
    start = (start or Path.cwd()).resolve()
    for directory in [start, *start.parents] if start.is_dir() else start.parents:
        for name in DEFAULT_POLICY_NAMES:
            if (directory / name).is_file():
                return directory / name
    return None


def purposes_by_path(config: Config) -> tuple[tuple[str, str], ...]:
    """``[tool.privlint.purposes]``: glob (relative to the scan root) -> purpose key, in file order.

    ``"app/marketing/**" = "marketing.communications.email"`` gives every flow whose sink lies
    under ``app/marketing/`` that purpose (see PRV204)."""
    table = config.get("purposes") or {}
    if not isinstance(table, Mapping) or not all(isinstance(v, str) for v in table.values()):  # a dict config
        raise UsageError('[tool.privlint.purposes] maps globs to purpose keys, e.g. "app/billing/*" = "..."')
    return tuple((str(glob), str(purpose)) for glob, purpose in table.items())
