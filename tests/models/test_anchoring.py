"""Concept anchoring: a mention naming a concept moves toward its anchor, the others stay."""

from __future__ import annotations

import numpy as np
import pytest

from verbatim.models.anchoring import anchor, concept_anchors

EYE = np.eye(4, dtype=np.float32)
CONCEPTS = ["room", "price"]
ANCHORS = EYE[[2, 3]]  # "room" along axis 2, "price" along axis 3


@pytest.mark.parametrize("weight", [0.3])
def test_anchoring_moves_a_mention_toward_the_concept_it_names(weight):
    x = EYE[[0, 1, 0]]
    out = anchor(x, [("room",), (), ("room", "price")], CONCEPTS, ANCHORS, weight=weight)
    # normalize(e0 + w e2): its cosine with the anchor goes from 0 to w / sqrt(1 + w^2)
    expected = (EYE[0] + weight * EYE[2]) / np.sqrt(1 + weight**2)
    np.testing.assert_allclose(out[0], expected, rtol=1e-6)
    assert out[0] @ ANCHORS[0] > x[0] @ ANCHORS[0]
    # naming nothing: the row as it was, bit for bit
    np.testing.assert_array_equal(out[1], x[1])
    # two concepts: toward their mean anchor
    both = EYE[0] + weight * (EYE[2] + EYE[3]) / 2
    np.testing.assert_allclose(out[2], both / np.linalg.norm(both), rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_anchoring_keeps_the_shape_gives_float32_unit_rows_and_leaves_its_input(dtype):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 4)).astype(dtype)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    before = x.copy()
    out = anchor(
        x, [("price",), (), ("room",), ("price", "price"), ()], CONCEPTS, ANCHORS, weight=0.5
    )
    assert out.shape == x.shape and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(x, before)
    # a concept named twice counts once
    np.testing.assert_allclose(
        out[3], anchor(x[[3]], [("price",)], CONCEPTS, ANCHORS, weight=0.5)[0], rtol=1e-6
    )


@pytest.mark.parametrize("weight", [0.0])
def test_anchoring_with_weight_zero_changes_nothing(weight):
    x = EYE[[0, 1]]
    np.testing.assert_array_equal(anchor(x, [("room",), ()], CONCEPTS, ANCHORS, weight=weight), x)


@pytest.mark.parametrize(
    "named,weight,anchors,message",
    [
        ([("kitchen",)], 0.3, ANCHORS, "anchor got concept 'kitchen', which has no anchor"),
        ([("room",)], -0.1, ANCHORS, "'weight' parameter of anchor must be >= 0. Got -0.1"),
        ([(), ()], 0.3, ANCHORS, "one list of concepts per row: got 2 for 1"),
        ([("room",)], 0.3, EYE[:2, :3], r"anchors must be \(2, 4\), one row per concept"),
    ],
)
def test_anchoring_refuses_what_does_not_fit_naming_it(named, weight, anchors, message):
    with pytest.raises(ValueError, match=message):
        anchor(EYE[[0]], named, CONCEPTS, anchors, weight=weight)


@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_concept_anchors_are_the_normalised_sum_of_both_names(scale):
    en, fr = EYE[[0, 2]] * scale, EYE[[1, 2]]
    out = concept_anchors(en, fr)
    assert out.dtype == np.float32 and out.shape == (2, 4)
    np.testing.assert_allclose(out[0], (EYE[0] + EYE[1]) / np.sqrt(2), rtol=1e-6)
    np.testing.assert_allclose(out[1], EYE[2], rtol=1e-6)  # one name in both languages
