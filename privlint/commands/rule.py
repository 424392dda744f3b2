"""``privlint rule CODE``: explain a rule (like ``ruff rule``); ``privlint rule --all`` lists them."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from privlint.commands import options


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
            rows = [{k: v for k, v in asdict(d).items() if k not in ("valid", "invalid")} for d in docs.values()]
            text = json.dumps(rows, indent=2) + "\n"
        else:
            text = "".join(f"{e.code}  {e.severity:<7}  {e.name:<48} {e.summary}\n" for e in docs.values())
        options.write_output(args, text)
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
        options.write_output(args, json.dumps(data, indent=2) + "\n")
    else:
        options.write_output(args, _text(doc))
    return 0
