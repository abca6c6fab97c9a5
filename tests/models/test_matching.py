import numpy as np
import pytest

from verbatim.models.matching import match_centroids


def _unit(rng, n, d=16):
    x = rng.normal(size=(n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("seed", [0, 1])
def test_matching_recovers_permutation_of_slightly_moved_centroids(seed):
    rng = np.random.default_rng(seed)
    old = _unit(rng, 6)
    perm = rng.permutation(6)
    new = old[perm] + rng.normal(scale=0.02, size=old.shape)
    mapping = match_centroids(old, new)
    assert mapping == {i: int(perm[i]) for i in range(6)}


def test_matching_leaves_dissimilar_themes_unmatched():
    rng = np.random.default_rng(3)
    old = _unit(rng, 3)
    new = np.vstack([old[0], _unit(rng, 1)[0]])  # one carries over, one is brand new
    assert match_centroids(old, new, min_similarity=0.8) == {0: 0}


@pytest.mark.parametrize("old_n,new_n", [(0, 3), (3, 0)])
def test_matching_empty_sides(old_n, new_n):
    rng = np.random.default_rng(0)
    assert (
        match_centroids(
            _unit(rng, old_n) if old_n else np.zeros((0, 16)),
            _unit(rng, new_n) if new_n else np.zeros((0, 16)),
        )
        == {}
    )
