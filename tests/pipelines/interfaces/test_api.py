"""The read-only API: validation messages, and answers while a nightly run holds the write lock."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from tests.helpers import assert_documented
from verbatim.pipelines.interfaces.api import create_app
from verbatim.pipelines.interfaces.api_models import ErrorBody, ValidationErrorBody
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps.jobs import ingest_step


@pytest.fixture
def client(sqlite_url, sample_path):
    store = Store(sqlite_url)
    ingest_step(store, [sample_path])
    store.dispose()
    app = create_app(load_settings(None, db_url=sqlite_url))
    return TestClient(app, base_url="http://127.0.0.1:8000"), sqlite_url


def test_api_nps_by_month(client, truth):
    c, _ = client
    rows = c.get("/nps", params={"by": "month"}).json()
    assert {r["period"]: r["responses"] for r in rows} == {
        k: v["responses"] for k, v in truth["nps_by_month"].items()
    }


@pytest.mark.parametrize(
    "path,params,fragment",
    [
        ("/nps", {"by": "year"}, "by"),
        ("/nps", {"since": "01/10/2026"}, "since"),
        ("/themes/top", {"limit": 0}, "limit"),
        ("/themes/top", {"category": "angry"}, "category"),
    ],
)
def test_api_invalid_parameters_get_422_with_message(client, path, params, fragment):
    c, _ = client
    res = c.get(path, params=params)
    assert res.status_code == 422
    assert res.json()["message"].startswith("Invalid parameters:")
    assert fragment in res.json()["message"]


def test_api_answers_while_a_run_is_writing(client):
    c, url = client
    writer = Store(url)
    started, done = threading.Event(), threading.Event()

    def hold_write_lock() -> None:
        with writer.engine.begin() as conn:  # a nightly run in the middle of a write
            conn.exec_driver_sql("UPDATE responses SET comment = comment WHERE 1 = 1")
            started.set()
            done.wait(10)

    thread = threading.Thread(target=hold_write_lock)
    thread.start()
    assert started.wait(10)
    t0 = time.monotonic()
    res = c.get("/nps")
    elapsed = time.monotonic() - t0
    done.set()
    thread.join()
    writer.dispose()
    assert res.status_code == 200 and res.json()[0]["responses"] > 0
    assert elapsed < 5


def test_api_health_and_openapi(client):
    c, _ = client
    assert c.get("/health").json()["status"] == "ok"
    paths = c.get("/openapi.json").json()["paths"]
    assert {
        "/nps",
        "/themes",
        "/themes/top",
        "/themes/{theme_id}",
        "/themes/{theme_id}/verbatims",
    } <= set(paths)


def _schema(schema: dict, schemas: dict) -> dict:
    """A schema with its reference (or its items' reference) resolved."""
    schema = schema.get("items", schema)
    ref = schema.get("$ref")
    return schemas[ref.rsplit("/", 1)[-1]] if ref else schema


def test_api_openapi_documents_every_answer_and_the_error_envelope(client):
    c, _ = client
    spec = c.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    operations = [(path, op) for path, item in spec["paths"].items() for op in item.values()]
    assert len(operations) >= 11  # /health, /nps, /nps/league, /digest, /themes…
    for path, op in operations:
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert _schema(ok, schemas).get("properties"), path
        for status, model in (
            ("400", "ErrorBody"),
            ("404", "ErrorBody"),
            ("422", "ValidationErrorBody"),
        ):
            error = op["responses"][status]["content"]["application/json"]["schema"]
            assert error == {"$ref": f"#/components/schemas/{model}"}, (path, status)
    for name in ("ErrorBody", "ValidationErrorBody"):
        assert {"message", "code"} <= set(schemas[name]["required"])


@pytest.mark.parametrize(
    "path,params",
    [("/health", {}), ("/nps", {}), ("/nps", {"by": "month"}), ("/nps", {"segment": "Canal"})],
)
def test_api_answers_match_their_documented_models(client, path, params):
    c, _ = client
    assert_documented(c, c.get(path, params=params))


@pytest.mark.parametrize(
    "path,params,status,model",
    [
        ("/nps", {"by": "year"}, 422, ValidationErrorBody),
        ("/themes/999", {}, 404, ErrorBody),
        ("/nps", {"segment": "comment"}, 422, ErrorBody),
    ],
)
def test_api_errors_are_the_documented_envelope(client, path, params, status, model):
    c, _ = client
    res = c.get(path, params=params)
    assert res.status_code == status
    model.model_validate(res.json())


def test_api_answers_from_the_last_completed_run(client, tmp_path):
    c, url = client
    before = c.get("/nps").json()[0]["responses"]
    night = tmp_path / "night.csv"
    night.write_text(
        "id,score,comment,date\n"
        "late-1,0,Toujours pas livré,2026-10-30\n"
        "late-2,1,Still waiting for my parcel,2026-10-30\n"
        "late-3,10,Parfait,2026-10-31\n",
        encoding="utf-8",
    )
    store = Store(url)
    stored = store.count("responses")
    running = store.start_run({"inputs": [str(night)]})
    ingest_step(store, [night], run_id=running)  # a night in progress: ingested, not finished
    assert store.count("responses") == stored + 3
    assert c.get("/nps").json()[0]["responses"] == before
    assert c.get("/health").json()["latest_run_status"] == "running"

    store.finish_run(running, status="failed", counts={}, error="killed")
    retry = store.start_run({"inputs": [str(night)]})
    ingest_step(store, [night], run_id=retry)  # rows unchanged: they keep the failed run's id
    assert c.get("/nps").json()[0]["responses"] == before
    store.finish_run(retry, status="completed", counts={})
    assert c.get("/nps").json()[0]["responses"] == before + 3
    store.dispose()
