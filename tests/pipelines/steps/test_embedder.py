"""The background embedding process: real encoder, real store, real child process."""

from __future__ import annotations

import numpy as np
import pytest

from verbatim.nlp.embed import DEFAULT_MODEL, embed_texts
from verbatim.nlp.hashing import text_hash
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps.embedder import BackgroundEmbedder, EmbedderError
from verbatim.pipelines.steps.jobs import embed_step, start_embedder

TEXTS = [
    "La livraison est arrivée en retard",
    "Delivery was late again",
    "Le service client ne répond jamais",
    "Great app, easy to use",
]


def _wait_ready(embedder: BackgroundEmbedder, seconds: float = 120) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not embedder.ready and time.monotonic() < deadline:
        time.sleep(0.1)
    assert embedder.ready, "the embedding process did not load in time"


def test_background_embedder_writes_the_same_vectors_to_the_store(db_url):
    store = Store(db_url)  # a SQLite file, and a real PostgreSQL server in CI
    embedder = BackgroundEmbedder(db_url, DEFAULT_MODEL, batch_size=2)
    try:
        embedder.submit(TEXTS[:3])
        embedder.submit(TEXTS[1:])  # one text twice: encoded once
        assert embedder.finish() == 4
    finally:
        embedder.close()
    cached = store.get_embeddings(DEFAULT_MODEL, [text_hash(t) for t in TEXTS])
    assert len(cached) == 4
    local, _ = embed_texts(TEXTS, encoder=DEFAULT_MODEL)
    got = np.vstack([cached[text_hash(t)] for t in TEXTS])
    np.testing.assert_allclose(got, local, atol=2e-3)  # the cache keeps float16
    store.dispose()


def test_finished_embedder_refuses_more_texts(sqlite_url):
    Store(sqlite_url)
    embedder = BackgroundEmbedder(sqlite_url, DEFAULT_MODEL)
    assert embedder.finish() == 0
    with pytest.raises(EmbedderError, match="already finished"):
        embedder.submit(["encore un texte"])
    embedder.close()


def test_failed_embedder_reports_why_and_the_step_embeds_the_rest(tmp_path, sqlite_url):
    store = Store(sqlite_url)
    with store._begin() as conn:  # one mention to embed
        conn.exec_driver_sql(
            "INSERT INTO mentions (mention_id, response_id, position, text, language, text_hash) "
            "VALUES ('m1', 'r1', 0, ?, 'fr', ?)",
            (TEXTS[0], text_hash(TEXTS[0])),
        )
    settings = load_settings(None, db_url=sqlite_url)
    # a store without tables: the process fails on its first write
    broken = BackgroundEmbedder(f"sqlite:///{tmp_path / 'empty.db'}", DEFAULT_MODEL)
    _wait_ready(broken)  # else the step would not wait for it and embed the one text itself
    said: list[str] = []
    stats = embed_step(store, settings, say=said.append, embedder=broken)
    broken.close()
    assert any(
        "background embedding failed" in m and "no such table" in m and "in this process" in m
        for m in said
    ), said
    assert stats["embedded"] == 1
    assert store.texts_to_embed(stats["model"]) == []


def test_close_stops_a_running_process(sqlite_url):
    Store(sqlite_url)
    embedder = BackgroundEmbedder(sqlite_url, DEFAULT_MODEL)
    embedder.close()
    assert embedder._process.poll() is not None


def test_start_embedder_follows_the_settings(sqlite_url, sample_path, tmp_path, monkeypatch):
    off = load_settings(None, db_url=sqlite_url, embedding__background=False)
    assert start_embedder(off, inputs=[sample_path]) is None
    on = load_settings(None, db_url=sqlite_url, embedding__background="yes")
    assert on.embedding.background is True
    assert start_embedder(on, dask_address="tcp://127.0.0.1:8786") is None  # Dask embeds instead
    auto = load_settings(None, db_url=sqlite_url)
    assert auto.embedding.background == "auto"
    tiny = tmp_path / "tiny.csv"
    tiny.write_bytes(b"x" * 40_000)  # a few hundred responses: not worth a process
    assert start_embedder(auto, inputs=[tiny]) is None
    embedder = start_embedder(auto, inputs=[sample_path])  # 0.2 MB
    assert embedder is not None
    embedder.close()
    monkeypatch.setenv("VERBATIM_EMBEDDING_BACKGROUND", "0")
    assert load_settings(None, db_url=sqlite_url).embedding.background is False


def test_a_wrong_background_setting_names_the_values_to_use(sqlite_url):
    from verbatim.pipelines.errors import VerbatimError

    with pytest.raises(VerbatimError, match=r"embedding\.background.*true, false or auto"):
        load_settings(None, db_url=sqlite_url, embedding__background="sometimes")


_ORPHAN_SCRIPT = """
import sys, time
from verbatim.pipelines.steps.embedder import BackgroundEmbedder
embedder = BackgroundEmbedder(sys.argv[1], "use-multilingual-v3", batch_size=16)
embedder.submit([f"commentaire numéro {i} sur la livraison" for i in range(20000)])
print(embedder._process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_embedding_process_stops_when_its_run_is_killed(tmp_path, sqlite_url):
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    store = Store(sqlite_url)
    script = tmp_path / "run.py"
    script.write_text(_ORPHAN_SCRIPT, encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, str(script), sqlite_url], stdout=subprocess.PIPE, text=True
    )
    child = int(run.stdout.readline())
    deadline = time.monotonic() + 60
    while store.count("embeddings") == 0 and time.monotonic() < deadline:
        time.sleep(0.5)  # the child has loaded the encoder and written a batch
    assert store.count("embeddings") > 0
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    def running() -> bool:
        try:
            return psutil.Process(child).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 30
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(), "the embedding process outlived the run that started it"
    assert store.count("embeddings") < 20000  # it stopped early, between two batches


def test_a_few_texts_are_embedded_here_rather_than_waiting_for_a_loading_process(sqlite_url):
    store = Store(sqlite_url)
    with store._begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO mentions (mention_id, response_id, position, text, language, text_hash) "
            "VALUES ('m1', 'r1', 0, ?, 'en', ?)",
            (TEXTS[1], text_hash(TEXTS[1])),
        )
    settings = load_settings(None, db_url=sqlite_url)
    embedder = BackgroundEmbedder(sqlite_url, DEFAULT_MODEL)  # seconds to import and load
    said: list[str] = []
    stats = embed_step(store, settings, say=said.append, embedder=embedder)
    assert any("embedding them here" in m for m in said), said
    assert stats["embedded"] == 1
    assert embedder._process.poll() is not None  # stopped, not left running
    embedder.close()  # closing twice is harmless


def test_a_retried_embed_step_embeds_what_the_finished_process_was_not_handed(sqlite_url):
    from verbatim.nlp.embed import cache_key

    store = Store(sqlite_url)

    def add_mention(mid: str, text: str) -> None:
        with store._begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO mentions (mention_id, response_id, position, text, language, "
                "text_hash) VALUES (?, ?, 0, ?, 'en', ?)",
                (mid, f"r-{mid}", text, text_hash(text)),
            )

    add_mention("m1", TEXTS[0])
    settings = load_settings(None, db_url=sqlite_url)
    embedder = BackgroundEmbedder(sqlite_url, DEFAULT_MODEL)
    try:
        _wait_ready(embedder)
        assert embed_step(store, settings, say=lambda _: None, embedder=embedder)["embedded"] == 1
        add_mention("m2", TEXTS[1])  # a Prefect retry of the step: the process has finished
        embed_step(store, settings, say=lambda _: None, embedder=embedder)
    finally:
        embedder.close()
    assert store.texts_to_embed(cache_key(DEFAULT_MODEL, None)) == []
    store.dispose()
