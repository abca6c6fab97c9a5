"""Pipeline steps called directly on a real SQLite store."""

from __future__ import annotations

from pipelines.jobs import ingest_step, nps_step
from pipelines.settings import load_settings
from pipelines.store import Store


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
