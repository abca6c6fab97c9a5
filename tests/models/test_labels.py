"""label_themes on small planted French + English mentions (lemmas written as the lemmatizer does)."""

from __future__ import annotations

import numpy as np
import pytest

from models.labels import label_themes
from nlp.stop_words import ALL_STOP_WORDS

# (text, lemmas, language, theme)
MENTIONS = [
    ("Livraison en retard", "livraison en retard", "fr", 0),
    ("La livraison était en retard de trois jours", "le livraison être en retard de jour", "fr", 0),
    (
        "Livraison très en retard encore une fois",
        "livraison très en retard encore un fois",
        "fr",
        0,
    ),
    ("Colis livré en retard", "colis livrer en retard", "fr", 0),
    ("Une livraison en retard, colis abîmé", "un livraison en retard colis abîmer", "fr", 0),
    ("Late delivery", "late delivery", "en", 0),
    ("The delivery was late again", "the delivery be late again", "en", 0),
    ("Very late delivery of my parcel", "very late delivery of my parcel", "en", 0),
    ("Late delivery and no tracking", "late delivery and no tracking", "en", 0),
    ("Le service client est injoignable", "le service client être injoignable", "fr", 1),
    ("Service client injoignable au téléphone", "service client injoignable au téléphone", "fr", 1),
    ("Impossible de joindre le service client", "impossible de joindre le service client", "fr", 1),
    ("Service client très lent à répondre", "service client très lent à répondre", "fr", 1),
    ("Customer service never answers", "customer service never answer", "en", 1),
    ("Customer service was unreachable", "customer service be unreachable", "en", 1),
    ("I could not reach customer service", "i could not reach customer service", "en", 1),
    ("The app crashes on login", "the app crash on login", "en", 2),
    ("App crashes every time", "app crash every time", "en", 2),
    ("The mobile app crashes", "the mobile app crash", "en", 2),
    ("Crashes in the app after the update", "crash in the app after the update", "en", 2),
    ("Bof", "bof", "fr", -1),
    ("ok", "ok", "en", -1),
]
COLUMNS = ["theme", "label_fr", "label_en", "keywords_fr", "keywords_en", "size", "examples"]


def _planted(seed: int = 0):
    texts, lemmas, languages, labels = (list(col) for col in zip(*MENTIONS, strict=True))
    labels = np.array(labels)
    rng = np.random.RandomState(seed)
    centres = np.eye(4, 16)
    x = centres[np.where(labels >= 0, labels, 3)] + 0.2 * rng.randn(len(labels), 16)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    cents = np.stack([x[labels == c].mean(axis=0) for c in range(3)])
    cents /= np.linalg.norm(cents, axis=1, keepdims=True)
    ids = [f"r{i}" for i in range(len(texts))]
    return texts, lemmas, languages, labels, x, cents, ids


@pytest.fixture(scope="module")
def table():
    texts, lemmas, languages, labels, x, cents, ids = _planted()
    return label_themes(texts, lemmas, languages, labels, x, cents, response_ids=ids)


def test_labels_one_row_per_theme_with_contract_columns(table):
    assert list(table.columns) == COLUMNS
    assert table["theme"].tolist() == [0, 1, 2]
    assert table["size"].tolist() == [9, 7, 4]  # unassigned mentions are not counted


@pytest.mark.parametrize(
    ("theme", "language", "words"),
    [
        (0, "fr", {"livraison", "retard"}),
        (0, "en", {"late", "delivery"}),
        (1, "fr", {"service", "client"}),
        (1, "en", {"customer", "service"}),
        (2, "en", {"app", "crash"}),
    ],
)
def test_labels_name_the_planted_idea_in_each_language(table, theme, language, words):
    label = table.loc[table["theme"] == theme, f"label_{language}"].item()
    # a short verbatim saying the key phrase ("Livraison en retard"), or the key phrase itself
    said = label.lower().replace(",", " ").split()
    assert all(any(w.startswith(x) for w in said) for x in words), label


def test_labels_fall_back_to_the_other_language_only_without_its_mentions(table):
    row = table.loc[table["theme"] == 2].iloc[0]  # English-only theme
    assert row["label_fr"] == row["label_en"]
    assert row["keywords_fr"] == []
    assert row["keywords_en"]


def test_labels_key_phrases_never_start_or_end_with_a_stop_word(table):
    for column in ("keywords_fr", "keywords_en"):
        for phrases in table[column]:
            assert len(phrases) <= 8
            for phrase in phrases:
                words = phrase.split()
                assert words[0] not in ALL_STOP_WORDS and words[-1] not in ALL_STOP_WORDS
    for column in ("label_fr", "label_en"):
        for label in table[column]:
            assert set(label.replace(",", " ").split()) - ALL_STOP_WORDS


def test_labels_keywords_are_per_language(table):
    row = table.loc[table["theme"] == 0].iloc[0]
    assert "livraison retard" in row["keywords_fr"]
    assert "late delivery" in row["keywords_en"]
    assert not {"late", "delivery"} & set(" ".join(row["keywords_fr"]).split())


def test_labels_examples_cover_both_languages_nearest_first(table):
    texts, _, languages, labels, x, cents, _ = _planted()
    for _, row in table.iterrows():
        examples = row["examples"]
        assert 1 <= len(examples) <= 5
        assert len({e["text"] for e in examples}) == len(examples)
        members = {languages[i] for i in np.flatnonzero(labels == row["theme"])}
        assert {e["language"] for e in examples} == members
        sims = [x[texts.index(e["text"])] @ cents[row["theme"]] for e in examples]
        assert sims == sorted(sims, reverse=True)
        for e in examples:
            assert e["response_id"] == f"r{texts.index(e['text'])}"


@pytest.mark.parametrize("n_examples", [1, 3])
def test_labels_example_count_is_honoured(n_examples):
    texts, lemmas, languages, labels, x, cents, _ = _planted()
    out = label_themes(texts, lemmas, languages, labels, x, cents, n_examples=n_examples)
    assert out["examples"].map(len).max() == n_examples
    assert out["examples"].map(lambda ex: ex[0]["response_id"]).isna().all()


def test_labels_theme_of_stop_words_only_gets_a_neutral_label():
    texts = ["le la les", "the and of", "the a", "de la"]
    lemmas = ["le le le", "the and of", "the a", "de le"]
    languages = ["fr", "en", "en", "fr"]
    x = np.ones((4, 3)) / np.sqrt(3)
    out = label_themes(texts, lemmas, languages, np.zeros(4, dtype=int), x, x[:1])
    assert out.loc[0, "label_fr"] == "thème 0"
    assert out.loc[0, "label_en"] == "theme 0"
    assert out.loc[0, "keywords_fr"] == [] and out.loc[0, "keywords_en"] == []


def test_labels_length_mismatch_is_explained():
    texts, lemmas, languages, labels, x, cents, _ = _planted()
    with pytest.raises(ValueError) as err:
        label_themes(texts, lemmas[:-1], languages, labels, x, cents)
    assert "one lemmas value per text: 21 != 22" in str(err.value)
