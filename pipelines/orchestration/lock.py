"""A run lock kept in the store itself, so it works across processes and machines.

Unlike a PID file, a lock whose holder died is recognised as stale: its heartbeat stops (a
background thread refreshes it while the run lives), or, on the same host, its process is gone.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.io import schema
from verbatim.pipelines.io.store import Store, now, redact_url

HEARTBEAT_S = 10.0
STALE_AFTER_S = 60.0


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_dead(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def try_acquire(store: Store, name: str = "nightly", *, owner: str | None = None) -> str | None:
    """Take the lock if free or stale; return the holder's description when it is taken."""
    owner = owner or _owner()
    t = schema.locks
    stamp = now()
    with store.engine.begin() as conn:
        row = conn.execute(select(t).where(t.c.name == name)).mappings().first()
        if row is not None:
            beat = row["heartbeat_at"]
            if beat.tzinfo is None:
                beat = beat.replace(tzinfo=stamp.tzinfo)
            stale = stamp - beat > timedelta(seconds=STALE_AFTER_S) or _is_dead(row["owner"])
            if not stale and row["owner"] != owner:
                return f"{row['owner']} since {row['acquired_at']:%Y-%m-%d %H:%M:%S}"
            conn.execute(delete(t).where(t.c.name == name, t.c.owner == row["owner"]))
    try:
        with store.engine.begin() as conn:
            conn.execute(
                t.insert().values(name=name, owner=owner, acquired_at=stamp, heartbeat_at=stamp)
            )
    except IntegrityError:  # another process won the race
        return "another run that started at the same moment"
    return None


def release(store: Store, name: str = "nightly", *, owner: str | None = None) -> None:
    """Give the lock back (only if we hold it)."""
    t = schema.locks
    with store.engine.begin() as conn:
        conn.execute(delete(t).where(t.c.name == name, t.c.owner == (owner or _owner())))


@contextmanager
def run_lock(store: Store, name: str = "nightly", *, wait_s: float = 0.0) -> Iterator[None]:
    """Hold the run lock for the block, waiting up to ``wait_s`` for another run to finish."""
    owner = _owner()
    deadline = time.monotonic() + wait_s
    while (holder := try_acquire(store, name, owner=owner)) is not None:
        if time.monotonic() >= deadline:
            raise VerbatimError(
                Errors.E203,
                owner=holder.split(" since ")[0],
                since=holder.split(" since ")[-1],
                url=redact_url(store.url),
            )
        time.sleep(min(2.0, max(0.1, deadline - time.monotonic())))
    stop = threading.Event()

    def beat() -> None:
        t = schema.locks
        while not stop.wait(HEARTBEAT_S):
            try:
                with store.engine.begin() as conn:
                    conn.execute(
                        update(t)
                        .where(t.c.name == name, t.c.owner == owner)
                        .values(heartbeat_at=now())
                    )
            except Exception:  # noqa: BLE001 - a missed beat is retried; the run goes on
                pass

    thread = threading.Thread(target=beat, name="verbatim-lock-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        release(store, name, owner=owner)
