"""No process outlives a killed run: Prefect's temporary server and the embedding process go too."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from tests.helpers import CLI, cli_env
from verbatim.pipelines.orchestration.watchdog import _descendants, _stat

pytestmark = pytest.mark.slow


def _alive(procs: dict[int, int]) -> list[int]:
    return [p for p, t in procs.items() if (s := _stat(p)) is not None and s[1] == t]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_run_leaves_no_process_behind(tmp_path, sample_path, sig):
    run = subprocess.Popen(
        [*CLI, "run", str(sample_path), "--db", f"sqlite:///{tmp_path / 'v.db'}", "-o", "out"],
        cwd=tmp_path,
        env={**cli_env(tmp_path), "VERBATIM_EMBEDDING_BACKGROUND": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: dict[int, int] = {}
    deadline = time.monotonic() + 120
    # wait for the Prefect server and the embedding process (besides the watcher)
    while time.monotonic() < deadline and run.poll() is None:
        children.update(_descendants(run.pid))
        if len(_alive(children)) >= 3:
            break
        time.sleep(0.3)
    assert run.poll() is None, "the run ended before it could be killed"
    assert len(_alive(children)) >= 3, children
    run.send_signal(sig)
    run.wait(timeout=60)
    deadline = time.monotonic() + 20
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _alive(children), [open(f"/proc/{p}/cmdline").read() for p in _alive(children)]
