"""A refit on more mentions than its sample: which mentions it fits on, and the rest assigned."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from verbatim.nlp.hashing import sample_key
from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import jobs, registry
from verbatim.pipelines.steps.embedder import BackgroundEmbedder


def _mentions(n_responses: int) -> pd.DataFrame:
    rows = [
        {"mention_id": f"m{r}-{p}", "response_id": f"R{r:05d}", "position": p}
        for r in range(n_responses)
        for p in range(1 + r % 3)
    ]
    return pd.DataFrame(rows)


def test_sample_split_keeps_every_mention_under_the_limit():
    mentions = _mentions(10)
    fit, rest = registry.sample_split(mentions, 1000)
    np.testing.assert_array_equal(fit, np.arange(len(mentions)))
    assert len(rest) == 0


def test_fitted_mentions_are_the_first_in_sample_key_order_whatever_the_row_order():
    mentions = _mentions(3000)  # 6,000 mentions
    fit, rest = registry.sample_split(mentions, 1000)
    picked = mentions.iloc[fit]
    assert len(picked) == 1000
    # the same mentions when the store returns its rows in another order
    shuffled = mentions.sample(frac=1.0, random_state=1).reset_index(drop=True)
    again = shuffled.iloc[registry.sample_split(shuffled, 1000)[0]]
    assert set(again["mention_id"]) == set(picked["mention_id"])
    # the responses prepare goes through first: every response ranked before the last one picked
    keys = mentions["response_id"].map(sample_key)
    last = keys[picked.index].max()
    assert set(mentions.loc[keys < last, "mention_id"]) <= set(picked["mention_id"])
    # spread over the whole store, not the first responses of the export
    numbers = picked["response_id"].str[1:].astype(int)
    assert numbers.min() < 300 and numbers.max() > 2700
    # the others, each once, in the order the background process embeds them
    np.testing.assert_array_equal(np.sort(np.concatenate([fit, rest])), np.arange(len(mentions)))
    assert keys.iloc[rest].is_monotonic_increasing and keys.iloc[rest].min() >= last


def test_fit_sample_below_1000_is_refused_with_the_rule():
    with pytest.raises(VerbatimError, match=r"themes.fit_sample.*at least 1000"):
        load_settings(None, db_url="sqlite://", themes__fit_sample=10)


@pytest.mark.slow
def test_refit_fits_on_its_sample_while_the_rest_embed_and_assigns_them(sqlite_url, sample_path):
    settings = load_settings(None, db_url=sqlite_url, themes__fit_sample=1000)
    store = Store(sqlite_url)
    embedder = BackgroundEmbedder(sqlite_url, settings.embedding.model)
    try:  # as the nightly flow does: ingest prepares each chunk it stores
        preparer = jobs.ChunkPreparer(settings, embedder)
        jobs.ingest_step(store, [sample_path], after_chunk=preparer)
        left = jobs.prepare_step(store, settings, embedder=embedder)
        assert left["prepared"] == 0 and preparer.totals["prepared"] == len(store.responses())
        deadline = time.monotonic() + 120  # loaded: a loading process would be closed
        while not embedder.ready and time.monotonic() < deadline:  # for a few texts left
            time.sleep(0.1)
        said: list[str] = []
        handed = jobs.embed_step(store, settings, embedder=embedder, defer=True, say=said.append)
        pending = handed.pop("pending")
        counts = registry.theme_step(store, settings, say=said.append, pending=pending)
    finally:
        embedder.close()
    mentions = store.mentions()
    assert len(mentions) > 1000  # more than the sample: the rest were assigned
    assert any("fitting themes on 1000 of" in m for m in said), said
    # every text embedded once, in the background, and counted for the run
    assert pending.counts["embedded"] == mentions["text_hash"].nunique()
    assert counts["refit"] and counts["themes"] >= 5
    assert mentions["theme_id"].notna().all()
    assert (mentions["theme_id"] == -1).mean() < 0.1
    # the mentions outside the sample are assigned as a later night would assign them
    state = registry.load_state(store)
    fit, _ = registry.sample_split(mentions, 1000)
    rest = mentions.drop(index=mentions.index[fit])
    x = registry.mention_matrix(store, rest, handed["model"])
    space = registry.theme_space(store, handed["model"], state["concept_anchor"], settings)
    langs, texts = rest["language"].to_numpy(), rest["text"].tolist()
    with pytest.raises(ValueError, match="fitted on concept-anchored vectors"):
        registry.route(state, x, langs, texts)  # never raw vectors into an anchored model
    rows, sim, pol, conf, why = registry.route(state, x, langs, texts, to_theme_space=space)
    scores = registry.mention_scores(store, rest)
    vectors = registry.theme_vectors(space, x.__getitem__, texts, langs)
    registry.sides_moved(state, rows, sim, pol, conf, why, scores, vectors, settings)
    expected = registry.theme_ids_of(state, rows)
    np.testing.assert_array_equal(rest["theme_id"].to_numpy(dtype=int), expected)
    # theme sizes count every mention, not only the sample's
    themes = store.themes()
    parents = themes[themes["level"] == "parent"]
    for parent in parents.itertuples():  # a roll-up holds what its children hold
        assert parent.size == themes.loc[themes["parent_id"] == parent.theme_id, "size"].sum()
    themes = themes[themes["level"] == "theme"]
    sizes = themes.set_index("theme_id")["size"].sort_index()
    counted = mentions.loc[mentions["theme_id"] >= 0, "theme_id"].value_counts()
    assert sizes.tolist() == counted.reindex(sizes.index).fillna(0).astype(int).tolist()
    store.dispose()


@pytest.mark.parametrize("level", ["theme", "parent", "all"])
def test_rankings_of_a_store_without_comments_are_empty(tmp_path, level):
    """A day of scores without comments: no theme, no roll-up, an empty ranking (not a crash)."""
    from verbatim.pipelines.steps.analysis import analyse

    export = tmp_path / "export.csv"
    export.write_text("id,score,comment\nr1,10,\nr2,3,\nr3,8,\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(url)
    jobs.ingest_step(store, [export])
    result = analyse(store, load_settings(None, db_url=url))
    assert result.top("detractor", 5, level=level).empty


def test_own_side_moves_a_detractors_complaint_out_of_a_theme_of_praise():
    """Only mentions read surely against their theme's side, from a response on the other side."""
    from verbatim.models.themes import ThemeModel
    from verbatim.pipelines.settings import Settings

    rng = np.random.RandomState(4)
    base = rng.randn(8, 64)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    centres = np.vstack([base[0], base[0] + base[1], base[2:]])
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    truth = np.repeat(np.arange(8), 60)
    x = centres[truth] + 0.4 * rng.randn(len(truth), 64) / 8
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    model = ThemeModel(random_state=0, assign_threshold=0.0).fit(x)
    praise, complaint = (np.bincount(model.labels_[truth == b]).argmax() for b in (0, 1))
    a = np.flatnonzero(model.labels_ == praise)[:5]
    b = np.flatnonzero(model.labels_ == complaint)[:1]
    picked = np.concatenate([a, b, a[:1]])
    rows = np.concatenate([model.labels_[picked[:-1]], [-2]])  # the last: a general theme's code
    polarity = np.array(["negative"] * 3 + ["positive"] * 3 + ["negative"], dtype=object)
    confidence = np.array([0.9, 0.9, 0.5, 0.9, 0.9, 0.9, 0.9])
    scores = np.array([2, 8, 2, 10, 10, 10, 1], dtype=float)
    sides = {int(praise): ("positive", 0.9), int(complaint): ("negative", 0.9)}

    moved, to, similarity = registry.own_side(
        model,
        rows,
        polarity,
        confidence,
        scores,
        sides,
        lambda idx: (x[picked[idx]], None),
        Settings(),
    )
    # the detractor's sure complaint leaves the praise theme for its neighbour, the promoter's
    # sure praise the complaint theme for its; a passive, an unsure reading, a mention on its
    # theme's side and a general mention stay
    assert dict(zip(moved.tolist(), to.tolist(), strict=True)) == {
        0: int(complaint),
        5: int(praise),
    }
    np.testing.assert_allclose(
        similarity, (x[picked[moved]] * model.centroids_[to]).sum(axis=1), atol=1e-5
    )
