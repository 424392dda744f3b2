"""A progress bar for long scans, drawn on stderr only when a person is watching a terminal.

The engine reports progress through a plain callback, ``progress(done, total)`` (files summarised
so far, files to summarise), so it never knows about terminals; commands pass ``progress_bar()``,
which is ``None`` in CI, when stderr is piped or redirected, or with ``TERM=dumb`` — stdout stays
the chosen format only, and logs stay free of carriage returns. The bar appears only once a scan
has run for ``delay`` seconds, so the instant runs of a pre-commit hook never flicker.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from typing import TextIO

ProgressCallback = Callable[[int, int], None]
"""``progress(done, total)``: called by the engine as files are processed (any thread of the parent)."""

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")


def wants_progress(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in CI_VARIABLES) or env.get("TERM") == "dumb" or env.get("PRIVLINT_NO_PROGRESS"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class ProgressBar:
    """``bar(done, total)`` redraws at most every ``interval`` seconds; ``bar.close()`` clears the line."""

    DELAY = 0.5  # seconds before the first draw: a fast run never shows a bar
    INTERVAL = 0.1  # seconds between redraws

    def __init__(
        self,
        stream: TextIO,
        label: str = "scanning",
        delay: float | None = None,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream, self.label, self.clock = stream, label, clock
        self.delay = self.DELAY if delay is None else delay
        self.interval = self.INTERVAL if interval is None else interval
        self.started = clock()
        self.last_draw = float("-inf")
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.delay:
            return
        if done < total and now - self.last_draw < self.interval:
            return
        self.last_draw = now
        self.stream.write("\r\x1b[2K" + self.line(done, total))
        self.stream.flush()
        self.drawn = True

    def line(self, done: int, total: int) -> str:
        columns = shutil.get_terminal_size((80, 20)).columns
        counter = f" {done}/{total} files" if total else f" {done} files"
        percent = f" {100 * done // total:3d}%" if total else ""
        width = max(10, min(40, columns - len(self.label) - len(counter) - len(percent) - 4))
        filled = width * done // total if total else 0
        return f"{self.label} [{'#' * filled}{'.' * (width - filled)}]{counter}{percent}"

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(
    stream: TextIO | None = None, environ: Mapping[str, str] | None = None, label: str = "scanning"
) -> ProgressBar | None:
    """A bar on ``stream`` (stderr) when it is an interactive terminal, else ``None`` (no output at all)."""
    target = sys.stderr if stream is None else stream
    return ProgressBar(target, label) if wants_progress(target, environ) else None
