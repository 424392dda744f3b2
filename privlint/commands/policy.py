"""``privlint policy``: the policy file's own tooling (schema, validate, render, Fides import/export;
``init`` and ``taxonomy`` have modules of their own).

Exit codes follow the shared contract: 0 valid, 1 lint findings (PRV101-PRV106; with ``validate --strict``
also the TODOs left, PRV107), 2 unreadable or invalid file (PRV100) or a usage error. Only the chosen
output goes to stdout; summaries go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from privlint.commands.options import output_format, write_output
from privlint.config import discover_policy, load_config
from privlint.errors import UsageError
from privlint.types import ExitCode


# -- helpers -----------------------------------------------------------------------------------------------
def _policy_path(args: argparse.Namespace) -> Path:
    explicit = getattr(args, "file", None) or args.policy
    if getattr(args, "file", None) and args.policy and args.file != args.policy:
        raise UsageError("give the policy file either as FILE or with --policy, not both")
    config = load_config(explicit=args.config)
    path = discover_policy(explicit, config)
    if path is None:
        raise UsageError(
            "no policy file found. Hint: pass --policy FILE, set [tool.privlint] policy = ... in pyproject.toml, "
            "or create privacy-policy.yaml"
        )
    return path


def _load_or_report(path: Path) -> Any:
    """The loaded policy, or ``None`` after printing its PRV100 diagnostics to stderr."""
    from policy_model import PolicyError, load

    try:
        return load(path)
    except PolicyError as err:
        for diagnostic in err.diagnostics:
            print(_diagnostic_line(diagnostic), file=sys.stderr)
        return None


def _diagnostic_line(d: Any) -> str:
    return str(d.render(with_code=True))


# -- actions -----------------------------------------------------------------------------------------------
def run_schema(args: argparse.Namespace) -> int:
    from policy_model.loader import SCHEMA_PATH

    text = SCHEMA_PATH.read_text(encoding="utf-8")
    write_output(args, _yaml(json.loads(text)) if output_format(args) == "yaml" else text)
    return ExitCode.OK


def _serialise(args: argparse.Namespace, data: Any) -> str:
    """A manifest or policy document in the chosen format (yaml, the default, or json)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n" if output_format(args) == "json" else _yaml(data)


def _yaml(data: Any) -> str:
    import yaml

    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120))


def run_validate(args: argparse.Namespace) -> int:
    from policy_model import PolicyError, lint, load

    path = _policy_path(args)
    fmt = output_format(args)
    try:
        policy = load(path)
    except PolicyError as err:
        records = [
            {
                "code": d.code,
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "key_path": d.key_path,
                "message": d.message,
                "hint": d.hint,
            }
            for d in err.diagnostics
        ]
        lines = [_diagnostic_line(d) for d in err.diagnostics]
        _emit(args, fmt, str(path), records, lines, valid=False)
        print(f"privlint: {path}: invalid policy file ({len(lines)} problem(s))", file=sys.stderr)
        return ExitCode.ERROR
    findings = lint(policy)
    todos = _todos(path)
    if getattr(args, "strict", False):
        findings = sorted([*findings, *todos], key=lambda f: (f.position.line, f.position.column, f.code))
    records = [
        {
            "code": f.code,
            "path": f.position.path,
            "line": f.position.line,
            "column": f.position.column,
            "key_path": f.key_path,
            "message": f.message,
            "hint": f.hint,
        }
        for f in findings
    ]
    _emit(args, fmt, str(path), records, [str(f) for f in findings], valid=True)
    left = "" if getattr(args, "strict", False) or not todos else f"; {len(todos)} TODO(s) left (--strict lists them)"
    if findings:
        print(f"privlint: {path}: {len(findings)} policy lint finding(s){left}", file=sys.stderr)
        return ExitCode.FINDINGS
    print(
        f"privlint: {path}: valid ({len(policy.categories)} categories, {len(policy.purposes)} purposes, "
        f"{len(policy.recipients)} recipients){left}",
        file=sys.stderr,
    )
    return ExitCode.OK


def _todos(path: Path) -> list[Any]:
    """PRV107: the TODO markers of the file (``policy_model.todos``); the file was just read, so it reads."""
    from policy_model.todos import todos

    text = path.read_text(encoding="utf-8", errors="replace")
    return todos(text, str(path)) if "TODO" in text else []


def _emit(
    args: argparse.Namespace, fmt: str, path: str, records: list[dict[str, Any]], lines: list[str], valid: bool
) -> None:
    if fmt == "json":
        write_output(args, json.dumps({"policy": path, "valid": valid, "findings": records}, indent=2) + "\n")
    elif lines:
        write_output(args, "\n".join(lines) + "\n")


def run_render(args: argparse.Namespace) -> int:
    from policy_model.render import render

    path = _policy_path(args)
    policy = _load_or_report(path)
    if policy is None:
        return ExitCode.ERROR
    write_output(args, render(policy, output_format(args)))
    return ExitCode.OK


def run_export_fides(args: argparse.Namespace) -> int:

    from policy_model.fides import export_fides

    path = _policy_path(args)
    policy = _load_or_report(path)
    if policy is None:
        return ExitCode.ERROR
    manifest, unmapped = export_fides(policy)
    write_output(args, _serialise(args, manifest))
    _report_unmapped(unmapped)
    return ExitCode.OK


def run_import_fides(args: argparse.Namespace) -> int:

    from policy_model.fides import import_fides
    from privlint.diagnostics import DiagnosticError
    from privlint.documents import decode, parse_yaml, read_bytes, require_mapping

    documents = []
    for name in args.manifests:
        try:
            located = parse_yaml(decode(read_bytes(name, "Fides manifest"), name), name)
            documents.append(require_mapping(located))
        except DiagnosticError as err:
            raise UsageError(str(err)) from None
    policy, unmapped = import_fides(documents)
    header = "# Imported from Fides manifests by `privlint policy import-fides`; review it, then validate it.\n"
    text = _serialise(args, policy)
    write_output(args, text if output_format(args) == "json" else header + text)
    _report_unmapped(unmapped)
    return ExitCode.OK


def _report_unmapped(unmapped: list[str]) -> None:
    if unmapped:
        print(f"privlint: {len(unmapped)} item(s) not mapped:", file=sys.stderr)
        for item in unmapped:
            print(f"  - {item}", file=sys.stderr)
