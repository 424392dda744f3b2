"""One root cause, one finding (issue 19), through ``privlint check``: an undeclared recipient that a
``no_third_party`` prohibition also rules out, a transfer the policy lint and the code both see, and a
call sending several categories are each reported once, with fingerprints baselines can rely on."""

from __future__ import annotations

import hashlib
import io
import json
import tokenize

from privlint.checks._examples import MIXPANEL, STRIPE, policy
from privlint.cli import main

CARDS_ONLY_TO_STRIPE = """\
prohibitions:
  - id: cards-only-to-stripe
    rule: no_third_party
    categories: [user.financial.credit_card]
    except_recipients: [stripe]
    statement: Card details go to our payment provider only.
"""

HELPDESK = """\
import requests


def open_ticket(user, message):
    requests.post("https://acme.freshdesk.com/api/v2/tickets", json={"email": user.email, "name": user.name})
"""

SEGMENT = """\
import analytics


def pay(user, card_number):
    analytics.track(user.id, "payment_failed", {"card": card_number})
"""

MIXPANEL_CARDS = """\
from mixpanel import Mixpanel

mp = Mixpanel("t")


def pay(user, card_number):
    mp.track(user.id, "failed", {"card": card_number})
"""

TRACK = """\
from mixpanel import Mixpanel

mp = Mixpanel("t")


def signup(user):
    mp.track(user.id, "s", {"email": user.email})
"""

MIXPANEL_US = MIXPANEL.replace("locations: [IE]", "locations: [US]").replace(
    "categories: [user.device.ip_address]", "categories: [user.device.ip_address, user.contact.email]"
)


def test_an_undeclared_recipient_a_prohibition_also_rules_out_is_one_finding(make_project):
    proj = make_project({"app/pay.py": SEGMENT}, policy(extra=CARDS_ONLY_TO_STRIPE))
    code, report = proj.json()
    assert code == 1
    cards = [f for f in report["findings"] if "user.financial.credit_card" in f["categories"]]
    assert [f["code"] for f in cards] == ["PRV202"]  # not also PRV213
    assert "prohibitions[cards-only-to-stripe] also rules this out" in cards[0]["message"]


def test_a_declared_recipient_breaking_the_prohibition_is_still_prv213(make_project):
    proj = make_project(
        {"app/track.py": MIXPANEL_CARDS}, policy(recipients=STRIPE + MIXPANEL, extra=CARDS_ONLY_TO_STRIPE)
    )
    assert [c for c, _, _ in proj.codes()] == ["PRV213"]


def test_a_transfer_seen_by_the_policy_lint_and_the_code_is_one_finding(make_project):
    proj = make_project({"app/track.py": TRACK}, policy(recipients=STRIPE + MIXPANEL_US))
    code, report = proj.json()
    assert code == 1
    transfers = [f for f in report["findings"] if f["code"] in ("PRV104", "PRV205")]
    assert [(f["code"], f["location"]["path"]) for f in transfers] == [("PRV205", "app/track.py")]
    assert transfers[0]["clause_location"].startswith("privacy-policy.yaml:")  # where to fix it


def test_the_policy_lint_still_reports_a_transfer_no_code_makes(make_project):
    proj = make_project({"app/track.py": "def nothing():\n    return 1\n"}, policy(recipients=STRIPE + MIXPANEL_US))
    assert "PRV104" in [c for c, _, _ in proj.codes()]


def test_one_finding_per_sink_statement_lists_its_categories(make_project):
    proj = make_project({"app/helpdesk.py": HELPDESK})
    code, report = proj.json()
    assert code == 1
    findings = [f for f in report["findings"] if f["code"] == "PRV202"]
    assert len(findings) == 1
    assert findings[0]["categories"] == ["user.contact.email", "user.name"]
    assert findings[0]["message"].startswith("user.contact.email and user.name are sent to freshdesk")
    _, out, _ = proj.run("--output-format", "text")
    assert out.count("app/helpdesk.py:5:") == 1


def _old_digest(finding: dict, category: str, statement: str) -> str:
    """The v1 fingerprint digest as privlint computed it when every category was its own finding."""
    skip = (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)
    tokens = tokenize.generate_tokens(io.StringIO(statement + "\n").readline)
    text = " ".join(t.string for t in tokens if t.type not in skip)
    flow = finding["flow"]
    recipient = flow["sink"]["recipient"] or flow["sink"]["host"] or flow["sink"]["callee"]
    parts = [finding["code"], finding["location"]["path"], category, recipient, flow["function"] or "", text]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def test_a_single_category_fingerprint_is_unchanged(project):
    """Baselines written before findings were merged per statement keep matching one-category findings."""
    _, report = project.json()
    mixpanel = next(f for f in report["findings"] if f["code"] == "PRV203")
    statement = 'mp.track(user.id, "signup", {"email": user.email})'
    assert mixpanel["fingerprint"] == _old_digest(mixpanel, "user.contact.email", statement) + ":0"


def test_a_baseline_from_one_finding_per_category_still_accepts_the_merged_finding(make_project):
    proj = make_project({"app/helpdesk.py": HELPDESK})
    _, report = proj.json()
    finding = next(f for f in report["findings"] if f["code"] == "PRV202")
    statement = HELPDESK.splitlines()[-1].strip()
    old = [
        {"path": finding["location"]["path"], "code": "PRV202", "fingerprint": _old_digest(finding, c, statement)}
        for c in finding["categories"]
    ]
    (proj.root / "old-baseline.json").write_text(json.dumps({"version": 1, "tool": "privlint", "findings": old}))
    _, report = proj.json("--baseline", "old-baseline.json")
    assert [f for f in report["findings"] if f["code"] == "PRV202"] == []
    # a baseline written today records the call once, with its categories, and accepts it too
    assert main(["baseline", "--jobs", "1", "-o", "new-baseline.json"]) == 0
    entries = json.loads((proj.root / "new-baseline.json").read_text())["findings"]
    assert [e.get("categories") for e in entries if e["code"] == "PRV202"] == [["user.contact.email", "user.name"]]
    _, report = proj.json("--baseline", "new-baseline.json")
    assert [f for f in report["findings"] if f["code"] == "PRV202"] == []
