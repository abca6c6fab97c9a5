import pytest

from nlp.language import detect_languages, detect_languages_with_confidence


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
