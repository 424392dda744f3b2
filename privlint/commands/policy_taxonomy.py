"""``privlint policy taxonomy``: the keys a policy may name, so nobody has to read fideslang's sources.

Lists the fideslang data categories, data uses and data subjects (``policy_model.taxonomy``) with their
names and descriptions; with a policy given (FILE or ``--policy``), its own ``taxonomy.extensions`` too,
marked as such. The policy is never looked up: the listing is the same wherever it is run unless a file
is named. ``--format json`` follows ``privlint/schemas/taxonomy.schema.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from privlint.commands.options import output_format, write_output
from privlint.errors import UsageError
from privlint.terminal import visible
from privlint.types import ExitCode

HEADINGS = {"data_categories": "data categories", "data_uses": "data uses", "data_subjects": "data subjects"}


def run(args: argparse.Namespace) -> int:
    from policy_model import PolicyError, load
    from policy_model.lint import policy_taxonomy
    from policy_model.taxonomy import default_taxonomy

    if args.file and args.policy and args.file != args.policy:
        raise UsageError("give the policy file either as FILE or with --policy, not both")
    given = args.file or args.policy
    taxonomy = default_taxonomy()
    if given:
        try:
            taxonomy = policy_taxonomy(load(Path(given)))
        except PolicyError as err:
            for diagnostic in err.diagnostics:
                print(diagnostic.render(with_code=True), file=sys.stderr)
            return ExitCode.ERROR
    listing = _listing(taxonomy, given)
    write_output(args, _json(listing) if output_format(args) == "json" else _text(listing))
    counts = ", ".join(f"{len(listing[kind])} {HEADINGS[kind]}" for kind in HEADINGS)
    extensions = sum(1 for kind in HEADINGS for term in listing[kind] if term["source"] == "policy")
    print(f"privlint: {counts}" + (f" ({extensions} from {given})" if given else ""), file=sys.stderr)
    return ExitCode.OK


def _listing(taxonomy: Any, policy: str | None) -> dict[str, Any]:
    """The JSON document: every term of every kind, fideslang's and the policy's, sorted by key."""
    from policy_model.taxonomy import DATA_FILE

    source = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    listing: dict[str, Any] = {
        "taxonomy": "fideslang",
        "version": taxonomy.version,
        "license": source.get("license", ""),
        "policy": policy,
    }
    for kind in HEADINGS:
        listing[kind] = [
            {
                "key": term.key,
                "name": term.name,
                "description": term.description,
                "parent": term.parent,
                "deprecated": term.deprecated,
                "replaced_by": term.replaced_by,
                "source": "fideslang" if term.default else "policy",
            }
            for term in (taxonomy.term(kind, key) for key in taxonomy.keys(kind))
            if term is not None
        ]
    return listing


def _json(listing: dict[str, Any]) -> str:
    return json.dumps(listing, indent=2, ensure_ascii=False) + "\n"


def _text(listing: dict[str, Any]) -> str:
    """One line per term, ``key  name: description``, keys aligned: easy to read and to grep."""
    lines = [f"fideslang {listing['version']} taxonomy, {listing['license']}"]
    for kind, heading in HEADINGS.items():
        terms = listing[kind]
        width = max((len(t["key"]) for t in terms), default=0)
        lines += ["", f"{heading} ({len(terms)})"]
        for term in terms:
            text = term["name"] + (f": {term['description']}" if term["description"] else "")
            if term["source"] == "policy":
                text += f" [extension in {listing['policy']}]"
            if term["deprecated"]:
                text += f" [deprecated since {term['deprecated']}" + (
                    f"; use {term['replaced_by']}]" if term["replaced_by"] else "]"
                )
            lines.append(visible(f"  {term['key']:<{width}}  {' '.join(text.split())}"))
    return "\n".join(lines) + "\n"
