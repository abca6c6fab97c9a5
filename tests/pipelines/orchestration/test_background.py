"""The nightly flow's background embedding: started for the exports it reads, never left running."""

from __future__ import annotations

import pytest

from verbatim.pipelines.io.store import Store
from verbatim.pipelines.orchestration.background import BackgroundEmbedding
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import jobs


class _Embedder:
    closed = False

    def close(self) -> None:
        self.closed = True


class _Pending:
    counts = {"embedded": 7}


def _background(url: str, **settings) -> BackgroundEmbedding:
    return BackgroundEmbedding(
        load_settings(None, db_url=url, **settings),
        dask_address=None,
        run_id="r1",
        say=lambda _: None,
    )


@pytest.mark.parametrize("background", [False])
def test_background_off_passes_the_counts_through(sqlite_url, sample_path, background):
    store = Store(sqlite_url)
    with _background(sqlite_url, embedding__background=background) as bg:
        bg.start(store, [str(sample_path)], column_map={}, sheet=None, id_prefix=None)
        assert (bg.embedder, bg.preparer) == (None, None)
        assert bg.prepared({"mentions": 3}) == {"mentions": 3}
        embed = {"embedded": 2}
        assert bg.hand_over(embed) is None
        assert bg.embedded(embed) == {"embedded": 2}


@pytest.mark.parametrize("error", [RuntimeError("a step failed"), KeyboardInterrupt()])
def test_background_process_closed_however_the_run_ends(
    sqlite_url, sample_path, monkeypatch, error
):
    store = Store(sqlite_url)
    started = _Embedder()
    seen = {}

    def start(settings, *, dask_address=None, inputs=None):
        seen["inputs"] = inputs
        return started

    monkeypatch.setattr(jobs, "start_embedder", start)
    with pytest.raises(type(error)):
        with _background(sqlite_url, embedding__background=True) as bg:
            bg.start(store, [str(sample_path)], column_map={}, sheet=None, id_prefix=None)
            assert bg.embedder is started and isinstance(bg.preparer, jobs.ChunkPreparer)
            embed = {"embedded": 2, "pending": _Pending()}
            assert isinstance(bg.hand_over(embed), _Pending)
            assert "pending" not in embed
            assert bg.embedded(embed) == {"embedded": 7}
            raise error
    assert seen["inputs"] == [str(sample_path)]  # never read before: read by this run
    assert started.closed
