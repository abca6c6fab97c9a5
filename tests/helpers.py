"""Helpers shared by the end-to-end tests that run the real `verbatim` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "verbatim.pipelines.interfaces.cli"]


def cli_env(cwd: Path) -> dict[str, str]:
    """The environment of a test run: Prefect telemetry off, Prefect's home inside ``cwd``."""
    return {
        **os.environ,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_HOME": str(cwd / ".prefect"),
    }


def verbatim(
    *args: str, cwd: Path, timeout: int = 900, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``verbatim ARGS`` in ``cwd`` and return the finished process (output captured)."""
    return subprocess.run(
        [*CLI, *args],
        cwd=cwd,
        env={**cli_env(cwd), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_documented(client, response) -> None:
    """An API answer validates against the model its route documents, and comes back unchanged.

    ``client`` is the ``TestClient`` that got ``response``; its app names the route's model.
    """
    from fastapi.routing import APIRoute
    from pydantic import TypeAdapter
    from starlette.routing import Match

    scope = {"type": "http", "path": response.request.url.path, "method": "GET", "root_path": ""}
    route = next(
        r
        for r in client.app.routes
        if isinstance(r, APIRoute) and r.matches(scope)[0] == Match.FULL
    )
    assert response.status_code == 200, response.text
    adapter = TypeAdapter(route.response_model)
    body = response.json()
    answer = adapter.validate_python(body)
    assert adapter.dump_python(answer, mode="json", exclude_unset=True) == body
