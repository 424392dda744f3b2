"""A ``Draft`` written as a policy file a person finishes: YAML with a ``TODO`` comment on every guess.

PyYAML cannot write comments, and the comments are the point: each guess (a legal basis, a retention
period, a transfer mechanism, a recipient's role, the controller) says ``TODO`` and what to decide, on
the line of the value it concerns, so ``privlint policy validate --strict`` (``policy_model.todos``)
can name its key path. Facts from the code or the catalogue carry plain comments: where the code does
it. The text is built line by line; every scalar taken from the scan or a catalogue goes through
``_scalar`` (plain only when YAML reads it back as the same string) and every comment through
``_comment`` (no line breaks or characters YAML refuses), so a file name cannot break the document.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Sequence

from privlint.policy_draft import Draft, DraftCategory, DraftPurpose, DraftRecipient, DraftTransfer

WIDTH = 116  # wrap flow sequences before this column
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ./()'-]*$")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
# Characters YAML accepts in a stream (its "printable" set), less the line breaks.
_NOT_PRINTABLE = re.compile("[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
RULES = "no_storage, no_logging, no_cookies, no_third_party, anonymised_only, no_sale, no_use"
LEGAL_BASES = "consent, contract, legal_obligation, vital_interests, public_task or legitimate_interests"
ROLES = (
    "processor (processes it for you, under a data processing agreement), sub_processor, controller, "
    "joint_controller, third_party, partner or authority"
)
MECHANISMS = "adequacy, scc, bcr, code_of_conduct, certification, adhoc_clauses or derogation"


def render(draft: Draft, command: str) -> str:
    """The policy file for ``draft``; ``command`` (how it was made) goes in its header."""
    out: list[str] = []
    out += _header(draft, command)
    out += ['privlint: "1.0"', ""]
    out += [
        "policy:",
        f"  id: {_scalar(draft.policy_id)}",
        f"  name: {_scalar(draft.controller + ' privacy policy')}  # TODO: the title of your privacy notice",
        "",
        "controller:",
        f"  name: {_scalar(draft.controller)}  # TODO: your organisation's legal name (guessed from the project)",
        f"  region: {_scalar(draft.region)}  # TODO: where you are established (EEA, UK, CH or a country code)",
        "  # TODO: add contact: (an address for privacy requests), and dpo:, address:, website: where you have them",
        "",
        "subjects: [customer]  # TODO: whose data it is (customer, employee, visitor, ...: privlint policy taxonomy)",
    ]
    if draft.extensions:
        out += ["", *_extensions(draft)]
    out += _section("what the code collects (categories of personal data)")
    out += _categories(draft.categories)
    out += _section("why (purposes: one fideslang data use each)")
    out += _wrapped(f"legal_basis (GDPR Art. 6): {LEGAL_BASES}.")
    out += _purposes(draft.purposes)
    if draft.recipients:
        out += _section("who receives it (recipients)")
        out += _wrapped(f"role: {ROLES}.")
        out += _recipients(draft.recipients)
    if draft.transfers:
        out += _section(f"where it goes outside {draft.region} (transfers)")
        out += _wrapped(f"mechanism: {MECHANISMS}; reference: the document (e.g. the SCC module).")
        out += _transfers(draft.transfers)
    out += _section("what you promise never to do (prohibitions)")
    out += [
        "# TODO: write down the promises your privacy notice makes; privlint check enforces them. For example:",
        "# prohibitions:",
        "#   - id: no-personal-data-in-logs",
        "#     rule: no_logging",
        "#     categories: [user.contact, user.name, user.financial]",
        "#     statement: We do not write direct identifiers into application logs.",
        *_wrapped(f"rule: {RULES}."),
    ]
    return "\n".join(out) + "\n"


# -- sections -------------------------------------------------------------------------------------------------
def _header(draft: Draft, command: str) -> list[str]:
    text = (
        f"The privacy policy of {draft.controller} as code, drafted by `{command}` from what the code does "
        f"({draft.flows} personal-data flow(s) in {draft.files} file(s)). Each guess, and each decision only you "
        "can make, carries a to-do comment: settle it, then delete the marker. `privlint policy validate --strict` "
        "lists those left; `privlint check` checks the code against this file. The format: README.md and "
        "`privlint policy schema`; the keys: `privlint policy taxonomy`."
    )
    lines = _wrapped(text)
    if draft.skipped:
        lines.append(
            f"# TODO: {len(draft.skipped)} file(s) could not be analysed (privlint scan says why): "
            "declare what they do with personal data"
        )
    if draft.test_flows:
        lines.append(f"# {draft.test_flows} flow(s) in tests, fixtures and migrations are not described here.")
    return [_comment(line) for line in lines] + [""]


def _section(title: str) -> list[str]:
    return ["", f"# {'-' * (WIDTH - 4 - len(title))} {title}"]


def _extensions(draft: Draft) -> list[str]:
    out = ["taxonomy:", "  extensions:  # keys the code uses that fideslang lacks"]
    for kind in ("data_categories", "data_uses"):
        entries = [e for e in draft.extensions if e.kind == kind]
        if not entries:
            continue
        out.append(f"    {kind}:")
        for ext in entries:
            out += [
                f"      - key: {_scalar(ext.key)}",
                f"        parent: {_scalar(ext.parent)}",
                f"        name: {_scalar(ext.name)}  # TODO: name and describe it (description:)",
            ]
    return out


def _categories(categories: Sequence[DraftCategory]) -> list[str]:
    if not categories:
        return ["categories: []  # TODO: privlint found no personal data in the code: declare what you collect"]
    out = ["categories:"]
    for category in categories:
        seen = ", ".join(f"{kind} {n}" for kind, n in sorted(category.sinks.items()))
        duration, trigger = category.retention
        out += [
            _comment(f"  # in the code: {seen}; first at {category.evidence.places[0]}"),
            f"  - key: {_scalar(category.key)}",
            f"    name: {_scalar(category.name)}",
            f"    retention: {{duration: {duration}, trigger: {trigger}, after: delete}}  # TODO: a guess",
        ]
        if category.special:
            out.append("    special_category: true  # GDPR Art. 9/10 data: its purposes need an Art. 9 condition")
        elif category.sensitive:
            out.append("    sensitive: true  # financial, credential or identity data: handle with extra care")
    return out


def _purposes(purposes: Sequence[DraftPurpose]) -> list[str]:
    if not purposes:
        return ["purposes: []  # TODO: declare why you process personal data"]
    out = ["purposes:"]
    for purpose in purposes:
        why = []
        if purpose.recipients:
            why.append(f"sent to {', '.join(sorted(purpose.recipients))}")
        if purpose.kept:
            why.append(f"kept by the code ({', '.join(sorted(purpose.kept))})")
        if purpose.guessed:
            out += _wrapped(f"guessed from what the code does with the data: {'; '.join(why)}", "  ")
            key = f"  - key: {_scalar(purpose.key)}  # TODO: a guess: is this what the data is for?"
        else:
            key = f"  - key: {_scalar(purpose.key)}  # stated in the code (annotation or [tool.privlint.purposes])"
        out += [
            key,
            f"    name: {_scalar(purpose.name)}",
            f"    legal_basis: {purpose.legal_basis}  # TODO: a guess",
        ]
        if purpose.art9:
            out.append("    art9_basis: explicit_consent  # TODO: a guess (the Art. 9 condition)")
        out.append(_flow_list("    categories", sorted(purpose.categories)))
    return out


def _recipients(recipients: Sequence[DraftRecipient]) -> list[str]:
    out = ["recipients:"]
    for r in recipients:
        places = r.evidence.places[:2]
        more = r.evidence.count - len(places)
        out += _wrapped(f"in the code: {'; '.join(places)}" + (f" and {more} more" if more > 0 else ""), "  ")
        out.append(f"  - id: {_scalar(r.id)}")
        if r.hosts:
            out.append(f"    name: {_scalar(r.name)}  # TODO: who runs this API? privlint's catalogue does not know it")
        else:
            out.append(f"    name: {_scalar(r.name)}")
        out.append(f"    role: {r.role}  # TODO: a guess")
        kind = f"    kind: {r.kind}"
        out.append(kind if r.known_kind else f"{kind}  # TODO: what it does (payment, email, analytics, ...)")
        locations = _flow_list("    locations", r.locations)
        if r.known_locations:
            out.append(f"{locations}  # from privlint's vendor catalogue")
        else:
            out.append(f"{locations}  # TODO: the countries it processes data in (ISO codes, or EEA)")
        out.append(_flow_list("    categories", sorted(r.categories)))
        out.append(_flow_list("    purposes", sorted(r.purposes)))
        if r.hosts:
            out.append(_flow_list("    hosts", r.hosts) + "  # the API host(s) the code calls")
        anonymised = ", ".join(sorted(r.anonymised))
        if r.anonymised_only:
            out.append(_comment(f"    requires: anonymised  # it gets {anonymised} anonymised only: keep it that way"))
        elif r.anonymised:
            out.append(_comment(f"    # also gets {anonymised} anonymised: not personal data"))
    return out


def _transfers(transfers: Sequence[DraftTransfer]) -> list[str]:
    out = []
    explained: dict[str, str] = {}
    for t in transfers:
        need = t.need
        if need.destination in explained:
            continue
        if need.certification:
            explained[need.destination] = (
                f"{need.reason}: for a recipient that has it, write `mechanism: adequacy` and "
                f"`certification: {need.certification}`; for the others, sign SCCs."
            )
        else:
            explained[need.destination] = f"{need.reason}: a safeguard (SCCs, BCRs, ...) is needed."
    for text in explained.values():
        out += _wrapped(text)
    out.append("transfers:")
    for t in transfers:
        out += [
            f"  - recipient: {_scalar(t.recipient)}",
            f"    destination: {_scalar(t.need.destination)}",
            f"    mechanism: {t.need.mechanism}  # TODO: a guess",
        ]
    return out


def _wrapped(text: str, indent: str = "") -> list[str]:
    """A comment paragraph wrapped before ``WIDTH``."""
    prefix = f"{indent}# "
    lines = textwrap.wrap(text, WIDTH, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False)
    return [_comment(line) for line in lines]


# -- YAML text ------------------------------------------------------------------------------------------------
def _scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as this string: plain when it safely can be (``stripe``,
    ``user.contact.email``), else double-quoted (``"NO"``, ``"1.0"``, a name with a colon)."""
    if _PLAIN.match(value) and value.lower() not in _YAML_WORDS and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=bool(_NOT_PRINTABLE.search(value)))


def _flow_list(prefix: str, items: Iterable[str]) -> str:
    """``prefix: [a, b, c]``, wrapped before ``WIDTH`` with continuation lines under the first item."""
    indent = " " * (len(prefix) + 3)
    lines, line = [], f"{prefix}: ["
    for i, item in enumerate(items):
        word = _scalar(item)
        piece = word if i == 0 else f", {word}"
        if len(line) + len(piece) + 1 > WIDTH and i > 0:
            lines.append(line + ",")
            line = indent + word
        else:
            line += piece
    lines.append(line + "]")
    return "\n".join(lines)


def _comment(line: str) -> str:
    """A line whose comment quotes scanned code (file names, hosts): no character YAML would refuse."""
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
