"""ThemeModel on planted blobs on the unit sphere (a fake embedder with known themes)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from verbatim.models.themes import ThemeModel

DIM = 64


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _blobs(
    n_blobs: int = 5, per_blob: int = 60, spread: float = 0.25, seed: int = 0, centres=None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows around random unit centres: (embeddings, true blob, centres)."""
    rng = np.random.RandomState(seed)
    if centres is None:
        centres = _unit(rng.randn(n_blobs, DIM))
    truth = np.repeat(np.arange(len(centres)), per_blob)
    x = _unit(centres[truth] + spread * rng.randn(len(truth), DIM) / np.sqrt(DIM) * 4)
    return x.astype(np.float32), truth, centres


@pytest.fixture(scope="module")
def planted():
    return _blobs()


@pytest.fixture(scope="module")
def fitted(planted):
    x, _, _ = planted
    return ThemeModel(random_state=0).fit(x)


def test_themes_recovers_planted_blobs(planted, fitted):
    _, truth, _ = planted
    assert fitted.n_themes_ == 5
    assert adjusted_rand_score(truth, fitted.labels_) > 0.95
    assert (fitted.labels_ == -1).mean() < 0.02


def test_themes_learned_attributes_are_consistent(planted, fitted):
    x, _, _ = planted
    k = fitted.n_themes_
    assert fitted.centroids_.shape == (k, DIM)
    np.testing.assert_allclose(np.linalg.norm(fitted.centroids_, axis=1), 1.0, atol=1e-5)
    own = (x * fitted.centroids_[fitted.labels_]).sum(axis=1)
    np.testing.assert_allclose(fitted.similarity_, own, atol=1e-5)
    assert fitted.parents_.shape == (k,)
    assert set(fitted.parents_) <= set(range(k))
    sizes = np.bincount(fitted.labels_[fitted.labels_ >= 0])
    assert list(sizes) == sorted(sizes, reverse=True)  # theme 0 is the largest


def test_themes_outliers_are_unassigned():
    x, truth, _ = _blobs(seed=1)
    noise = _unit(np.random.RandomState(2).randn(12, DIM)).astype(np.float32)
    model = ThemeModel(random_state=0).fit(np.vstack([x, noise]))
    assert (model.labels_[len(x) :] == -1).mean() >= 0.9
    assert (model.labels_[: len(x)] == -1).mean() < 0.02
    assert adjusted_rand_score(truth, model.labels_[: len(x)]) > 0.95


@pytest.mark.parametrize("n_themes", [2, 3, 5, 8])
def test_themes_forced_number_is_honoured(planted, n_themes):
    x, truth, _ = planted
    model = ThemeModel(n_themes=n_themes, random_state=0).fit(x)
    assert model.n_themes_ == n_themes
    assert len(np.unique(model.labels_[model.labels_ >= 0])) == n_themes
    if n_themes <= 5:  # merging keeps each planted blob whole
        for blob in range(5):
            assert len(np.unique(model.labels_[(truth == blob) & (model.labels_ >= 0)])) == 1


def test_themes_near_duplicate_blobs_are_merged():
    rng = np.random.RandomState(3)
    centres = _unit(rng.randn(4, DIM))
    twin = _unit(centres[0] + 0.15 * _unit(rng.randn(DIM)))
    x, truth, _ = _blobs(centres=np.vstack([centres, twin]), seed=4)
    model = ThemeModel(random_state=0).fit(x)
    assert model.n_themes_ == 4
    twins = ((truth == 0) | (truth == 4)) & (model.labels_ >= 0)
    assert len(np.unique(model.labels_[twins])) == 1


def test_themes_language_offsets_are_removed():
    """Two 'languages' = the same blobs shifted by a constant vector: themes mix them."""
    x_fr, truth, centres = _blobs(seed=5)
    x_en, _, _ = _blobs(centres=centres, seed=6)
    shift = 1.2 * _unit(np.random.RandomState(7).randn(DIM))
    x = np.vstack([x_fr, _unit(x_en + shift)]).astype(np.float32)
    lang = np.array(["fr"] * len(x_fr) + ["en"] * len(x_en))
    both = np.concatenate([truth, truth])

    blind = ThemeModel(random_state=0).fit(x)
    aware = ThemeModel(random_state=0).fit(x, groups=lang)

    assert normalized_mutual_info_score(lang, blind.labels_) > 0.3  # without groups: split
    assert normalized_mutual_info_score(lang, aware.labels_) < 0.05
    assert adjusted_rand_score(both, aware.labels_) > 0.9


def test_themes_fit_is_deterministic(planted):
    x, _, _ = planted
    a = ThemeModel(random_state=7).fit(x)
    b = ThemeModel(random_state=7).fit(x)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    np.testing.assert_array_equal(a.centroids_, b.centroids_)


def test_themes_large_input_is_sampled_then_spread():
    x, truth, _ = _blobs(per_blob=120, seed=8)
    model = ThemeModel(sample_size=200, random_state=0).fit(x)
    assert model.n_themes_ == 5
    assert adjusted_rand_score(truth, model.labels_) > 0.95


def test_themes_assign_new_rows(planted, fitted):
    _, truth, centres = planted
    new, new_truth, _ = _blobs(centres=centres, per_blob=10, seed=9)
    far = _unit(np.random.RandomState(10).randn(5, DIM)).astype(np.float32)
    labels, similarity = fitted.assign(np.vstack([new, far]))
    theme_of_blob = {b: np.bincount(fitted.labels_[truth == b]).argmax() for b in range(5)}
    expected = np.array([theme_of_blob[b] for b in new_truth])
    assert (labels[: len(new)] == expected).mean() > 0.97
    assert (labels[len(new) :] == -1).all()
    assigned = labels >= 0
    rows = np.vstack([new, far])[assigned]
    np.testing.assert_allclose(
        similarity[assigned], (rows * fitted.centroids_[labels[assigned]]).sum(axis=1), atol=1e-5
    )


def test_themes_assign_uses_language_offsets():
    x_fr, truth, centres = _blobs(seed=11)
    shift = 1.2 * _unit(np.random.RandomState(12).randn(DIM))
    x_en = _unit(_blobs(centres=centres, seed=13)[0] + shift)
    lang = np.array(["fr"] * len(x_fr) + ["en"] * len(x_en))
    model = ThemeModel(random_state=0).fit(np.vstack([x_fr, x_en]), groups=lang)
    new_en, new_truth, _ = _blobs(centres=centres, per_blob=5, seed=14)
    labels, _ = model.assign(_unit(new_en + shift), groups=np.array(["en"] * len(new_en)))
    theme_of_blob = {
        b: np.bincount(model.labels_[: len(x_fr)][truth == b]).argmax() for b in range(5)
    }
    assert (labels == np.array([theme_of_blob[b] for b in new_truth])).mean() > 0.95


def test_themes_small_themes_are_dissolved():
    x, truth, _ = _blobs(seed=15)
    tiny, _, _ = _blobs(n_blobs=1, per_blob=4, spread=0.1, seed=16)
    model = ThemeModel(min_theme_size=8, random_state=0).fit(np.vstack([x, tiny]))
    assert model.n_themes_ == 5
    assert np.bincount(model.labels_[model.labels_ >= 0]).min() >= 8


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"min_theme_size": 1},
            "The 'min_theme_size' parameter of ThemeModel must be an int in the range [2, inf). "
            "Got 1 instead.",
        ),
        (
            {"n_themes": 0},
            "The 'n_themes' parameter of ThemeModel must be an int in the range [1, inf) or "
            "None. Got 0 instead.",
        ),
        (
            {"merge_threshold": 1.5},
            "The 'merge_threshold' parameter of ThemeModel must be a float in the range "
            "[-1.0, 1.0]. Got 1.5 instead.",
        ),
        (
            {"resolution": 0},
            "The 'resolution' parameter of ThemeModel must be a float in the range (0.0, inf). "
            "Got 0 instead.",
        ),
        (
            {"min_theme_size": 2.5},
            "The 'min_theme_size' parameter of ThemeModel must be an int in the range [2, inf). "
            "Got 2.5 instead.",
        ),
        (
            {"assign_threshold": "auto"},
            "The 'assign_threshold' parameter of ThemeModel must be a float in the range "
            "[-1.0, 1.0] or None. Got 'auto' instead.",
        ),
        (
            {"centre": 1},
            "The 'centre' parameter of ThemeModel must be an instance of 'bool'. Got 1 instead.",
        ),
    ],
)
def test_themes_parameter_errors_name_rule_and_value(planted, params, message):
    x, _, _ = planted
    model = ThemeModel(**params)  # constructing never fails: checks happen in fit
    with pytest.raises(ValueError) as err:
        model.fit(x)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda m, x: m.fit(x[0]), "expects a 2-D array of embeddings"),
        (lambda m, x: m.fit(x[:0]), "needs at least one embedding; got 0 rows"),
        (lambda m, x: m.fit(x, groups=["fr"]), "groups must have one value per row (300)"),
        (lambda m, x: m.assign(x), "not fitted yet"),
    ],
)
def test_themes_input_errors_are_explained(planted, call, message):
    x, _, _ = planted
    with pytest.raises(ValueError, match=None) as err:
        call(ThemeModel(), x)
    assert message in str(err.value)


def test_themes_assign_rejects_other_dimension(fitted):
    with pytest.raises(ValueError) as err:
        fitted.assign(np.ones((2, DIM + 1), dtype=np.float32))
    assert "fitted on 64-dimensional embeddings; got 65 dimensions" in str(err.value)


@pytest.mark.parametrize("times", [10])
def test_themes_do_not_drift_when_the_same_rows_repeat(times):
    """The same export repeated gives the same themes: distinct rows are clustered once."""
    x, _, _ = _blobs(n_blobs=8, per_blob=25, seed=3)
    once = ThemeModel(random_state=0, min_theme_size=8).fit(x)
    repeated = ThemeModel(random_state=0, min_theme_size=8).fit(np.tile(x, (times, 1)))
    assert repeated.n_themes_ == once.n_themes_
    np.testing.assert_array_equal(repeated.labels_, np.tile(once.labels_, times))


@pytest.mark.parametrize("minority", [0.4, 0.1])
def test_themes_split_by_mention_polarity_only_when_both_sides_are_large(minority):
    x, truth, _ = _blobs(n_blobs=2, per_blob=80, seed=4)
    rng = np.random.RandomState(0)
    polarity = np.where(rng.rand(len(x)) < minority, 1, -1)
    # as in a real encoder, praise and complaint lean two ways inside one topic
    x = _unit(x + 0.15 * polarity[:, None] * _unit(rng.randn(DIM))).astype(np.float32)
    model = ThemeModel(random_state=0).fit(x, polarity=polarity)
    if minority >= 0.25:  # both sides large: each blob becomes a praise and a complaint theme
        assert model.n_themes_ == 4
        for t in range(model.n_themes_):
            sides = polarity[model.labels_ == t]
            assert max((sides == 1).mean(), (sides == -1).mean()) >= 0.9
    else:
        assert model.n_themes_ == 2


def test_themes_assign_to_allowed_themes_only():
    """A row kept from its nearest theme goes to the nearest allowed one, or nowhere."""
    rng = np.random.RandomState(4)
    base = _unit(rng.randn(8, DIM))
    # blob 1 sits beside blob 0 (cosine ~0.7): the next theme for blob 0's rows
    centres = np.vstack([base[0], _unit(base[0] + base[1]), base[2:]])
    x, truth, _ = _blobs(centres=centres, per_blob=60, spread=0.1, seed=4)
    model = ThemeModel(random_state=0, assign_threshold=0.0).fit(x)
    theme = {b: np.bincount(model.labels_[truth == b]).argmax() for b in range(8)}
    assert len(set(theme.values())) == 8
    rows = x[(truth == 0) & (model.labels_ == theme[0])][:10]
    allowed = np.ones(model.n_themes_, dtype=bool)
    allowed[theme[0]] = False
    labels, similarity = model.assign(rows, allowed=allowed)
    assert (labels == theme[1]).all()
    np.testing.assert_allclose(similarity, rows @ model.centroids_[theme[1]], atol=1e-5)
    assert (model.assign(rows, allowed=np.zeros(8, dtype=bool))[0] == -1).all()
    with pytest.raises(ValueError, match=r"allowed must hold one bool per theme \(8\)"):
        model.assign(rows, allowed=np.ones(3, dtype=bool))
