"""A per-file summary cache in ``.privlint_cache/`` under the scan root.

A summary is a pure function of (file bytes, path, privlint version, catalogue), so that is the
key. Entries are JSON, never pickle: the cache directory lives inside the scanned repository,
which privlint does not trust, and unpickling a planted file would run code. Entries that do not
decode into a well-formed summary are discarded and recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from privlint import __version__
from privlint.catalogue import Catalogue
from privlint.engine.summary import (
    CallSite,
    ClassSummary,
    FieldHit,
    FileSummary,
    FunctionSummary,
    Labels,
    SourceHit,
)

CACHE_DIR = ".privlint_cache"
FORMAT = 1


def catalogue_digest(catalogue: Catalogue) -> str:
    return hashlib.sha256(catalogue.digest_material().encode()).hexdigest()


class SummaryCache:
    def __init__(self, root: str | Path, catalogue_key: str) -> None:
        self.directory = Path(root) / CACHE_DIR / f"v{FORMAT}"
        self.salt = f"{__version__}\0{catalogue_key}\0".encode()

    def key(self, path: str, module: str, is_package: bool, data: bytes) -> str:
        digest = hashlib.sha256(self.salt)
        digest.update(f"{path}\0{module}\0{is_package}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self.directory / key[:2] / f"{key}.json"
        try:
            with entry.open("rb") as handle:
                value = json.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                entry.unlink()
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        folder = self.directory / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = self.directory.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by privlint: never commit the cache\n*\n")
            temporary = folder / f".{key}.{os.getpid()}.tmp"
            temporary.write_text(json.dumps(value, separators=(",", ":")))
            os.replace(temporary, folder / f"{key}.json")  # atomic: readers never see half an entry
        except OSError:
            pass  # a read-only tree simply runs without a cache


def _labels_out(labels: Labels) -> list[list[Any]]:
    rows = [[kind, list(payload) if isinstance(payload, tuple) else payload] for kind, payload in labels]
    return sorted(rows, key=repr)


def _labels_in(raw: list[list[Any]]) -> Labels:
    return frozenset((str(kind), tuple(payload) if isinstance(payload, list) else payload) for kind, payload in raw)


def summary_to_json(summary: FileSummary) -> dict[str, Any]:
    return {
        "path": summary.path,
        "module": summary.module,
        "bindings": summary.bindings,
        "constants": summary.constants,
        "sources": [[s.category, s.line, s.column, s.evidence, s.strength] for s in summary.sources],
        "fields": [[f.cls, f.name, f.source] for f in summary.fields],
        "classes": [[c.qualname, c.line, list(c.bases), c.attr_refs] for c in summary.classes],
        "functions": [
            {
                "qualname": f.qualname,
                "line": f.line,
                "params": list(f.params),
                "vararg": f.vararg,
                "kwarg": f.kwarg,
                "kind": f.kind,
                "cls": f.cls,
                "returns": _labels_out(f.returns),
                "return_ref": f.return_ref,
                "self_stores": [[a, _labels_out(v), line] for a, v, line in f.self_stores],
                "calls": [
                    {
                        "callee": c.callee,
                        "line": c.line,
                        "column": c.column,
                        "args": [_labels_out(a) for a in c.args],
                        "kwargs": [[k, _labels_out(v)] for k, v in c.kwargs],
                        "spread": _labels_out(c.spread),
                        "receiver": _labels_out(c.receiver),
                        "bound": c.bound,
                        "strings": [list(s) for s in c.strings],
                        "purpose": c.purpose,
                        "objects": list(c.objects),
                        "written": list(c.written) if c.written is not None else None,
                        "typed": c.typed,
                    }
                    for c in f.calls
                ],
            }
            for f in summary.functions
        ],
    }


def summary_from_json(raw: dict[str, Any]) -> FileSummary:
    """Rebuild a summary; any malformed entry raises (the caller then recomputes)."""
    summary = FileSummary(path=str(raw["path"]), module=str(raw["module"]))
    summary.bindings = {str(k): str(v) for k, v in raw["bindings"].items()}
    summary.constants = {str(k): str(v) for k, v in raw["constants"].items()}
    summary.sources = [SourceHit(str(c), int(li), int(co), str(e), int(s)) for c, li, co, e, s in raw["sources"]]
    summary.fields = [FieldHit(str(c), str(n), int(i)) for c, n, i in raw["fields"]]
    summary.classes = [
        ClassSummary(str(q), int(li), tuple(map(str, b)), {str(k): str(v) for k, v in a.items()})
        for q, li, b, a in raw["classes"]
    ]
    for f in raw["functions"]:
        function = FunctionSummary(
            qualname=str(f["qualname"]),
            line=int(f["line"]),
            params=tuple(map(str, f["params"])),
            vararg=f["vararg"],
            kwarg=f["kwarg"],
            kind=str(f["kind"]),
            cls=f["cls"],
            returns=_labels_in(f["returns"]),
            return_ref=f["return_ref"],
            self_stores=[(str(a), _labels_in(v), int(li)) for a, v, li in f["self_stores"]],
        )
        for c in f["calls"]:
            function.calls.append(
                CallSite(
                    callee=str(c["callee"]),
                    line=int(c["line"]),
                    column=int(c["column"]),
                    args=tuple(_labels_in(a) for a in c["args"]),
                    kwargs=tuple((str(k), _labels_in(v)) for k, v in c["kwargs"]),
                    spread=_labels_in(c["spread"]),
                    receiver=_labels_in(c["receiver"]),
                    bound=bool(c["bound"]),
                    strings=tuple((str(a), str(b)) for a, b in c["strings"]),
                    purpose=c["purpose"],
                    objects=tuple(map(str, c["objects"])),
                    written=tuple(map(str, c["written"])) if c["written"] is not None else None,
                    typed=str(c["typed"]),
                )
            )
        summary.functions.append(function)
    return summary
