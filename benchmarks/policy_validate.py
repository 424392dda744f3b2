"""Benchmark: `privlint policy validate` on a generated 2,000-line policy (target: under 0.3 s).

Not a test. Generates a realistic, lint-clean policy of at least 2,000 lines (taxonomy extensions,
categories with retention, purposes, recipients with transfers, prohibitions, bindings), then times
the real command in a fresh process (what a pre-commit hook pays) and breaks the in-process time
down into imports, YAML+schema load and lint.

    .venv/bin/python benchmarks/policy_validate.py [--lines 2000] [--runs 7]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARENTS = ("user.device", "user.behavior", "user.content", "user.account", "user.contact", "system.operations")
USES = (
    "essential.service",
    "essential.service.payment_processing",
    "essential.service.operations.support",
    "essential.service.notifications.email",
    "analytics.reporting",
    "functional.service.improve",
    "essential.legal_obligation",
    "marketing.communications.email",
)


def generate(min_lines: int) -> str:
    """A lint-clean policy of at least ``min_lines`` lines; grows by adding categories and recipients."""
    n = 10
    while True:
        text = _policy(n)
        if text.count("\n") >= min_lines:
            return text
        n += 10


def _policy(n: int) -> str:
    ext = [f"{PARENTS[i % len(PARENTS)]}.field_{i}" for i in range(n)]
    lines = [
        'privlint: "1.0"',
        "policy: {id: bench, name: Benchmark policy, effective_date: '2025-01-01'}",
        "controller: {name: Bench GmbH, region: EEA, contact: privacy@bench.example}",
        "subjects: [customer, visitor]",
        "taxonomy:",
        "  extensions:",
        "    data_categories:",
    ]
    for key in ext:
        lines += [
            f"      - key: {key}",
            f"        name: Field {key.rsplit('_', 1)[1]}",
            "        description: generated",
        ]
    lines.append("categories:")
    for key in ext:
        lines += [
            f"  - key: {key}",
            f"    name: Field {key.rsplit('_', 1)[1]}",
            "    retention: {duration: P30D, trigger: account_closure, after: delete}",
        ]
    lines.append("purposes:")
    for u, use in enumerate(USES):
        lines += [f"  - key: {use}", f"    name: Purpose {u}", "    legal_basis: contract", "    categories:"]
        lines += [f"      - {key}" for key in ext if hash_of(key, u)]
    lines.append("recipients:")
    transfers = []
    for r in range(n // 2):
        use = USES[r % len(USES)]
        cats = [key for key in ext if hash_of(key, r % len(USES))][:6]
        location = "US" if r % 3 == 0 else "DE"
        lines += [
            f"  - id: vendor_{r}",
            f"    name: Vendor {r}",
            "    role: processor",
            "    kind: other",
            f"    locations: [{location}]",
            "    categories:",
            *[f"      - {c}" for c in cats],
            f"    purposes: [{use}]",
            f"    hosts: [api.vendor-{r}.example]",
        ]
        if location == "US":
            transfers += [f"  - recipient: vendor_{r}", "    destination: US", "    mechanism: scc"]
    lines += ["transfers:", *transfers]
    lines += [
        "prohibitions:",
        "  - {id: no-logs, rule: no_logging, categories: [user.contact, user.financial]}",
        "  - {id: no-sale, rule: no_sale, categories: [user]}",
        "bindings:",
        "  identifiers:",
        *[f"    {key}: [field {i}]" for i, key in enumerate(ext[:50])],
    ]
    return "\n".join(lines) + "\n"


def hash_of(key: str, salt: int) -> bool:
    """Deterministic pseudo-random membership (no ``hash()``: it is salted per process)."""
    return (sum(map(ord, key)) + salt * 7) % 4 == 0


def timed_runs(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall time and CPU time (user + sys of the child) of ``runs`` fresh runs of ``command``."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "privacy-policy.yaml"
        path.write_text(generate(args.lines), encoding="utf-8")
        line_count = path.read_text(encoding="utf-8").count("\n")
        privlint = [sys.executable, "-m", "privlint", "policy", "validate", str(path)]
        first = subprocess.run(privlint, capture_output=True, text=True, check=False)
        if first.returncode != 0:
            sys.exit(f"generated policy is not clean (exit {first.returncode}):\n{first.stdout}{first.stderr}")
        wall, cpu = timed_runs(privlint, args.runs)
        # the same work without the CLI: what policy_model itself costs in a fresh process
        direct = [sys.executable, "-c", f"import policy_model as m; m.lint(m.load({str(path)!r}))"]
        model_only, model_cpu = timed_runs(direct, args.runs)
        baseline, _ = timed_runs([sys.executable, "-c", "pass"], args.runs)

        code = (
            "import time,sys;t0=time.perf_counter();"
            "import policy_model;t1=time.perf_counter();"
            f"p=policy_model.load({str(path)!r});t2=time.perf_counter();"
            "f=policy_model.lint(p);t3=time.perf_counter();"
            "print(t1-t0,t2-t1,t3-t2,len(f))"
        )
        parts = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
        imports, load, lint_time, findings = float(parts[0]), float(parts[1]), float(parts[2]), int(parts[3])

    print(f"policy: {line_count} lines, lint findings: {findings}")
    print(f"privlint policy validate (fresh process), median of {args.runs}: {statistics.median(wall):.3f} s wall,")
    print(f"  {statistics.median(cpu):.3f} s CPU (user+sys; robust when other jobs share the cores)")
    print(
        f"  policy_model.load + lint, fresh process (no CLI): {statistics.median(model_only):.3f} s wall, "
        f"{statistics.median(model_cpu):.3f} s CPU"
    )
    print(f"  python interpreter start alone:          {statistics.median(baseline):.3f} s")
    print(f"  in-process: imports (policy_model) {imports:.3f} s, load (YAML + schema) {load:.3f} s,")
    print(f"              lint {lint_time:.3f} s")


if __name__ == "__main__":
    main()
