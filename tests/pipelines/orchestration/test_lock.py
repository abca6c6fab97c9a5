"""The run lock: a second run is told who holds it; a crashed holder does not block forever."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import update

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io import schema
from verbatim.pipelines.io.store import now
from verbatim.pipelines.orchestration.lock import release, run_lock, try_acquire


def test_lock_second_run_gets_clear_message(db_url):
    from verbatim.pipelines.io.store import Store

    store = Store(db_url)
    assert try_acquire(store, owner="otherhost:4242") is None
    with pytest.raises(VerbatimError, match=r"E203.*otherhost:4242.*--wait"):
        with run_lock(store, wait_s=0.5):
            pass
    release(store, owner="otherhost:4242")
    with run_lock(store):
        assert try_acquire(store, owner="otherhost:1") is not None
    assert try_acquire(store, owner="otherhost:1") is None  # released after the block
    store.dispose()


def test_lock_stale_heartbeat_is_taken_over(store):
    assert try_acquire(store, owner="deadhost:1") is None
    with store.engine.begin() as conn:
        conn.execute(update(schema.locks).values(heartbeat_at=now() - timedelta(minutes=10)))
    with run_lock(store):
        pass


def test_lock_dead_process_on_this_host_is_taken_over(store):
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_owner = f"{socket.gethostname()}:{proc.stdout.strip()}"
    assert try_acquire(store, owner=dead_owner) is None
    with run_lock(store):  # fresh heartbeat, but its process is gone
        pass


def test_lock_released_when_the_block_fails(store):
    with pytest.raises(RuntimeError):
        with run_lock(store):
            raise RuntimeError("boom")
    assert try_acquire(store, owner="otherhost:9") is None
