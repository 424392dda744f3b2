"""Per-regime adequacy lists, shipped as dated data files (``eu_gdpr.yaml``), never as code.

The exporting regime is chosen by the controller's region: a controller in the EEA exports under the EU
GDPR. A regime without a data file here cannot judge adequacy; transfers out of its region then only
need *some* mechanism.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent
REGION_REGIMES = {"EEA": "eu_gdpr", "EU": "eu_gdpr"}


@dataclass(frozen=True)
class Adequacy:
    country: str
    name: str
    decision: str = ""
    scope: str = ""
    requires_certification: str | None = None  # a partial decision that covers only certified organisations


@dataclass(frozen=True)
class Regime:
    key: str
    name: str
    exporter_region: str
    as_of: str
    source: str
    members: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    adequate: Mapping[str, Adequacy] = field(default_factory=dict)

    def inside(self, location: str) -> bool:
        """Is ``location`` (country or group) inside the exporter region (no transfer at all)?"""
        return location in self.members or location in self.groups


@lru_cache(maxsize=8)
def regime(key: str) -> Regime | None:
    path = DATA_DIR / f"{key}.yaml"
    if not path.is_file():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Regime(
        key=data["regime"],
        name=data["name"],
        exporter_region=data["exporter_region"],
        as_of=str(data["as_of"]),
        source=data["source"],
        members=frozenset(data.get("members", ())),
        groups=frozenset(data.get("groups", ())),
        adequate={
            code: Adequacy(
                country=code,
                name=info["name"],
                decision=str(info.get("decision", "")),
                scope=info.get("scope", ""),
                requires_certification=info.get("requires_certification"),
            )
            for code, info in data.get("adequate", {}).items()
        },
    )


def regime_for_region(region: str) -> Regime | None:
    """The regime a controller in ``region`` (a group such as EEA, or a member country such as DE) exports under."""
    key = REGION_REGIMES.get(region)
    if key:
        return regime(key)
    for candidate in sorted(set(REGION_REGIMES.values())):
        found = regime(candidate)
        if found and region in found.members:
            return found
    return None
