import pytest

from verbatim.nlp import language
from verbatim.nlp.language import (
    FAST_CONFIDENCE,
    detect_languages,
    detect_languages_with_confidence,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Livraison rapide", "fr"),
        ("Très bien", "fr"),
        ("Pas de réponse du service client", "fr"),
        ("Commande reçue en retard", "fr"),
        ("Parfait", "fr"),
        ("Fast delivery", "en"),
        ("Great staff", "en"),
        ("The app keeps crashing", "en"),
        ("Too expensive", "en"),
        ("Muy buen servicio, gracias", "other"),
        ("La aplicación no funciona", "other"),
        ("Die Lieferung kam zu spät", "other"),
        ("10/10", "other"),
        ("😀👍", "other"),
        ("", "other"),
    ],
)
def test_language_known_answers(text, expected):
    assert detect_languages([text]) == [expected]


@pytest.mark.parametrize("text", ["ok", "Top", "Nickel", "Super", "RAS", "Bof"])
def test_language_short_ambiguous_gets_a_configured_guess(text):
    assert detect_languages([text]) in (["fr"], ["en"])


def test_language_keeps_every_text_in_order():
    texts = ["Très bien", "", "Great", "Très bien", "Muy buen servicio, gracias"]
    result = detect_languages(texts)
    assert len(result) == len(texts)
    assert result[0] == result[3] == "fr"
    assert result[2] == "en"


@pytest.mark.parametrize(
    ("languages", "text", "expected"),
    [
        (("fr",), "The app keeps crashing all the time", "other"),
        (("en", "es"), "Muy buen servicio, gracias", "es"),
    ],
)
def test_language_respects_configured_languages(languages, text, expected):
    assert detect_languages([text], languages=languages) == [expected]


def test_language_confidence_is_high_for_clear_text():
    [(code, confidence)] = detect_languages_with_confidence(["Le service client est injoignable"])
    assert code == "fr"
    assert confidence > 0.6


@pytest.mark.parametrize("languages", [(), "fr", ("fr", "xx"), ("other",)])
def test_language_rejects_bad_configuration(languages):
    with pytest.raises(ValueError, match="'languages' parameter"):
        detect_languages(["Bonjour"], languages=languages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le service est nickel", "fr"),
        ("Vin correct et pas cher", "fr"),
        ("the tarte was divine", "en"),
    ],
)
def test_language_function_words_settle_low_confidence_calls(text, expected):
    assert detect_languages([text]) == [expected]


@pytest.fixture
def lingua_calls(monkeypatch):
    """Count the texts sent to lingua (the remembered calls are forgotten first)."""
    calls: list[str] = []
    real = language._detector

    class Counting:
        def __init__(self, detector):
            self.detector = detector

        def compute_language_confidence_values(self, text):
            calls.append(text)
            return self.detector.compute_language_confidence_values(text)

    language._lingua_decide.cache_clear()
    monkeypatch.setattr(language, "_detector", lambda configured: Counting(real(configured)))
    yield calls
    language._lingua_decide.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le service client est injoignable depuis trois semaines", "fr"),
        ("Très déçu, je ne recommande pas cette boutique", "fr"),
        ("The delivery was late and the app is very slow", "en"),
        ("My phone arrived with a broken screen, it was not tested", "en"),
    ],
)
def test_language_fast_path_decides_clear_text_without_lingua(lingua_calls, text, expected):
    assert detect_languages_with_confidence([text]) == [(expected, FAST_CONFIDENCE)]
    assert lingua_calls == []


@pytest.mark.parametrize(
    "text",
    [
        "La entrega de la tienda que pedí llegó tarde",
        "Que la aplicación de la empresa no funciona",
        "La calidad de la conexión que tengo es mala",
        "La consegna è arrivata in ritardo di tre giorni",
        "La fattura non corrisponde al piano che ho scelto",
        "Mais rápido do que esperava, parabéns à equipe",
        "A fatura veio errada de novo este mês",
        "Je bent heel vriendelijk geholpen in de winkel",
        "Die Lieferung kam zu spät und der Kundendienst antwortet nicht",
    ],
)
def test_language_fast_path_leaves_foreign_text_to_lingua(lingua_calls, text):
    assert detect_languages([text]) == ["other"]
    assert lingua_calls == [text]


@pytest.mark.parametrize(
    ("languages", "text"),
    [
        (("fr", "en"), "Le conseiller était très aimable, but the app keeps crashing"),
        (("en",), "Le service client est injoignable depuis trois semaines"),
        (("fr",), "The delivery was late and the app is very slow"),
    ],
)
def test_language_fast_path_leaves_mixed_or_unconfigured_text_to_lingua(
    lingua_calls, languages, text
):
    detect_languages([text], languages=languages)
    assert lingua_calls == [text]


@pytest.mark.parametrize("text", ["Le service client est injoignable", "Très bien", "Top"])
def test_language_fast_path_off_asks_lingua(lingua_calls, text):
    detect_languages_with_confidence([text], fast=False)
    assert lingua_calls == [text]


def test_language_word_lists_do_not_overlap():
    assert not language.EVIDENCE_WORDS["fr"] & language.EVIDENCE_WORDS["en"]
    for code in ("fr", "en"):
        assert language.DISTINCTIVE_WORDS[code] <= language.EVIDENCE_WORDS[code]
        assert not language.FOREIGN_MARKERS & language.EVIDENCE_WORDS[code]
