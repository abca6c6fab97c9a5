"""Labels never show the placeholders of masked personal data ("[NAME]"), as word or span."""

from __future__ import annotations

import numpy as np
import pytest

from verbatim.models.labels import label_themes

# One theme about a made-up word; the names customers wrote were masked inside the key phrase.
MENTIONS = [
    ("The zorglub of [NAME] broke", "the zorglub of break", "en"),
    ("Zorglub of [NAME] broke again", "zorglub of break again", "en"),
    ("The zorglub for [NAME] broke", "the zorglub for break", "en"),
    ("zorglub of [NAME] broke down", "zorglub of break down", "en"),
    ("Le zorglub de [NAME] a cassé", "le zorglub de avoir casser", "fr"),
    ("Le zorglub de [NAME] cassé", "le zorglub de casser", "fr"),
    ("zorglub de [NAME] cassé encore", "zorglub de casser encore", "fr"),
]


@pytest.mark.parametrize("column", ["label_fr", "label_en"])
def test_labels_never_show_a_placeholder(column):
    texts, lemmas, languages = (list(c) for c in zip(*MENTIONS, strict=True))
    x = np.ones((len(texts), 4)) / 2
    out = label_themes(
        texts,
        lemmas,
        languages,
        np.zeros(len(texts), dtype=int),
        x,
        x[:1],
        polarity=["negative"] * len(texts),
    )
    label = out[column].iloc[0]
    assert "zorglub" in label or "broke" in label
    assert "[" not in label
    assert "name" not in label.lower().replace(":", " ").split()
