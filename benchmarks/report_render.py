"""How long ``privlint report`` takes beyond the scan: building the report model and rendering it.

Two corpora, both about 100k lines:

* a real application (``python benchmarks/report_render.py /work/ext/saleor``): a ~100k-line subset
  is checked with ``privlint.api.check`` against a policy that declares nothing (every flow is a
  violation: the most a report has to draw), then the report is built and rendered;
* ``--synthetic`` (no engine needed): 1,000 generated modules of 100 lines with 4 flows each
  (4,000 flows over 12 categories and 16 recipients, a quarter of them violations), written to
  disk so that evidence snippets are read from real files.

Prints a Markdown table: seconds for the model and for each format, and the output sizes.
Not a test: numbers go to ``benchmarks/README.md`` with the command that produced them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from privlint.report import FORMATS, LinkMaker, build_report, render
from privlint.types import CheckResult, Finding, Flow, Location, ScanResult, Sink, Source, TraceStep

CATEGORIES = (
    "user.contact.email",
    "user.contact.phone_number",
    "user.contact.address.city",
    "user.name",
    "user.device.ip_address",
    "user.device.cookie_id",
    "user.unique_id",
    "user.financial.credit_card",
    "user.location.precise",
    "user.behavior.purchase_history",
    "user.demographic.date_of_birth",
    "user.account.username",
)
RECIPIENTS = (
    ("stripe", "stripe.Customer.create"),
    ("mixpanel", "mixpanel.Mixpanel().track"),
    ("segment", "analytics.track"),
    ("sendgrid", "sendgrid.SendGridAPIClient().send"),
    ("twilio", "twilio.rest.Client().messages.create"),
    ("sentry", "sentry_sdk.set_user"),
    ("hubspot", "hubspot.Client().crm.contacts.basic_api.create"),
    ("openai", "openai.OpenAI().chat.completions.create"),
    ("posthog", "posthog.capture"),
    ("slack", "slack_sdk.WebClient().chat_postMessage"),
    ("aws", "boto3.client(ses).send_email"),
    ("intercom", "intercom.Client().users.create"),
    ("zendesk", "zenpy.Zenpy().tickets.create"),
    ("mailchimp", "mailchimp3.MailChimp().lists.members.create"),
    (None, "logging.Logger.info"),
    (None, "django.db.models.Model.save"),
)


def synthetic(root: Path, modules: int = 1000, lines_per_module: int = 100, flows_per_module: int = 4) -> CheckResult:
    rng = random.Random(6)
    flows: list[Flow] = []
    findings: list[Finding] = []
    analyzed = []
    for index in range(modules):
        path = f"app/pkg{index // 50:02d}/module{index:04d}.py"
        body = [f'"""Module {index}."""', "import logging", ""]
        while len(body) < lines_per_module:
            body += [
                f"def handler_{len(body)}(user, request):",
                "    payload = {'email': user.email}",
                "    return payload",
                "",
            ]
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(body[:lines_per_module]) + "\n", encoding="utf-8")
        analyzed.append(path)
        for n in range(flows_per_module):
            recipient, callee = rng.choice(RECIPIENTS)
            kind = "third_party" if recipient else ("log" if callee.startswith("logging") else "storage")
            line = 5 + n * 20
            flow = Flow(
                category=rng.choice(CATEGORIES),
                sink=Sink(kind, callee, recipient),
                location=Location(path, line, 5),
                source=Source(path, line - 1, 17, "user.email"),
                trace=(TraceStep(path, line - 1, "assigned to payload"), TraceStep(path, line, f"passed to {callee}")),
                function=f"app.pkg{index // 50:02d}.module{index:04d}.handler_{line}",
            )
            flows.append(flow)
            if rng.random() < 0.25:
                findings.append(
                    Finding("PRV202", f"{flow.category} is sent to {recipient or kind}", flow.location, flow=flow)
                )
    scan = ScanResult(root=str(root), flows=tuple(sorted(flows)), analyzed=tuple(analyzed))
    return CheckResult(scan=scan, findings=tuple(sorted(findings)), policy_path=None, policy=None)


def real(corpus: Path, lines: int, scratch: Path, policy: Path | None) -> tuple[CheckResult, float, int]:
    sys.path.insert(0, str(Path(__file__).parent))
    from run import EMPTY_POLICY, count_lines, subset  # the other benchmark's corpus helpers

    from privlint import api

    part = subset(corpus, lines, scratch / "subset")
    _, counted = count_lines(part)
    if policy is None:
        policy = scratch / "privacy-policy.yaml"
        policy.write_text(EMPTY_POLICY)
    started = time.perf_counter()
    result = api.check([str(part)], policy_path=str(policy))
    fatal = [f for f in result.findings if f.code in ("PRV000", "PRV100")]
    if fatal:
        raise SystemExit("check failed: " + "; ".join(f"{f.code} {f.message}" for f in fatal[:5]))
    return result, time.perf_counter() - started, counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, nargs="?", help="a copy of an application, outside this repository")
    parser.add_argument("--synthetic", action="store_true", help="generated 100k-line app, no engine needed")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--policy", type=Path, default=None, help="default: a policy that declares nothing")
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    parser.add_argument("--save", type=Path, default=None, help="also write the HTML report here, to look at")
    args = parser.parse_args()
    if not args.synthetic and args.corpus is None:
        parser.error("give a CORPUS or --synthetic")

    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        if args.synthetic:
            result = synthetic(scratch, modules=args.lines // 100)
            print(f"synthetic app: {args.lines} lines in {args.lines // 100} files")
        else:
            result, scan_seconds, counted = real(args.corpus.resolve(), args.lines, scratch, args.policy)
            print(f"{args.corpus}: {counted} lines; scan + check {scan_seconds:.2f} s")
        print(f"{len(result.scan.analyzed)} files, {len(result.scan.flows)} flows, {len(result.findings)} findings\n")
        links = LinkMaker("https://github.com/org/repo/blob/{commit}/{path}#L{line}", "0" * 40)
        rows = []
        best_model = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = build_report(result, links=links)
            best_model = min(best_model, time.perf_counter() - started)
        rows.append(("model (build_report)", best_model, ""))
        for fmt in FORMATS:
            best = float("inf")
            for _ in range(args.repeat):
                started = time.perf_counter()
                text = render(report, fmt)
                best = min(best, time.perf_counter() - started)
            rows.append((f"render {fmt}", best, f"{len(text.encode()) / 1024:.0f} KiB"))
        print(f"| step | seconds (best of {args.repeat}) | output |")
        print("|---|---:|---:|")
        for label, seconds, size in rows:
            print(f"| {label} | {seconds:.3f} | {size} |")
        print(f"| **model + html** | **{best_model + rows[1][1]:.3f}** | |")
        if args.save:
            args.save.write_text(render(report, "html"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
