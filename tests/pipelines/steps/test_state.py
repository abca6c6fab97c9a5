"""The theme registry's saved state: data only, read back to the same routing, never unpickled.

Whoever can write to a shared store must not be able to run code on the host of the nightly
run: an old pickled state (here one whose unpickling would create a file) is never read; the
theme step says why in one line and refits, carrying the theme ids over.
"""

from __future__ import annotations

import io
import json
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from verbatim.models import lifecycle
from verbatim.models.polarity import PolarityModel
from verbatim.models.themes import ThemeModel
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import edits, jobs, registry

DIM = 32
OLD_FORMAT = (
    "the saved theme model is in an old format that is not read for safety; "
    "refitting, theme ids carry over"
)
TOPICAL = ["la livraison est arrivée en retard", "the staff was friendly", "le prix est trop cher"]
GENERIC = ["super", "nul", "great"]  # say only that they are happy or not: general themes


class _Planted:
    """Unpickling it creates ``path``: the visible side effect of code run from the store."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _mentions(seed: int, n: int = 240) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Vectors around four planted themes (a fake embedder), their languages and texts."""
    centres = _unit(np.random.RandomState(0).randn(4, DIM))
    rng = np.random.RandomState(seed)
    truth = np.arange(n) % 4
    x = _unit(centres[truth] + 0.6 * rng.randn(n, DIM) / np.sqrt(DIM)).astype(np.float32)
    langs = np.where(np.arange(n) % 3 == 0, "en", "fr")
    texts = [(GENERIC if i % 5 == 0 else TOPICAL)[i % 3] for i in range(n)]
    return x, langs, texts


def _state() -> dict:
    """A registry state as a refit leaves it: both models, a vague row, general themes."""
    x, langs, texts = _mentions(0)
    labels = np.array(["positive", "negative", "neutral"])[np.arange(len(x)) % 3]
    polarity_model = PolarityModel().fit(x, labels, X=x, scores=np.linspace(0, 10, len(x)))
    model = ThemeModel(min_theme_size=5, n_init=2, random_state=0).fit(x, groups=langs)
    model.prototype_themes_ = np.where(
        model.prototype_themes_ == 2, registry.VAGUE, model.prototype_themes_
    )
    state = {"model": model, "polarity_model": polarity_model, "general_centroids": {}}
    state.update(vague=[2], theme_ids=[10, 11, -1, 13], embedding_model="fake")
    state["general_ids"] = {"praise": 20, "complaint": 21}
    # general centroids from the fitted mentions, as ``_fit_and_label`` computes them
    registry.route(state, x, langs, texts)
    assert model.n_themes_ == 4 and set(state["general_centroids"]) == {"praise", "complaint"}
    return state


def _routing(state: dict, seed: int) -> tuple:
    x, langs, texts = _mentions(seed)
    rows, similarity, polarity, confidence, why = registry.route(state, x, langs, texts)
    return registry.theme_ids_of(state, rows), similarity, polarity, confidence, why


def _split(state: dict, row: int, new_ids: list[int]) -> None:
    """What ``edits.split`` does to the model: the row stops, two new rows take its mentions."""
    x, langs, _ = _mentions(5)
    mine = (state["model"].assign(x, groups=langs)[0] == row).nonzero()[0]
    lifecycle.drop_from_model(state["model"], row)
    lifecycle.extend_model(state["model"], x[mine], langs[mine], np.arange(len(mine)) % 2)
    state["theme_ids"] = [*state["theme_ids"], *new_ids]


@pytest.mark.parametrize("edited", [False, True])
def test_state_round_trip_through_the_store_routes_the_same(store, edited):
    state = _state()
    if edited:
        _split(state, 0, [30, 31])
    before = _routing(state, seed=1)
    registry.save_state(store, state, run_id=None)
    back = registry.load_state(store)
    after = _routing(back, seed=1)
    np.testing.assert_array_equal(after[0], before[0])  # theme ids, general ones included
    np.testing.assert_allclose(after[1], before[1], atol=1e-6)
    np.testing.assert_array_equal(after[2], before[2])
    np.testing.assert_allclose(after[3], before[3], atol=1e-6)
    assert after[4] == before[4]
    assert {21, 11, 13, -1} <= set(before[0])  # general complaint, topic themes, vague row
    assert ({30, 31} <= set(before[0]) and 10 not in before[0]) if edited else 10 in before[0]
    assert (back["embedding_model"], back["vague"]) == ("fake", [2])
    # a loaded state grows and is saved again like a fitted one (an emerging theme, a night on)
    _split(back, 1, [32, 33])
    registry.save_state(store, back, run_id=None)
    np.testing.assert_array_equal(
        _routing(registry.load_state(store), seed=1)[0], _routing(back, seed=1)[0]
    )


def test_saved_state_reads_without_pickle(store):
    registry.save_state(store, _state(), run_id=None)
    blob = store.get_artifact(registry.MODEL_ARTIFACT)
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        doc = json.loads(npz["json"].tobytes())
        assert all(npz[name].dtype.kind in "fiu" for name in doc["arrays"])
    assert (doc["format"], doc["version"]) == ("verbatim.theme_state", 1)


_DROP = object()  # a change to ``_rewritten``: remove the key


def _rewritten(blob: bytes, **changes) -> bytes:
    """The saved state with its JSON part changed (``_DROP``: that key removed)."""
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        members = {name: npz[name] for name in npz.files}
    doc = {**json.loads(members["json"].tobytes()), **changes}
    doc = {k: v for k, v in doc.items() if v is not _DROP}
    members["json"] = np.frombuffer(json.dumps(doc).encode(), dtype=np.uint8)
    out = io.BytesIO()
    np.savez(out, **members)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("pickle", OLD_FORMAT),
        ("version", "has format version 99, this version of Verbatim reads version 1; refitting"),
        ("damaged", "is unreadable"),
        ("model version", "is unreadable (ThemeModel state version 5 is not one"),
    ],
)
def test_state_decode_refuses_what_it_does_not_read(tmp_path, kind, message):
    blob = registry.encode_state(_state())
    planted = tmp_path / "unpickled"
    if kind == "pickle":
        blob = pickle.dumps({"model": _Planted(planted)})
    elif kind == "version":
        blob = _rewritten(blob, version=99)
    elif kind == "damaged":
        blob = blob[: len(blob) // 2]
    else:
        doc = json.loads(np.load(io.BytesIO(blob))["json"].tobytes())
        blob = _rewritten(blob, model={**doc["model"], "version": 5})
    with pytest.raises(registry.StateFormatError) as caught:
        registry.decode_state(blob)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert not planted.exists()


@pytest.fixture(scope="module")
def fitted_store(tmp_path_factory, sample_path) -> Path:
    """A SQLite store after a first night on the head of the sample (themes and their state)."""
    folder = tmp_path_factory.mktemp("state")
    export = folder / "export.csv"
    with sample_path.open(encoding="utf-8-sig") as lines:
        export.write_text("".join(next(lines) for _ in range(401)), encoding="utf-8")
    url = f"sqlite:///{folder / 'v.db'}"
    settings = load_settings(None, db_url=url)
    store = Store(url)
    jobs.ingest_step(store, [export])
    jobs.prepare_step(store, settings)
    jobs.embed_step(store, settings)
    assert registry.theme_step(store, settings)["themes"] >= 3
    store.dispose()
    return folder / "v.db"


def _copy(db: Path, tmp_path: Path) -> tuple[Store, object]:
    for path in db.parent.glob(db.name + "*"):
        shutil.copy(path, tmp_path / path.name)
    url = f"sqlite:///{tmp_path / db.name}"
    return Store(url), load_settings(None, db_url=url)


def _topic_themes(store: Store) -> set[int]:
    themes = store.themes()
    return set(themes.loc[(themes["kind"] == "topic") & (themes["level"] == "theme"), "theme_id"])


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("pickle", OLD_FORMAT),
        ("version", "the saved theme model has format version 2, this version of Verbatim reads"),
    ],
)
def test_theme_step_refits_on_a_state_it_does_not_read(fitted_store, tmp_path, kind, message):
    store, settings = _copy(fitted_store, tmp_path)
    planted = tmp_path / "unpickled"
    themes, assigned = _topic_themes(store), store.mentions()["theme_id"].tolist()
    if kind == "pickle":
        blob = pickle.dumps({"model": _Planted(planted), "theme_ids": [1]})
    else:
        blob = _rewritten(store.get_artifact(registry.MODEL_ARTIFACT), version=2)
    store.put_artifact(registry.MODEL_ARTIFACT, blob)
    said: list[str] = []
    counts = registry.theme_step(store, settings, say=said.append)
    assert not planted.exists()
    assert said[0].startswith(message) and said[0].endswith("refitting, theme ids carry over")
    assert "saved theme model not read" in said[1]
    assert counts["refit"] and counts["new"] == 0 and counts["carried_over"] == len(themes)
    assert _topic_themes(store) == themes and store.mentions()["theme_id"].tolist() == assigned
    assert registry.load_state(store) is not None  # saved anew, as data
    # the trap was real: unpickling it would have run code
    pickle.loads(pickle.dumps(_Planted(planted)))
    assert planted.exists()
    store.dispose()


def test_edits_leave_an_unread_state_for_the_theme_step(fitted_store, tmp_path):
    store, _ = _copy(fitted_store, tmp_path)
    planted = tmp_path / "unpickled"
    blob = pickle.dumps({"model": _Planted(planted)})
    store.put_artifact(registry.MODEL_ARTIFACT, blob)
    a, b = sorted(_topic_themes(store))[:2]
    edits.merge(store, b, a)
    assert not planted.exists()
    assert store.get_artifact(registry.MODEL_ARTIFACT) == blob  # refitted by the next night
    store.dispose()


@pytest.mark.parametrize(("saved", "asked"), [(None, 0.3), (0.3, 0.0)])
def test_theme_step_refits_a_model_fitted_in_another_theme_space(
    fitted_store, tmp_path, saved, asked
):
    store, settings = _copy(fitted_store, tmp_path)
    settings = settings.model_copy(
        update={"themes": settings.themes.model_copy(update={"concept_anchor": asked})}
    )
    assert registry.load_state(store)["concept_anchor"] == 0.3  # the default's space
    if saved is None:  # a state saved before the anchoring: fitted on the embeddings as they are
        blob = _rewritten(store.get_artifact(registry.MODEL_ARTIFACT), concept_anchor=_DROP)
        store.put_artifact(registry.MODEL_ARTIFACT, blob)
        assert registry.load_state(store)["concept_anchor"] == 0.0
    said: list[str] = []
    counts = registry.theme_step(store, settings, say=said.append)
    before = 0 if saved is None else saved
    assert counts["refit"]
    assert f"(theme space changed (concept anchor {before:g} -> {asked:g}))" in said[0]
    assert registry.load_state(store)["concept_anchor"] == asked
    # the next night, in the same space, only assigns
    assert not registry.theme_step(store, settings, say=said.append)["refit"]
    store.dispose()


def test_state_keeps_each_themes_side_and_older_states_read_without(store):
    state = {**_state(), "theme_sides": {11: ("positive", 0.9), 13: ("negative", 0.85)}}
    registry.save_state(store, state, run_id=None)
    assert registry.load_state(store)["theme_sides"] == state["theme_sides"]
    blob = store.get_artifact(registry.MODEL_ARTIFACT)
    assert registry.decode_state(_rewritten(blob, theme_sides=_DROP))["theme_sides"] == {}
    with pytest.raises(registry.StateFormatError, match="theme side 'maybe'"):
        registry.decode_state(_rewritten(blob, theme_sides=[[11, "maybe", 0.9]]))


@pytest.mark.parametrize("with_sides", [True, False])
def test_a_night_reads_new_mentions_by_the_side_of_their_themes_responses(
    fitted_store, tmp_path, with_sides
):
    """A promoter's mention read as a complaint, in a theme of promoters, is praise tonight too."""
    store, settings = _copy(fitted_store, tmp_path)
    state = registry.load_state(store)
    mentions = store.mentions()
    topic = mentions["theme_id"].isin(_topic_themes(store)) & (mentions["polarity"] == "negative")
    theme = int(mentions.loc[topic, "theme_id"].value_counts().index[0])
    texts = mentions.loc[topic & (mentions["theme_id"] == theme), "text"].head(3).tolist()
    state["theme_sides"] = {theme: ("positive", 0.9)} if with_sides else {}
    registry.save_state(store, state, run_id=None)
    export = tmp_path / "tonight.csv"
    rows = [(f"new-{i}", score, text) for i, text in enumerate(texts) for score in (10, 2)]
    export.write_text(
        "response_id,score,comment\n"
        + "".join(f'{rid}-{score},{score},"{text}"\n' for rid, score, text in rows),
        encoding="utf-8",
    )
    jobs.ingest_step(store, [export])
    jobs.prepare_step(store, settings)
    jobs.embed_step(store, settings)
    assert not registry.theme_step(store, settings)["refit"]
    new = store.mentions(columns=(*store.MENTION_COLUMNS, "polarity", "polarity_confidence"))
    new = new[new["response_id"].str.startswith("new-") & (new["theme_id"] == theme)]
    promoters = new["response_id"].str.endswith("-10")
    assert promoters.any() and (~promoters).any(), new
    # a detractor's complaint stays a complaint; a promoter's is read by the theme's side
    assert (new.loc[~promoters, "polarity"] == "negative").all()
    if with_sides:
        assert (new.loc[promoters, "polarity"] == "positive").all()
        assert np.allclose(new.loc[promoters, "polarity_confidence"], 0.9)
    else:
        assert (new.loc[promoters, "polarity"] == "negative").all()
    store.dispose()


# a subject the sample never talks about: a night's unassigned mentions give it its own themes
ROOFTOP_BEES = [
    "The rooftop garden with beehives is a lovely idea",
    "I adore the beehives on the rooftop garden",
    "Beehives on the roof, what a charming touch",
    "The rooftop beehives make me smile every visit",
    "Honey from your rooftop bees is a wonderful gift",
    "Les ruches sur le toit sont une idée charmante",
    "J'adore les ruches du jardin sur le toit",
    "Le miel des abeilles du toit est un joli cadeau",
    "Rooftop bees and honey, brilliant initiative",
    "The bee hives up on the roof are delightful",
    "Des ruches sur le toit, quelle belle initiative",
    "Your rooftop honey is delicious",
    "Le miel de vos ruches est délicieux",
    "Beekeeping on the roof garden is inspiring",
    "L'apiculture sur le toit est inspirante",
    "Rooftop hives, honey tasting, loved it",
    "The honey bees on the roof are a great touch",
    "Les abeilles sur le toit, super idée",
    "Rooftop apiary is such a nice surprise",
    "Dégustation du miel des ruches, adoré",
]


def test_a_theme_born_on_a_later_night_reads_its_mentions_by_its_responses_side(
    fitted_store, tmp_path
):
    """Praise said only by detractors, in a theme born tonight: read as its responses are.

    Every response of tonight's new subject scores 2 while its words read as praise: the new
    themes' side is read from their own responses, as at a fit, and kept for later nights.
    """
    store, settings = _copy(fitted_store, tmp_path)
    export = tmp_path / "tonight.csv"
    export.write_text(
        "response_id,score,comment\n"
        + "".join(f'bees-{i},2,"{text}"\n' for i, text in enumerate(ROOFTOP_BEES)),
        encoding="utf-8",
    )
    jobs.ingest_step(store, [export])
    jobs.prepare_step(store, settings)
    jobs.embed_step(store, settings)
    assert not registry.theme_step(store, settings)["refit"]
    themes = store.themes()
    born = set(themes.loc[themes["status"] == "new", "theme_id"])
    assert born, "no theme was born from tonight's unassigned mentions"
    new = store.mentions(columns=(*store.MENTION_COLUMNS, "polarity", "polarity_confidence"))
    new = new[new["response_id"].str.startswith("bees-") & new["theme_id"].isin(born)]
    assert len(new) >= settings.themes.min_theme_size
    assert (new["polarity"] == "negative").all(), new[["text", "polarity"]]
    assert np.allclose(new["polarity_confidence"], 1.0)
    sides = registry.load_state(store)["theme_sides"]
    assert {t: sides.get(t) for t in born} == {t: ("negative", 1.0) for t in born}
    assert (themes.loc[themes["theme_id"].isin(born), "polarity"] == "complaint").all()
    store.dispose()
