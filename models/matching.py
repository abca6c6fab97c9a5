"""Carry theme ids across refits: optimal one-to-one matching of new centroids to old ones."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def match_centroids(
    old: np.ndarray, new: np.ndarray, *, min_similarity: float = 0.75
) -> dict[int, int]:
    """Match rows of ``new`` to rows of ``old`` maximising total cosine similarity (Hungarian).

    Args:
        old: (k_old, d) centroids of the themes already in the registry.
        new: (k_new, d) centroids just fitted.
        min_similarity: pairs less similar than this are not matched (the new theme is new,
            the old one is retired).

    Returns:
        ``{new_index: old_index}`` for the matched pairs only.
    """
    if len(old) == 0 or len(new) == 0:
        return {}
    a = old / np.linalg.norm(old, axis=1, keepdims=True).clip(1e-12)
    b = new / np.linalg.norm(new, axis=1, keepdims=True).clip(1e-12)
    sim = b @ a.T
    rows, cols = linear_sum_assignment(-sim)
    return {int(r): int(c) for r, c in zip(rows, cols, strict=True) if sim[r, c] >= min_similarity}
