import pytest

from verbatim.nlp.lemmas import content_lemmas, lemmatize
from verbatim.nlp.stop_words import ALL_STOP_WORDS, STOP_WORDS


@pytest.mark.parametrize(
    ("text", "language", "lemma"),
    [
        ("Les livraisons sont lentes", "fr", "livraison"),
        ("LIVRAISONS RAPIDES", "fr", "livraison"),
        ("Le SAV était injoignable", "fr", "être"),
        ("J'ai attendu trois semaines", "fr", "attendre"),
        ("The parcel arrived late", "en", "arrive"),
        ("The app crashes", "en", "crash"),
        ("Deliveries were slow", "en", "delivery"),
        ("Arrived broken", "other", "arrive"),
    ],
)
def test_lemmas_known_answers(text, language, lemma):
    [tokens] = lemmatize([text], [language])
    assert lemma in tokens


def test_lemmas_drop_punctuation_numbers_and_emoji():
    [tokens] = lemmatize(["Livraison en 3 jours, 12 € 😡 !!"], ["fr"])
    assert tokens == ["livraison", "en", "jour"]


def test_lemmas_keep_order_and_stop_words_per_text():
    result = lemmatize(["the app crashes", "Les livraisons", "the app crashes"], ["en", "fr", "en"])
    assert result == [["the", "app", "crash"], ["le", "livraison"], ["the", "app", "crash"]]


def test_lemmas_reject_mismatched_lengths():
    with pytest.raises(ValueError, match="one language per text: got 2 texts and 1 languages"):
        lemmatize(["a", "b"], ["fr"])


@pytest.mark.parametrize(
    ("tokens", "language", "expected"),
    [
        (["le", "livraison", "être", "très", "rapide"], "fr", ["livraison", "rapide"]),
        (["the", "app", "crash", "really"], "en", ["app", "crash"]),
        (["le", "the", "service"], "other", ["service"]),
    ],
)
def test_lemmas_content_lemmas_drop_stop_words(tokens, language, expected):
    assert content_lemmas(tokens, language) == expected


@pytest.mark.parametrize(
    "word", ["service", "livraison", "prix", "bon", "great", "nul", "retour", "call", "back", "top"]
)
def test_lemmas_stop_words_keep_domain_and_opinion_words(word):
    assert word not in ALL_STOP_WORDS


@pytest.mark.parametrize(
    ("language", "word"), [("fr", "vraiment"), ("fr", "très"), ("en", "really")]
)
def test_lemmas_stop_words_include_survey_filler(language, word):
    assert word in STOP_WORDS[language]
