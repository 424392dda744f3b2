"""Builds the pluggy plugin manager and turns the plugins' answers into one ``Catalogue``.

Built-in knowledge is registered first (like pytest's core plugins), then third-party plugins
from the ``privlint`` entry-point group. ``blocked`` names (``-p no:NAME`` or config
``disable-plugins``) are never registered. Nothing is ever imported from the scanned repository.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pluggy

from privlint import hookspecs
from privlint.catalogue import Catalogue
from privlint.types import InternalError


def builtin_plugins() -> list[tuple[str, str]]:
    """Every sub-package of ``plugins/`` is a built-in plugin named after its package, so adding
    knowledge never means editing a central list. Sorted, so registration order is stable."""
    import plugins

    return sorted((m.name, f"plugins.{m.name}") for m in pkgutil.iter_modules(plugins.__path__) if m.ispkg)


@dataclass
class Plugins:
    """The loaded plugin manager plus what went wrong while asking it."""

    manager: pluggy.PluginManager
    errors: list[InternalError] = field(default_factory=list)

    def names(self) -> list[str]:
        return sorted(name for name, _ in self.manager.list_name_plugin() if name)


def load_plugins(blocked: Iterable[str] = (), *, entry_points: bool = True) -> Plugins:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    for name in blocked:
        manager.set_blocked(name)
    for name, module_name in builtin_plugins():
        if manager.is_blocked(name):
            continue
        manager.register(importlib.import_module(module_name), name=name)
    if entry_points:
        manager.load_setuptools_entrypoints(hookspecs.PROJECT_NAME)
    return Plugins(manager)


def _tagged(records: Iterable[Any], plugin: str) -> tuple[Any, ...]:
    return tuple(replace(r, plugin=r.plugin or plugin) for r in records)


def build_catalogue(plugins: Plugins, config: Mapping[str, Any] | None = None) -> Catalogue:
    """Ask every plugin for its knowledge; a plugin that raises is recorded, not fatal."""
    config = config or {}
    parts: list[Catalogue] = []
    for name, plugin in plugins.manager.list_name_plugin():
        try:
            parts.append(_catalogue_of(plugin, name, config))
        except Exception as exc:  # a broken plugin must not take the run down
            plugins.errors.append(InternalError(path="", plugin=name, message=f"{type(exc).__name__}: {exc}"))
    return Catalogue.combine(parts)


def _call(plugin: Any, hook: str, config: Mapping[str, Any]) -> Any:
    function = getattr(plugin, hook, None)
    return function(config=config) if function is not None else None


def _catalogue_of(plugin: Any, name: str, config: Mapping[str, Any]) -> Catalogue:
    vocabulary = _call(plugin, "privlint_vocabulary", config) or {}
    return Catalogue(
        recipients=_tagged(_call(plugin, "privlint_recipients", config) or (), name),
        sinks=_tagged(_call(plugin, "privlint_sinks", config) or (), name),
        sources=_tagged(_call(plugin, "privlint_sources", config) or (), name),
        field_types=_tagged(_call(plugin, "privlint_field_types", config) or (), name),
        identifiers=_tagged(_call(plugin, "privlint_identifiers", config) or (), name),
        sanitizers=_tagged(_call(plugin, "privlint_sanitizers", config) or (), name),
        non_personal_words=frozenset(vocabulary.get("non_personal", ())),
        subject_words=frozenset(vocabulary.get("subjects", ())),
    )
