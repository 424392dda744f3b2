"""A check result whose every scanned string is hostile markup: paths, functions, evidence, snippets.

Scanned code is untrusted input (a contributor's pull request, a vendored package): a report that
inserted these strings raw would run the attacker's script in a reviewer's browser or break the
Markdown of a pull-request comment.
"""

from __future__ import annotations

from pathlib import Path

from report_sample import POLICY

from privlint.types import CheckResult, Finding, Flow, Location, ScanResult, Sink, SkippedFile, Source, TraceStep

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
PATH = f"shop/{IMG}.py"  # no "/" inside IMG, so this is one file name
MD_BREAKERS = "a|b *c* _d_ [e](javascript:alert(3)) `f` $g$"

CODE = f'''import requests


def push(user):
    requests.post("https://collector.example/{SCRIPT}", json={{"{SCRIPT}": user.email, "x": "{MD_BREAKERS}"}})
'''


def hostile_result(root: Path) -> CheckResult:
    target = root / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(CODE, encoding="utf-8")
    flow = Flow(
        category="user.contact.email",
        sink=Sink("network", f"requests.post{SCRIPT}", None, host=f'collector.example"><svg onload=alert(4)>{SCRIPT}'),
        location=Location(PATH, 5, 5),
        source=Source(PATH, 5, 70, f"user.{SCRIPT}.email {MD_BREAKERS}"),
        trace=(TraceStep(PATH, 5, f"</code></li>{SCRIPT} passed as json= {MD_BREAKERS}"),),
        function=f"shop.{SCRIPT}.push",
    )
    finding = Finding(
        "PRV202",
        f"user.contact.email is sent to {SCRIPT}, which the policy does not declare {MD_BREAKERS}",
        flow.location,
        flow=flow,
        clause=f"recipients[{SCRIPT}]",
        hint=f"declare {IMG}",
    )
    scan = ScanResult(
        root=str(root),
        flows=(flow,),
        analyzed=(PATH,),
        skipped=(SkippedFile(f"shop/{SCRIPT[:-9]}.py", f"syntax error {SCRIPT}"),),
    )
    return CheckResult(scan=scan, findings=(finding,), policy_path="privacy-policy.yaml", policy=POLICY)
