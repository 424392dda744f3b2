"""The hookspec module is the plugin reference: every hook is documented and keyword-only."""

from __future__ import annotations

import inspect

import pluggy

from privlint import hookspecs


def hook_functions():
    return {name: getattr(hookspecs, name) for name in hookspecs.__all__ if name.startswith("privlint_")}


def test_every_hook_is_listed_and_documented():
    defined = {name for name in dir(hookspecs) if name.startswith("privlint_")}
    assert defined == set(hook_functions())
    for name, function in hook_functions().items():
        doc = inspect.getdoc(function) or ""
        assert len(doc.splitlines()[0]) > 20, name
        for parameter in inspect.signature(function).parameters:
            assert f":param {parameter}:" in doc, f"{name} does not document {parameter}"


def test_hooks_take_config_and_are_registered_as_specs():
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    for name in hook_functions():
        caller = getattr(manager.hook, name)
        assert caller.spec is not None
        assert "config" in caller.spec.argnames
