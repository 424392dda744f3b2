"""Plugins extend ``privlint check`` through ``privlint_checks`` and ``privlint_adjust_findings``;
a plugin that raises is contained as PRV000 and the run ends with exit code 2."""

from __future__ import annotations

import pytest

from privlint import plugin_manager
from privlint.hookspecs import hookimpl
from privlint.types import Finding


class EmailToAnalytics:
    """An in-house rule: no email to any analytics SDK, declared or not."""

    code = "ACM001"
    name = "acme-no-email-to-analytics"

    def run(self, flows, policy, context):
        return [
            Finding(self.code, "email to analytics (Acme rule)", f.location, "error", flow=f)
            for f in flows
            if f.category == "user.contact.email" and f.sink.recipient == "mixpanel"
        ]


class Broken:
    code = "ACM002"
    name = "broken"

    def run(self, flows, policy, context):
        raise RuntimeError("boom")


class AcmePlugin:
    def __init__(self, checks, drop=()):
        self._checks, self._drop = checks, drop

    @hookimpl
    def privlint_checks(self, config):
        return self._checks

    @hookimpl
    def privlint_adjust_findings(self, findings, config):
        findings[:] = [f for f in findings if f.code not in self._drop]


@pytest.fixture
def with_plugin(monkeypatch):
    def install(plugin):
        real = plugin_manager.load_plugins

        def load(*args, **kwargs):
            plugins = real(*args, **kwargs)
            plugins.manager.register(plugin, name="acme")
            return plugins

        monkeypatch.setattr(plugin_manager, "load_plugins", load)

    return install


def test_plugin_check_and_adjustment(project, with_plugin):
    with_plugin(AcmePlugin([EmailToAnalytics()], drop=("PRV211",)))
    assert sorted(c for c, _, _ in project.codes()) == ["ACM001", "PRV203"]
    assert [c for c, _, _ in project.codes("--ignore", "ACM")] == ["PRV203"]
    # a suppression of the plugin's code is known, used, and hides the finding
    text = (project.root / "app/billing.py").read_text()
    track = '    mp.track(user.id, "signup", {"email": user.email})'
    project.write("app/billing.py", text.replace(track, track + "  # privlint: ignore[ACM001] approved"))
    assert [c for c, _, _ in project.codes()] == ["PRV203"]


def test_a_raising_plugin_check_is_contained(project, with_plugin):
    with_plugin(AcmePlugin([Broken()]))
    code, report = project.json()
    assert code == 2 and report["summary"]["complete"] is False
    errors = [f for f in report["findings"] if f["code"] == "PRV000"]
    assert errors and "acme" in errors[0]["message"] and "boom" in errors[0]["message"]
    assert {"PRV203", "PRV211"} <= {f["code"] for f in report["findings"]}  # the rest of the work still completes


class CountFormat:
    @hookimpl
    def privlint_output_formats(self, config):
        return {
            "count": lambda result, context: (
                f"{len(result.findings)} finding(s), exit {context['summary']['exit_code']}\n"
            )
        }


def test_plugin_output_format_from_config(project, with_plugin):
    with_plugin(CountFormat())
    project.write("pyproject.toml", '[tool.privlint]\npolicy = "privacy-policy.yaml"\noutput-format = "count"\n')
    code, out, _ = project.run()
    assert (code, out) == (1, "2 finding(s), exit 1\n")
    project.write("pyproject.toml", '[tool.privlint]\npolicy = "privacy-policy.yaml"\noutput-format = "nope"\n')
    code, _, err = project.run()
    assert code == 2 and "unknown output format 'nope' (choose from text, json, sarif, github, junit, count)" in err
