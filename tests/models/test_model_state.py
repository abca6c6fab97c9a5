"""The models' saved state: plain data that gives back the same assignments, checked on reading."""

from __future__ import annotations

import json

import numpy as np
import pytest

from verbatim.models.polarity import PolarityModel
from verbatim.models.themes import ThemeModel

DIM = 32


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _blobs(seed: int, per_blob: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Rows around four unit centres (a fake embedder), half French, half English."""
    rng = np.random.RandomState(0)
    centres = _unit(rng.randn(4, DIM))
    rng = np.random.RandomState(seed)
    truth = np.repeat(np.arange(4), per_blob)
    x = _unit(centres[truth] + 0.15 * rng.randn(len(truth), DIM) / np.sqrt(DIM) * 4)
    return x.astype(np.float32), np.where(np.arange(len(truth)) % 2, "fr", "en")


@pytest.fixture(scope="module")
def themes() -> ThemeModel:
    x, langs = _blobs(0)
    return ThemeModel(min_theme_size=5, n_init=2, random_state=0).fit(x, groups=langs)


@pytest.fixture(scope="module")
def polarity() -> PolarityModel:
    x, _ = _blobs(1)
    labels = np.array(["positive", "negative", "neutral"])[np.arange(len(x)) % 3]
    return PolarityModel().fit(x, labels, X=x, scores=np.linspace(0, 10, len(x)))


def _as_stored(state: dict) -> dict:
    """The state through JSON (its arrays as they are), as a store would give it back."""
    arrays = {k: v for k, v in state.items() if isinstance(v, np.ndarray)}
    rest = json.loads(json.dumps({k: v for k, v in state.items() if k not in arrays}))
    return {**rest, **{k: v.copy() for k, v in arrays.items()}}


@pytest.mark.parametrize("seed", [2])
def test_themes_state_round_trip_assigns_the_same(themes, seed):
    x, langs = _blobs(seed)
    back = ThemeModel.from_state(_as_stored(themes.to_state()))
    rows, sim = themes.assign(x, groups=langs)
    rows_back, sim_back = back.assign(x, groups=langs)
    assert len(np.unique(rows)) >= 4 and (rows >= 0).mean() > 0.9  # themes, rows assigned
    np.testing.assert_array_equal(rows_back, rows)
    np.testing.assert_allclose(sim_back, sim, atol=1e-6)
    assert back.get_params() == themes.get_params()
    assert not hasattr(back, "labels_")  # the fit's per-row outputs are not kept


@pytest.mark.parametrize("seed", [3])
def test_polarity_state_round_trip_predicts_the_same(polarity, seed):
    x, _ = _blobs(seed)
    back = PolarityModel.from_state(_as_stored(polarity.to_state()))
    labels, confidence = polarity.predict(x)
    labels_back, confidence_back = back.predict(x)
    np.testing.assert_array_equal(labels_back, labels)
    np.testing.assert_allclose(confidence_back, confidence, atol=1e-6)


@pytest.mark.parametrize("cls", [ThemeModel, PolarityModel])
def test_model_state_holds_only_json_values_and_numeric_arrays(themes, polarity, cls):
    state = (themes if cls is ThemeModel else polarity).to_state()
    arrays = {k for k, v in state.items() if isinstance(v, np.ndarray)}
    assert all(state[k].dtype.kind in "fiu" for k in arrays)
    json.dumps({k: v for k, v in state.items() if k not in arrays})  # no object left


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, r"ThemeModel state version 2 is not one this version reads \(1\)"),
        ({"version": None}, r"state version None"),
        ({"params": {"bogus": 1}}, r"parameters this version lacks"),
        ({"params": {"min_theme_size": 1}}, r"'min_theme_size' parameter of ThemeModel"),
        ({"centroids_": np.zeros((3, DIM + 1), np.float32)}, r"do not fit together"),
        ({"prototypes_": np.zeros((2, DIM), object)}, r"'prototypes_' must be a 2-d array"),
        ({"prototype_themes_": np.array([99])}, r"do not fit together"),
    ],
)
def test_themes_state_refused_naming_what_differs(themes, change, message):
    state = {**themes.to_state(), **change}
    with pytest.raises(ValueError, match=message):
        ThemeModel.from_state(state)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 7}, r"PolarityModel state version 7 is not one this version reads \(1\)"),
        ({"classes_": ["negative", "positive", "bad"]}, r"does not fit together"),
        ({"coef_": np.zeros((2, DIM), np.float32)}, r"does not fit together"),
    ],
)
def test_polarity_state_refused_naming_what_differs(polarity, change, message):
    with pytest.raises(ValueError, match=message):
        PolarityModel.from_state({**polarity.to_state(), **change})


@pytest.mark.parametrize("cls", [ThemeModel, PolarityModel])
def test_unfitted_model_has_no_state(cls):
    with pytest.raises(ValueError, match="not fitted yet"):
        cls().to_state()
