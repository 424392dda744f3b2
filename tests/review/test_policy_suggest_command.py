"""``privlint policy suggest``: the patch keeps the file, validates, and removes exactly the findings it claims."""

from __future__ import annotations

import json
import subprocess

from review_project import POLICY

TRACKING = """\
import requests
import segment.analytics as analytics


def signup(user, card_number):
    analytics.track(user.id, "signup", {"email": user.email, "card": card_number})


def geolocate(user):
    requests.get("https://api.geo-lookup.example/v1", params={"ip": user.ip_address})


def newsletter(user):
    import sendgrid

    sendgrid.SendGridAPIClient("k").send({"to": user.email, "phone": user.phone_number})
"""


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_on_optimer_the_patch_permits_exactly_the_declarable_findings(optimer):
    before = optimer.findings()
    original = optimer.read("privacy-policy.yaml")
    code, patch, err = optimer.run("policy", "suggest")
    assert code == 1 and patch.startswith("--- a/privacy-policy.yaml\n+++ b/privacy-policy.yaml\n")
    assert "need a code change" in err and "PRV210" in err
    # the printed patch is a patch git accepts
    optimer.write("suggested.diff", patch)
    subprocess.run(["git", "init", "-q"], cwd=optimer.root, check=True)
    subprocess.run(["git", "apply", "--check", "suggested.diff"], cwd=optimer.root, check=True)

    code, out, err = optimer.run("policy", "suggest", "--apply")
    assert code == 1 and out == ""  # prohibition findings remain: they need code changes
    patched = optimer.read("privacy-policy.yaml")
    assert comments(patched)[: len(comments(original))] == comments(original)  # every comment, in order
    assert set(original.splitlines()) - set(patched.splitlines()) == {
        line for line in original.splitlines() if line.rstrip().endswith("]") and line not in patched.splitlines()
    }  # only lists that grew lost their old last line
    assert optimer.run("policy", "validate")[0] == 0
    after = optimer.findings()
    declarable = {"PRV201", "PRV202", "PRV203", "PRV204", "PRV205"}
    assert after == [f for f in before if f[0] not in declarable]
    assert {code for code, _, _ in after} <= {"PRV210", "PRV211", "PRV212", "PRV213", "PRV214"}
    # nothing left to suggest
    code, out, err = optimer.run("policy", "suggest")
    assert out == "" and "no policy edit to suggest" in err


def test_a_flow_the_policy_forbids_is_left_out_of_the_patch(project):
    project.write("app/tracking.py", TRACKING)
    code, report = project.json("policy", "suggest")
    assert code == 1
    reasons = {(c["code"], c["path"]): c["reason"] for c in report["code_changes"]}
    # declaring segment for the card would break "card-only-to-stripe": a code change, and it says why
    assert any("card-only-to-stripe" in reason and "PRV213" in reason for reason in reasons.values()), reasons
    patch = report["patch"]
    assert "+  - id: segment" in patch and "+    categories: [user.contact.email]\n" in patch
    assert "+  - id: geo_lookup" in patch and "+    hosts: [api.geo-lookup.example]" in patch  # a host-only recipient
    assert "+  - id: sendgrid" in patch and "TODO" in patch

    assert project.run("policy", "suggest", "--apply")[0] == 1
    assert project.run("policy", "validate")[0] == 0
    # only the forbidden card flow is left, now reported as the prohibition it breaks
    assert [(c, p) for c, p, _ in project.findings()] == [("PRV213", "app/tracking.py")]
    policy = project.read("privacy-policy.yaml")
    assert all(line in policy.splitlines() for line in POLICY.splitlines() if line.lstrip().startswith("#"))
    assert "transfers:\n" in policy  # the section the example policy lacked, added at the end


def test_nothing_to_suggest(project):
    code, out, err = project.run("policy", "suggest")
    assert (code, out) == (0, "") and "no policy edit to suggest" in err


def test_an_undeclared_annotated_purpose_is_declared_with_a_legal_basis_to_confirm(project):
    project.write(
        "app/mail.py",
        "import stripe\n\n\ndef remind(user):\n"
        "    stripe.Customer.modify(user.id, email=user.email)  # privlint: purpose=essential.service.notifications\n",
    )
    code, report = project.json("policy", "suggest")
    assert code == 1 and [f["code"] for f in report["fixed"]] == ["PRV204"]
    assert "+  - key: essential.service.notifications" in report["patch"]
    assert "legal_basis: contract  # TODO: confirm the legal basis" in report["patch"]
    assert project.run("policy", "suggest", "--apply")[0] == 0
    assert project.findings() == []


def test_a_policy_that_does_not_load_is_a_usage_error(project):
    project.write("privacy-policy.yaml", "privlint: '1.0'\ncategories: [\n")
    code, out, err = project.run("policy", "suggest")
    assert code == 2 and out == "" and "does not load" in err and "PRV100" in err


def test_json_output_names_what_each_edit_does(optimer):
    code, out, _ = optimer.run("policy", "suggest", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["policy"] == "privacy-policy.yaml"
    assert "declare recipient mixpanel (analytics, US)" in report["changes"]
    assert (
        {"PRV202", "PRV203"}
        <= {f["code"] for f in report["fixed"]}
        <= {"PRV201", "PRV202", "PRV203", "PRV204", "PRV205"}
    )
