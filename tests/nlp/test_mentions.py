import pytest

from verbatim.nlp.mentions import split_mentions


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Livraison rapide mais SAV injoignable", "fr", ["Livraison rapide", "SAV injoignable"]),
        (
            "Great staff, but the app keeps crashing.",
            "en",
            ["Great staff", "the app keeps crashing"],
        ),
        (
            "Produit conforme, par contre le délai était long. Cependant le vendeur a été réactif",
            "fr",
            ["Produit conforme", "le délai était long", "le vendeur a été réactif"],
        ),
        (
            "Bon produit sauf que la notice est illisible",
            "fr",
            ["Bon produit", "la notice est illisible"],
        ),
        (
            "Prix corrects, en revanche le site est lent",
            "fr",
            ["Prix corrects", "le site est lent"],
        ),
        ("Bon produit malgré le prix élevé", "fr", ["Bon produit", "le prix élevé"]),
        # each language splits where the other does ("sauf" / "except", "même si" / "even if")
        (
            "Tout était parfait sauf le parking payant",
            "fr",
            ["Tout était parfait", "le parking payant"],
        ),
        (
            "Quite old even if the room and bathroom are new",
            "en",
            ["Quite old", "the room and bathroom are new"],
        ),
        (
            "They tell you how to get around, and also the hotel is very clean",
            "en",
            ["They tell you how to get around", "the hotel is very clean"],
        ),
        ("Livraison rapide MAIS colis abîmé", "fr", ["Livraison rapide", "colis abîmé"]),
        (
            "Nice shop, however the prices are too high, although staff are friendly",
            "en",
            ["Nice shop", "the prices are too high", "staff are friendly"],
        ),
        ("Fast delivery whereas returns take weeks", "en", ["Fast delivery", "returns take weeks"]),
        (
            "Everything was fine except that the app crashed",
            "en",
            ["Everything was fine", "the app crashed"],
        ),
        (
            "Good prices. On the other hand the shop is dirty",
            "en",
            ["Good prices", "the shop is dirty"],
        ),
        (
            "Prix correct ; livraison lente\nSAV nul",
            "fr",
            ["Prix correct", "livraison lente", "SAV nul"],
        ),
        ("- Livraison lente\n- SAV nul", "fr", ["Livraison lente", "SAV nul"]),
        ("Service top 👍 mais livraison lente 😡", "fr", ["Service top 👍", "livraison lente 😡"]),
        (
            "Le staff était great but the app keeps crashing",
            "fr",
            ["Le staff était great", "the app keeps crashing"],
        ),
    ],
)
def test_mentions_split_on_sentences_and_contrast_markers(text, language, expected):
    assert split_mentions(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Je n'ai jamais eu de souci", "fr"),
        ("Désormais je commande en ligne", "fr"),
        ("I love the peanut butter range", "en"),
        ("A butcher with great advice", "en"),
        ("Livraison en 3.5 jours", "fr"),
        ("Voir www.example.fr pour les détails", "fr"),
    ],
)
def test_mentions_never_split_inside_words_or_numbers(text, language):
    assert split_mentions(text, language) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bref. Top service", ["Bref. Top service"]),  # one word merges into the next
        ("Super produit. Bref.", ["Super produit. Bref"]),  # ... or into the previous
        ("Super service. 10/10", ["Super service. 10/10"]),  # no letters: merged, not lost
        ("Cher mais bon produit", ["Cher mais bon produit"]),
        ("Top", ["Top"]),
        ("😀👍", ["😀👍"]),
    ],
)
def test_mentions_merge_fragments_too_short_for_an_idea(text, expected):
    assert split_mentions(text, "fr") == expected


@pytest.mark.parametrize("text", ["", "   ", "...", "10/10", "!!"])
def test_mentions_empty_without_letters_or_emoji(text):
    assert split_mentions(text, "fr") == []


def test_mentions_min_words_is_adjustable():
    assert split_mentions("Cher mais bon produit", "fr", min_words=1) == ["Cher", "bon produit"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Fibre stable, et en plus le SAV répond vite", ["Fibre stable", "le SAV répond vite"]),
        ("Fast delivery, and on top of that great staff", ["Fast delivery", "great staff"]),
        ("plus de 3 jours de retard", ["plus de 3 jours de retard"]),
        ("The staff also helped me a lot", ["The staff also helped me a lot"]),
    ],
)
def test_mentions_additive_markers_open_a_new_idea(text, expected):
    assert split_mentions(text, "fr") == expected
