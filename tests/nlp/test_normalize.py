import pytest

from verbatim.nlp.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cafe\u0301 froid", "Café froid"),  # NFD -> NFC
        ("  Livraison   rapide\t ", "Livraison rapide"),
        ("Super\u00a0!\u202fMerci", "Super ! Merci"),  # no-break spaces
        ("Top\u200b service\ufeff", "Top service"),  # zero-width characters
        ("Bien\x00 reçu\x07", "Bien reçu"),  # control characters
        ("Ligne 1\r\n\r\n  Ligne 2", "Ligne 1\nLigne 2"),
        ("Nul !!!!", "Nul !"),
        ("Vraiment???", "Vraiment?"),
        ("Quoi ?!?!", "Quoi ?!"),
        ("Bof.....", "Bof..."),
        ("Bof...", "Bof..."),
        ("Prix,,, délai", "Prix, délai"),
        ("l\u2019application", "l'application"),
        ("Bien reçu<br/>merci &amp; bravo", "Bien reçu\nmerci & bravo"),
        ("SAV NUL", "SAV NUL"),  # case kept
        ("", ""),
    ],
)
def test_normalize_cleans_known_cases(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    ["Service top 👍", "NUL 😡😡", "Famille 👨\u200d👩\u200d👧 ravie", "Merci ❤️", "5 étoiles ⭐"],
)
def test_normalize_keeps_emoji(text):
    assert normalize_text(text) == text


@pytest.mark.parametrize("text", ["Très  bien !!!", "Cafe\u0301\u00a0ok", "a\r\nb"])
def test_normalize_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@pytest.mark.parametrize(
    "text,expected",
    [
        ("LIVRAISON EN RETARD. SAV NUL", "Livraison en retard. Sav nul"),
        ("SAV au top", "SAV au top"),
        ("OK", "OK"),
    ],
)
def test_normalize_all_caps_comment_to_sentence_case(text, expected):
    assert normalize_text(text) == expected
