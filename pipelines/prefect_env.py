"""Prefect's environment for Verbatim: local, telemetry-free, set before Prefect is imported.

A module of its own so that the CLI sets it at start-up without importing the settings models
(pydantic: ~0.3 s of every ``verbatim --help``); it also starts Prefect's temporary server
early (``reach_api_in_background``).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import socket
import subprocess
import threading
import time
import urllib.request
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


# services of a standing Prefect server that a temporary one does without (public settings)
_IDLE_SERVICES = (
    "SCHEDULER",
    "LATE_RUNS",
    "FOREMAN",
    "CANCELLATION_CLEANUP",
    "PAUSE_EXPIRATIONS",
    "REPOSSESSOR",
    "CLEANUP_RECONCILER",
    "DB_VACUUM",
)


class TemporaryServer:
    """Prefect's temporary API server, started as Prefect starts it, without importing it first.

    Prefect starts its temporary server from the first client of a process
    (``prefect.server.api.server.SubprocessASGIServer``): importing that module (the whole
    server app, 3-5 s on 2 cores) is the price of reaching the class, and the process cannot
    do its own work meanwhile (one interpreter lock). The server process imports the app
    itself anyway. Here the server ``prefect server start`` runs (``uvicorn --factory
    prefect.server.api.server:create_app``, Prefect's public app factory, UI off) starts before
    Prefect is imported, and ``PREFECT_API_URL`` points this process's Prefect at it: the run
    imports its steps on one core while the server starts on the other (an idle night at 100k:
    the flow began 12.7 s after start, ~7 s with this). Stopped at exit like Prefect's
    (``atexit``; the watchdog if the run is killed).
    """

    HEALTH_TIMEOUT_S = 120.0  # Prefect's default startup timeout, as configure_prefect_env sets

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._start()
        atexit.register(self.stop)

    @property
    def api_url(self) -> str:
        """The API's address, as ``PREFECT_API_URL`` takes it."""
        return f"http://127.0.0.1:{self.port}/api"

    def _start(self) -> None:
        import sys

        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            sock.bind(("127.0.0.1", 0))  # a free port (uvicorn exits 3 if taken meanwhile)
            self.port = sock.getsockname()[1]
        prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent  # not imported
        # Prefect marks its own temporary server with private variables (``PREFECT__SERVER_*``)
        # that keep its background services to those a flow run needs; the public settings
        # below do the same: no UI, no telemetry, and none of the services that act on the
        # database's deployments and runs (a scheduler here would schedule the deployments of a
        # `verbatim schedule` sharing this Prefect home)
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "false",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            **{f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in _IDLE_SERVICES},
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(prefect_dir.parent),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
        )

    def wait(self) -> None:
        """Wait until the API answers (a taken port: started again on another); raise if it cannot."""
        deadline = time.monotonic() + float(
            os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
            or self.HEALTH_TIMEOUT_S
        )
        while time.monotonic() < deadline:
            code = self.process.poll() if self.process else None
            if code == 3:  # the port was taken between the choice and uvicorn's bind
                self._start()
                continue
            if code is not None:
                raise RuntimeError(f"Prefect's temporary server exited with code {code}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:  # not listening yet
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("Timed out while waiting for Prefect's temporary server to start")

    def stop(self) -> None:
        """Stop the server (as Prefect stops its own: terminate, then kill after 5 s)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_early_server: TemporaryServer | None = None


def start_server_early() -> None:
    """Start the temporary server now, for the ``verbatim run`` this process is about to parse.

    Nothing when one is started already, Prefect is imported or ``PREFECT_API_URL`` is set.
    Called by the CLI's entry point before the command line is parsed and the settings read, so
    that the server's start (~4.5 s on 2 cores, the longest part of a night with nothing new)
    begins ~0.5 s sooner; ``reach_api_in_background`` then hands out this server. A run that
    stops before its flow (a wrong setting, a bad file) stops it at exit like any other: it is
    still importing then, and a SIGTERM ends it at once.
    """
    global _early_server
    import sys

    if (
        _early_server is None
        and "prefect" not in sys.modules
        and not os.environ.get("PREFECT_API_URL")
    ):
        _early_server = TemporaryServer()
        os.environ["PREFECT_API_URL"] = _early_server.api_url
        os.environ.setdefault("PREFECT_UI_URL", "")  # no UI there: no "View at" link to it


def reach_api_in_background(*, import_timeout_s: float = 30.0) -> ApiStart | TemporaryServer:
    """Reach Prefect's API from a thread, so that its temporary server starts meanwhile.

    Without ``PREFECT_API_URL``, and before Prefect is imported (a ``verbatim run`` process),
    the temporary server is started at once by ``TemporaryServer`` and ``PREFECT_API_URL``
    names it for the Prefect this process imports next. Otherwise (a configured API, or a
    Prefect already imported, whose settings are read: tests) the first Prefect client starts
    it: a thread imports the server app and this returns once it has (the caller's own imports
    would halve its pace: one interpreter lock); the thread then starts the server and waits
    for it while the caller imports the flow and the steps on the other core. Call ``wait()``
    before the flow: the flow's own client then finds the server running, and a server that
    cannot start fails the run once (the flow would wait for it a second time).
    """
    start_server_early()  # started now, unless the CLI did already (or Prefect is set up)
    if _early_server is not None:
        return _early_server
    start = ApiStart()
    start._thread.start()
    start.imported.wait(import_timeout_s)
    return start
