"""Concept anchoring: pull each mention's vector toward the glossary concepts it names.

The theme model clusters sentence embeddings, in which "the room was dirty" and "chambre sale"
sit near other dirty things as much as near other rooms. A mention that names glossary concepts
(``verbatim.nlp.concepts.match_concepts``) is moved toward them:

    v' = normalize(v + w * mean over the named concepts c of a_c),
    a_c = normalize(enc(English name of c) + enc(French name of c)),

with ``enc`` the run's own encoder; a mention naming none is left as it is. The glossary is the
same in both languages, so a text and its translation get the same pull. Only the clustering
(fit and assignment) works in this space; labels and everything else read the raw embeddings.

Measured on the product path (``benchmarks/theme_quality.py --seeds 0 1 2``, five FR/EN review
sets, USE v3, w = 0.3): homogeneity of the themes against the gold categories +0.032 on average,
+0.012 to +0.046 by set, NMI +0.015 to +0.045; EN/FR translation pairs in one theme +0.05 points
on average (-0.6 to +0.7). w = 0.5 gained more homogeneity (+0.043) but lost 0.9 points of pairs
and 3.0 of long pairs; w = 0.2 gained +0.022. Remeasured after the glossary's word-sense fixes
(seventh session, six seeds): w = 0.4 gains +0.0045 over 0.3 and loses 0.5 points of pairs and
0.4 of long pairs. Numbers in ``benchmarks/README.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

_EPS = 1e-12


def _normalise(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), _EPS)


def concept_anchors(en: np.ndarray, fr: np.ndarray) -> np.ndarray:
    """One unit anchor per concept: the sum of its two names' embeddings, normalised.

    Args:
        en: (k, d) embeddings of the concepts' English names.
        fr: (k, d) embeddings of the same concepts' French names, in the same order.

    Returns:
        (k, d) float32 unit rows.
    """
    en, fr = np.asarray(en, dtype=np.float32), np.asarray(fr, dtype=np.float32)
    if en.shape != fr.shape or en.ndim != 2:
        raise ValueError(
            f"concept_anchors needs two (k, d) arrays of one shape; got {en.shape} and {fr.shape}."
        )
    return _normalise(_normalise(en) + _normalise(fr)).astype(np.float32)


def anchor(
    x: np.ndarray,
    named: Sequence[Sequence[str]],
    concepts: Sequence[str],
    anchors: np.ndarray,
    *,
    weight: float,
) -> np.ndarray:
    """``x`` with each row pulled toward the mean anchor of the concepts it names, unit length.

    Args:
        x: (n, d) mention embeddings (unit rows); not modified.
        named: The concept ids each row names (``match_concepts``), one sequence per row.
        concepts: The concept id of each row of ``anchors``.
        anchors: (k, d) unit anchors (``concept_anchors``).
        weight: How far a row is pulled (``w`` above); 0 returns ``x`` as it is.

    Returns:
        (n, d) float32; rows naming no concept are the rows of ``x`` unchanged.
    """
    x = np.asarray(x, dtype=np.float32)
    if weight < 0:
        raise ValueError(f"The 'weight' parameter of anchor must be >= 0. Got {weight} instead.")
    if len(named) != len(x):
        raise ValueError(
            f"anchor needs one list of concepts per row: got {len(named)} for {len(x)}."
        )
    if anchors.shape != (len(concepts), x.shape[1]):
        raise ValueError(
            f"anchors must be ({len(concepts)}, {x.shape[1]}), one row per concept; "
            f"got {anchors.shape}."
        )
    position = {c: i for i, c in enumerate(concepts)}
    rows, cols, values = [], [], []
    for i, ids in enumerate(named):
        ids = list(dict.fromkeys(ids))
        for c in ids:
            if c not in position:
                raise ValueError(f"anchor got concept {c!r}, which has no anchor.")
            rows.append(i)
            cols.append(position[c])
            values.append(1.0 / len(ids))
    if weight == 0 or not rows:
        return x
    mean = sp.csr_matrix((values, (rows, cols)), shape=(len(x), len(concepts))) @ anchors
    moved = np.unique(rows)
    out = x.copy()
    out[moved] = _normalise(x[moved] + weight * mean[moved])
    return out
