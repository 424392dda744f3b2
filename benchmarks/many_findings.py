"""Benchmark: `privlint check`, `check --baseline` and `baseline` on one legacy file with many findings.

Not a test. Adopting privlint on legacy code means thousands of findings in a few files; the checks
must stay linear in their number (issue 19, item 7). Generates a project whose ``app/legacy.py``
holds N findings (each function logs an email against a ``no_logging`` prohibition and sends it to
an undeclared recipient, 2 findings per function), then times each command in a fresh process, cold
(``--no-cache``) and warm (the cache filled by a previous run), and prints the time per 1,000
findings, which should stay flat as N grows.

    .venv/bin/python benchmarks/many_findings.py [--findings 1000 5000 10000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from privlint.checks._examples import NO_LOGS, STRIPE, policy  # noqa: E402

FINDINGS_PER_FUNCTION = 2


def legacy_module(findings: int) -> str:
    """A module with ``findings`` findings: two per function (a log line and an undeclared recipient)."""
    lines = ["import logging", "", "import requests", "", "logger = logging.getLogger(__name__)", ""]
    for i in range(findings // FINDINGS_PER_FUNCTION):
        lines += [
            "",
            f"def handler_{i}(user):",
            f'    logger.info("handled {i} for %s", user.email)',
            f'    requests.post("https://crm{i % 7}.example.com/api", json={{"email": user.email}})',
        ]
    return "\n".join(lines) + "\n"


def make_project(root: Path, findings: int) -> None:
    (root / "app").mkdir(parents=True)
    (root / "privacy-policy.yaml").write_text(policy(recipients=STRIPE, extra=NO_LOGS), encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.privlint]\npolicy = "privacy-policy.yaml"\n', encoding="utf-8")
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "legacy.py").write_text(legacy_module(findings), encoding="utf-8")


def privlint(root: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "privlint", *args, "--jobs", "1"], cwd=root, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"privlint {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return elapsed, done


def timed(root: Path, runs: int, *args: str) -> float:
    return statistics.median(privlint(root, *args)[0] for _ in range(runs))


COMMANDS = {
    "check": ("check", "--output-format", "json"),
    "check --baseline": ("check", "--output-format", "json", "--baseline", "base.json"),
    "baseline": ("baseline", "-o", "written.json"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs per cell")
    parser.add_argument("--keep", type=Path, default=None, help="generate the projects here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="privlint-many-findings-"))
    print(f"{'findings':>8} {'command':<17} {'cold s':>7} {'warm s':>7} {'cold s/1k':>9} {'warm s/1k':>9}")
    try:
        for n in args.findings:
            root = base / f"findings-{n}"
            if root.exists():
                shutil.rmtree(root)
            make_project(root, n)
            _, done = privlint(root, "check", "--output-format", "json", "--no-cache")
            found = json.loads(done.stdout)["summary"]["findings"]
            if found != n:
                raise SystemExit(f"expected {n} findings, the generated project has {found}")
            privlint(root, "baseline", "-o", "base.json", "--no-cache")
            for label, command in COMMANDS.items():
                cold = timed(root, args.runs, *command, "--no-cache")
                privlint(root, *command)  # fill the cache
                warm = timed(root, args.runs, *command)
                print(f"{n:>8} {label:<17} {cold:>7.2f} {warm:>7.2f} {cold / n * 1000:>9.3f} {warm / n * 1000:>9.3f}")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
