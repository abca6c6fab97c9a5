"""What the API refuses to give away: raw comments and ids as segments, unfinished runs' themes,
answers to a foreign Host (DNS rebinding), tracebacks; and one JSON shape for every error."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from verbatim.pipelines.interfaces.api import create_app, exposure_warning, is_loopback
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps.jobs import ingest_step

LOCAL = "http://127.0.0.1:8000"
SEGMENTS = ("Agence", "Canal", "Produit", "Région")  # the sample's segment columns, sorted
CITIES = 60  # a planted segment with more distinct values than a segment may have


@pytest.fixture
def served(sqlite_url, sample_path, tmp_path):
    """The sample plus 60 responses with a distinct 'Ville' each, served by the real app."""
    planted = tmp_path / "cities.csv"
    rows = [
        f"city-{i},{i % 11},Merci pour tout {i},2026-10-{i % 28 + 1:02d},Ville {i}"
        for i in range(CITIES)
    ]
    planted.write_text("id,score,comment,date,Ville\n" + "\n".join(rows) + "\n", encoding="utf-8")
    store = Store(sqlite_url)
    ingest_step(store, [sample_path, planted])
    comments = [c for c in store.responses()["comment"].dropna() if len(c) >= 12]
    store.dispose()
    app = create_app(load_settings(None, db_url=sqlite_url))
    return TestClient(app, base_url=LOCAL), sqlite_url, comments


def _theme(theme_id: int, label: str) -> dict:
    return {
        "theme_id": theme_id,
        "label_fr": label,
        "label_en": label,
        "keywords_fr": [label.lower()],
        "keywords_en": [label.lower()],
        "examples": [],
        "size": 5,
    }


@pytest.mark.parametrize(
    "column",
    ["comment", "customer_id", "response_id", "language", "responded_at", "score", "source_file"],
)
def test_api_nps_segment_refuses_non_segment_columns(served, column):
    client, _, comments = served
    res = client.get("/nps", params={"segment": column})
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "E302"
    assert "Allowed segment columns here: " + ", ".join(SEGMENTS) in body["message"]
    assert not [c for c in comments if c in res.text]
    assert "CL7357720" not in res.text  # no customer id either


@pytest.mark.parametrize("column", ["Ville"])
def test_api_nps_segment_refuses_high_cardinality(served, column):
    client, _, _ = served
    res = client.get("/nps", params={"segment": column})
    assert res.status_code == 422
    message = res.json()["message"]
    assert f"'{column}' has {CITIES} distinct values" in message
    assert "at most 50 distinct values" in message
    assert "Ville 7" not in res.text


@pytest.mark.parametrize(
    "segment", ["Ville=Ville 3", "customer_id=CL0000000", "comment=Correct", "response_id=x"]
)
def test_api_top_segment_filter_refuses_non_segments(served, segment):
    client, _, _ = served
    res = client.get("/themes/top", params={"segment": segment})
    assert res.status_code == 422
    assert res.json()["code"] == "E302"
    assert "Allowed segment columns here: " + ", ".join(SEGMENTS) in res.json()["message"]
    assert "CL7357720" not in res.text and "Ville 7" not in res.text


@pytest.mark.parametrize("column", ["Canal"])
def test_api_nps_segment_allowed_column_splits(served, column):
    client, _, _ = served
    res = client.get("/nps", params={"segment": column})
    assert res.status_code == 200
    labels = {r["segment"] for r in res.json()}
    assert labels and all(s.startswith(f"{column}=") for s in labels)


@pytest.mark.parametrize("outcome", ["running", "failed"])
def test_api_themes_hide_what_an_unfinished_run_wrote(served, outcome):
    client, url, _ = served
    store = Store(url)
    done = store.start_run({})
    store.save_themes(pd.DataFrame([_theme(1, "Livraison"), _theme(2, "Prix")]), run_id=done)
    store.finish_run(done, status="completed", counts={})
    assert [t["theme_id"] for t in client.get("/themes").json()] == [1, 2]

    night = store.start_run({})
    store.save_themes(pd.DataFrame([_theme(3, "Application")]), run_id=night)  # created
    store.save_themes(
        pd.DataFrame([{"theme_id": 2, "label_fr": "Tarifs"}]), run_id=night
    )  # updated
    if outcome == "failed":
        store.finish_run(night, status="failed", counts={}, error="killed")
    themes = client.get("/themes").json()
    # the theme it created is hidden; the ones it updated stay (every night updates them all)
    assert [t["theme_id"] for t in themes] == [1, 2]
    for path in ("/themes/3", "/themes/3/verbatims"):
        res = client.get(path)
        assert res.status_code == 404 and res.json()["code"] == "E205"
    assert client.get("/themes/2").status_code == 200

    later = store.start_run({})  # a later run completes: it has finished the night's work
    store.finish_run(later, status="completed", counts={})
    store.dispose()
    assert [t["theme_id"] for t in client.get("/themes").json()] == [1, 2, 3]
    assert client.get("/themes/3").status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_api_refuses_a_foreign_host_header(served, host):
    client, _, _ = served
    res = client.get("/nps", headers={"Host": host})
    assert res.status_code == 400
    body = res.json()
    assert body["code"] == "HTTP400"
    assert "DNS rebinding" in body["message"] and "--allowed-host" in body["message"]
    assert "responses" not in res.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "localhost", "[::1]:8000"])
def test_api_answers_a_local_host_header(served, host):
    client, _, _ = served
    res = client.get("/health", headers={"Host": host})
    assert res.status_code == 200 and res.json()["status"] == "ok"


@pytest.mark.parametrize("how", ["option", "env"])
def test_api_allowed_host_adds_a_name(sqlite_url, monkeypatch, how):
    extra = ["verbatim.internal"] if how == "option" else []
    if how == "env":
        monkeypatch.setenv("VERBATIM_API_ALLOWED_HOSTS", "other.internal, verbatim.internal")
    client = TestClient(
        create_app(load_settings(None, db_url=sqlite_url), allowed_hosts_extra=extra),
        base_url=LOCAL,
    )
    assert client.get("/health", headers={"Host": "verbatim.internal"}).status_code == 200
    assert client.get("/health", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("bad", ["evil.*"])
def test_api_allowed_host_pattern_is_checked(sqlite_url, bad):
    with pytest.raises(Exception, match="--allowed-host"):
        create_app(load_settings(None, db_url=sqlite_url), allowed_hosts_extra=[bad])


@pytest.mark.parametrize(
    "path,status,code",
    [("/nowhere", 404, "HTTP404"), ("/themes/424242", 404, "E205"), ("/nps?by=year", 422, "E302")],
)
def test_api_errors_have_one_shape(served, path, status, code):
    client, _, _ = served
    res = client.get(path)
    assert res.status_code == status
    assert res.json()["code"] == code and res.json()["message"]


@pytest.mark.parametrize("path", ["/themes/top"])
def test_api_unexpected_error_is_json_without_traceback(served, monkeypatch, caplog, path):
    _, url, _ = served

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail /srv/verbatim/internal.py")

    monkeypatch.setattr("verbatim.pipelines.interfaces.api.analyse", broken)
    client = TestClient(
        create_app(load_settings(None, db_url=url)), base_url=LOCAL, raise_server_exceptions=False
    )
    with caplog.at_level(logging.ERROR, logger="verbatim.api"):
        res = client.get(path)
    assert res.status_code == 500
    assert res.json() == {
        "message": "Internal error: the server could not answer; its log has the details.",
        "code": "HTTP500",
    }
    assert "secret" not in res.text and "Traceback" not in res.text
    assert any("secret detail" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


@pytest.mark.parametrize(
    "host,warned",
    [("0.0.0.0", True), ("192.168.1.20", True), ("::", True), ("api.example.com", True)]
    + [("127.0.0.1", False), ("localhost", False), ("::1", False), ("127.0.0.2", False)],
)
def test_api_exposure_warning_on_non_loopback_hosts(host, warned):
    assert is_loopback(host) is not warned
    text = exposure_warning(host)
    if warned:
        assert "reachable from the network, without authentication" in text
        assert "customer data" in text
    else:
        assert text is None


@pytest.mark.parametrize("host", ["0.0.0.0"])
def test_cli_api_warns_when_listening_beyond_loopback(sqlite_url, monkeypatch, host):
    from verbatim.pipelines.interfaces.cli import app

    served = {}
    monkeypatch.setattr("uvicorn.run", lambda application, **kw: served.update(kw))
    result = CliRunner().invoke(app, ["api", "--host", host, "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert served["host"] == host
    assert "without authentication" in result.output


def test_api_docs_are_served_without_a_cdn(served):
    """Offline servers: the Swagger UI page and its files come from the API itself."""
    client, _, _ = served
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text and "/openapi.json" in page.text
    assert "cdn." not in page.text and "http" not in page.text.split("<body>", 1)[-1].lower()
    script = client.get("/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN
