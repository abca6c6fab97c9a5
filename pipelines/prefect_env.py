"""Prefect's environment for Verbatim: local, telemetry-free, set before Prefect is imported.

A module of its own so that the CLI sets it at start-up without importing the settings models
(pydantic: ~0.3 s of every ``verbatim --help``); it also starts Prefect's temporary server
early (``reach_api_in_background``).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_home() -> Path:
    """Where Verbatim keeps its default store and Prefect's home.

    ``VERBATIM_HOME``, else the user's data folder (``~/.local/share/verbatim`` on Linux, by
    platformdirs), never the install folder (read-only for a packaged install, shared by every
    user of it).
    """
    import platformdirs

    return Path(os.environ.get("VERBATIM_HOME") or platformdirs.user_data_path("verbatim"))


def configure_prefect_env() -> None:
    """Keep Prefect local and silent: no telemetry, a project-local home, no server needed."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    home = Path(os.environ.get("PREFECT_HOME") or data_home() / "prefect").expanduser()
    # Prefect creates the last folder only: a PREFECT_HOME under a missing folder failed the
    # temporary server's start with "unable to open database file" and a traceback
    with contextlib.suppress(OSError):  # a home that cannot be made: Prefect says so itself
        home.mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


class ApiStart:
    """Prefect's API reached from a thread (see ``reach_api_in_background``)."""

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.imported = threading.Event()
        self._thread = threading.Thread(target=self._reach, name="prefect-api", daemon=True)

    def _reach(self) -> None:
        try:
            import prefect.server.api.server  # noqa: F401 - what get_client imports to start it
            from prefect import get_client  # Prefect as a flow sees it, its logging included
        except Exception as exc:  # noqa: BLE001 - said by wait()
            self.error = exc
            return
        finally:
            self.imported.set()
        try:
            with get_client(sync_client=True) as client:
                self.error = client.api_healthcheck()  # the error, or None
        except Exception as exc:  # noqa: BLE001 - said by wait()
            self.error = exc

    def wait(self) -> None:
        """Wait until the API answers; raise what stopped it (a server that could not start)."""
        self._thread.join()
        if self.error is not None:
            raise self.error


def reach_api_in_background(*, import_timeout_s: float = 30.0) -> ApiStart:
    """Reach Prefect's API from a thread, so that its temporary server starts meanwhile.

    Without ``PREFECT_API_URL``, the first Prefect client of a process starts a temporary
    server (``prefect.get_client``): it imports Prefect's server app (~2 s), then starts it in
    a uvicorn process (~3-5 s on 2 cores) and waits for it; a flow waits for all of it. Here the
    thread imports the app and this returns once it has (the caller's own imports would halve
    its pace: one interpreter lock); the thread then starts the server and waits for it while
    the caller imports the flow and the steps on the other core. Call ``wait()`` before the
    flow: the flow's own client then finds the server running, and a server that cannot start
    fails the run once (the flow would wait for it a second time).
    """
    start = ApiStart()
    start._thread.start()
    start.imported.wait(import_timeout_s)
    return start
