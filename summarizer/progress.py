"""A one-line progress bar on stderr: articles done, rate, ETA. Silent when stderr is not a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

MIN_INTERVAL_S = 0.2
BAR_WIDTH = 24

ProgressCallback = Callable[[int, int], None]
"""Told ``(done, total)`` articles as they are summarized: a :class:`ProgressBar`, or any callable."""


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_line(done: int, total: int, rate: float | None) -> str:
    """``[#####-----] 12/50 articles  1.3/s  ETA 0:29`` (rate and ETA once known)."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    line = f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total} articles"
    if rate:
        line += f"  {rate:.2f}/s  ETA {_clock((total - done) / rate)}"
    return line


class ProgressBar:
    """Callable ``(done, total)``; redraws at most every 0.2 s, ends its line when done."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled if enabled is not None else self.stream.isatty()
        self._start: float | None = None
        self._start_done = 0
        self._last_draw = 0.0
        self._width = 0

    def __call__(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` articles."""
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if self._start is None:  # the first report counts cached articles: the rate starts after them
            self._start, self._start_done = now, done
        finished = done >= total
        if not finished and now - self._last_draw < MIN_INTERVAL_S:
            return
        elapsed = now - self._start
        rate = (done - self._start_done) / elapsed if elapsed > 0 and done > self._start_done else None
        line = progress_line(done, total, rate)
        self.stream.write("\r" + line.ljust(self._width) + ("\n" if finished else ""))
        self.stream.flush()
        self._width, self._last_draw = len(line), now
        if finished:
            self._start = None
