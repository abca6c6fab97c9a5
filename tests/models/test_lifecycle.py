"""Themes born from a night's leftovers (``emerging_parts``), on planted blobs."""

from __future__ import annotations

import numpy as np

from verbatim.models.lifecycle import emerging_parts
from verbatim.models.themes import ThemeModel

DIM = 64


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _around(centre: np.ndarray, n: int, rng: np.random.RandomState) -> np.ndarray:
    return _unit(centre + 0.25 * rng.randn(n, DIM) / np.sqrt(DIM) * 4)


def test_a_new_subject_said_in_two_languages_is_born_as_one_theme():
    """One new subject, 14 English and 6 French mentions, beside 4 stray ones: one new theme.

    French rows are the English ones shifted by a constant vector, as the encoder places a
    language; the fitted model learnt that offset. Centring the 6 French leftovers on their own
    mean took the subject away from them (the pre-fix behaviour, checked below).
    """
    rng = np.random.RandomState(0)
    shift = 1.2 * _unit(rng.randn(DIM))
    centres = _unit(rng.randn(6, DIM))
    old, new = centres[:5], centres[5]
    x_en = np.vstack([_around(c, 60, rng) for c in old])
    x_fr = _unit(np.vstack([_around(c, 60, rng) for c in old]) + shift)
    x = np.vstack([x_en, x_fr]).astype(np.float32)
    langs = np.array(["en"] * len(x_en) + ["fr"] * len(x_fr))
    model = ThemeModel(random_state=0).fit(x, groups=langs)

    pool = np.vstack(
        [_around(new, 14, rng), _unit(_around(new, 6, rng) + shift), _unit(rng.randn(4, DIM))]
    ).astype(np.float32)
    pool_langs = np.array(["en"] * 14 + ["fr"] * 6 + ["en"] * 4)
    parts, centroids = emerging_parts(
        model, pool, pool_langs, min_theme_size=8, random_state=0, max_similarity=0.8
    )

    assert len(centroids) == 1
    assert (parts[:20] == 0).mean() >= 0.9  # both languages of the new subject
    assert (parts[20:] == -1).all()  # not the stray mentions
    assert float((model.centroids_ @ centroids[0]).max()) < 0.8
    assert np.isclose(np.linalg.norm(centroids[0]), 1.0, atol=1e-5)


def test_leftovers_near_a_known_theme_give_no_new_theme():
    rng = np.random.RandomState(1)
    centres = _unit(rng.randn(4, DIM))
    x = np.vstack([_around(c, 60, rng) for c in centres]).astype(np.float32)
    model = ThemeModel(random_state=0).fit(x)
    pool = _around(centres[0], 20, rng).astype(np.float32)
    parts, centroids = emerging_parts(
        model, pool, np.array(["en"] * 20), min_theme_size=8, random_state=0, max_similarity=0.8
    )
    assert len(centroids) == 0 and (parts == -1).all()
