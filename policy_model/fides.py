"""Interop with Fides (fideslang 3.x manifests): export a policy as systems, import systems and datasets.

What maps: purposes <-> the controller system's privacy declarations (data use, categories, subjects,
legal basis, special-category basis, retention as text); recipients <-> systems that receive the
controller's egress (responsibility, system type, declarations); taxonomy extensions <-> ``data_category``
/ ``data_use`` items; ``no_use`` and ``no_sale`` prohibitions <-> fides policy deny rules; dataset field
names <-> ``bindings.identifiers`` of their categories. fideslang 3 has no field for a recipient's
location, role beyond Controller/Processor/Sub-Processor, anonymisation requirement or per-transfer
mechanism, so privlint keeps these in system ``tags`` (``privlint:location=US``...) and reads them back.
Everything else (display names, rights, notes, bindings, other prohibitions, transfer references) is
reported as not mapped, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from policy_model.lint import policy_taxonomy
from policy_model.model import Policy, Recipient, overlaps
from policy_model.recipient_kinds import RECIPIENT_KINDS
from policy_model.taxonomy import default_taxonomy

LEGAL_BASIS = {
    "consent": "Consent",
    "contract": "Contract",
    "legal_obligation": "Legal obligations",
    "vital_interests": "Vital interests",
    "public_task": "Public interest",
    "legitimate_interests": "Legitimate interests",
}
ART9_BASIS = {
    "explicit_consent": "Explicit consent",
    "employment": "Employment, social security and social protection",
    "vital_interests": "Vital interests",
    "not_for_profit": "Not-for-profit bodies",
    "made_public": "Made public by the data subject",
    "legal_claims": "Legal claims or judicial acts",
    "substantial_public_interest": "Reasons of substantial public interest",
    "health_care": "Health or social care",
    "public_health": "Public health",
    "archiving_research": "Archiving, research and statistics",
}
MECHANISM = {"adequacy": "Adequacy Decision", "scc": "SCCs", "bcr": "BCRs"}
RESPONSIBILITY = {"processor": "Processor", "sub_processor": "Sub-Processor", "controller": "Controller"}
SALE_RULE_USES = ("sales", "marketing.advertising.third_party")
TAG = "privlint:"
_RETENTION_ITEM = re.compile(
    r"^\s*([a-z0-9_.]+):\s*(P[0-9YMWDTHS]+)(?:\s+after\s+([a-z_]+))?(?:\s+then\s+(delete|anonymise))?\s*$"
)


def _invert(mapping: Mapping[str, str]) -> dict[str, str]:
    return {v: k for k, v in mapping.items()}


# -- export ------------------------------------------------------------------------------------------------
def export_fides(policy: Policy) -> tuple[dict[str, Any], list[str]]:
    """Fides manifests (organization, system, data_category, data_use, policy, dataset) and what did not map."""
    unmapped: list[str] = []
    key = policy.id or _slug(policy.controller.name)
    taxonomy = policy_taxonomy(policy)
    subjects = list(policy.subjects)
    special = [c.key for c in policy.categories if c.special_category]

    declarations = []
    for p in policy.purposes:
        decl: dict[str, Any] = {
            "name": p.name or taxonomy.name("data_uses", p.key),
            "data_use": p.key,
            "data_categories": list(p.categories),
            "data_subjects": list(p.subjects or subjects),
        }
        if p.legal_basis:
            decl["legal_basis_for_processing"] = LEGAL_BASIS[p.legal_basis]
        if any(overlaps(s, c) for s in special for c in p.categories):
            decl["processes_special_category_data"] = True
            if p.art9_basis:
                decl["special_category_legal_basis"] = ART9_BASIS[p.art9_basis]
        retention = _retention_text(policy, p.categories)
        if retention:
            decl["retention_period"] = retention
        egress = [r.id for r in policy.recipients if r.serves(p.key) or any(overlaps(u, p.key) for u in r.purposes)]
        if egress:
            decl["egress"] = egress
        if p.opt_out:
            unmapped.append(f"purposes[{p.key}].opt_out: no fides field")
        declarations.append(decl)

    controller_system: dict[str, Any] = {
        "fides_key": key,
        "name": policy.name or policy.controller.name,
        "description": policy.summary,
        "system_type": "Application",
        "responsibility": ["Controller"],
        "privacy_declarations": declarations,
        "tags": [f"{TAG}region={policy.controller.region}"],
    }
    if policy.url:
        controller_system["privacy_policy"] = policy.url
    if policy.recipients:
        controller_system["egress"] = [
            {"fides_key": r.id, "type": "system", "data_categories": list(r.categories)} for r in policy.recipients
        ]
    systems = [controller_system] + [_recipient_system(policy, r, key, subjects, unmapped) for r in policy.recipients]

    manifest: dict[str, Any] = {
        "organization": [_organization(policy)],
        "system": systems,
    }
    for kind, resource in (("data_categories", "data_category"), ("data_uses", "data_use")):
        items = [
            {"fides_key": e.key, "name": e.name, "description": e.description, "parent_key": e.parent}
            for e in policy.extensions
            if e.kind == kind
        ]
        if items:
            manifest[resource] = items
    rules = []
    for pr in policy.prohibitions:
        uses = list(SALE_RULE_USES) if pr.rule == "no_sale" else list(pr.purposes) if pr.rule == "no_use" else None
        if uses is None:
            unmapped.append(f"prohibitions[{pr.id}] ({pr.rule}): fides policy rules cannot express it")
            continue
        rules.append(
            {
                "name": pr.id,
                "data_categories": {"matches": "ANY", "values": list(pr.categories)},
                "data_uses": {"matches": "ANY", "values": uses},
                "data_subjects": {"matches": "ANY", "values": subjects or default_taxonomy().keys("data_subjects")},
            }
        )
    if rules:
        manifest["policy"] = [
            {"fides_key": f"{key}_prohibitions", "name": f"{policy.controller.name} promises", "rules": rules}
        ]

    for c in policy.categories:
        if c.name or c.description:
            unmapped.append(f"categories[{c.key}]: display name/description (fides keeps none per system)")
        if c.sensitive and not c.special_category:
            unmapped.append(f"categories[{c.key}].sensitive: no fides field")
    for t in policy.transfers:
        if t.reference:
            unmapped.append(f"transfers[{t.recipient}->{t.destination}].reference: kept only in privlint")
    if policy.rights.granted or policy.rights.regimes:
        unmapped.append("rights: no fides field (fides keeps rights per data subject in the taxonomy)")
    if policy.security_measures:
        unmapped.append("security_measures: fides has only a security_policy URL")
    if policy.notes:
        unmapped.append("notes: no fides field")
    if policy.bindings.identifiers:
        # identifier bindings are the names a category goes by in code: a dataset's field names, in fides terms
        fields = [
            {"name": phrase.replace(" ", "_"), "data_categories": [category]}
            for category, phrases in policy.bindings.identifiers
            for phrase in phrases
        ]
        manifest["dataset"] = [
            {
                "fides_key": f"{key}_identifiers",
                "name": "Identifiers bound by privlint",
                "description": "Names under which the policy's categories appear in code (privlint bindings).",
                "collections": [{"name": "identifiers", "fields": fields}],
            }
        ]
    if policy.bindings.purposes_by_path:
        unmapped.append("bindings.purposes_by_path: no fides equivalent")
    unmapped.extend(_unmapped_fields(policy))
    return manifest, unmapped


def _unmapped_fields(policy: Policy) -> list[str]:
    """Single fields no fides resource holds: listed, so an export never drops a statement silently."""
    fields = (
        ("policy.version", policy.version),
        ("policy.effective_date", policy.effective_date),
        ("controller.country", policy.controller.country),
        ("controller.website", policy.controller.website),
    )
    items = [f"{name}: no fides field" for name, value in fields if value]
    groups: tuple[Iterable[Any], ...] = (
        (policy.controller,),
        policy.categories,
        policy.purposes,
        policy.recipients,
        policy.transfers,
        policy.prohibitions,
    )
    assumptions = sum(1 for group in groups for holder in group if holder.assumption)
    if assumptions:
        items.append(f"assumption ({assumptions} entr{'y' if assumptions == 1 else 'ies'}): no fides field")
    return items


def _organization(policy: Policy) -> dict[str, Any]:
    org: dict[str, Any] = {"fides_key": "default_organization", "name": policy.controller.name}
    contact = {k: v for k, v in (("name", policy.controller.name), ("email", policy.controller.contact)) if v}
    if policy.controller.address:
        contact["address"] = policy.controller.address
    org["controller"] = contact
    if policy.controller.dpo:
        org["data_protection_officer"] = {"email": policy.controller.dpo}
    return org


def _recipient_system(
    policy: Policy, r: Recipient, controller_key: str, subjects: list[str], unmapped: list[str]
) -> dict[str, Any]:
    taxonomy = policy_taxonomy(policy)
    declarations = []
    for use in r.purposes:
        purpose = policy.purpose(use)
        used = [c for c in r.categories if purpose is None or any(overlaps(c, pc) for pc in purpose.categories)]
        declarations.append(
            {
                "name": (purpose.name if purpose and purpose.name else taxonomy.name("data_uses", use)),
                "data_use": use,
                "data_categories": used or list(r.categories),
                "data_subjects": subjects,
                "ingress": [controller_key],
            }
        )
    tags = [f"{TAG}location={loc}" for loc in r.locations] + [f"{TAG}role={r.role}"]
    if r.requires != "none":
        tags.append(f"{TAG}requires={r.requires}")
    transfers = policy.transfers_to(r.id)
    for t in transfers:
        tags.append(f"{TAG}transfer={t.destination},{t.mechanism or ''},{t.certification or ''}".rstrip(","))
    system: dict[str, Any] = {
        "fides_key": r.id,
        "name": r.name or r.id,
        "description": r.description,
        "system_type": r.kind,
        "responsibility": [RESPONSIBILITY[r.role]] if r.role in RESPONSIBILITY else [],
        "ingress": [{"fides_key": controller_key, "type": "system", "data_categories": list(r.categories)}],
        "privacy_declarations": declarations,
        "tags": tags,
    }
    if transfers:
        system["does_international_transfers"] = True
        system["legal_basis_for_transfers"] = sorted(
            {MECHANISM.get(t.mechanism or "", "Other") for t in transfers if t.mechanism}
        )
    if r.packages or r.hosts:
        unmapped.append(f"recipients[{r.id}]: packages/hosts bindings have no fides equivalent")
    if r.role not in RESPONSIBILITY:
        unmapped.append(f"recipients[{r.id}].role={r.role}: no fides responsibility; kept as a tag")
    return system


def _retention_text(policy: Policy, categories: Iterable[str]) -> str:
    items = []
    for key in categories:
        holder = policy.retention_for(key)
        if holder and holder.retention:
            text = f"{key}: {holder.retention}"
            if holder.retention_trigger:
                text += f" after {holder.retention_trigger}"
            items.append(f"{text} then {holder.retention_after}")
    return "; ".join(items)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "controller"


# -- import ------------------------------------------------------------------------------------------------
def import_fides(documents: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """A privlint policy (as YAML-ready data) from fides manifests + what did not map."""
    resources: dict[str, list[dict[str, Any]]] = {}
    unmapped: list[str] = []
    for document in documents:
        if not isinstance(document, Mapping):
            unmapped.append("a manifest that is not a mapping of resource lists was skipped")
            continue
        for kind, items in document.items():
            if isinstance(items, list):
                resources.setdefault(kind, []).extend(i for i in items if isinstance(i, dict))
    for kind in sorted(set(resources) - {"system", "dataset", "data_category", "data_use", "policy", "organization"}):
        unmapped.append(f"{kind}: resource type not imported")
    systems = resources.get("system", [])
    own = [s for s in systems if _is_own(s, systems)]
    others = [s for s in systems if s not in own]

    org = (resources.get("organization") or [{}])[0]
    controller_contact = _mapping(org, "controller")
    name = controller_contact.get("name") or org.get("name") or (own[0].get("name") if own else "") or "Unknown"
    region = next((t.split("=", 1)[1] for s in own for t in _keys(s, "tags") if t.startswith(f"{TAG}region=")), None)
    controller: dict[str, Any] = {"name": name, "region": region or "EEA"}
    if region is None:
        unmapped.append("controller.region: not in the manifests; assumed EEA")
    if controller_contact.get("email"):
        controller["contact"] = controller_contact["email"]
    if controller_contact.get("address"):
        controller["address"] = controller_contact["address"]
    if _mapping(org, "data_protection_officer").get("email"):
        controller["dpo"] = org["data_protection_officer"]["email"]

    legal = _invert(LEGAL_BASIS)
    art9 = _invert(ART9_BASIS)
    purposes: dict[str, dict[str, Any]] = {}
    retention: dict[str, dict[str, str]] = {}
    subjects: list[str] = []
    for system in own:
        for decl in _items(system, "privacy_declarations"):
            use = decl.get("data_use")
            if not isinstance(use, str) or not use:
                unmapped.append(f"system[{system.get('fides_key')}]: declaration without data_use skipped")
                continue
            purpose = purposes.setdefault(use, {"key": use, "name": decl.get("name") or "", "categories": []})
            _extend(purpose["categories"], _keys(decl, "data_categories"))
            _extend(subjects, _keys(decl, "data_subjects"))
            basis = decl.get("legal_basis_for_processing")
            if basis in legal:
                purpose.setdefault("legal_basis", legal[basis])
            elif basis:
                unmapped.append(f"purposes[{use}].legal_basis '{basis}': unknown fides value")
            if decl.get("special_category_legal_basis") in art9:
                purpose.setdefault("art9_basis", art9[decl["special_category_legal_basis"]])
            _parse_retention(decl.get("retention_period"), use, retention, unmapped)

    recipients = [_recipient(s, own, unmapped) for s in others]
    transfers = [t for s in others for t in _transfers(s, unmapped)]

    categories: list[str] = []
    for purpose in purposes.values():
        _extend(categories, purpose["categories"])
    for recipient in recipients:
        _extend(categories, recipient["categories"])
    identifiers: dict[str, list[str]] = {}
    for dataset in resources.get("dataset", []):
        for field_key, cats in _dataset_fields(dataset):
            _extend(categories, cats)
            for cat in cats:
                _extend(identifiers.setdefault(cat, []), [field_key.replace("_", " ")])

    extensions: dict[str, list[dict[str, Any]]] = {}
    defaults = default_taxonomy()
    for resource, kind in (("data_category", "data_categories"), ("data_use", "data_uses")):
        for item in resources.get(resource, []):
            if isinstance(item.get("fides_key"), str) and not defaults.known(kind, item["fides_key"]):
                ext = {"key": item["fides_key"], "name": item.get("name") or item["fides_key"]}
                if item.get("parent_key"):
                    ext["parent"] = item["parent_key"]
                if item.get("description"):
                    ext["description"] = item["description"]
                extensions.setdefault(kind, []).append(ext)
    ext_names = {e["key"]: e.get("name", "") for e in extensions.get("data_categories", [])}

    policy: dict[str, Any] = {"privlint": "1.0"}
    if own:
        meta = {"id": _slug(str(own[0].get("fides_key", "imported"))).replace("_", "-")}
        if own[0].get("name"):
            meta["name"] = own[0]["name"]
        if own[0].get("privacy_policy"):
            meta["url"] = own[0]["privacy_policy"]
        if own[0].get("description"):
            meta["summary"] = own[0]["description"]
        policy["policy"] = meta
    policy["controller"] = controller
    if subjects:
        policy["subjects"] = subjects
    if extensions:
        policy["taxonomy"] = {"extensions": extensions}
    policy["categories"] = []
    for key in categories:
        entry: dict[str, Any] = {"key": key}
        if ext_names.get(key):
            entry["name"] = ext_names[key]
        if key in retention:
            entry["retention"] = retention[key]
        policy["categories"].append(entry)
    policy["purposes"] = list(purposes.values())
    for purpose in policy["purposes"]:
        if not purpose["name"]:
            del purpose["name"]
    if recipients:
        policy["recipients"] = recipients
    if transfers:
        policy["transfers"] = transfers
    prohibitions = _prohibitions(resources.get("policy", []), unmapped)
    if prohibitions:
        policy["prohibitions"] = prohibitions
    if identifiers:
        policy["bindings"] = {"identifiers": identifiers}
    return policy, unmapped


def _is_own(system: Mapping[str, Any], systems: list[dict[str, Any]]) -> bool:
    tags = _keys(system, "tags")
    if any(t.startswith(f"{TAG}role=") for t in tags):
        return False
    if "Controller" in _keys(system, "responsibility"):
        return True
    targets = {e.get("fides_key") for s in systems for e in _items(s, "egress")}
    return system.get("fides_key") not in targets


def _recipient(system: Mapping[str, Any], own: list[dict[str, Any]], unmapped: list[str]) -> dict[str, Any]:
    rid = str(system.get("fides_key"))
    tags = _keys(system, "tags")
    tagged: dict[str, list[str]] = {}
    for tag in tags:
        if tag.startswith(TAG) and "=" in tag:
            name, value = tag[len(TAG) :].split("=", 1)
            tagged.setdefault(name, []).append(value)
    responsibility = _keys(system, "responsibility")
    role = next(iter(tagged.get("role", ())), None) or next(
        (k for k, v in RESPONSIBILITY.items() if v in responsibility), "third_party"
    )
    kind = system.get("system_type") or "other"
    if kind not in RECIPIENT_KINDS:
        unmapped.append(f"recipients[{rid}].kind: fides system_type '{kind}' is not a privlint kind; set to other")
        kind = "other"
    locations = tagged.get("location") or []
    if not locations:
        unmapped.append(f"recipients[{rid}].locations: not in fides; set to WORLD, fill in the real countries")
        locations = ["WORLD"]
    categories: list[str] = []
    for system_ in own:
        for egress in _items(system_, "egress"):
            if egress.get("fides_key") == rid:
                _extend(categories, _keys(egress, "data_categories"))
    purposes: list[str] = []
    for decl in _items(system, "privacy_declarations"):
        _extend(categories, _keys(decl, "data_categories"))
        if decl.get("data_use"):
            _extend(purposes, [decl["data_use"]])
    recipient: dict[str, Any] = {"id": rid}
    if system.get("name"):
        recipient["name"] = system["name"]
    if system.get("description"):
        recipient["description"] = system["description"]
    recipient.update({"role": role, "kind": kind, "locations": locations, "categories": categories})
    recipient["purposes"] = purposes
    if tagged.get("requires"):
        recipient["requires"] = tagged["requires"][0]
    return recipient


def _transfers(system: Mapping[str, Any], unmapped: list[str]) -> list[dict[str, Any]]:
    rid = str(system.get("fides_key"))
    result = []
    for tag in _keys(system, "tags"):
        if str(tag).startswith(f"{TAG}transfer="):
            destination, mechanism, certification = ([*str(tag).split("=", 1)[1].split(","), "", ""])[:3]
            transfer: dict[str, Any] = {"recipient": rid, "destination": destination}
            if mechanism:
                transfer["mechanism"] = mechanism
            if certification:
                transfer["certification"] = certification
            result.append(transfer)
    if not result and system.get("does_international_transfers"):
        bases = _keys(system, "legal_basis_for_transfers")
        unmapped.append(
            f"recipients[{rid}]: international transfers ({', '.join(bases) or 'no basis'}) without a destination; "
            "add transfers entries by hand"
        )
    return result


def _prohibitions(fides_policies: list[dict[str, Any]], unmapped: list[str]) -> list[dict[str, Any]]:
    result = []
    for fides_policy in fides_policies:
        for rule in _items(fides_policy, "rules"):
            cats, uses = _mapping(rule, "data_categories"), _mapping(rule, "data_uses")
            name = _slug(str(rule.get("name", "rule"))).replace("_", "-")
            if cats.get("matches") != "ANY" or uses.get("matches") != "ANY":
                unmapped.append(f"policy[{fides_policy.get('fides_key')}].rules[{name}]: only ANY/ANY rules map")
                continue
            if sorted(_keys(uses, "values")) == sorted(SALE_RULE_USES):
                result.append({"id": name, "rule": "no_sale", "categories": _keys(cats, "values")})
            else:
                result.append(
                    {
                        "id": name,
                        "rule": "no_use",
                        "categories": _keys(cats, "values"),
                        "purposes": _keys(uses, "values"),
                    }
                )
    return result


def _dataset_fields(dataset: Mapping[str, Any]) -> Iterable[tuple[str, list[str]]]:
    """(field name, categories) for every field, with categories inherited from dataset and collection."""
    base = _keys(dataset, "data_categories")
    for collection in _items(dataset, "collections"):
        inherited = base + _keys(collection, "data_categories")
        yield from _fields(_items(collection, "fields"), inherited)


def _fields(fields: Iterable[Mapping[str, Any]], inherited: list[str]) -> Iterable[tuple[str, list[str]]]:
    for field in fields:
        cats = _keys(field, "data_categories") or inherited
        if cats and field.get("name"):
            yield str(field["name"]), cats
        yield from _fields(_items(field, "fields"), cats)


def _parse_retention(text: Any, use: str, retention: dict[str, dict[str, str]], unmapped: list[str]) -> None:
    if not text:
        return
    for item in str(text).split(";"):
        match = _RETENTION_ITEM.match(item)
        if not match:
            unmapped.append(f"purposes[{use}].retention_period '{item.strip()}': not an ISO-8601 duration item")
            continue
        key, duration, trigger, after = match.groups()
        entry = {"duration": duration}
        if trigger:
            entry["trigger"] = trigger
        if after:
            entry["after"] = after
        retention.setdefault(key, entry)


def _items(node: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The mappings listed under ``key`` (anything else in a hand-edited manifest is ignored)."""
    value = node.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _keys(node: Mapping[str, Any], key: str) -> list[str]:
    value = node.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _mapping(node: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = node.get(key)
    return value if isinstance(value, dict) else {}


def _extend(target: list[str], items: Iterable[str]) -> None:
    for item in items:
        if item not in target:
            target.append(item)
