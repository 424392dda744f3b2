"""``privlint rule CODE``: explain a rule (like ``ruff rule``); ``privlint rule --all`` lists them."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from privlint.commands import options


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("rule", help="explain a rule code", description="Explain a privlint rule.")
    parser.add_argument("code", nargs="?", metavar="CODE", help="rule code, e.g. PRV203")
    parser.add_argument("--all", action="store_true", help="list every rule")
    options.add_output_format(parser, ("text", "json"), "text")
    parser.set_defaults(run=run)


def _text(doc) -> str:  # doc: privlint.checks.base.RuleDoc
    lines = [
        f"{doc.code} {doc.name} ({doc.severity})",
        "",
        doc.summary,
        "",
        doc.explanation,
        "",
        f"Protects: {doc.protects}",
        f"Fix: {doc.fix}",
        f"Docs: {doc.help_uri}",
    ]
    for title, examples in (("Violates", doc.invalid), ("Complies", doc.valid)):
        for example in examples:
            lines += ["", f"{title}:" + (f" ({example.note})" if example.note else "")]
            for path, source in sorted(example.files.items()):
                lines.append(f"  # {path}")
                lines += [f"  {line}" for line in source.rstrip().splitlines()]
            if example.policy and not example.files:
                lines += [f"  {line}" for line in example.policy.rstrip().splitlines()]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from privlint.checks.registry import all_docs
    from privlint.errors import UsageError

    docs = all_docs()
    fmt = options.output_format(args)
    if args.all or not args.code:
        if fmt == "json":
            print(
                json.dumps(
                    [{k: v for k, v in asdict(d).items() if k not in ("valid", "invalid")} for d in docs.values()],
                    indent=2,
                )
            )
        else:
            for entry in docs.values():
                print(f"{entry.code}  {entry.severity:<7}  {entry.name:<48} {entry.summary}")
        return 0
    doc = docs.get(args.code.upper())
    if doc is None:
        near = [c for c in docs if c.startswith(args.code.upper()[:4])] or list(docs)
        raise UsageError(
            f"unknown rule '{args.code}'. Hint: known codes include {', '.join(near[:8])} (privlint rule --all)"
        )
    if fmt == "json":
        data = asdict(doc)
        data["help_uri"] = doc.help_uri
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        sys.stdout.write(_text(doc))
    return 0
