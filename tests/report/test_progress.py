"""The progress bar: drawn on an interactive terminal only, throttled, and cleared at the end."""

from __future__ import annotations

import io
import os
import pty

from privlint.progress import ProgressBar, progress_bar, wants_progress


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_no_bar_when_piped_or_in_ci():
    assert progress_bar(io.StringIO(), environ={}) is None  # not a terminal
    master, slave = pty.openpty()
    try:
        with os.fdopen(slave, "w", closefd=False) as terminal:
            assert wants_progress(terminal, environ={"TERM": "xterm"})
            assert progress_bar(terminal, environ={"TERM": "xterm"}) is not None
            assert progress_bar(terminal, environ={"CI": "true"}) is None
            assert progress_bar(terminal, environ={"GITHUB_ACTIONS": "true"}) is None
            assert progress_bar(terminal, environ={"TERM": "dumb"}) is None
    finally:
        os.close(master)
        os.close(slave)


def test_bar_waits_throttles_and_clears():
    stream, clock = io.StringIO(), FakeClock()
    bar = ProgressBar(stream, delay=0.5, interval=0.1, clock=clock)
    bar(1, 200)
    assert stream.getvalue() == ""  # a fast run (a pre-commit hook) never shows a bar
    clock.now = 0.6
    bar(50, 200)
    assert stream.getvalue().endswith("50/200 files  25%")
    assert "[##########" in stream.getvalue()
    bar(51, 200)  # within the interval: not redrawn
    assert "51/200" not in stream.getvalue()
    clock.now = 0.8
    bar(200, 200)
    assert stream.getvalue().endswith("200/200 files 100%")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[2K")  # the line is cleared, nothing left behind


def test_unknown_total_and_quiet_close():
    stream, clock = io.StringIO(), FakeClock()
    with ProgressBar(stream, delay=0, clock=clock) as bar:
        bar(3, 0)
        assert stream.getvalue().endswith("3 files")
    silent = io.StringIO()
    ProgressBar(silent, clock=FakeClock()).close()
    assert silent.getvalue() == ""


def test_the_engine_reports_progress_per_file(tmp_path):
    from pathlib import Path

    from privlint import api

    app = Path(__file__).resolve().parents[2] / "examples" / "optimer" / "app"
    calls: list[tuple[int, int]] = []
    result = api.scan([str(app)], root=str(app), jobs=1, progress=lambda done, total: calls.append((done, total)))
    total = len(result.analyzed) + len(result.skipped)
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == list(range(1, total + 1))
