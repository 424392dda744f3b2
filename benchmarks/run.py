"""Benchmark privlint against a real code base, and Semgrep/Bandit on the same corpus when installed.

Downloads nothing: you point it at a copy of an application outside this repository, e.g.

    python benchmarks/run.py /work/ext/saleor --semgrep /work/ext/bench-venv/bin/semgrep \
        --bandit /work/ext/bench-venv/bin/bandit

and it prints a Markdown table (wall time, peak RSS) for: privlint cold, warm (nothing changed),
warm after editing one file, a pre-commit style run on one file, and the peers. ``--scaling`` adds
a table at ~10k / 100k / all lines built from subsets of the corpus. Not a test: numbers go to
``benchmarks/README.md`` with the command that produced them.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EMPTY_POLICY = """\
# A policy that declares nothing: every flow is a finding, the worst case for the checks.
privlint: "1.0"
controller:
  name: Benchmark
  region: EEA
categories: []
purposes: []
"""


@dataclass
class Measurement:
    label: str
    seconds: float
    peak_mb: float
    exit_code: int
    samples: tuple[float, ...] = ()  # every repetition's wall time; ``seconds`` is their median


def repeated(label: str, runs: list[Callable[[], Measurement]]) -> Measurement:
    """The median wall time of several runs (a shared machine is noisy: one sample can be 2x off)."""
    measured = [run() for run in runs]
    times = tuple(m.seconds for m in measured)
    peak = max(m.peak_mb for m in measured)
    return Measurement(label, statistics.median(times), peak, measured[-1].exit_code, times)


def measure(label: str, command: list[str], cwd: Path | None = None) -> Measurement:
    """Wall time and peak RSS of one command (children included), via wait4's rusage."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"[{label}] exit {code}: {stderr[-2000:]}")
    # ru_maxrss is the largest single process of the tree (KiB on Linux).
    return Measurement(label, seconds, usage.ru_maxrss / 1024, code)


def count_lines(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*.py") if p.is_file()]
    lines = 0
    for path in files:
        with path.open("rb") as handle:
            lines += sum(1 for _ in handle)
    return len(files), lines


def privlint_command(args: argparse.Namespace, corpus: Path, policy: Path, *extra: str) -> list[str]:
    command = [args.privlint, "check", str(corpus), "--policy", str(policy), "--output-format", "json"]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    return [*command, *extra]


def clear_cache(corpus: Path) -> None:
    for candidate in (corpus / ".privlint_cache", Path.cwd() / ".privlint_cache"):
        shutil.rmtree(candidate, ignore_errors=True)


def body_edit(source: str, nth: int = 0) -> str:
    """A developer's edit inside a function: print its first parameter at the top of the body of
    the ``nth`` function that has one (a new flow, and every line below moves)."""
    tree = ast.parse(source)
    functions = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)),
        key=lambda n: n.lineno,
    )

    def parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
        every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        return [a.arg for a in every if a.arg not in ("self", "cls")]

    candidates = [n for n in functions if parameters(n)]
    if not candidates:
        raise ValueError("no function with a parameter")
    node = candidates[nth % len(candidates)]
    parameter = parameters(node)[0]
    first = node.body[0]
    lines = source.splitlines(keepends=True)
    at = first.lineno - 1
    edited = "".join([*lines[:at], f"{' ' * first.col_offset}print({parameter})\n", *lines[at:]])
    compile(edited, "<edit>", "exec")
    return edited


def touch_one_file(corpus: Path) -> tuple[Path, bytes]:
    """Edit a file that matters (it mentions personal data) inside a function body, the way a
    developer would."""
    for path in sorted(corpus.rglob("*.py")):
        data = path.read_bytes()
        if b"email" in data and len(data) > 2000 and b"def " in data:
            try:
                path.write_bytes(body_edit(data.decode()).encode())
            except (ValueError, SyntaxError):
                continue  # nothing to edit there, or a file Python cannot parse
            return path, data
    raise SystemExit("no file mentioning 'email' to edit")


def privlint_suite(args: argparse.Namespace, corpus: Path, policy: Path, prefix: str = "") -> list[Measurement]:
    """Cold, warm, one file edited, and the pre-commit hook's run on that staged file (pre-commit
    passes file names: privlint analyses the whole project, here the working directory, and reports
    on those files only). Each row is the median of ``--repeat`` runs; each edited run edits another
    function than the run before, so every one of them has something new to solve."""
    directory = privlint_command(args, corpus, policy)

    def cold() -> Measurement:
        clear_cache(corpus)
        return measure("cold", directory, corpus)

    results = [repeated(f"{prefix}privlint check, cold", [cold] * args.cold_repeat)]
    results.append(
        repeated(
            f"{prefix}privlint check, warm (nothing changed)",
            [lambda: measure("warm", directory, corpus)] * args.repeat,
        )
    )
    edited, original = touch_one_file(corpus)
    staged = [*directory[:2], str(edited), *directory[3:]]  # the staged file instead of the directory

    def edit_and_run(nth: int, command: list[str]) -> Callable[[], Measurement]:
        def run() -> Measurement:
            edited.write_bytes(body_edit(original.decode(), nth=nth).encode())
            return measure("edited", command, corpus)

        return run

    try:
        measure("first edit", directory, corpus)  # touch_one_file's edit, not measured: a fresh start
        edits = [edit_and_run(nth, directory) for nth in range(1, args.repeat + 1)]
        results.append(repeated(f"{prefix}privlint check, warm, one file edited", edits))
        staged_edits = [edit_and_run(nth, staged) for nth in range(args.repeat + 1, 2 * args.repeat + 1)]
        results.append(repeated(f"{prefix}pre-commit: one staged file, edited since the last run", staged_edits))
        results.append(
            repeated(
                f"{prefix}pre-commit: one staged file, warm", [lambda: measure("staged", staged, corpus)] * args.repeat
            )
        )
    finally:
        edited.write_bytes(original)
    return results


def peers(args: argparse.Namespace, corpus: Path) -> list[Measurement]:
    results = []
    if args.semgrep:
        rule = Path(__file__).with_name("semgrep-pii-taint.yaml")
        command = [args.semgrep, "scan", "--config", str(rule), "-j", "1", "--metrics=off", "--quiet", str(corpus)]
        results.append(measure("semgrep, one taint rule, -j 1", command))
    if args.bandit:
        results.append(measure("bandit -r", [args.bandit, "-r", "-q", "-f", "json", str(corpus)]))
    return results


def subset(corpus: Path, target_lines: int, destination: Path) -> Path:
    """A copy of whole top-level packages of the corpus until about ``target_lines`` lines."""
    copied = 0
    for path in sorted(corpus.rglob("*.py")):
        if copied >= target_lines:
            break
        relative = path.relative_to(corpus)
        if any(part.startswith(".") for part in relative.parts):
            continue
        (destination / relative).parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        (destination / relative).write_bytes(data)
        copied += data.count(b"\n")
    return destination


def table(rows: list[Measurement]) -> str:
    lines = ["| run | wall time (s), median | range (s) | peak RSS (MB) | exit |", "|---|---:|---:|---:|---:|"]
    for m in rows:
        spread = f"{min(m.samples):.2f}-{max(m.samples):.2f} ({len(m.samples)})" if len(m.samples) > 1 else ""
        lines.append(f"| {m.label} | {m.seconds:.2f} | {spread} | {m.peak_mb:.0f} | {m.exit_code} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a copy of an application, outside this repository")
    parser.add_argument("--privlint", default=shutil.which("privlint") or "privlint")
    parser.add_argument("--policy", type=Path, default=None, help="default: a policy that declares nothing")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--semgrep", default=None, help="path to semgrep, to compare")
    parser.add_argument("--bandit", default=None, help="path to bandit, to compare")
    parser.add_argument("--scaling", action="store_true", help="also measure ~10k and ~100k line subsets")
    parser.add_argument("--repeat", type=int, default=5, help="runs per warm/edited row (the median is shown)")
    parser.add_argument("--cold-repeat", type=int, default=3, help="runs per cold row")
    args = parser.parse_args()
    for tool in ("privlint", "semgrep", "bandit"):  # runs happen in the corpus: make paths absolute
        given = getattr(args, tool)
        if given and os.sep in given and Path(given).exists():
            setattr(args, tool, str(Path(given).resolve()))

    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        # The policy gets a directory of its own: a file argument makes the policy's directory the
        # project when it contains the file, and the subsets below must not become one project.
        policy = args.policy or Path(scratch) / "policy" / "privacy-policy.yaml"
        if args.policy is None:
            policy.parent.mkdir()
            policy.write_text(EMPTY_POLICY)
        files, lines = count_lines(corpus)
        print(f"corpus: {corpus} — {files} Python files, {lines} lines; {os.cpu_count()} cores\n")
        rows = privlint_suite(args, corpus, policy) + peers(args, corpus)
        print(table(rows))
        if args.scaling:
            scale_rows = []
            for target in (10_000, 100_000):
                part = subset(corpus, target, Path(scratch) / f"subset-{target}")
                _, part_lines = count_lines(part)
                scale_rows += privlint_suite(args, part, policy, prefix=f"{part_lines} lines: ")
            print("\nscaling:\n" + table(scale_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
