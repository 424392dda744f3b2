"""Where a recipient is, relative to the controller: region membership and adequacy.

The facts (which countries form the exporter's region, which have an adequacy decision, as of
which date) are data owned by ``policy_model.adequacy``; this module only asks them. A regime
without a data file cannot judge adequacy: then only the controller's own region and country
count as inside, and everything else needs a declared mechanism.
"""

from __future__ import annotations

from policy_model.adequacy import regime_for_region


def within(region: str, location: str, country: str | None = None) -> bool:
    """Whether ``location`` (country or group such as ``EEA``) is inside the controller's region."""
    location = location.upper()
    if location in (region.upper(), (country or "").upper()):
        return True
    regime = regime_for_region(region)
    return regime is not None and regime.inside(location)


def adequate(region: str, location: str) -> bool:
    """Whether ``location`` has a *full* adequacy decision for exports from ``region``.

    Partial decisions (the US: only organisations certified under the Data Privacy Framework)
    do not count here: they need a declared transfer naming the certification."""
    regime = regime_for_region(region)
    if regime is None:
        return False
    decision = regime.adequate.get(location.upper())
    return decision is not None and not decision.requires_certification


def as_of(region: str) -> str:
    regime = regime_for_region(region)
    return f"{regime.name}, adequacy list as of {regime.as_of}" if regime else f"no adequacy data for {region}"
