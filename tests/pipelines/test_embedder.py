"""The background embedding process: real encoder, real store, real child process."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.embed import DEFAULT_MODEL, embed_texts
from nlp.hashing import text_hash
from pipelines.embedder import BackgroundEmbedder, EmbedderError
from pipelines.jobs import embed_step, start_embedder
from pipelines.settings import load_settings
from pipelines.store import Store

TEXTS = [
    "La livraison est arrivée en retard",
    "Delivery was late again",
    "Le service client ne répond jamais",
    "Great app, easy to use",
]


def test_background_embedder_writes_the_same_vectors_to_the_store(sqlite_url):
    store = Store(sqlite_url)
    embedder = BackgroundEmbedder(sqlite_url, DEFAULT_MODEL, batch_size=2)
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


def test_start_embedder_follows_the_settings(sqlite_url):
    settings = load_settings(None, db_url=sqlite_url, embedding__background=False)
    assert start_embedder(settings) is None
    on = load_settings(None, db_url=sqlite_url)
    assert start_embedder(on, dask_address="tcp://127.0.0.1:8786") is None  # Dask embeds instead
