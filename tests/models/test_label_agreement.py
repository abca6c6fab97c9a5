"""Labels that say one thing in both languages: agreeing key phrases, noun-phrase spans, no
function-word lemmas, and twins the labeller cannot tell apart kept as one theme."""

from __future__ import annotations

import zlib
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from verbatim.models.labels import _surface, label_themes
from verbatim.models.lifecycle import merge_same_labels
from verbatim.nlp.lemmas import quick_lemmas


def _fake_embed(groups: dict[str, int], dim: int = 8, rest: int = 256):
    """Phrases containing a key of ``groups`` share that group's axis; others get a direction
    of their own (random, seeded by the phrase: far from every other phrase)."""

    def embed(phrases: list[str]) -> np.ndarray:
        out = np.zeros((len(phrases), dim + rest))
        for i, phrase in enumerate(phrases):
            axis = next((a for key, a in groups.items() if key in phrase.lower()), None)
            if axis is not None:
                out[i, axis] = 1.0
            else:
                v = np.random.default_rng(zlib.crc32(phrase.encode())).standard_normal(rest)
                out[i, dim:] = v / np.linalg.norm(v)
        return out

    return embed


def _label(texts: list[str], languages: list[str], embed=None, polarity="negative"):
    lemmas = quick_lemmas(texts, languages)
    x = np.ones((len(texts), 3)) / np.sqrt(3)
    return label_themes(
        texts,
        lemmas,
        languages,
        np.zeros(len(texts), dtype=int),
        x,
        x[:1],
        polarity=[polarity] * len(texts),
        embed=embed,
    ).iloc[0]


JACUZZI_FR = ["Le jacuzzi froid", "jacuzzi froid encore", "un jacuzzi froid", "jacuzzi froid !"]
JACUZZI_EN = ["The cold jacuzzi", "cold jacuzzi again", "a cold jacuzzi", "jacuzzi cold"]
TOWELS_EN = ["Dirty towels", "the towels were dirty", "dirty towels again", "towels dirty"]


def test_key_phrases_that_agree_label_both_languages():
    row = _label(JACUZZI_FR + JACUZZI_EN, ["fr"] * 4 + ["en"] * 4, _fake_embed({"jacuzzi": 0}))
    assert row["concept"] is None
    assert row["label_fr"].startswith("Réclamations") and "jacuzzi" in row["label_fr"]
    assert row["label_en"].startswith("Complaints") and "jacuzzi" in row["label_en"]


def test_key_phrases_that_disagree_leave_the_minority_language_without_a_label():
    texts = JACUZZI_FR + ["Le jacuzzi froid, vraiment"] + TOWELS_EN
    embed = _fake_embed({"jacuzzi": 0, "towel": 1})
    row = _label(texts, ["fr"] * 5 + ["en"] * 4, embed)
    assert "jacuzzi" in row["label_fr"]
    # the English phrases name something else: the English label says it has none
    assert "towel" not in row["label_en"]
    assert "French only" in row["label_en"] and "jacuzzi" in row["label_en"]


def test_function_words_never_reach_a_label():
    # the lookup table lemmatizes "cela" as the verb "celer": it used to pass the stop-word
    # filter and give "Satisfaction : cela chromebook"
    texts = ["cela jacuzzi est génial", "cela jacuzzi top", "cela jacuzzi", "ce jacuzzi cela"]
    row = _label(texts, ["fr"] * 4, polarity="positive")
    assert "jacuzzi" in row["label_fr"]
    assert "cela" not in row["label_fr"] and "celer" not in row["label_fr"]
    assert all("cela" not in k and "celer" not in k for k in row["keywords_fr"])


@pytest.mark.parametrize(
    ("phrase", "texts", "lang", "expected"),
    [
        ("retard livraison", ["Un retard de livraison"] * 2, "fr", "retard de livraison"),
        ("time delivery", ["The waiting time for delivery"] * 2, "en", "time for delivery"),
        # a verb or a pronoun between the two words makes a customer's clause, not a label
        ("pizza délicieux", ["La pizza est délicieuse"] * 2, "fr", ""),
        ("machine buy", ["machine you should buy"] * 2, "en", ""),
    ],
)
def test_label_spans_are_noun_phrases(phrase, texts, lang, expected):
    assert _surface(phrase, range(len(texts)), texts, lang) == expected


def _model(centroids: np.ndarray, prototype_themes: list[int]) -> SimpleNamespace:
    return SimpleNamespace(
        centroids_=centroids.astype(np.float64), prototype_themes_=np.array(prototype_themes)
    )


def test_twins_with_one_label_become_one_theme():
    c = np.eye(3, 4)
    model = _model(c, [0, 0, 1, 2, 2])
    rows = np.array([0, 0, 0, 1, 2, 2, -1])
    labels = pd.DataFrame(
        {
            "theme": [0, 1, 2],
            "label_fr": ["Séjour agréable", "Emplacement idéal", "Séjour agréable"],
            "label_en": ["Pleasant stay", "Ideal location", "Pleasant stay"],
        }
    )
    absorbed = merge_same_labels(model, rows, labels, np.array([], dtype=int))
    assert absorbed == {2: 0}  # the larger twin keeps its row
    assert rows.tolist() == [0, 0, 0, 1, 0, 0, -1]
    assert model.prototype_themes_.tolist() == [0, 0, 1, 0, 0]
    # the kept centroid is the size-weighted mean of the two, of unit length
    expected = (3 * c[0] + 2 * c[2]) / np.linalg.norm(3 * c[0] + 2 * c[2])
    np.testing.assert_allclose(model.centroids_[0], expected)
    np.testing.assert_allclose(model.centroids_[1], c[1])


def test_drawers_are_never_merged_into_a_theme():
    model = _model(np.eye(2, 3), [0, 1])
    rows = np.array([0, 1])
    labels = pd.DataFrame({"theme": [0, 1], "label_fr": ["Thème 1"] * 2, "label_en": ["x"] * 2})
    assert merge_same_labels(model, rows, labels, np.array([1])) == {}
    assert rows.tolist() == [0, 1]


def test_glossary_twins_without_a_second_topic_share_their_label():
    # two complaint themes about deliveries that no second glossary topic sets apart (beside a
    # third about the app): one label, which the registry then keeps as one theme
    late = ["Livraison en retard", "livraison très en retard", "la livraison en retard"]
    app = ["L'application plante", "application qui plante", "l'application plante encore"]
    texts = late + late + app
    x = np.repeat(np.eye(3), 3, axis=0)
    out = label_themes(
        texts,
        quick_lemmas(texts, ["fr"] * 9),
        ["fr"] * 9,
        np.repeat([0, 1, 2], 3),
        x,
        np.eye(3),
        polarity=["negative"] * 9,
        embed=_fake_embed({"livraison": 0, "application": 1}),
    )
    assert out.loc[0, "concept"] == out.loc[1, "concept"] == "delivery_time"
    assert out.loc[0, "label_fr"] == out.loc[1, "label_fr"] != out.loc[2, "label_fr"]
    assert out.loc[0, "label_en"] == out.loc[1, "label_en"]


def test_a_place_or_brand_name_never_labels_a_theme():
    # customers write a name capitalised inside their sentences: "Satisfaction : new york" was
    # the label of a French restaurant theme
    texts = [
        "On a adoré la pizza à New York",
        "la meilleure pizza de New York",
        "une pizza incroyable, comme à New York",
        "pizza digne de New York",
    ]
    row = _label(texts, ["fr"] * 4, polarity="positive")
    assert "york" not in row["label_fr"].lower()
    assert "pizza" in row["label_fr"].lower()


@pytest.mark.parametrize(
    ("texts", "word"),
    [
        # a product name, not a subject
        (
            ["my vivobook boots fast", "the vivobook boots", "vivobook boots", "boots fast"],
            "vivobook",
        ),
        # a customer's typo
        (
            ["nothing speciaal", "the screen nothing speciaal", "speciaal screen", "screen"],
            "speciaal",
        ),
    ],
)
def test_labels_show_words_of_the_language_only(texts, word):
    row = _label(texts, ["en"] * 4, polarity="positive")
    assert word not in row["label_en"].lower()
    assert word not in row["label_fr"].lower()


def test_the_trade_s_jargon_from_the_glossary_may_label_a_theme():
    from verbatim.models.labels import _words_of_the_language

    assert _words_of_the_language("usb port", "en")  # not in the dictionary, in the glossary
    assert _words_of_the_language("chromebook", "en")  # a kind of computer, in the glossary
    assert not _words_of_the_language("acer vivobook", "en")
