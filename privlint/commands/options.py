"""Options shared by every command, defined once so their names and meanings never drift."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from privlint.config import Config, load_config
from privlint.errors import UsageError


def add_output_format(parser: argparse.ArgumentParser, choices: Sequence[str], default: str) -> None:
    parser.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        choices=list(choices),
        default=None,
        help=f"output format (default: {default}; --format is an alias)",
    )
    parser.set_defaults(default_output_format=default)


def add_output_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output-file", dest="output_file", default=None, help="write to FILE, not stdout")


def write_output(args: argparse.Namespace, text: str) -> None:
    """Write a command's output to ``-o FILE`` or stdout; a file that cannot be written is a usage
    error (exit 2) with its reason, never a traceback."""
    if not args.output_file:
        sys.stdout.write(text)
        return
    write_file(args.output_file, text)


def write_file(path: str | Path, text: str) -> None:
    """Write ``text`` to a file the user chose (``-o FILE`` or a configured path, such as the baseline's):
    a file that cannot be written is a usage error (exit 2) with its reason, never a traceback."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def add_policy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy",
        default=None,
        metavar="FILE",
        help="policy YAML (default: [tool.privlint] policy, else privacy-policy.yaml here or in a parent)",
    )


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=[], metavar="PATH", help="files or directories (default: .)")


def add_plugins(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-p",
        dest="plugin_options",
        action="append",
        default=[],
        metavar="no:NAME",
        help="disable a plugin by name (-p no:NAME), as in pytest",
    )


def add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: all cores)")


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default=None, metavar="FILE", help="pyproject.toml to read [tool.privlint] from")


def add_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        default=None,
        help="do not read or write .privlint_cache/ (default: cache on; also [tool.privlint] cache = false)",
    )
    parser.add_argument("--cache", dest="cache", action="store_true", help=argparse.SUPPRESS)


def cache_enabled(args: argparse.Namespace, config: Any) -> bool:
    """``--cache/--no-cache``, else ``[tool.privlint] cache``, else on (like Ruff)."""
    if getattr(args, "cache", None) is not None:
        return bool(args.cache)
    return bool(config.get("cache", True)) if config is not None else True


def project_config(args: argparse.Namespace) -> tuple[list[str], Config]:
    """The paths to analyse (default ``.``) and the ``[tool.privlint]`` config that governs them: the file
    given with ``--config``, else the nearest ``pyproject.toml`` above the first path."""
    paths = list(args.paths) or ["."]
    return paths, load_config(Path(paths[0]), getattr(args, "config", None))


def blocked_plugins(args: argparse.Namespace) -> list[str]:
    return [opt[3:] for opt in getattr(args, "plugin_options", []) if opt.startswith("no:")]


def output_format(args: argparse.Namespace) -> str:
    return str(args.output_format or args.default_output_format)
