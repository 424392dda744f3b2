"""``privlint plugins``: which plugins are active and what each one teaches privlint.

The answer a user needs before trusting a scan ("does privlint know our SDK?") and after
installing a plugin ("did it load?"). Plugins that failed to load or answer are listed on stderr
and make the command exit 2, the same PRV000 contract as a scan.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from privlint.catalogue import Catalogue
from privlint.commands import options
from privlint.config import load_config
from privlint.plugin_manager import Plugins, call_each, load_catalogue, plugin_version
from privlint.types import ExitCode

COUNTED = ("recipients", "sinks", "settings", "sources", "field_types", "identifiers", "sanitizers")


def run(args: argparse.Namespace) -> int:
    config = load_config(explicit=args.config)
    _, plugins = load_catalogue(options.blocked_plugins(args), config)
    rows = describe(plugins, config.values)
    if options.output_format(args) == "json":
        text = json.dumps({"plugins": rows, "errors": _errors(plugins)}, indent=2, sort_keys=True) + "\n"
    else:
        text = render_text(rows)
    options.write_output(args, text)
    for error in plugins.errors:
        print(f"privlint: PRV000 plugin {error.plugin}: {error.message}", file=sys.stderr)
    return ExitCode.ERROR if plugins.errors else ExitCode.OK


def describe(plugins: Plugins, config: Any) -> list[dict[str, Any]]:
    """One JSON-ready record per active plugin, sorted by name."""
    checks = call_each(plugins, "privlint_checks", config=config)
    formats = call_each(plugins, "privlint_output_formats", config=config)
    rows = []
    for name in plugins.names():
        info = plugins.info.get(name)
        part = plugins.parts.get(name, Catalogue())
        plugin = plugins.manager.get_plugin(name)
        counts = {attribute: len(getattr(part, attribute)) for attribute in COUNTED}
        counts["checks"] = len(checks.get(name, ()))
        counts["output_formats"] = len(formats.get(name, ()))
        rows.append(
            {
                "name": name,
                "source": info.source if info else "",
                "origin": info.origin if info else "",
                "version": plugin_version(info) if info else "",
                "hooks": sorted(caller.name for caller in plugins.manager.get_hookcallers(plugin) or ()),
                "counts": counts,
                "recipients": [
                    {
                        "id": r.id,
                        "name": r.name,
                        "kind": r.kind,
                        "locations": list(r.locations),
                        "packages": list(r.packages),
                        "hosts": list(r.hosts),
                    }
                    for r in sorted(part.recipients, key=lambda r: r.id)
                ],
            }
        )
    return rows


def _errors(plugins: Plugins) -> list[dict[str, str]]:
    return [{"code": "PRV000", "plugin": e.plugin, "message": e.message} for e in sorted(plugins.errors)]


def render_text(rows: list[dict[str, Any]]) -> str:
    header = ["plugin", "version", "source", "recipients", "sinks", "settings", "sources", "field types"]
    header += ["identifiers", "sanitizers", "checks"]
    keys = ["recipients", "sinks", "settings", "sources", "field_types", "identifiers", "sanitizers", "checks"]
    table = [header]
    for row in rows:
        counts = row["counts"]
        table.append([row["name"], row["version"] or "-", row["source"], *(str(counts[k]) for k in keys)])
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in table]
    for row in rows:
        if row["recipients"]:
            ids = ", ".join(r["id"] for r in row["recipients"])
            lines.append("")
            count = len(row["recipients"])
            lines.append(f"{row['name']}: {count} recipient{'s' if count != 1 else ''}: {ids}")
    return "\n".join(lines) + "\n"
