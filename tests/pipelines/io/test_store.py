"""Store round trips on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io.store import Store


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {"comment": None, "language": None, "customer_id": None, "source_file": "f.csv"}
    return pd.DataFrame([{**base, **r} for r in rows])


ROWS = [
    {
        "response_id": "r1",
        "score": 9,
        "comment": "Livraison rapide 🚚",
        "channel": "Web",
        "responded_at": pd.Timestamp("2026-10-01 10:00"),
        "source_line": 2,
    },
    {
        "response_id": "r2",
        "score": 3,
        "comment": '=HYPERLINK("x"); DROP TABLE responses;--',
        "channel": "App",
        "responded_at": pd.Timestamp("2026-10-02"),
        "source_line": 3,
    },
    {
        "response_id": "r3",
        "score": None,
        "comment": None,
        "channel": "Web",
        "responded_at": pd.NaT,
        "source_line": 4,
    },
]


def test_store_responses_round_trip(db_url):
    store = Store(db_url)
    counts = store.upsert_responses(_frame(ROWS), run_id=None)
    assert counts == {"inserted": 3, "updated": 0, "unchanged": 0, "replaced_from": {}}
    df = store.responses().set_index("response_id")
    assert df.loc["r1", "comment"] == "Livraison rapide 🚚"
    assert df.loc["r2", "comment"].startswith("=HYPERLINK")  # bound, stored verbatim
    assert pd.isna(df.loc["r3", "score"])
    assert df.loc["r2", "channel"] == "App"
    assert store.count("responses") == 3
    store.dispose()


def test_store_reingest_changes_nothing_and_update_keeps_history(db_url):
    store = Store(db_url)
    store.upsert_responses(_frame(ROWS))
    assert store.upsert_responses(_frame(ROWS)) == {
        "inserted": 0,
        "updated": 0,
        "unchanged": 3,
        "replaced_from": {},
    }
    changed = [dict(ROWS[0], score=6, comment="Finalement en retard")] + ROWS[1:]
    assert store.upsert_responses(_frame(changed)) == {
        "inserted": 0,
        "updated": 1,
        "unchanged": 2,
        "replaced_from": {},
    }
    df = store.responses().set_index("response_id")
    assert df.loc["r1", "score"] == 6
    history = store.response_history("r1")
    assert list(history["version"]) == [1]
    assert '"Livraison rapide' in history.loc[0, "content"]
    store.dispose()


def test_store_content_hash_is_stable_across_versions(db_url):
    # stored hashes decide "unchanged" on re-ingest: a new way of computing them must give
    # the same digests, or every row of an existing store would count as updated
    store = Store(db_url)
    store.upsert_responses(_frame(ROWS))
    hashes = store.read_table("responses").set_index("response_id")["content_hash"].to_dict()
    assert hashes == {
        "r1": "7f5c5a8a06dc0cf0dc02c47ed3bf6419f055322117189e19a81b30db203f4bda",
        "r2": "59c8632f68d55a0d58016a401e680ed1dcd345720ea38c81d13cb59fbddfc58f",
        "r3": "32c3f5d7f602c5e73fe22ce5f78ba78bb50f3af090168f5af9a0831d07b98abb",
    }
    store.dispose()


def test_store_responses_keep_dates_and_missing_values(db_url):
    store = Store(db_url)
    store.upsert_responses(_frame(ROWS))
    df = store.responses().set_index("response_id")
    assert df.loc["r1", "responded_at"] == pd.Timestamp("2026-10-01 10:00")
    assert df.loc["r2", "responded_at"] == pd.Timestamp("2026-10-02")
    assert pd.isna(df.loc["r3", "responded_at"]) and pd.isna(df.loc["r3", "comment"])
    store.dispose()


def test_store_rejects_round_trip(db_url):
    store = Store(db_url)
    run_id = store.start_run({"inputs": ["a.csv"]})
    rejects = pd.DataFrame(
        [
            {
                "file": "a.csv",
                "line": 7,
                "column": "score",
                "value": "N/A",
                "reason": "score 'N/A' is not an integer from 0 to 10",
            }
        ]
    )
    assert store.add_rejects(rejects, run_id=run_id) == 1
    out = store.rejects()
    assert out.loc[0, "line"] == 7 and out.loc[0, "value"] == "N/A"
    # the same file again replaces its rejects instead of doubling them
    store.add_rejects(rejects, run_id=store.start_run({}))
    assert len(store.rejects()) == 1
    store.dispose()


def test_store_runs_record_status_counts_duration(db_url):
    store = Store(db_url)
    run_id = store.start_run({"inputs": ["x.csv"]}, version="0.1.0")
    store.finish_run(run_id, status="completed", counts={"accepted": 5, "rejected": 1})
    runs = store.runs()
    assert runs.loc[0, "status"] == "completed"
    assert '"accepted": 5' in runs.loc[0, "counts"]
    assert runs.loc[0, "duration_s"] >= 0
    assert store.last_run_id(status="completed") == run_id
    store.dispose()


def test_store_embeddings_cache_float16(db_url):
    store = Store(db_url)
    rng = np.random.default_rng(0)
    vecs = {f"h{i}": rng.normal(size=16).astype(np.float32) for i in range(3)}
    assert store.put_embeddings("m", vecs) == 3
    assert store.put_embeddings("m", vecs) == 0
    got = store.get_embeddings("m", ["h0", "h1", "missing"])
    assert set(got) == {"h0", "h1"}
    np.testing.assert_allclose(got["h0"], vecs["h0"], rtol=1e-2, atol=1e-2)
    assert store.get_embeddings("other-model", ["h0"]) == {}
    store.dispose()


def test_store_mentions_keep_theme_when_unchanged(db_url):
    store = Store(db_url)
    store.upsert_responses(_frame(ROWS))
    todo = store.responses_to_prepare()
    assert set(todo["response_id"]) == {"r1", "r2", "r3"}
    mentions = pd.DataFrame(
        [
            {
                "mention_id": "m1",
                "response_id": "r1",
                "position": 0,
                "text": "Livraison rapide",
                "language": "fr",
                "text_hash": "h1",
                "lemmas": "livraison rapide",
            }
        ]
    )
    store.save_mentions(mentions, todo[["response_id", "content_hash"]])
    assert store.responses_to_prepare().empty
    store.set_mention_themes(
        pd.DataFrame({"mention_id": ["m1"], "theme_id": [4], "similarity": [0.8]})
    )
    counts = store.save_mentions(mentions, todo[["response_id", "content_hash"]].head(1))
    assert counts == {"added": 0, "removed": 0, "kept": 1}
    assert store.mentions().loc[0, "theme_id"] == 4
    store.dispose()


def test_store_themes_round_trip(db_url):
    store = Store(db_url)
    themes = pd.DataFrame(
        [
            {
                "theme_id": 1,
                "label_fr": "livraison en retard",
                "label_en": "late delivery",
                "keywords_fr": ["retard", "livraison"],
                "keywords_en": ["late"],
                "size": 12,
                "status": "active",
                "examples": [{"text": "<b>x</b>", "language": "fr"}],
                "centroid": np.ones(4, dtype=np.float32),
            }
        ]
    )
    store.save_themes(themes)
    out = store.themes()
    assert out.loc[0, "keywords_fr"] == ["retard", "livraison"]
    assert out.loc[0, "examples"][0]["text"] == "<b>x</b>"
    np.testing.assert_array_equal(out.loc[0, "centroid"], np.ones(4, dtype=np.float32))
    store.dispose()


@pytest.mark.parametrize("kind", ["sqlite-under-a-file", "postgres-closed-port", "bad-scheme"])
def test_store_unreachable_database_is_a_clear_error(kind, tmp_path):
    (tmp_path / "afile").write_text("x")
    url = {
        "sqlite-under-a-file": f"sqlite:///{tmp_path / 'afile' / 'x.db'}",
        "postgres-closed-port": "postgresql+psycopg://u:secret@127.0.0.1:1/x",
        "bad-scheme": "nosuchdb://x",
    }[kind]
    with pytest.raises(VerbatimError, match=r"E201.*Cannot open the database") as err:
        Store(url)
    assert "secret" not in str(err.value)


def test_store_sqlite_uses_wal(sqlite_url):
    store = Store(sqlite_url)
    with store.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"


def test_store_texts_to_embed_and_matrix(db_url):
    store = Store(db_url)
    store.upsert_responses(_frame(ROWS))
    todo = store.responses_to_prepare()
    mentions = pd.DataFrame(
        [
            {
                "mention_id": f"m{i}",
                "response_id": "r1",
                "position": i,
                "text": t,
                "language": "fr",
                "text_hash": f"h{t}",
                "lemmas": "",
            }
            for i, t in enumerate("abca")
        ]
    )
    store.save_mentions(mentions, todo[["response_id", "content_hash"]])
    assert sorted(store.texts_to_embed("m")) == ["a", "b", "c"]
    store.put_embeddings("m", {"ha": np.ones(4, np.float32), "hb": np.zeros(4, np.float32)})
    assert store.texts_to_embed("m") == ["c"]
    x = store.embedding_matrix("m", ["ha", "hc", "ha"])
    assert x.shape == (3, 4) and np.isnan(x[1]).all() and (x[[0, 2]] == 1).all()
    store.dispose()


def test_atomic_block_is_one_transaction(tmp_path):
    url = f"sqlite:///{tmp_path / 'atomic.db'}"
    writer, reader = Store(url), Store(url)
    themes = pd.DataFrame({"theme_id": [1, 2], "label_fr": ["a", "b"], "status": "active"})
    with writer.atomic():
        writer.save_themes(themes)
        assert len(writer.themes()) == 2  # the block reads its own writes
        assert len(reader.themes()) == 0  # others do not, until the block ends
        writer.put_artifact("model", b"x")
    assert len(reader.themes()) == 2 and reader.get_artifact("model") == b"x"

    with pytest.raises(RuntimeError), writer.atomic():
        writer.save_themes(pd.DataFrame({"theme_id": [3], "label_fr": ["c"], "status": "active"}))
        writer.put_artifact("model", b"y")
        raise RuntimeError("killed mid-way")
    assert sorted(reader.themes()["theme_id"]) == [1, 2]  # nothing of the failed block
    assert reader.get_artifact("model") == b"x"


def test_store_mentions_reads_only_the_columns_asked(db_url):
    store = Store(db_url)
    store.upsert_responses(_frame(ROWS))
    todo = store.responses_to_prepare()
    mentions = pd.DataFrame(
        [
            {"mention_id": f"m{i}", "response_id": rid, "position": 0, "text": f"texte {i}"}
            | {"language": "fr", "text_hash": f"h{i}", "lemmas": "texte"}
            for i, rid in enumerate(["r2", "r1"])
        ]
    )
    store.save_mentions(mentions, todo[["response_id", "content_hash"]])
    store.set_mention_themes(
        pd.DataFrame({"mention_id": ["m1"], "theme_id": [4], "similarity": [0.8]})
    )
    everything = store.mentions()
    assert list(everything.columns) == list(Store.MENTION_COLUMNS)
    few = store.mentions(columns=["response_id", "theme_id", "text"])
    assert list(few.columns) == ["response_id", "theme_id", "text"]
    pd.testing.assert_frame_equal(few, everything[["response_id", "theme_id", "text"]])
    assert few["response_id"].tolist() == ["r1", "r2"]  # ordered by response
    assert few["theme_id"].tolist()[0] == 4 and pd.isna(few["theme_id"].tolist()[1])
    with pytest.raises(ValueError, match=r"Unknown mention column\(s\) \['nope'\]"):
        store.mentions(columns=["text", "nope"])
    unordered = store.mentions(columns=["mention_id", "theme_id"], ordered=False)
    assert sorted(unordered["mention_id"]) == ["m0", "m1"]
    # the report reads the few texts and comments it shows, by id
    assert store.mention_texts(["m1", "m0", "nope"]) == {"m1": "texte 1", "m0": "texte 0"}
    assert store.comments(["r2", "r3", "nope"]) == {"r2": ROWS[1]["comment"], "r3": None}
    no_comment = store.responses(comments=False)
    assert "comment" not in no_comment
    pd.testing.assert_frame_equal(no_comment, store.responses().drop(columns="comment"))
    store.dispose()
