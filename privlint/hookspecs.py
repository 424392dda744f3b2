"""The privlint hook specifications: the reference documentation for plugin authors.

privlint is a pluggy host in the manner of pytest: everything it knows about SDKs, frameworks,
logging and storage is contributed by plugins through these hooks, and the built-in knowledge is
itself a set of plugins (``plugins/``) that can be disabled with ``-p no:NAME``.

Rules every hook follows:

* hooks are called with keyword arguments only, and never once per syntax node: catalogue hooks
  run once per run, ``privlint_adjust_findings`` once per run over all findings;
* catalogue hooks *return* data (lists of records from ``privlint.catalogue``); the host merges
  them, tags each record with the plugin's name, and reports malformed entries;
* a hook that raises is contained: the error becomes a ``PRV000`` internal-error finding that
  names the plugin, and the run reports itself incomplete.

Third-party plugins register a module in the ``privlint`` entry-point group; plugins are never
loaded from the scanned repository.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from privlint.catalogue import (
        FieldTypeRule,
        IdentifierRule,
        Recipient,
        SanitizerRule,
        SinkRule,
        SourceRule,
    )
    from privlint.types import Finding

PROJECT_NAME = "privlint"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def privlint_recipients(config: Mapping[str, Any]) -> Sequence[Recipient]:
    """Third parties this plugin knows: id, display name, kind, locations, SDK packages, hosts.

    The host list is what turns ``requests.post("https://api.stripe.com/...")`` into a flow to
    ``stripe``; the package list marks every call into the SDK as a sink for that recipient.
    """


@hookspec
def privlint_sinks(config: Mapping[str, Any]) -> Sequence[SinkRule]:
    """Calls that send data out of the process or keep it (SDK calls, HTTP, logging, storage)."""


@hookspec
def privlint_sources(config: Mapping[str, Any]) -> Sequence[SourceRule]:
    """Framework accessors that yield personal data whatever they are called
    (``flask.request.remote_addr``, ``$request.META[REMOTE_ADDR]``)."""


@hookspec
def privlint_field_types(config: Mapping[str, Any]) -> Sequence[FieldTypeRule]:
    """Declared field types that fix a field's category (``django.db.models.EmailField``)."""


@hookspec
def privlint_identifiers(config: Mapping[str, Any]) -> Sequence[IdentifierRule]:
    """Identifier words naming data categories (``email``, ``phone number``, ``ip address``)."""


@hookspec
def privlint_vocabulary(config: Mapping[str, Any]) -> Mapping[str, Sequence[str]]:
    """Word lists that tune identifier matching: ``non_personal`` (``template``, ``backend``,
    ``count``) and ``subjects`` (``user``, ``customer``), as ``{"non_personal": [...], ...}``."""


@hookspec
def privlint_sanitizers(config: Mapping[str, Any]) -> Sequence[SanitizerRule]:
    """Calls whose result no longer identifies the person (hashing, tokenising, redaction)."""


@hookspec
def privlint_checks(config: Mapping[str, Any]) -> Sequence[Any]:
    """Extra policy checks: objects with ``code``, ``name`` and ``run(flows=, policy=, context=)``
    returning findings (see ``privlint.checks``)."""


@hookspec
def privlint_output_formats(config: Mapping[str, Any]) -> Mapping[str, Any]:
    """Extra output formats: ``{name: callable(result=, context=) -> str}``."""


@hookspec
def privlint_adjust_findings(findings: list[Finding], config: Mapping[str, Any]) -> None:
    """Filter or annotate the final findings in place, once per run (like pytest's
    ``pytest_collection_modifyitems``)."""
