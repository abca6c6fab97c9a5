"""Prefect's environment for Verbatim: local, telemetry-free, set before Prefect is imported.

A module of its own so that the CLI sets it at start-up without importing the settings models
(pydantic: ~0.3 s of every ``verbatim --help``).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def configure_prefect_env() -> None:
    """Keep Prefect local and silent: no telemetry, a project-local home, no server needed."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
