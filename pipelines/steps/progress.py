"""Progress of the long steps (ingest, prepare, embed, themes), with counts and time left.

In a terminal, a rich progress bar on stderr (description, bar, done/total, elapsed, time left).
Elsewhere (a scheduled run, Prefect logs, a pipe), a log line through ``say`` at most every
``LOG_EVERY_S`` seconds and once at the end, with the same figures: a 20k-row run used to show
nothing for two minutes. ``VERBATIM_PROGRESS=0`` turns both off, ``=1`` forces the bar.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LOG_EVERY_S = 15.0
MIN_TOTAL = 2_000  # smaller work ends before a bar is worth drawing

Advance = Callable[[int], None]


def _mode() -> str:
    """The progress display: "bar", "log" or "off"."""
    forced = os.environ.get("VERBATIM_PROGRESS", "").strip().lower()
    if forced in ("0", "false", "no", "off"):
        return "off"
    if forced in ("1", "true", "yes", "on"):
        return "bar"
    return "bar" if sys.stderr.isatty() else "log"


def _eta(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


@contextmanager
def progress(
    description: str, total: int, *, say: Callable[[str], None] | None = None
) -> Iterator[Advance]:
    """Yield ``advance(n)``; show the work done of ``total`` while the block runs."""
    mode = _mode() if total >= MIN_TOTAL else "off"
    if mode == "bar":
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        with bar:
            task = bar.add_task(description, total=total)
            yield lambda n: bar.advance(task, n)
        return
    if mode == "off" or say is None:
        yield lambda n: None
        return
    start = last = time.monotonic()
    done = 0

    def advance(n: int) -> None:
        nonlocal done, last
        done += n
        now = time.monotonic()
        if now - last >= LOG_EVERY_S and done < total:
            last = now
            rate = done / max(now - start, 1e-9)
            left = (total - done) / rate if rate > 0 else 0.0
            say(f"{description}: {done:,}/{total:,} ({done / total:.0%}), about {_eta(left)} left")

    yield advance
    say(f"{description}: {done:,}/{total:,} in {_eta(time.monotonic() - start)}")
