"""Read a policy YAML file into a ``Policy``: safe YAML with positions, JSON Schema, typed model.

Every problem becomes a ``Diagnostic`` (``privlint.diagnostics``, shared with catalogue files and
``[tool.privlint]``) that points at ``FILE:LINE:COL`` of the offending YAML node, names its key path
(``recipients[stripe].locations[0]``) and says what was expected; ``load`` raises them together as one
``PolicyError`` and never lets a YAML or jsonschema exception escape. Reading, size and alias limits and
positions come from ``privlint.documents``; the wording of schema errors from ``privlint.schema_messages``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from policy_model.model import (
    Bindings,
    Category,
    Controller,
    Extension,
    PathKey,
    Policy,
    Position,
    Prohibition,
    Purpose,
    Recipient,
    Rights,
    Transfer,
)
from privlint.diagnostics import Diagnostic, DiagnosticError
from privlint.documents import Located, decode, format_key_path, read_bytes, require_mapping
from privlint.documents import parse_yaml as parse_document
from privlint.schema_check import SchemaError, iter_errors, supports
from privlint.schema_messages import explain_all, from_jsonschema, yaml_boolean_hint

__all__ = ["Diagnostic", "Located", "PolicyError", "format_key_path", "load", "load_bytes", "load_text", "schema"]

SCHEMA_PATH = Path(__file__).parent / "schema" / "policy.schema.json"
CODE = "PRV100"  # the policy cannot be loaded


class PolicyError(DiagnosticError):
    """The policy file is unreadable or invalid; ``diagnostics`` says where and why (code PRV100)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        super().__init__(d if d.code else dataclasses.replace(d, code=CODE) for d in diagnostics)


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the policy file: the single source of truth of its format."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@functools.lru_cache(maxsize=1)
def _fast_path() -> bool:
    return supports(schema())


def schema_errors(data: Any) -> list[SchemaError]:
    """Schema violations of ``data``: by ``schema_check`` (fast), or ``jsonschema`` for other keywords."""
    if _fast_path():
        return list(iter_errors(schema(), data))
    return from_jsonschema(schema(), data)


def load(path: str | Path) -> Policy:
    """Load and validate a policy file; raises ``PolicyError`` with positioned diagnostics."""
    try:
        raw = read_bytes(path, "policy file")
    except DiagnosticError as exc:
        raise PolicyError(exc.diagnostics) from None
    return load_bytes(raw, str(path))


def load_text(text: str, path: str = "<policy>") -> Policy:
    return load_bytes(text.encode("utf-8"), path)


def load_bytes(raw: bytes, path: str) -> Policy:
    located = parse_yaml(decode_policy(raw, path), path)
    # YAML-level problems came first (parse_yaml): a dropped duplicate would only cascade into schema noise
    diagnostics = schema_diagnostics(located) or _duplicate_ids(located)
    if diagnostics:
        raise PolicyError(diagnostics)
    return build_policy(located, hashlib.sha256(raw).hexdigest())


def decode_policy(raw: bytes, path: str) -> str:
    try:
        return decode(raw, path)
    except DiagnosticError as exc:
        raise PolicyError(exc.diagnostics) from None


def parse_yaml(text: str, path: str) -> Located:
    """The policy document with positions; every YAML-level problem is a ``PolicyError``."""
    try:
        located = parse_document(text, path)
        if located.data is None:
            raise PolicyError(
                [Diagnostic(path, 1, 1, "", "empty policy file: expected a mapping", 'start with privlint: "1.0"')]
            )
        require_mapping(located)
    except DiagnosticError as exc:
        raise PolicyError(exc.diagnostics) from None
    return located


def position(located: Located, key_path: PathKey) -> Position:
    line, column = located.value_position(key_path)
    return Position(located.path, line, column)


# -- JSON Schema -------------------------------------------------------------------------------------------
REQUIRED_EXAMPLES = {"privlint": 'privlint: "1.0"', "region": "region: EEA", "duration": "duration: P30D"}


def schema_diagnostics(located: Located) -> list[Diagnostic]:
    return explain_all(
        schema_errors(located.data), located, schema(), required_examples=REQUIRED_EXAMPLES, value_hint=_value_hint
    )


def _value_hint(path: PathKey, value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and path == ("privlint",):
        return 'quote it: privlint: "1.0"'
    return yaml_boolean_hint(path, value)


def _duplicate_ids(located: Located) -> list[Diagnostic]:
    """Two entries with the same key or id make every reference to them ambiguous."""
    diagnostics = []
    for section, field in (("categories", "key"), ("purposes", "key"), ("recipients", "id"), ("prohibitions", "id")):
        first: dict[str, int] = {}
        for index, item in enumerate(located.data.get(section, ())):
            ident = item[field]
            if ident in first:
                line = located.value_position((section, first[ident]))[0]
                diagnostics.append(
                    located.diagnostic(
                        (section, index, field),
                        f"duplicate {field} '{ident}' (first declared on line {line})",
                        "merge the two entries",
                    )
                )
            else:
                first[ident] = index
    return diagnostics


# -- typed model -------------------------------------------------------------------------------------------
def build_policy(located: Located, digest: str = "") -> Policy:
    data = located.data
    pos = functools.partial(position, located)
    meta = data.get("policy", {})
    ctrl = data["controller"]
    extensions: list[Extension] = []
    ext_data = data.get("taxonomy", {}).get("extensions", {})
    for kind in ("data_categories", "data_uses"):
        for i, item in enumerate(ext_data.get(kind, ())):
            extensions.append(
                Extension(
                    kind=kind,
                    key=item["key"],
                    parent=item.get("parent") or item["key"].rpartition(".")[0],
                    name=item["name"],
                    description=item.get("description", ""),
                    position=pos(("taxonomy", "extensions", kind, i)),
                )
            )
    categories = tuple(
        Category(
            key=c["key"],
            name=c.get("name", ""),
            description=c.get("description", ""),
            sensitive=bool(c.get("sensitive", False) or c.get("special_category", False)),
            special_category=bool(c.get("special_category", False)),
            retention=c.get("retention", {}).get("duration"),
            retention_trigger=c.get("retention", {}).get("trigger", ""),
            retention_after=c.get("retention", {}).get("after", "delete"),
            retention_note=c.get("retention", {}).get("note", ""),
            assumption=c.get("assumption", ""),
            position=pos(("categories", i)),
        )
        for i, c in enumerate(data.get("categories", ()))
    )
    purposes = tuple(
        Purpose(
            key=p["key"],
            legal_basis=p.get("legal_basis"),
            categories=tuple(p.get("categories", ())),
            description=p.get("description", ""),
            name=p.get("name", ""),
            art9_basis=p.get("art9_basis"),
            subjects=tuple(p.get("subjects", ())),
            opt_out=bool(p.get("opt_out", False)),
            assumption=p.get("assumption", ""),
            position=pos(("purposes", i)),
        )
        for i, p in enumerate(data.get("purposes", ()))
    )
    recipients = tuple(
        Recipient(
            id=r["id"],
            name=r.get("name", ""),
            role=r["role"],
            kind=r["kind"],
            locations=tuple(r["locations"]),
            categories=tuple(r.get("categories", ())),
            purposes=tuple(r.get("purposes", ())),
            requires=r.get("requires", "none"),
            packages=tuple(r.get("packages", ())),
            hosts=tuple(r.get("hosts", ())),
            assumption=r.get("assumption", ""),
            description=r.get("description", ""),
            position=pos(("recipients", i)),
        )
        for i, r in enumerate(data.get("recipients", ()))
    )
    transfers = tuple(
        Transfer(
            recipient=t["recipient"],
            destination=t["destination"],
            mechanism=t.get("mechanism"),
            reference=t.get("reference", ""),
            certification=t.get("certification"),
            assumption=t.get("assumption", ""),
            position=pos(("transfers", i)),
        )
        for i, t in enumerate(data.get("transfers", ()))
    )
    prohibitions = tuple(
        Prohibition(
            id=p["id"],
            rule=p["rule"],
            categories=tuple(p["categories"]),
            recipients=tuple(p.get("recipients", ())),
            except_recipients=tuple(p.get("except_recipients", ())),
            purposes=tuple(p.get("purposes", ())),
            statement=p.get("statement", ""),
            assumption=p.get("assumption", ""),
            position=pos(("prohibitions", i)),
        )
        for i, p in enumerate(data.get("prohibitions", ()))
    )
    bind = data.get("bindings", {})
    rights = data.get("rights", {})
    positions = {key: Position(located.path, line, column) for key, (line, column) in located.value_marks.items()}
    return Policy(
        controller=Controller(
            name=ctrl["name"],
            region=ctrl["region"],
            country=ctrl.get("country"),
            contact=ctrl.get("contact"),
            address=ctrl.get("address", ""),
            dpo=ctrl.get("dpo", ""),
            website=ctrl.get("website", ""),
            assumption=ctrl.get("assumption", ""),
        ),
        categories=categories,
        purposes=purposes,
        recipients=recipients,
        transfers=transfers,
        prohibitions=prohibitions,
        bindings=Bindings(
            identifiers=tuple((k, tuple(v)) for k, v in bind.get("identifiers", {}).items()),
            purposes_by_path=tuple(bind.get("purposes_by_path", {}).items()),
        ),
        version=meta.get("version", ""),
        source_path=located.path,
        digest=digest,
        id=meta.get("id", ""),
        name=meta.get("name", ""),
        effective_date=meta.get("effective_date", ""),
        url=meta.get("url", ""),
        summary=meta.get("summary", ""),
        subjects=tuple(data.get("subjects", ())),
        extensions=tuple(extensions),
        rights=Rights(
            regimes=tuple(rights.get("regimes", ())),
            granted=tuple(rights.get("granted", ())),
            contact=rights.get("contact", ""),
        ),
        security_measures=tuple(data.get("security_measures", ())),
        notes=tuple(data.get("notes", ())),
        positions=positions,
    )
