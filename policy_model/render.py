"""Render a policy as a human-readable privacy notice (Markdown or self-contained HTML).

The notice is built once as plain data (sections of paragraphs, lists and tables holding plain text)
and then written by one of two small writers, so Markdown and HTML always say the same thing. All text
from the policy is escaped by the writer; the HTML has inline CSS and loads nothing from the network.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from policy_model.adequacy import regime_for_region
from policy_model.lint import is_zero_duration, policy_taxonomy
from policy_model.model import Category, Policy, Prohibition, Transfer
from policy_model.recipient_kinds import RECIPIENT_KINDS

LEGAL_BASIS_TEXT = {
    "consent": "your consent (GDPR Art. 6(1)(a)); you can withdraw it at any time",
    "contract": "performance of our contract with you (Art. 6(1)(b))",
    "legal_obligation": "compliance with a legal obligation (Art. 6(1)(c))",
    "vital_interests": "protection of vital interests (Art. 6(1)(d))",
    "public_task": "a task carried out in the public interest (Art. 6(1)(e))",
    "legitimate_interests": "our legitimate interests (Art. 6(1)(f)); you can object",
}
ROLE_TEXT = {
    "processor": "processes data on our behalf and on our instructions",
    "sub_processor": "processes data for one of our processors, on our instructions",
    "controller": "an independent controller",
    "joint_controller": "a joint controller with us",
    "third_party": "a third party",
    "partner": "a partner",
    "authority": "a public authority, where disclosure is required by law",
}
MECHANISM_TEXT = {
    "adequacy": "an adequacy decision of the European Commission (GDPR Art. 45)",
    "scc": "Standard Contractual Clauses (GDPR Art. 46(2)(c))",
    "bcr": "Binding Corporate Rules (GDPR Art. 47)",
    "code_of_conduct": "an approved code of conduct (GDPR Art. 46(2)(e))",
    "certification": "an approved certification (GDPR Art. 46(2)(f))",
    "adhoc_clauses": "contractual clauses authorised by a supervisory authority (GDPR Art. 46(3)(a))",
    "derogation": "a derogation for specific situations (GDPR Art. 49)",
}
CERTIFICATION_TEXT = {"dpf": "the recipient is certified under the EU-US Data Privacy Framework"}
RIGHT_TEXT = {
    "informed": "Be informed about how we use your data",
    "access": "Access your personal data",
    "rectification": "Correct inaccurate personal data",
    "erasure": "Request deletion of your personal data",
    "restriction": "Request restriction of processing",
    "portability": "Receive a copy of your data in a portable format",
    "object": "Object to processing",
    "withdraw_consent": "Withdraw your consent at any time",
    "object_automated_decisions": "Not be subject to decisions based solely on automated processing",
    "complain": "Lodge a complaint with a supervisory authority",
}
REGIME_TEXT = {
    "eu_gdpr": "the EU GDPR",
    "uk_gdpr": "the UK GDPR",
    "ch_fadp": "the Swiss FADP",
    "pipeda": "PIPEDA (Canada)",
    "ccpa": "the CCPA (California)",
}
RULE_TEXT = {
    "no_storage": "We never store {cats} on our servers.",
    "no_logging": "We never write {cats} to our logs.",
    "no_cookies": "We never put {cats} in cookies.",
    "no_third_party": "We never share {cats} with third parties{exc}.",
    "anonymised_only": "{recips} only ever receive {cats} in anonymised form.",
    "no_sale": "We never rent or sell {cats} in an identifiable form.",
    "no_use": "We never use {cats} for {uses}.",
}
LOCATION_TEXT = {"EEA": "the European Economic Area", "EU": "the European Union", "WORLD": "worldwide"}
DURATION_UNITS = (("Y", "year"), ("M", "month"), ("W", "week"), ("D", "day"))
TIME_UNITS = (("H", "hour"), ("M", "minute"), ("S", "second"))


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Bullets | Table


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Notice:
    title: str
    sections: list[Section]


# -- the notice as data ------------------------------------------------------------------------------------
def build_notice(policy: Policy) -> Notice:
    names = _Names(policy)
    title = policy.name or f"{policy.controller.name} privacy notice"
    intro = Section("About this notice")
    if policy.effective_date:
        intro.blocks.append(Paragraph(f"Effective date: {policy.effective_date}."))
    if policy.summary:
        intro.blocks.append(Paragraph(policy.summary))
    who = [f"The controller responsible for your personal data is {policy.controller.name}."]
    if policy.controller.address:
        who.append(f"Address: {policy.controller.address}.")
    if policy.controller.website:
        who.append(f"Website: {policy.controller.website}.")
    if policy.controller.contact:
        who.append(f"Contact: {policy.controller.contact}.")
    if policy.controller.dpo:
        who.append(f"Data protection officer: {policy.controller.dpo}.")
    intro.blocks.append(Paragraph(" ".join(who)))
    sections = [
        intro,
        _collect(policy, names),
        _why(policy, names),
        _sharing(policy, names),
        _transfers(policy, names),
        _retention(policy, names),
        _never(policy, names),
        _rights(policy),
    ]
    if policy.security_measures:
        sections.append(Section("How we protect your data", [Bullets(policy.security_measures)]))
    if policy.notes:
        sections.append(Section("Further information", [Paragraph(note) for note in policy.notes]))
    return Notice(title, sections)


class _Names:
    """Display names: the policy's own wording first, then the fideslang name, then the key."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.taxonomy = policy_taxonomy(policy)

    def category(self, key: str) -> str:
        declared = self.policy.category(key)
        if declared and declared.name:
            return declared.name
        return self.taxonomy.name("data_categories", key)

    def description(self, key: str) -> str:
        term = self.taxonomy.term("data_categories", key)
        return term.description if term else ""

    def categories(self, keys: tuple[str, ...] | list[str]) -> str:
        return _join([self.category(k) for k in keys])

    def purpose(self, key: str) -> str:
        declared = self.policy.purpose(key)
        if declared and declared.name:
            return declared.name
        return self.taxonomy.name("data_uses", key)

    def recipient(self, rid: str) -> str:
        recipient = self.policy.recipient(rid)
        return (recipient.name or rid) if recipient else rid


def _collect(policy: Policy, names: _Names) -> Section:
    rows = []
    for c in policy.categories:
        description = c.description or names.description(c.key)
        notes = [description] if description else []
        if c.special_category:
            notes.append("Special category of personal data (GDPR Art. 9).")
        elif c.sensitive:
            notes.append("Handled as sensitive data.")
        rows.append((names.category(c.key), " ".join(notes)))
    return Section("What we collect", [Table(("Data", "Details"), tuple(rows))])


def _why(policy: Policy, names: _Names) -> Section:
    rows = []
    for p in policy.purposes:
        basis = LEGAL_BASIS_TEXT.get(p.legal_basis or "", "not stated")
        if p.art9_basis:
            basis += f"; for special categories: {p.art9_basis.replace('_', ' ')} (Art. 9)"
        what = names.categories(p.categories)
        why = names.purpose(p.key) + (f". {p.description}" if p.description else "")
        if p.opt_out:
            why += ". You can opt out at any time (e.g. with the unsubscribe link in our emails)."
        rows.append((why, what, basis))
    return Section("Why we use it", [Table(("Purpose", "Data used", "Legal basis"), tuple(rows))])


def _sharing(policy: Policy, names: _Names) -> Section:
    if not policy.recipients:
        return Section("Who we share it with", [Paragraph("We do not share personal data with anyone.")])
    rows = []
    for r in policy.recipients:
        role = ROLE_TEXT.get(r.role, r.role)
        if r.requires == "anonymised":
            role += "; receives anonymised or aggregated data only"
        elif r.requires == "pseudonymised":
            role += "; receives pseudonymised data only"
        rows.append(
            (
                f"{r.name or r.id} ({RECIPIENT_KINDS.get(r.kind, r.kind)})",
                role,
                names.categories(r.categories),
                _join([names.purpose(p) for p in r.purposes]),
                _join([_location(loc) for loc in r.locations]),
            )
        )
    return Section(
        "Who we share it with",
        [Table(("Recipient", "Role", "Data", "Purposes", "Location"), tuple(rows))],
    )


def _transfers(policy: Policy, names: _Names) -> Section:
    regime = regime_for_region(policy.controller.region)
    region = _location(regime.exporter_region if regime else policy.controller.region)
    section = Section("International transfers")
    if not policy.transfers:
        section.blocks.append(Paragraph(f"We do not transfer personal data outside {region}."))
        return section
    section.blocks.append(
        Paragraph(f"Some recipients process personal data outside {region}. Each transfer is protected as follows:")
    )
    section.blocks.append(Bullets(tuple(_transfer_text(t, names) for t in policy.transfers)))
    if regime and any(t.mechanism == "adequacy" for t in policy.transfers):
        section.blocks.append(
            Paragraph(
                f"Adequacy decisions as listed by the European Commission (as of {regime.as_of}): {regime.source}"
            )
        )
    return section


def _transfer_text(t: Transfer, names: _Names) -> str:
    how = MECHANISM_TEXT.get(t.mechanism or "", "no safeguard stated")
    if t.certification:
        how += f"; {CERTIFICATION_TEXT.get(t.certification, t.certification)}"
    text = f"{names.recipient(t.recipient)}, {_location(t.destination)}: {how}"
    return text + (f" ({t.reference})" if t.reference else "") + "."


def _retention(policy: Policy, names: _Names) -> Section:
    rows = tuple((names.category(c.key), _retention_text(policy, c)) for c in policy.categories)
    return Section("How long we keep it", [Table(("Data", "Retention"), rows)])


def _retention_text(policy: Policy, category: Category) -> str:
    holder = policy.retention_for(category.key)
    if holder is None or not holder.retention:
        return "Not stated."
    if is_zero_duration(holder.retention):
        text = "Not stored."
    else:
        trigger = holder.retention_trigger.replace("_", " ")
        start = f" after {trigger}" if trigger else ""
        end = "anonymised" if holder.retention_after == "anonymise" else "deleted"
        text = f"{humanize_duration(holder.retention)}{start}, then {end}."
        if holder.retention_after == "anonymise":
            text += " We keep only a form that no longer identifies you."
    return text + (f" {holder.retention_note}" if holder.retention_note else "")


def _never(policy: Policy, names: _Names) -> Section:
    items = tuple(_prohibition_text(p, names) for p in policy.prohibitions)
    if not items:
        return Section("What we never do", [Paragraph("This notice makes no further promises.")])
    return Section("What we never do", [Bullets(items)])


def _prohibition_text(p: Prohibition, names: _Names) -> str:
    if p.statement:
        return p.statement
    cats = "your personal data" if p.categories == ("user",) else names.categories(p.categories)
    exc = f" other than {_join([names.recipient(r) for r in p.except_recipients])}" if p.except_recipients else ""
    recips = _join([names.recipient(r) for r in p.recipients]) or "Recipients"
    uses = _join([names.purpose(u) for u in p.purposes])
    return RULE_TEXT[p.rule].format(cats=cats, exc=exc, recips=recips, uses=uses)


def _rights(policy: Policy) -> Section:
    section = Section("Your rights")
    rights = policy.rights
    if rights.regimes:
        section.blocks.append(
            Paragraph(
                f"Depending on your jurisdiction ({_join([REGIME_TEXT.get(r, r) for r in rights.regimes])}), "
                "you may have the right to:"
            )
        )
    if rights.granted:
        section.blocks.append(Bullets(tuple(RIGHT_TEXT.get(r, r) for r in rights.granted)))
    contact = rights.contact or policy.controller.contact
    if contact:
        section.blocks.append(Paragraph(f"To exercise these rights, contact us at {contact}."))
    return section


# -- helpers -----------------------------------------------------------------------------------------------
def humanize_duration(duration: str) -> str:
    """``P1Y6M`` -> ``1 year and 6 months``; ``PT12H`` -> ``12 hours``."""
    date_part, _, time_part = duration[1:].partition("T")
    parts = []
    for text, units in ((date_part, DURATION_UNITS), (time_part, TIME_UNITS)):
        for number, unit in re.findall(r"(\d+)([A-Z])", text):
            word = dict(units)[unit]
            parts.append(f"{int(number)} {word}{'' if int(number) == 1 else 's'}")
    return _join(parts) or "0 days"


def _join(items: list[str] | tuple[str, ...]) -> str:
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _location(code: str) -> str:
    regime = regime_for_region("EEA")
    if code in LOCATION_TEXT:
        return LOCATION_TEXT[code]
    if regime and code in regime.adequate:
        return regime.adequate[code].name
    return COUNTRY_NAMES.get(code, code)


# Names for countries that commonly host processors (others are shown as their ISO code).
COUNTRY_NAMES = {
    "AT": "Austria", "AU": "Australia", "BE": "Belgium", "BR": "Brazil", "CN": "China", "DE": "Germany",
    "DK": "Denmark", "ES": "Spain", "FI": "Finland", "FR": "France", "IE": "Ireland", "IN": "India",
    "IT": "Italy", "NL": "Netherlands", "NO": "Norway", "PL": "Poland", "SE": "Sweden", "SG": "Singapore",
    "ZA": "South Africa",
}  # fmt: skip


# -- writers -----------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


_MD_BLOCK_START = re.compile(r"^(\d*)([-+=.)])")


def md_escape(text: str) -> str:
    """Plain text as inline Markdown: no emphasis, links, HTML, tables, or a list/heading at the start."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_BLOCK_START.sub(r"\1\\\2", escaped)


def render_markdown(policy: Policy) -> str:
    notice = build_notice(policy)
    out = [f"# {md_escape(notice.title)}", ""]
    for section in notice.sections:
        out += [f"## {md_escape(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out += [md_escape(block.text), ""]
            elif isinstance(block, Bullets):
                out += [f"- {md_escape(item)}" for item in block.items] + [""]
            else:
                out.append("| " + " | ".join(md_escape(h) for h in block.headers) + " |")
                out.append("|" + "---|" * len(block.headers))
                out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in block.rows]
                out.append("")
    out.append("_Generated by privlint from the machine-readable privacy policy._")
    return "\n".join(out) + "\n"


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1d1d1f;background:#fff}
h1{font-size:1.8rem;border-bottom:2px solid #ddd;padding-bottom:.3rem}h2{font-size:1.3rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#f3f3f5}
footer{margin-top:3rem;font-size:.85rem;color:#666}
""".strip()


def render_html(policy: Policy) -> str:
    notice = build_notice(policy)
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(notice.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(notice.title)}</h1>",
    ]
    for section in notice.sections:
        out.append(f"<section>\n<h2>{e(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(f"<p>{e(block.text)}</p>")
            elif isinstance(block, Bullets):
                out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in block.items) + "</ul>")
            else:
                head = "".join(f"<th>{e(h)}</th>" for h in block.headers)
                body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in block.rows)
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        out.append("</section>")
    out += [
        "</main>",
        "<footer>Generated by privlint from the machine-readable privacy policy.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def render(policy: Policy, output_format: str) -> str:
    return render_html(policy) if output_format == "html" else render_markdown(policy)
