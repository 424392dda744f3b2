"""Ctrl-C: exit 130 within a bound, one line on stderr, no worker left running, a consistent cache; never a
traceback and never a hang (issue 19). A terminal sends SIGINT to the whole foreground process group, workers
included, so the test does the same, at moments spread over a multi-process scan (``--jobs 2``) of a generated
tree: while files are read, summarised by the workers, solved, checked and written, with and without the cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from privlint.checks._examples import NO_LOGS, STRIPE, policy

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")

INTERRUPTS = 20  # at least this many runs must really be interrupted
ATTEMPTS = 30  # runs tried to get them (a run can finish before its signal)
EXIT_BOUND = 3.0  # seconds from the signal to the end of the process and of its workers


def make_tree(root: Path, modules: int = 160, functions: int = 30) -> None:
    """Enough files for the worker pool (more than ``run.PARALLEL_THRESHOLD``) and about a second of work."""
    (root / "privacy-policy.yaml").write_text(policy(recipients=STRIPE, extra=NO_LOGS), encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.privlint]\npolicy = "privacy-policy.yaml"\n', encoding="utf-8")
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    for m in range(modules):
        lines = ["import logging", "", "import stripe", "", "logger = logging.getLogger(__name__)"]
        for i in range(functions):
            lines += ["", "", f"def handler_{i}(user, order):", f"    total = order.amount * {i}", "    if total > 10:"]
            lines += ['        logger.debug("order %s", order.id)', "    stripe.Customer.create(email=user.email)"]
        if m % 20 == 0:
            lines += ["", "", "def audit(user):", '    logger.info("user %s", user.email)']
        (root / "app" / f"mod_{m}.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


def command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "privlint", "check", "--jobs", "2", "--output-format", "json", *extra]


def run(root: Path, *extra: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.monotonic()
    done = subprocess.run(command(*extra), cwd=root, capture_output=True, text=True, check=False)
    return time.monotonic() - start, done


def running_in_group(group: int) -> list[str]:
    """Processes of the group that are still running (a killed worker may stay a zombie until init reaps it)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(stat.parent.name)
    return found


def interrupt(root: Path, delay: float, *extra: str) -> tuple[int, str, float]:
    """Start a check in its own process group, send the group SIGINT after ``delay`` seconds; the exit code,
    stderr and the seconds from the signal until the process and its workers were gone."""
    process = subprocess.Popen(
        command(*extra), cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    time.sleep(delay)
    sent = time.monotonic()
    with contextlib.suppress(ProcessLookupError):  # finished before the signal
        os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=EXIT_BOUND)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"privlint hung after SIGINT at {delay:.2f} s")
    while Path("/proc").is_dir() and running_in_group(process.pid) and time.monotonic() - sent < EXIT_BOUND:
        time.sleep(0.02)
    leftover = running_in_group(process.pid) if Path("/proc").is_dir() else []
    assert not leftover, f"workers {leftover} still running after SIGINT at {delay:.2f} s"
    return process.returncode, err, time.monotonic() - sent


def startup_seconds() -> float:
    """How long the interpreter takes to reach ``privlint.cli.main``: a signal before that is Python's."""
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", "import privlint.cli"], check=True)
    return time.monotonic() - start


def test_ctrl_c_in_a_loop_exits_130_with_one_line_and_leaves_the_cache_consistent(tmp_path: Path) -> None:
    make_tree(tmp_path)
    full, reference = run(tmp_path, "--no-cache")
    assert reference.returncode == 1, reference.stderr
    first = max(0.25, 3 * startup_seconds())
    last = max(first + 0.3, 0.9 * full)
    interrupted = 0
    for attempt in range(ATTEMPTS):
        if interrupted >= INTERRUPTS:
            break
        fraction = (attempt * 7 % INTERRUPTS) / INTERRUPTS  # spread over the run, not in order
        cached = attempt % 2 == 1  # the cache: a run that ends mid-write must not leave it lying
        delay = first + fraction * (last - first) * (0.6 if cached else 1.0)
        code, err, elapsed = interrupt(tmp_path, delay, *(() if cached else ("--no-cache",)))
        if code in (0, 1):  # the run was over before the signal
            continue
        assert code == 130, f"exit {code} after SIGINT at {delay:.2f} s:\n{err}"
        assert err == "privlint: interrupted\n", f"SIGINT at {delay:.2f} s:\n{err}"
        assert elapsed < EXIT_BOUND
        interrupted += 1
    assert interrupted >= INTERRUPTS, f"only {interrupted} of {ATTEMPTS} runs were still going at their signal"

    for _ in range(2):  # cold with whatever the interrupted runs left in the cache, then warm
        _, done = run(tmp_path)
        assert done.returncode == 1, done.stderr
        assert json.loads(done.stdout) == json.loads(reference.stdout)
