"""The privlint hook specifications: the reference documentation for plugin authors.

privlint is a pluggy host in the manner of pytest: everything it knows about SDKs, frameworks,
logging and storage is contributed by plugins through these hooks, and the built-in knowledge is
itself a set of plugins (the sub-packages of ``plugins/``) that can be disabled with
``-p no:NAME`` or ``[tool.privlint] disable-plugins = ["NAME"]``.

Writing a plugin::

    from privlint.catalogue import Recipient, SinkRule
    from privlint.hookspecs import hookimpl

    @hookimpl
    def privlint_recipients():
        return [Recipient(id="acme_crm", name="ACME CRM", kind="crm", packages=("acme_crm",))]

and register the module in the ``privlint`` entry-point group of your distribution::

    [project.entry-points.privlint]
    acme_crm = "privlint_acme_crm"

Data-only knowledge does not need Python at all: a YAML catalogue file (schema:
``privlint/schemas/catalogue.schema.json``) listed in ``[tool.privlint] catalogues``, or returned
by a plugin's ``privlint_catalogue_files``.

Rules every hook follows:

* hooks are called with keyword arguments only, and never once per syntax node: catalogue hooks
  run once per run, ``privlint_adjust_findings`` once per run over all findings;
* an implementation may accept a subset of the arguments (pluggy's opt-in arguments), so
  ``def privlint_recipients():`` is fine and hooks can grow arguments without breaking plugins;
* catalogue hooks *return* data (lists of records from ``privlint.catalogue``); the host merges
  them and tags each record with the plugin's name;
* a hook that raises is contained: the error becomes a ``PRV000`` internal-error finding that
  names the plugin, the other plugins' knowledge is still used, and the run reports itself
  incomplete.

Plugins are never loaded from the scanned repository unless whoever runs privlint opts in
(``PRIVLINT_ALLOW_LOCAL_PLUGINS=1``, or ``allow-local-plugins = true`` in a file passed with
``--config``) and the config names the modules in ``plugins = [...]``; the repository's own
``pyproject.toml`` cannot give that opt-in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from privlint.catalogue import (
        FieldTypeRule,
        IdentifierRule,
        Recipient,
        SanitizerRule,
        SettingRule,
        SinkRule,
        SinkSwitch,
        SourceRule,
    )
    from privlint.types import Finding

__all__ = [
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "privlint_adjust_findings",
    "privlint_catalogue_files",
    "privlint_checks",
    "privlint_field_types",
    "privlint_identifiers",
    "privlint_output_formats",
    "privlint_recipients",
    "privlint_sanitizers",
    "privlint_settings",
    "privlint_sink_switches",
    "privlint_sinks",
    "privlint_sources",
    "privlint_vocabulary",
]

PROJECT_NAME = "privlint"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# --- catalogue: what the ecosystem looks like (called once per run) -------------------------


@hookspec
def privlint_catalogue_files(config: Mapping[str, Any]) -> Sequence[str | PathLike[str]]:
    """YAML catalogue files this plugin ships (recipients, sinks, sources, sanitizers, ...).

    The host loads them with ``privlint.catalogue_loader``, validates them against
    ``privlint/schemas/catalogue.schema.json`` (built-in plugins' files are validated by
    privlint's own tests instead, to keep runs fast) and attributes their records to this plugin.
    A malformed file is reported as ``FILE:LINE:COL: key.path: message`` (PRV000 for a plugin's
    file, a usage error for a file named in ``[tool.privlint] catalogues``).

    :param config: the ``[tool.privlint]`` table.
    :return: paths, absolute or relative to the current directory.
    """


@hookspec
def privlint_recipients(config: Mapping[str, Any]) -> Sequence[Recipient]:
    """Third parties this plugin knows: id, display name, kind, locations, SDK packages, hosts.

    The host list is what turns ``requests.post("https://api.stripe.com/...")`` into a flow to
    ``stripe`` (a leading ``.`` means any subdomain). The host expands ``packages`` into
    catch-all sink rules (``stripe.**`` -> recipient ``stripe``, every argument carries data) placed
    after every explicit sink rule of the catalogue, so every call into the SDK is a sink while a
    narrower rule (which arguments carry data) still wins when the engine takes the first match.
    An id defined again by a later plugin (entry point, local plugin, catalogue file) replaces the
    built-in definition; a sink naming an id no plugin defines is an error.

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.Recipient`` records with stable lowercase ids.
    """


@hookspec
def privlint_sinks(config: Mapping[str, Any]) -> Sequence[SinkRule]:
    """Calls that send data out of the process or keep it (SDK calls, HTTP, logging, storage, cookies).

    A rule names a qualified call pattern (``stripe.Customer.create``,
    ``mixpanel.Mixpanel().track``, ``boto3.client(ses).send_email``, ``stripe.**``; ``raise.X`` for
    ``raise X(...)``, ``X.__setitem__`` for ``x[key] = value``), its sink kind (``privlint.types.SINK_KINDS``),
    the recipient it reaches and which arguments carry data.

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.SinkRule`` records.
    """


@hookspec
def privlint_settings(config: Mapping[str, Any]) -> Sequence[SettingRule]:
    """SDK settings that disclose personal data by themselves (configuration sinks).

    ``SettingRule("sentry_sdk.init", "send_default_pii", True, ("user.device.ip_address", ...), "sentry")``:
    where the call is made with the keyword set to that literal, the engine reports a flow of each
    category to the recipient at the call, with the setting as evidence. Catalogue files say the same
    under a recipient's ``settings:``.

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.SettingRule`` records.
    """


@hookspec
def privlint_sink_switches(config: Mapping[str, Any]) -> Sequence[SinkSwitch]:
    """Calls that change what a kind of sink does for the whole project.

    ``SinkSwitch("flask_session.Session", "flask.session", "storage")``: where the project calls Flask-Session's
    ``Session(app)``, what it puts in ``flask.session`` is kept server-side, so those flows are storage, not a
    cookie. The engine records the calls per file and applies the switch to every flow at such a sink.

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.SinkSwitch`` records.
    """


@hookspec
def privlint_sources(config: Mapping[str, Any]) -> Sequence[SourceRule]:
    """Framework accessors that yield personal data whatever they are called
    (``flask.request.remote_addr``, ``$request.META[REMOTE_ADDR]``).

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.SourceRule`` records.
    """


@hookspec
def privlint_field_types(config: Mapping[str, Any]) -> Sequence[FieldTypeRule]:
    """Declared field types that fix a field's category (``django.db.models.EmailField``).

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.FieldTypeRule`` records.
    """


@hookspec
def privlint_identifiers(config: Mapping[str, Any]) -> Sequence[IdentifierRule]:
    """Identifier words naming data categories (``email``, ``phone number``, ``ip address``).

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.IdentifierRule`` records.
    """


@hookspec
def privlint_vocabulary(config: Mapping[str, Any]) -> Mapping[str, Sequence[str]]:
    """Word lists that tune identifier matching: ``non_personal`` (``template``, ``backend``,
    ``count``) and ``subjects`` (``user``, ``customer``), as ``{"non_personal": [...], ...}``.

    :param config: the ``[tool.privlint]`` table.
    """


@hookspec
def privlint_sanitizers(config: Mapping[str, Any]) -> Sequence[SanitizerRule]:
    """Calls whose result no longer identifies the person (hashing, tokenising, redaction).

    :param config: the ``[tool.privlint]`` table.
    :return: ``privlint.catalogue.SanitizerRule`` records.
    """


# --- checks and output (called once per run) ------------------------------------------------


@hookspec
def privlint_checks(config: Mapping[str, Any]) -> Sequence[Any]:
    """Extra policy checks: objects with ``code``, ``name`` and ``run(flows=, policy=, context=)``
    returning findings (see ``privlint.checks``).

    :param config: the ``[tool.privlint]`` table.
    """


@hookspec
def privlint_output_formats(config: Mapping[str, Any]) -> Mapping[str, Any]:
    """Extra output formats: ``{name: callable(result=, context=) -> str}``.

    :param config: the ``[tool.privlint]`` table.
    """


@hookspec
def privlint_adjust_findings(findings: list[Finding], config: Mapping[str, Any]) -> None:
    """Filter or annotate the final findings in place, once per run (like pytest's
    ``pytest_collection_modifyitems``).

    :param findings: every finding of the run; mutate the list in place.
    :param config: the ``[tool.privlint]`` table.
    """
