"""Shared fixtures: stores (SQLite file and, where available, PostgreSQL), the sample, its truth."""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
EVAL_DIR = ROOT.parent / "shared" / "eval"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file in a temporary folder."""
    return f"sqlite:///{tmp_path / 'verbatim.db'}"


def _pg_url() -> str | None:
    url = os.environ.get("VERBATIM_TEST_PG_URL")
    if not url and os.environ.get("VERBATIM_REQUIRE_PG"):
        pytest.fail("VERBATIM_REQUIRE_PG is set but VERBATIM_TEST_PG_URL is not")
    return url


@pytest.fixture
def pg_url() -> str:
    """URL of a fresh PostgreSQL schema-less database (dropped tables after the test)."""
    url = _pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set VERBATIM_TEST_PG_URL (bash .ci/run does)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"vt_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each store test runs on a SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(sqlite_url: str):
    """A migrated store on a fresh SQLite file."""
    from verbatim.pipelines.io.store import Store

    s = Store(sqlite_url)
    yield s
    s.dispose()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The bundled sample export."""
    path = SAMPLE_DIR / "nps_export.csv"
    if not path.exists():
        pytest.skip("sample not generated yet: run `make sample`")
    return path


@pytest.fixture(scope="session")
def truth() -> dict:
    """The planted truth of the sample (data/sample/truth.yaml)."""
    return yaml.safe_load((SAMPLE_DIR / "truth.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """The shared evaluation data, beside the checkout."""
    if not EVAL_DIR.exists():
        pytest.skip(f"evaluation data not found at {EVAL_DIR}")
    return EVAL_DIR


def pytest_unconfigure(config: pytest.Config) -> None:
    """No "--- Logging error ---" traceback after the results.

    Prefect stops the temporary server of a flow run in this process from an ``atexit`` hook,
    and logs it to a console stream pytest has closed by then.
    """
    logging.raiseExceptions = False
