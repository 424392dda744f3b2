"""Builds the pluggy plugin manager and turns the plugins' answers into one ``Catalogue``.

Load order (pluggy calls the last registered first, so later sources can refine earlier ones):

1. built-in plugins, the sub-packages of ``plugins/`` (like pytest's core plugins);
2. third-party plugins from the ``privlint`` entry-point group (skipped when the environment sets
   ``PRIVLINT_DISABLE_PLUGIN_AUTOLOAD``, as pytest does, for reproducible runs);
3. local plugin modules named in ``[tool.privlint] plugins``, only with an opt-in that the scanned
   repository cannot give itself: ``PRIVLINT_ALLOW_LOCAL_PLUGINS=1`` in the environment, or
   ``allow-local-plugins = true`` in a config file passed explicitly with ``--config``. A
   repository's own ``pyproject.toml`` is found by discovery, and in CI on a pull request it is
   attacker-controlled, so its ``allow-local-plugins`` is ignored. Without the opt-in each listed
   module is reported as a PRV000 error, nothing is imported and the scan goes on;
4. catalogue files named in ``[tool.privlint] catalogues``, each registered as a data-only
   plugin named after the path as written.

Names blocked with ``-p no:NAME`` or ``[tool.privlint] disable-plugins`` are never registered.
A plugin that fails to import or register, or whose hook raises or returns the wrong kind of
record, is recorded in ``Plugins.errors`` (reported as PRV000) and the rest of the run goes on;
only a malformed *user* catalogue file is a usage error (exit 2), because the user can fix it.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import os
import pkgutil
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pluggy

from privlint import __version__, hookspecs
from privlint.catalogue import (
    Catalogue,
    FieldTypeRule,
    IdentifierRule,
    Recipient,
    SanitizerRule,
    SettingRule,
    SinkRule,
    SinkSwitch,
    SourceRule,
)
from privlint.catalogue_loader import CatalogueError, load_catalogue_file, unknown_recipients
from privlint.config import Config
from privlint.errors import UsageError
from privlint.types import InternalError

AUTOLOAD_ENV = "PRIVLINT_DISABLE_PLUGIN_AUTOLOAD"

# Catalogue hooks and the record type each must return: checked, so a plugin returning the wrong
# thing is named in a PRV000 error rather than crashing the engine later.
RECORD_HOOKS: dict[str, tuple[str, type]] = {
    "privlint_recipients": ("recipients", Recipient),
    "privlint_sinks": ("sinks", SinkRule),
    "privlint_sources": ("sources", SourceRule),
    "privlint_field_types": ("field_types", FieldTypeRule),
    "privlint_identifiers": ("identifiers", IdentifierRule),
    "privlint_sanitizers": ("sanitizers", SanitizerRule),
    "privlint_settings": ("settings", SettingRule),
    "privlint_sink_switches": ("switches", SinkSwitch),
}


def builtin_plugins() -> list[tuple[str, str]]:
    """Every sub-package of ``plugins/`` is a built-in plugin named after its package, so adding
    knowledge never means editing a central list. Sorted, so registration order is stable."""
    import plugins

    return sorted((m.name, f"plugins.{m.name}") for m in pkgutil.iter_modules(plugins.__path__) if m.ispkg)


@dataclass(frozen=True)
class PluginInfo:
    """Where a registered plugin came from, for ``privlint plugins`` and error messages."""

    name: str
    source: str  # "built-in" | "entry point" | "local" | "catalogue file"
    origin: str  # module, distribution or file
    version: str = ""


@dataclass
class Plugins:
    """The loaded plugin manager plus what went wrong while loading and asking it."""

    manager: pluggy.PluginManager
    errors: list[InternalError] = field(default_factory=list)
    info: dict[str, PluginInfo] = field(default_factory=dict)
    # What each plugin contributed, filled by ``build_catalogue`` (package catch-alls included).
    parts: dict[str, Catalogue] = field(default_factory=dict)

    def names(self) -> list[str]:
        """Active plugins (pluggy also lists blocked names, with no plugin object)."""
        return sorted(name for name, plugin in self.manager.list_name_plugin() if name and plugin is not None)

    def error(self, plugin: str, message: str, path: str = "") -> None:
        self.errors.append(InternalError(path=path, plugin=plugin, message=message))


def _as_config(config: Config | Mapping[str, Any] | None) -> Config:
    if isinstance(config, Config):
        return config
    return Config(values=dict(config or {}))


def _string_list(config: Config, key: str) -> list[str]:
    value = config.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        where = f"{config.path}: " if config.path else ""
        raise UsageError(f'{where}[tool.privlint] {key} must be a list of strings, e.g. {key} = ["..."]')
    return value


def load_plugins(
    blocked: Iterable[str] = (),
    *,
    entry_points: bool = True,
    config: Config | Mapping[str, Any] | None = None,
) -> Plugins:
    """Register every plugin that is not blocked; raises ``UsageError`` only for user mistakes
    (a malformed catalogue file, a config value of the wrong type)."""
    settings = _as_config(config)
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    plugins = Plugins(manager)
    for name in [*blocked, *_string_list(settings, "disable-plugins")]:
        manager.set_blocked(name)
    for name, module_name in builtin_plugins():
        load = functools.partial(importlib.import_module, module_name)
        _register(plugins, name, load, PluginInfo(name, "built-in", module_name))
    if entry_points and not os.environ.get(AUTOLOAD_ENV):
        _load_entry_points(plugins)
    _load_local_plugins(plugins, settings)
    _load_catalogue_files(plugins, settings)
    _check_pending(plugins)
    return plugins


def _register(plugins: Plugins, name: str, load: Callable[[], Any], info: PluginInfo) -> None:
    manager = plugins.manager
    if manager.is_blocked(name) or manager.get_plugin(name) is not None:
        return
    try:
        manager.register(load(), name=name)
    except Exception as exc:  # an unimportable or invalid plugin must not take the run down
        plugins.error(name, f"cannot load plugin ({info.source} {info.origin}): {type(exc).__name__}: {exc}")
        return
    plugins.info[name] = info


def _load_entry_points(plugins: Plugins) -> None:
    found = importlib.metadata.entry_points(group=hookspecs.PROJECT_NAME)
    for entry_point in sorted(found, key=lambda ep: ep.name):
        dist = entry_point.dist
        origin = str(dist.metadata["Name"]) if dist is not None else entry_point.value
        info = PluginInfo(entry_point.name, "entry point", origin, dist.version if dist is not None else "")
        _register(plugins, entry_point.name, entry_point.load, info)


ALLOW_LOCAL_ENV = "PRIVLINT_ALLOW_LOCAL_PLUGINS"


def local_plugins_allowed(config: Config) -> bool:
    """The opt-in to import plugin code from the project, from a source the project does not control."""
    if os.environ.get(ALLOW_LOCAL_ENV) == "1":
        return True
    return config.explicit and config.get("allow-local-plugins") is True


def _load_local_plugins(plugins: Plugins, config: Config) -> None:
    modules = _string_list(config, "plugins")
    if not modules:
        return
    if not local_plugins_allowed(config):
        # Not a usage error: the config may come from the (untrusted) repository being scanned, and
        # refusing must not stop its scan. Nothing is imported; the run reports itself incomplete.
        where = f" ({config.path})" if config.path else ""
        for module_name in modules:
            plugins.error(
                module_name,
                f"local plugin not loaded{where}: plugins are never imported from the project unless "
                f"{ALLOW_LOCAL_ENV}=1 is set or allow-local-plugins = true is in a file passed with --config",
            )
        return
    base = str(config.base_dir)
    for module_name in modules:

        def load(module_name: str = module_name) -> Any:
            sys.path.insert(0, base)
            try:
                return importlib.import_module(module_name)
            finally:
                sys.path.remove(base)

        _register(plugins, module_name, load, PluginInfo(module_name, "local", base))


class CatalogueFilePlugin:
    """A catalogue file from ``[tool.privlint] catalogues``, served as a data-only plugin."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookspecs.hookimpl
    def privlint_catalogue_files(self) -> list[Path]:
        return [self.path]


def _load_catalogue_files(plugins: Plugins, config: Config) -> None:
    problems = []
    for written in _string_list(config, "catalogues"):
        path = config.resolve_path(written)
        try:
            load_catalogue_file(path)  # validated now: a user's mistake is a usage error, not PRV000
        except CatalogueError as exc:
            problems.extend(exc.diagnostics)
            continue
        info = PluginInfo(written, "catalogue file", str(path))
        _register(plugins, written, functools.partial(CatalogueFilePlugin, path), info)
    if problems:
        raise CatalogueError(problems)


def _check_pending(plugins: Plugins) -> None:
    """A ``privlint_*`` function no hookspec knows is a typo: drop that plugin, say so."""
    for _ in range(len(plugins.names()) + 1):
        try:
            plugins.manager.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            name = plugins.manager.get_name(exc.plugin) or repr(exc.plugin)
            plugins.error(name, f"plugin disabled: {exc}")
            plugins.manager.unregister(exc.plugin)
            plugins.info.pop(name, None)


# --- asking the plugins ---------------------------------------------------------------------


def call_each(plugins: Plugins, hook: str, **kwargs: Any) -> dict[str, Any]:
    """Call one hook on every plugin separately: ``{plugin name: result}``.

    Each implementation is called on its own (keyword arguments, only those it asks for), so its
    answer can be attributed to it and one that raises is contained as an error naming it.
    """
    results: dict[str, Any] = {}
    caller = getattr(plugins.manager.hook, hook)
    for impl in caller.get_hookimpls():  # registration order
        try:
            result = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
        except Exception as exc:
            plugins.error(impl.plugin_name, f"{hook} raised {type(exc).__name__}: {exc}")
            continue
        if result is not None:
            results[impl.plugin_name] = result
    return results


def build_catalogue(plugins: Plugins, config: Config | Mapping[str, Any] | None = None) -> Catalogue:
    """Ask every plugin for its knowledge and merge it; a plugin that fails is recorded, not fatal.

    Recipient ids are unique in the result: a later plugin (entry point, local, catalogue file)
    redefining a built-in id replaces it. Every recipient's ``packages`` become catch-all sink
    rules (``stripe.**``) placed after all explicit sink rules.
    """
    values = _as_config(config).values
    fields: dict[str, dict[str, list[Any]]] = {name: {} for name in plugins.names()}
    for name, files in call_each(plugins, "privlint_catalogue_files", config=values).items():
        try:
            info = plugins.info.get(name)
            part = _load_plugin_files(files, validate=info is None or info.source != "built-in")
        except (CatalogueError, TypeError, KeyError, ValueError) as exc:
            plugins.error(name, f"invalid catalogue file: {exc}")
            continue
        for attribute in ("recipients", "sinks", "sources", "field_types", "identifiers", "sanitizers", "settings"):
            fields[name].setdefault(attribute, []).extend(getattr(part, attribute))
    for hook, (attribute, record_type) in RECORD_HOOKS.items():
        for name, records in call_each(plugins, hook, config=values).items():
            checked = _checked_records(plugins, name, hook, records, record_type)
            fields[name].setdefault(attribute, []).extend(checked)
    vocabularies = call_each(plugins, "privlint_vocabulary", config=values)
    parts: dict[str, Catalogue] = {}
    for name in plugins.names():
        vocabulary = vocabularies.get(name, {})
        if not isinstance(vocabulary, Mapping):
            plugins.error(name, f"privlint_vocabulary returned {type(vocabulary).__name__}, expected a mapping")
            vocabulary = {}
        parts[name] = Catalogue(
            **{
                attribute: tuple(replace(r, plugin=r.plugin or name) for r in records)
                for attribute, records in fields[name].items()
            },
            non_personal_words=frozenset(vocabulary.get("non_personal", ())),
            subject_words=frozenset(vocabulary.get("subjects", ())),
        )
    plugins.parts = parts
    catalogue = _finish(Catalogue.combine(parts[name] for name in _load_order(plugins)), plugins)
    _check_references(catalogue, plugins)
    return catalogue


def _check_references(catalogue: Catalogue, plugins: Plugins) -> None:
    """A sink naming a recipient nobody defines is a typo: a usage error (with its line) in a user's
    catalogue file, a PRV000 error naming the plugin otherwise."""
    known = {recipient.id for recipient in catalogue.recipients}
    problems = []
    user_files = {name: info.origin for name, info in plugins.info.items() if info.source == "catalogue file"}
    for name, origin in sorted(user_files.items()):
        if name in plugins.parts:
            problems.extend(unknown_recipients(origin, known))
    if problems:
        raise CatalogueError(problems)
    for rule in catalogue.sinks:
        if rule.recipient is not None and rule.recipient not in known and rule.plugin not in user_files:
            plugins.error(rule.plugin, f"sink {rule.pattern} names unknown recipient {rule.recipient!r}")
    for setting in catalogue.settings:
        if setting.recipient not in known and setting.plugin not in user_files:
            plugins.error(setting.plugin, f"setting {setting.setting} names unknown recipient {setting.recipient!r}")


def _load_plugin_files(files: Any, *, validate: bool) -> Catalogue:
    """Files of built-in plugins are validated by privlint's own tests, not on every run (saves
    the JSON Schema pass on the pre-commit path); everybody else's are validated when loaded."""
    if isinstance(files, (str, os.PathLike)):
        raise TypeError("privlint_catalogue_files must return a list of paths, not one path")
    parts = [load_catalogue_file(path, validate=validate) for path in files]
    return Catalogue.combine(parts)


def _checked_records(plugins: Plugins, name: str, hook: str, records: Any, record_type: type) -> list[Any]:
    try:
        items = list(records)
    except TypeError:
        plugins.error(name, f"{hook} returned {type(records).__name__}, expected a list of {record_type.__name__}")
        return []
    good = [record for record in items if isinstance(record, record_type)]
    if len(good) != len(items):
        wrong = next(type(record).__name__ for record in items if not isinstance(record, record_type))
        plugins.error(name, f"{hook} returned a {wrong}, expected {record_type.__name__} records; those were ignored")
    return good


def _load_order(plugins: Plugins) -> list[str]:
    """Registration order (built-ins first), which decides who wins a redefined recipient id."""
    order = [name for name, _ in plugins.manager.list_name_plugin() if name]
    return [name for name in order if name in plugins.parts]


def _finish(catalogue: Catalogue, plugins: Plugins) -> Catalogue:
    recipients: dict[str, Recipient] = {}
    for recipient in catalogue.recipients:
        recipients[recipient.id] = recipient  # the last definition wins, in the first one's place
    explicit = {rule.pattern for rule in catalogue.sinks}
    catch_alls: list[SinkRule] = []
    for recipient in recipients.values():
        for package in recipient.packages:
            pattern = f"{package}.**"
            if pattern not in explicit:
                explicit.add(pattern)
                rule = SinkRule(pattern=pattern, kind="third_party", recipient=recipient.id, plugin=recipient.plugin)
                catch_alls.append(rule)
                part = plugins.parts.get(recipient.plugin)
                if part is not None:
                    plugins.parts[recipient.plugin] = replace(part, sinks=(*part.sinks, rule))
    catch_alls.sort(key=lambda rule: -rule.pattern.count("."))  # google.cloud.aiplatform.** before google.cloud.**
    return replace(catalogue, recipients=tuple(recipients.values()), sinks=(*catalogue.sinks, *catch_alls))


def load_catalogue(
    blocked: Iterable[str] = (),
    config: Config | Mapping[str, Any] | None = None,
    *,
    entry_points: bool = True,
) -> tuple[Catalogue, Plugins]:
    """Load the plugins and build the catalogue in one step (what ``api.default_catalogue`` needs);
    ``plugins.errors`` holds the PRV000 errors to report."""
    plugins = load_plugins(blocked, entry_points=entry_points, config=config)
    return build_catalogue(plugins, config), plugins


def plugin_version(info: PluginInfo) -> str:
    return info.version or (__version__ if info.source == "built-in" else "")
