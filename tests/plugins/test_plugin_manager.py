"""Loading plugins: built-ins, blocking, config catalogues, local opt-in, contained failures."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from privlint.catalogue import Recipient, SinkRule
from privlint.catalogue_loader import CatalogueError
from privlint.config import Config
from privlint.errors import UsageError
from privlint.hookspecs import hookimpl
from privlint.plugin_manager import build_catalogue, builtin_plugins, load_catalogue, load_plugins


def config_in(tmp_path: Path, toml: str) -> Config:
    path = tmp_path / "pyproject.toml"
    path.write_text(textwrap.dedent(toml), encoding="utf-8")
    from privlint.config import load_config

    return load_config(tmp_path)


def test_every_subpackage_of_plugins_is_a_builtin():
    names = [name for name, _ in builtin_plugins()]
    assert "recipients" in names
    assert names == sorted(names)


def test_block_by_option_and_by_config(tmp_path):
    catalogue, plugins = load_catalogue(["recipients"], entry_points=False)
    assert "recipients" not in plugins.names()
    assert catalogue.recipient("stripe") is None
    config = config_in(tmp_path, '[tool.privlint]\ndisable-plugins = ["recipients"]\n')
    catalogue, plugins = load_catalogue(config=config, entry_points=False)
    assert catalogue.recipient("stripe") is None
    catalogue, _ = load_catalogue(entry_points=False)
    assert catalogue.recipient("stripe") is not None


def test_config_catalogue_adds_a_recipient_and_a_wrapper(tmp_path):
    (tmp_path / "privacy").mkdir()
    (tmp_path / "privacy" / "acme.yaml").write_text(
        textwrap.dedent(
            """\
            recipients:
              - id: acme_crm
                name: ACME CRM
                kind: crm
                packages: [acme_crm]
            sinks:
              - pattern: billing.gateway.charge
                recipient: stripe
            """
        ),
        encoding="utf-8",
    )
    config = config_in(tmp_path, '[tool.privlint]\ncatalogues = ["privacy/acme.yaml"]\n')
    catalogue, plugins = load_catalogue(config=config, entry_points=False)
    assert "privacy/acme.yaml" in plugins.names()
    assert plugins.info["privacy/acme.yaml"].source == "catalogue file"
    acme = catalogue.recipient("acme_crm")
    assert acme is not None and acme.plugin == "privacy/acme.yaml"
    rules = {rule.pattern: rule for rule in catalogue.sinks}
    assert rules["acme_crm.**"].recipient == "acme_crm"
    assert rules["billing.gateway.charge"].recipient == "stripe"
    # blockable like any plugin
    catalogue, _ = load_catalogue(["privacy/acme.yaml"], config=config, entry_points=False)
    assert catalogue.recipient("acme_crm") is None


def test_malformed_config_catalogue_is_a_usage_error_with_position(tmp_path):
    (tmp_path / "acme.yaml").write_text("recipients:\n  - id: acme\n    name: ACME\n    kind: crmm\n", encoding="utf-8")
    config = config_in(tmp_path, '[tool.privlint]\ncatalogues = ["acme.yaml"]\n')
    with pytest.raises(CatalogueError) as info:
        load_plugins(config=config, entry_points=False)
    assert isinstance(info.value, UsageError)
    assert str(info.value).startswith(f"{tmp_path / 'acme.yaml'}:4:11: recipients[acme].kind: expected one of")


def test_catalogues_must_be_a_list_of_strings(tmp_path):
    with pytest.raises(UsageError, match=r"pyproject.toml:2:14: tool.privlint.catalogues: expected a list"):
        config_in(tmp_path, '[tool.privlint]\ncatalogues = "acme.yaml"\n')  # when the config is read
    with pytest.raises(UsageError, match="catalogues must be a list of strings"):  # a config given as a dict
        load_plugins(config={"catalogues": "acme.yaml"}, entry_points=False)


def test_a_later_definition_of_a_recipient_replaces_the_builtin(tmp_path):
    (tmp_path / "stripe.yaml").write_text(
        "recipients:\n  - {id: stripe, name: Stripe (EU entity), kind: payment, locations: [IE]}\n", encoding="utf-8"
    )
    config = config_in(tmp_path, '[tool.privlint]\ncatalogues = ["stripe.yaml"]\n')
    catalogue, _ = load_catalogue(config=config, entry_points=False)
    stripes = [r for r in catalogue.recipients if r.id == "stripe"]
    assert len(stripes) == 1 and stripes[0].locations == ("IE",)


PLANTED = """\
from pathlib import Path

from privlint.catalogue import Recipient
from privlint.hookspecs import hookimpl

Path(__file__).with_name("IMPORTED").write_text("yes")


@hookimpl
def privlint_recipients():
    return [Recipient(id="local_vendor", name="Local", kind="other")]
"""


def test_local_plugin_modules_need_the_opt_in(tmp_path, monkeypatch):
    (tmp_path / "acme_privlint_tools").mkdir()
    (tmp_path / "acme_privlint_tools" / "__init__.py").write_text("")
    (tmp_path / "acme_privlint_tools" / "privlint_local.py").write_text(PLANTED)
    config = config_in(tmp_path, '[tool.privlint]\nplugins = ["acme_privlint_tools.privlint_local"]\n')
    catalogue, plugins = load_catalogue(config=config, entry_points=False)
    assert not (tmp_path / "acme_privlint_tools" / "IMPORTED").exists()
    assert catalogue.recipient("local_vendor") is None
    (error,) = plugins.errors
    assert error.plugin == "acme_privlint_tools.privlint_local"
    assert "never imported from the project unless PRIVLINT_ALLOW_LOCAL_PLUGINS=1" in error.message

    # The repository cannot opt itself in: its own pyproject.toml is found by discovery, not trusted.
    toml = '[tool.privlint]\nallow-local-plugins = true\nplugins = ["acme_privlint_tools.privlint_local"]\n'
    config = config_in(tmp_path, toml)
    catalogue, plugins = load_catalogue(config=config, entry_points=False)
    assert not (tmp_path / "acme_privlint_tools" / "IMPORTED").exists()
    assert catalogue.recipient("local_vendor") is None

    # Whoever runs privlint can: a config passed with --config, or the environment.
    from privlint.config import load_config

    catalogue, plugins = load_catalogue(config=load_config(explicit=str(tmp_path / "pyproject.toml")))
    assert (tmp_path / "acme_privlint_tools" / "IMPORTED").exists()
    assert catalogue.recipient("local_vendor") is not None
    assert plugins.info["acme_privlint_tools.privlint_local"].source == "local"


class BrokenPlugin:
    @hookimpl
    def privlint_recipients(self):
        raise RuntimeError("vendor list unavailable")

    @hookimpl
    def privlint_sinks(self):
        return ["not a rule", SinkRule("broken_sdk.send", "third_party", "broken")]


class BadVocabulary:
    @hookimpl
    def privlint_vocabulary(self):
        return ["user", "customer"]


class WrongFilesPlugin:
    @hookimpl
    def privlint_catalogue_files(self):
        return "one-path-not-a-list.yaml"


def test_plugin_failures_are_contained_and_named():
    plugins = load_plugins(entry_points=False)
    plugins.manager.register(BrokenPlugin(), name="broken")
    plugins.manager.register(WrongFilesPlugin(), name="wrongfiles")
    plugins.manager.register(BadVocabulary(), name="badvocabulary")
    catalogue = build_catalogue(plugins)
    messages = {(e.plugin, e.message) for e in plugins.errors}
    assert ("broken", "privlint_recipients raised RuntimeError: vendor list unavailable") in messages
    assert ("broken", "privlint_sinks returned a str, expected SinkRule records; those were ignored") in messages
    assert any(plugin == "wrongfiles" and "list of paths" in message for plugin, message in messages)
    assert ("badvocabulary", "privlint_vocabulary returned list, expected a mapping") in messages
    # the other plugins' knowledge, and the broken plugin's valid records, are still there
    assert catalogue.recipient("stripe") is not None
    assert any(rule.pattern == "broken_sdk.send" and rule.plugin == "broken" for rule in catalogue.sinks)


def test_a_plugin_with_an_unknown_hook_is_dropped_with_an_error():
    class Typo:
        @hookimpl
        def privlint_recipient(self):  # missing "s": no such hook
            return [Recipient(id="typo", name="Typo", kind="other")]

    from privlint import plugin_manager

    plugins = load_plugins(entry_points=False)
    plugins.manager.register(Typo(), name="typo")
    plugin_manager._check_pending(plugins)
    assert "typo" not in plugins.names()
    assert plugins.errors[0].plugin == "typo" and "privlint_recipient" in plugins.errors[0].message


def test_invalid_catalogue_file_of_a_plugin_is_contained(tmp_path):
    bad = tmp_path / "vendor.yaml"
    bad.write_text("recipients:\n  - id: v\n    name: V\n", encoding="utf-8")

    class ShipsYaml:
        @hookimpl
        def privlint_catalogue_files(self):
            return [bad]

    plugins = load_plugins(entry_points=False)
    plugins.manager.register(ShipsYaml(), name="vendor")
    catalogue = build_catalogue(plugins)
    assert catalogue.recipient("stripe") is not None
    (error,) = plugins.errors
    assert error.plugin == "vendor"
    assert f"{bad}:2:5: recipients[v]: missing required key 'kind'" in error.message


def test_hooks_may_take_only_the_arguments_they_need():
    class Minimal:
        @hookimpl
        def privlint_recipients(self):
            return [Recipient(id="minimal", name="Minimal", kind="other")]

    class WithConfig:
        @hookimpl
        def privlint_recipients(self, config):
            return [Recipient(id=config.get("vendor_id", "none"), name="Configured", kind="other")]

    plugins = load_plugins(entry_points=False)
    plugins.manager.register(Minimal(), name="minimal")
    plugins.manager.register(WithConfig(), name="withconfig")
    catalogue = build_catalogue(plugins, {"vendor_id": "configured_vendor"})
    assert catalogue.recipient("minimal") is not None
    assert catalogue.recipient("configured_vendor") is not None
    assert plugins.parts["withconfig"].recipients[0].plugin == "withconfig"


def test_a_sink_naming_an_unknown_recipient(tmp_path):
    (tmp_path / "wrappers.yaml").write_text(
        "sinks:\n  - pattern: billing.charge\n    recipient: strpe\n  - pattern: crm.push\n    recipient: hubspot\n",
        encoding="utf-8",
    )
    config = config_in(tmp_path, '[tool.privlint]\ncatalogues = ["wrappers.yaml"]\n')
    with pytest.raises(CatalogueError) as info:
        load_catalogue(config=config, entry_points=False)
    assert str(info.value) == (
        f"{tmp_path / 'wrappers.yaml'}:3:16: sinks[0].recipient: unknown recipient 'strpe' (did you mean 'stripe'?)"
    )

    class Typo:
        @hookimpl
        def privlint_sinks(self):
            return [SinkRule("acme.send", "third_party", "acme_crmm")]

    plugins = load_plugins(entry_points=False)
    plugins.manager.register(Typo(), name="typo")
    build_catalogue(plugins)
    assert [(e.plugin, e.message) for e in plugins.errors] == [
        ("typo", "sink acme.send names unknown recipient 'acme_crmm'")
    ]
