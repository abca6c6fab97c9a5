"""Theme lifecycle: grow a fitted theme model, retire a theme of it, merge same-label twins.

What the theme registry (``verbatim.pipelines.steps.registry``) and the analysts' edits do to a
fitted ``ThemeModel`` between fits, as plain functions over its arrays: new themes emerging from
the mentions no theme took, themes added from a split, a theme no longer assigned to, and
themes the labeller named alike made one. The store is read and written by the caller.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def emerging_parts(
    model: Any,
    x: np.ndarray,
    groups: np.ndarray,
    *,
    min_theme_size: int,
    random_state: int | None,
    max_similarity: float,
) -> tuple[np.ndarray, np.ndarray]:
    """New themes among rows ``x`` that no theme of ``model`` holds yet.

    The rows (mentions no theme took) are clustered on their own; a cluster is a new theme when
    it has ``min_theme_size`` rows and its centroid is below ``max_similarity`` to every centroid
    of the model.

    The rows are centred by the model's own language offsets (learnt on the whole fit), not by
    their own means: a night's leftovers are often one new subject in two languages, and their
    own mean (overall or per language) is that subject. Twenty mentions of rooftop beehives, 7
    of them French, among 23 leftovers of a night on the bundled sample, gave one cluster of 6
    centred on their own (no theme born); ``tests/models/test_lifecycle.py`` plants the case.

    Returns:
        each row's new theme (0..m-1, -1 for none) and the m new themes' centroids (unit means
        of their rows of ``x``).
    """
    from verbatim.models.themes import ThemeModel, unit_centroids

    none = np.full(len(x), -1), np.empty((0, x.shape[1]), dtype=np.float32)
    if len(model.centroids_) == 0:
        return none
    sub = ThemeModel(min_theme_size=min_theme_size, centre=False, random_state=random_state)
    sub.fit(model._centre(x, groups))
    if sub.n_themes_ == 0:
        return none
    centroids = unit_centroids(np.asarray(x, dtype=np.float32), sub.labels_, sub.n_themes_)
    keep = []
    for k in range(sub.n_themes_):
        size = int((sub.labels_ == k).sum())
        closest = float((model.centroids_ @ centroids[k]).max())
        if size >= min_theme_size and closest < max_similarity:
            keep.append(k)
    if not keep:
        return none
    parts = np.full(len(x), -1)
    for j, k in enumerate(keep):
        parts[sub.labels_ == k] = j
    return parts, centroids[keep]


def extend_model(model: Any, x: np.ndarray, groups: np.ndarray, parts: np.ndarray) -> list[int]:
    """Add themes to a fitted model from rows ``x`` grouped by ``parts`` (0..m-1).

    Each part gets a prototype (its mean in the model's language-centred space) and a centroid
    (its mean in the original space); returns the new model row indices, in part order.
    """
    z = model._centre(x, groups)
    start = len(model.centroids_)
    protos, owners, cents = [], [], []
    for part in range(int(parts.max()) + 1):
        members = parts == part
        p = z[members].mean(axis=0)
        c = x[members].mean(axis=0)
        protos.append(p / max(np.linalg.norm(p), 1e-12))
        cents.append(c / max(np.linalg.norm(c), 1e-12))
        owners.append(start + part)
    model.prototypes_ = np.vstack([model.prototypes_, np.asarray(protos)]).astype(np.float32)
    model.prototype_themes_ = np.concatenate([model.prototype_themes_, np.asarray(owners)])
    model.centroids_ = np.vstack([model.centroids_, np.asarray(cents)]).astype(np.float32)
    if getattr(model, "parents_", None) is not None:
        top = int(model.parents_.max()) + 1 if len(model.parents_) else 0
        model.parents_ = np.concatenate([model.parents_, np.arange(top, top + len(owners))])
    model.n_themes_ = len(model.centroids_)
    return owners


def drop_from_model(model: Any, index: int) -> None:
    """Stop assigning rows to model row ``index`` (its theme was split or retired)."""
    keep = model.prototype_themes_ != index
    model.prototypes_ = model.prototypes_[keep]
    model.prototype_themes_ = model.prototype_themes_[keep]


def merge_same_labels(
    model: Any, rows: np.ndarray, labels: pd.DataFrame, vague: np.ndarray
) -> dict[int, int]:
    """Make fitted themes that carry the same French and English label one theme, in place.

    The labeller names a theme by its glossary topic and side, and tells twins apart by a
    second topic or by key phrases that agree in both languages (``verbatim.models.labels``). Twins it
    cannot tell apart name one subject to the reader ("Pleasant stay · journey", "Pleasant stay
    · return" and "Séjour agréable · certainement" were one subject cut by the graph): the
    largest keeps its row, the others' prototypes and mentions move to it and its centroid
    becomes their size-weighted mean. Measured on the M-ABSA hotel set (EN+FR, 3,734 mentions):
    31 -> 22 topic themes, translation pairs in one theme 87.7% -> 88.9%.

    Returns:
        absorbed model row -> the row that took it over.
    """
    named = labels[~labels["theme"].isin(vague)]
    absorbed: dict[int, int] = {}
    for _, group in named.groupby(["label_fr", "label_en"], sort=False):
        if len(group) < 2:
            continue
        sizes = np.bincount(rows[rows >= 0], minlength=len(model.centroids_))
        members = group["theme"].astype(int).to_numpy()
        keeper = int(members[np.argmax(sizes[members])])
        weights = sizes[members].astype(np.float64) + 1e-9
        mean = (model.centroids_[members] * weights[:, None]).sum(axis=0)
        model.centroids_[keeper] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        for t in members:
            if int(t) != keeper:
                absorbed[int(t)] = keeper
                model.prototype_themes_[model.prototype_themes_ == t] = keeper
                rows[rows == t] = keeper
    return absorbed
