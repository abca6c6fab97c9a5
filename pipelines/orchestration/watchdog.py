"""No process outlives a run: a small watcher stops what the run started once the run is gone.

`verbatim run` starts child processes it does not control the start of: Prefect's temporary API
server (``python -m uvicorn``, ~250 MB, a port held) and the background embedding process.
Prefect stops its server from an ``atexit`` hook, which never runs when the run is killed
(SIGKILL, or the OOM killer), so under a scheduler one server was left behind per killed night.
A process cannot be told to die with its parent unless it asks for it itself (Linux's
``PR_SET_PDEATHSIG`` is set by the child), so a watcher does it from outside: started beside the
run in its own session (a kill of the run's process group leaves it standing), it notes the
run's descendants every ``POLL_S`` seconds and, once the run has exited for whatever reason,
sends SIGTERM to those still alive, then SIGKILL after ``GRACE_S``. Each process is identified
by its pid *and* start time, so a pid reused by an unrelated process is never signalled.

Linux only (it reads ``/proc``); elsewhere ``start`` does nothing. SIGTERM of the run is turned
into a normal exit by the CLI, so Prefect's own clean-up runs first and the watcher finds nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_S = 0.5
GRACE_S = 5.0
_PROC = Path("/proc")


_watchers: dict[int, subprocess.Popen] = {}  # parent pid -> its watcher, started by this process


def start(parent: int | None = None) -> subprocess.Popen | None:
    """Watch ``parent`` (this process by default) from a detached process; None off Linux.

    One watcher per parent: a second call while it runs returns the same one (the CLI starts it
    before parsing ``verbatim run``, the command again).
    """
    if not (_PROC / "self" / "stat").exists():
        return None
    parent = parent or os.getpid()
    running = _watchers.get(parent)
    if running is not None and running.poll() is None:
        return running
    _watchers[parent] = subprocess.Popen(
        [sys.executable, "-m", "verbatim.pipelines.orchestration.watchdog", str(parent)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    return _watchers[parent]


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time in clock ticks) of a live process, or None."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the command name may hold spaces
    if fields[0] == "Z":  # a zombie has exited already
        return None
    return int(fields[1]), int(fields[19])


def _descendants(root: int) -> dict[int, int]:
    """Every live descendant of ``root``: pid -> start time."""
    children: dict[int, list[int]] = {}
    started: dict[int, int] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit() and (info := _stat(int(entry.name))) is not None:
            children.setdefault(info[0], []).append(int(entry.name))
            started[int(entry.name)] = info[1]
    out: dict[int, int] = {}
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid not in out:
            out[pid] = started[pid]
            todo += children.get(pid, [])
    return out


def _signal_survivors(seen: dict[int, int], sig: int) -> list[int]:
    alive = []
    for pid, start_time in seen.items():
        info = _stat(pid)
        if info is not None and info[1] == start_time:  # the same process, not a reused pid
            try:
                os.kill(pid, sig)
                alive.append(pid)
            except OSError:
                pass
    return alive


def watch(parent: int) -> int:
    """Record ``parent``'s descendants while it lives; stop them once it is gone."""
    mine = os.getpid()
    first = _stat(parent)
    if first is None:
        return 0
    seen: dict[int, int] = {}
    while (info := _stat(parent)) is not None and info[1] == first[1]:
        seen.update({p: t for p, t in _descendants(parent).items() if p != mine})
        time.sleep(POLL_S)
    if not _signal_survivors(seen, signal.SIGTERM):
        return 0
    deadline = time.monotonic() + GRACE_S
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if not _signal_survivors(seen, 0):  # signal 0: is it still there?
            return 0
    _signal_survivors(seen, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    sys.exit(watch(int(sys.argv[1])))
