"""Regenerate ``fideslang.json`` from an unpacked ``fideslang`` wheel (run by hand, never at runtime).

privlint keeps an attributed data copy of the fideslang default taxonomy instead of depending on the
package: importing ``fideslang`` costs ~150 ms and pulls pydantic, and a pre-commit hook must feel instant.
The copy is read from the package's Python sources with ``ast`` (no import, no pydantic), so it can be
regenerated for a new fideslang release with:

    pip download --no-deps fideslang==X.Y.Z -d /tmp/f && cd /tmp/f && unzip -q fideslang-*.whl
    python policy_model/taxonomy/regenerate.py /tmp/f X.Y.Z > policy_model/taxonomy/fideslang.json
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

FIELDS = ("fides_key", "name", "description", "parent_key", "version_added", "version_deprecated", "replaced_by")


def _items(source: Path) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and any(k.arg == "fides_key" for k in node.keywords):
            values = {k.arg: k.value for k in node.keywords if k.arg in FIELDS}
            item = {str(key): ast.literal_eval(value) for key, value in values.items()}
            record = {
                "key": item["fides_key"],
                "name": item.get("name", ""),
                "description": item.get("description", ""),
            }
            if item.get("parent_key"):
                record["parent"] = item["parent_key"]
            for extra in ("version_added", "version_deprecated", "replaced_by"):
                if item.get(extra):
                    record[extra] = item[extra]
            items.append(record)
    return sorted(items, key=lambda r: r["key"])


def main(root: str, version: str) -> None:
    base = Path(root) / "fideslang" / "default_taxonomy"
    data = {
        "source": f"fideslang {version} (https://github.com/ethyca/fideslang), default taxonomy",
        "license": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), (c) Ethyca, Inc.",
        "changes": "converted from Python sources to JSON; fields reduced to key, name, description, parent",
        "version": version,
        "data_categories": _items(base / "data_categories.py"),
        "data_uses": _items(base / "data_uses.py"),
        "data_subjects": _items(base / "data_subjects.py"),
    }
    json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
