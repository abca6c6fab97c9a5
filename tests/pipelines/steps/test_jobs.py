"""Pipeline steps called directly on a real SQLite store."""

from __future__ import annotations

from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps.jobs import ingest_step, nps_step


def test_nps_step_headline_matches_the_planted_counts(sqlite_url, sample_path, truth):
    store = Store(sqlite_url)
    ingest_step(store, [sample_path], say=lambda _: None)
    counts = truth["counts"]
    result = nps_step(store, load_settings(None, db_url=sqlite_url), say=lambda _: None)
    assert result["responses"] == counts["respondents"]
    assert (result["promoters"], result["detractors"]) == (
        counts["promoters"],
        counts["detractors"],
    )
    assert round(result["nps"], 2) == counts["nps"]
    assert result["invited"] == counts["accepted"]
    assert result["response_rate"] == counts["respondents"] / counts["accepted"]


def test_ingest_in_chunks_stores_the_same_rows_and_hands_each_chunk_over_once(
    tmp_path, sample_path, monkeypatch
):
    from verbatim.nlp.hashing import sample_key
    from verbatim.pipelines.steps import jobs

    whole = Store(f"sqlite:///{tmp_path / 'whole.db'}")
    ingest_step(whole, [sample_path], say=lambda _: None)
    monkeypatch.setattr(jobs, "INGEST_CHUNK", 500)
    chunked = Store(f"sqlite:///{tmp_path / 'chunked.db'}")
    seen: list[list[str]] = []
    counts = ingest_step(
        chunked, [sample_path], say=lambda _: None, after_chunk=lambda _s, ids: seen.append(ids)
    )
    ids = [i for chunk in seen for i in chunk]
    assert len(seen) > 2 and all(len(c) <= 500 for c in seen)
    assert ids == sorted(ids, key=sample_key)  # the order a refit samples mentions in
    columns = ["response_id", "score", "comment", "responded_at", "customer_id"]
    a = whole.responses().sort_values("response_id")[columns].reset_index(drop=True)
    b = chunked.responses().sort_values("response_id")[columns].reset_index(drop=True)
    assert counts["inserted"] == len(b) == len(set(ids))
    assert a.equals(b)
    # each chunk is stored before it is handed over: a chunk preparer finds its rows
    assert len(chunked.responses_to_prepare(seen[0])) == len(seen[0])
    assert chunked.responses_to_prepare(["no-such-id"]).empty


def test_a_large_export_hands_its_first_texts_over_before_it_is_stored(
    tmp_path, sample_path, monkeypatch
):
    from verbatim.nlp.prepare import prepare_mentions
    from verbatim.pipelines.io import ingest
    from verbatim.pipelines.steps import jobs

    class Recorder:  # the embedder's side of the interface: what it was handed, in order
        def __init__(self) -> None:
            self.lists: list[list[str]] = []

        def submit(self, texts: list[str]) -> None:
            self.lists.append(list(texts))

    settings = load_settings(None, db_url=f"sqlite:///{tmp_path / 'v.db'}")
    monkeypatch.setattr(ingest, "HEAD_ROWS", 200)
    for threshold, expect_head in ((10**12, False), (0, True)):
        monkeypatch.setattr(jobs, "HEAD_START_MIN_BYTES", threshold)
        store = Store(f"sqlite:///{tmp_path / f'v{threshold}.db'}")
        recorder = Recorder()
        preparer = jobs.ChunkPreparer(settings, recorder, say=lambda _: None)
        ingest_step(store, [sample_path], say=lambda _: None, after_chunk=preparer)
        first_rows = ingest.read_export(sample_path).accepted.head(200)
        head_texts = (
            prepare_mentions(first_rows[["response_id", "comment", "language"]], lemmatize=False)[
                "text"
            ]
            .drop_duplicates()
            .tolist()
        )
        assert (recorder.lists[0] == head_texts) is expect_head
        # every stored text was handed over with its chunk as well
        handed = {t for texts in recorder.lists for t in texts}
        assert set(store.mentions()["text"]) <= handed


def test_headline_is_the_last_complete_period_and_its_change(tmp_path):
    """September +50, October 0: the run and the report say October 0 and −50, not −25."""
    import re

    from verbatim.pipelines.steps.jobs import report_step

    rows = ["ID;Date;Note;Commentaire"]
    for i, score in enumerate([10, 9, 10, 8, 7, 8]):
        rows.append(f"S{i};0{i + 1}/09/2026;{score};")
    for i, score in enumerate([10, 9, 3, 5]):
        rows.append(f"O{i};1{i}/10/2026;{score};")
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(url)
    settings = load_settings(None, db_url=url)
    ingest_step(store, [export], say=lambda _: None)
    said: list[str] = []
    head = nps_step(store, settings, say=said.append)
    assert head["nps"] == 30.0  # all periods
    assert (head["period"], head["period_nps"], head["change"]) == ("2026-10", 0.0, -50.0)
    assert "2026-10: NPS +0.0, -50.0 vs 2026-09" in said[0]
    paths = report_step(store, settings, output_dir=tmp_path / "o", say=lambda _: None)["paths"]
    html = open(paths["report_html"], encoding="utf-8").read()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "NPS 2026-10 0.0 95% interval" in text
    assert "Change vs 2026-09 ▼ −50.0" in text
    assert "All periods: NPS 30.0" in text
    store.dispose()
