"""Benchmark: `privlint policy init` on the two examples and a larger application (issue 17).

Not a test. Copies each application into a temporary directory (the examples without their
privacy-policy.yaml; nothing is ever written into the application given), then times the real
command in fresh processes: cold (``--no-cache``) and warm (a second run over an unchanged tree
with the cache on, ``--force`` to replace the first draft). Reports the median wall time, the
child's CPU time and what the draft declares.

    .venv/bin/python benchmarks/policy_init.py [--app /work/apps/wger] [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRIVLINT = Path(sys.executable).with_name("privlint")
IGNORE = shutil.ignore_patterns(".git", ".privlint_cache", "node_modules", "privacy-policy.yaml")


def run(argv: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one fresh process, and its stderr summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {done.returncode}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr.strip().splitlines()[0]


def measure(name: str, source: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / name
        shutil.copytree(source, app, ignore=IGNORE, symlinks=True)
        lines = sum(p.read_bytes().count(b"\n") for p in app.rglob("*.py") if p.is_file())
        policy = Path(tmp) / "privacy-policy.yaml"
        init = [str(PRIVLINT), "policy", "init", str(app), "-o", str(policy), "--force"]
        cold = [run([*init, "--no-cache"], Path(tmp)) for _ in range(runs)]
        run(init, Path(tmp))  # fills the cache
        warm = [run(init, Path(tmp)) for _ in range(runs)]
        check = subprocess.run(
            [str(PRIVLINT), "check", str(app), "--policy", str(policy), "--output-format", "json"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"{name}: {lines:,} lines of Python")
        for label, timings in (("cold (--no-cache)", cold), ("warm (cache, unchanged tree)", warm)):
            wall = statistics.median(t[0] for t in timings)
            cpu = statistics.median(t[1] for t in timings)
            print(f"  {label}: median wall {wall:.2f} s, CPU {cpu:.2f} s over {runs} run(s)")
        print(f"  {cold[0][2]}")
        print(f"  privlint check with the draft: exit {check.returncode}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", action="append", default=[], help="a larger application (copied, never written)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    targets = [("optimer", REPO / "examples" / "optimer"), ("optimibi", REPO / "examples" / "optimibi")]
    targets += [(Path(app).name, Path(app)) for app in args.app]
    for name, source in targets:
        measure(name, source, args.runs)


if __name__ == "__main__":
    main()
