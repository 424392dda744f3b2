"""``privlint lsp`` end to end: the real server in a subprocess, driven over stdio as an editor drives it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsp_client import Client

from privlint.checks._examples import MIXPANEL, NO_LOGS, STRIPE, policy

POLICY = policy(recipients=STRIPE + MIXPANEL, extra=NO_LOGS)

BILLING = """\
import logging

import stripe
from mixpanel import Mixpanel

logger = logging.getLogger(__name__)
mp = Mixpanel("token")


def charge(user):
    stripe.Customer.create(email=user.email, name=user.name)


def track_signup(user):
    mp.track(user.id, "signup", {"email": user.email})
"""

AUDIT = """\
import logging

logger = logging.getLogger(__name__)


def audit(user):
    logger.info("charged %s", user.email)
"""


def codes(diagnostics: list[dict[str, Any]]) -> list[str]:
    return sorted(d["code"] for d in diagnostics)


def apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP text edits (last first) to ``text``."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(position: dict[str, int]) -> int:
        return min(offsets[min(position["line"], len(lines))] + position["character"], len(text))

    for edit in sorted(edits, key=lambda e: at(e["range"]["start"]), reverse=True):
        text = text[: at(edit["range"]["start"])] + edit["newText"] + text[at(edit["range"]["end"]) :]
    return text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "privacy-policy.yaml").write_text(POLICY)
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "billing.py").write_text(BILLING)
    (tmp_path / "app" / "audit.py").write_text(AUDIT)
    return tmp_path


@pytest.fixture
def client(project: Path) -> Iterator[Client]:
    started = Client(project)
    started.initialize()
    yield started
    started.close()


def test_a_finding_arrives_with_its_trace_docs_and_clause_and_clears_when_the_buffer_is_fixed(
    client: Client, project: Path
) -> None:
    uri = client.open(project / "app" / "billing.py")
    [found] = client.wait_diagnostics(uri, lambda ds: "PRV203" in codes(ds))
    assert found["range"]["start"] == {"line": 14, "character": 4}
    assert found["codeDescription"]["href"].endswith("PRV203.html")
    assert "policy: recipients[mixpanel].categories" in found["message"]
    trace = [r["message"] for r in found["relatedInformation"]]
    assert trace[0].startswith("source: name 'user.email'") and trace[-1].startswith("sink: mixpanel.Mixpanel().track")

    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 14, "character": 8}}
    )
    text = hover["contents"]["value"]
    assert "`user.contact.email` → `mixpanel`" in text and "recipients[mixpanel].categories" in text
    assert "fix:" in text
    nothing = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}}
    )
    assert nothing is None

    # unsaved edit, analysed after the debounce: the email no longer goes to mixpanel
    client.change(uri, BILLING.replace('{"email": user.email}', "{}"))
    assert client.wait_diagnostics(uri, lambda ds: ds == []) == []
    assert (project / "app" / "billing.py").read_text() == BILLING  # nothing written


def test_findings_in_other_files_come_with_the_workspace(client: Client, project: Path) -> None:
    client.open(project / "app" / "billing.py")
    audit = (project / "app" / "audit.py").resolve().as_uri()
    assert codes(client.wait_diagnostics(audit, lambda ds: bool(ds))) == ["PRV211"]


def test_declare_in_the_policy_action_applies_the_suggested_patch(client: Client, project: Path) -> None:
    uri = client.open(project / "app" / "billing.py")
    [found] = client.wait_diagnostics(uri, lambda ds: "PRV203" in codes(ds))
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": found["range"], "context": {"diagnostics": [found]}},
    )
    [declare] = [a for a in actions if "declare in the policy" in a["title"]]
    assert "recipients[mixpanel].categories" in declare["title"]
    [(policy_uri, edits)] = declare["edit"]["changes"].items()
    assert policy_uri == (project / "privacy-policy.yaml").resolve().as_uri()
    patched = apply(POLICY, edits)
    assert "user.contact.email" in patched.split("id: mixpanel")[1]

    # the editor applies it to the policy buffer: judged again without re-analysing, the finding goes
    client.open(project / "privacy-policy.yaml", POLICY)
    client.change(policy_uri, patched)
    client.wait_diagnostics(uri, lambda ds: "PRV203" not in codes(ds))
    assert any("policy checked" in line for line in client.logs)


def test_policy_edits_change_code_diagnostics_and_policy_errors_show_live(client: Client, project: Path) -> None:
    uri = client.open(project / "app" / "billing.py")
    client.wait_diagnostics(uri, lambda ds: "PRV203" in codes(ds))
    policy_uri = client.open(project / "privacy-policy.yaml")
    # mixpanel removed from the policy: the flow to it is now to an undeclared recipient
    without = POLICY.split("  - id: mixpanel")[0] + "prohibitions:" + POLICY.split("prohibitions:")[1]
    client.change(policy_uri, without)
    client.wait_diagnostics(uri, lambda ds: "PRV203" not in codes(ds) and any(c.startswith("PRV20") for c in codes(ds)))

    # a schema error in the buffer: PRV100 at its line, code findings of the last good policy stay
    broken = POLICY.replace("role: processor", "role: procesor", 1)
    client.change(policy_uri, broken)
    [error] = client.wait_diagnostics(policy_uri, lambda ds: "PRV100" in codes(ds))
    assert error["range"]["start"]["line"] == broken.split("\n").index("    role: procesor")
    assert client.diagnostics[uri]

    client.change(policy_uri, POLICY)
    client.wait_diagnostics(policy_uri, lambda ds: ds == [])
    client.wait_diagnostics(uri, lambda ds: "PRV203" in codes(ds))


def test_a_buffer_that_does_not_parse_keeps_its_last_findings_marked_stale(client: Client, project: Path) -> None:
    uri = client.open(project / "app" / "billing.py")
    audit = (project / "app" / "audit.py").resolve().as_uri()
    client.wait_diagnostics(uri, lambda ds: "PRV203" in codes(ds))
    client.change(uri, BILLING + "\ndef half_typed(:\n")
    diagnostics = client.wait_diagnostics(uri, lambda ds: "PRV000" in codes(ds))
    assert codes(diagnostics) == ["PRV000", "PRV203"]
    stale = next(d for d in diagnostics if d["code"] == "PRV000")
    assert stale["severity"] == 3 and "last version of this file that parsed" in stale["message"]
    assert stale["range"]["start"]["line"] == 16
    assert "stale" in next(d for d in diagnostics if d["code"] == "PRV203")["message"]
    assert codes(client.diagnostics[audit]) == ["PRV211"]  # the rest of the workspace is unaffected

    client.change(uri, BILLING)  # parses again: fresh findings, no stale mark
    diagnostics = client.wait_diagnostics(uri, lambda ds: codes(ds) == ["PRV203"])
    assert "stale" not in diagnostics[0]["message"]


def test_a_suppression_typed_in_the_buffer_counts_before_saving(client: Client, project: Path) -> None:
    audit_path = project / "app" / "audit.py"
    uri = client.open(audit_path)
    client.wait_diagnostics(uri, lambda ds: codes(ds) == ["PRV211"])
    suppressed = AUDIT.replace(
        "user.email)", "user.email)  # privlint: ignore[PRV211] audit trail required by the accountants"
    )
    client.change(uri, suppressed)
    client.wait_diagnostics(uri, lambda ds: ds == [])


def test_a_file_created_after_start_is_analysed_when_opened(client: Client, project: Path) -> None:
    audit = (project / "app" / "audit.py").resolve().as_uri()
    client.open(project / "app" / "audit.py")
    client.wait_diagnostics(audit, lambda ds: codes(ds) == ["PRV211"])
    created = project / "app" / "export.py"
    created.write_text(AUDIT)  # the file list is kept between analyses: a new file must still be seen
    uri = client.open(created)
    assert codes(client.wait_diagnostics(uri, lambda ds: bool(ds))) == ["PRV211"]
