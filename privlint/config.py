"""``[tool.privlint]`` configuration and policy discovery.

Precedence (Ruff's): command-line options > the nearest ``pyproject.toml`` with a
``[tool.privlint]`` table > defaults. Relative paths in the config are relative to the file
that states them, so a config works from whatever directory privlint is started in.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from privlint.errors import UsageError

DEFAULT_POLICY_NAMES = ("privacy-policy.yaml", "privacy-policy.yml")


@dataclass(frozen=True)
class Config:
    """The ``[tool.privlint]`` table and where it came from (``path`` is None without one)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    # Named with --config by whoever runs privlint, rather than found in the scanned tree: only such a
    # file is trusted to opt into running code (allow-local-plugins).
    explicit: bool = False

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, self.values.get(key.replace("-", "_"), default))

    def resolve_path(self, value: str) -> Path:
        return (self.base_dir / value).resolve()


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.privlint]`` table, from ``start`` upwards."""
    start = start.resolve()
    for directory in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "privlint" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}. Hint: fix the file or pass --config.") from exc
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from exc


def load_config(start: Path | None = None, explicit: str | None = None) -> Config:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"{explicit}: config file not found")
        table = _read_toml(path).get("tool", {}).get("privlint", {})
        return Config(values=table, path=path.resolve(), explicit=True)
    found = find_pyproject(start or Path.cwd())
    if found is None:
        return Config()
    return Config(values=_read_toml(found)["tool"]["privlint"], path=found)


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


# ----------------------------------------------------------------------------- keys read by `privlint check`
#: Every key ``[tool.privlint]`` may hold; others are reported as warnings (a typo must not pass silently).
KNOWN_KEYS = frozenset(
    {
        "policy",
        "select",
        "ignore",
        "extend-select",
        "extend-ignore",
        "per-file-ignores",
        "exclude",
        "purposes",
        "catalogues",
        "baseline",
        "output-format",
        "disable-plugins",
        "allow-local-plugins",
        "max-file-size",
        "jobs",
        "cache-dir",
        "plugins",
        "repo-url",
    }
)


def unknown_keys(config: Config) -> list[str]:
    return sorted(k for k in config.values if k.replace("_", "-") not in KNOWN_KEYS)


def purposes_by_path(config: Config) -> tuple[tuple[str, str], ...]:
    """``[tool.privlint.purposes]``: glob (relative to the scan root) -> purpose key, in file order.

    ``"app/marketing/**" = "marketing.communications.email"`` gives every flow whose sink lies
    under ``app/marketing/`` that purpose (see PRV204)."""
    table = config.get("purposes") or {}
    if not isinstance(table, Mapping) or not all(isinstance(v, str) for v in table.values()):
        where = f"{config.path}: " if config.path else ""
        raise UsageError(f'{where}[tool.privlint.purposes] maps globs to purpose keys, e.g. "app/billing/*" = "..."')
    return tuple((str(glob), str(purpose)) for glob, purpose in table.items())
