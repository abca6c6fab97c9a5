"""French key phrases into English words (``verbatim.nlp.translate``), with a planted encoder.

The fake encoder gives each word a fixed random vector and a French word the vector of the
English word it planted for it, so what is tested is the retrieval, the reviewed table, the word
order and the refusals; the real encoder's matches are measured in the module docstring and by
the slow test below.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from verbatim.nlp.translate import english_vocabulary, french_to_english

PLANTED = {
    "serveur": "server",
    "cuisine": "cuisine",
    "endroit": "place",
    "restaurant": "restaurant",
}


def _vector(word: str, dim: int = 64) -> np.ndarray:
    v = np.random.default_rng(zlib.crc32(word.encode())).standard_normal(dim)
    return v / np.linalg.norm(v)


def fake_embed(texts: list[str]) -> np.ndarray:
    return np.stack([_vector(PLANTED[t]) if t in PLANTED else _vector(f"fr:{t}") for t in texts])


def english_embed(texts: list[str]) -> np.ndarray:
    """The vocabulary side: an English word's own vector."""
    return np.stack([_vector(t) for t in texts])


@pytest.fixture(scope="module")
def vectors():
    return english_embed(list(english_vocabulary()[0]))


@pytest.mark.parametrize(
    ("phrase", "english"),
    [
        ("serveur", "server"),  # the nearest English noun
        ("Endroit", "place"),
        ("serveurs", "server"),  # plural: its singular is looked for
        ("temps d'attente", "waiting time"),  # a set phrase of the reviewed table
        ("addition", "bill"),  # a false friend: the table, not the English homograph
        ("cuisine indienne", "indian cuisine"),  # French order turned into English order
        ("cher restaurant", "expensive restaurant"),  # an adjective said before its noun
        ("new york", "new york"),  # English words in a French comment stay as they are
    ],
)
def test_translate_french_key_phrases_into_english_words(phrase, english, vectors):
    assert french_to_english(phrase, fake_embed, vectors) == english


@pytest.mark.parametrize(
    "phrase",
    [
        "bouchon",  # no English word close enough
        "colis abîmé",  # an adjective outside the table: the encoder puts antonyms close
        "un deux trois quatre",  # not a key phrase
        "",
    ],
)
def test_translate_refuses_rather_than_guesses(phrase, vectors):
    assert french_to_english(phrase, fake_embed, vectors) is None


def test_translate_embeds_the_vocabulary_when_not_given():
    calls = []

    def embed(texts):
        calls.append(len(texts))
        return fake_embed(texts) if len(texts) < 10 else english_embed(texts)

    assert french_to_english("serveur", embed) == "server"
    assert calls[0] == len(english_vocabulary()[0])


def test_vocabulary_is_common_english_nouns_and_adjectives():
    words, adjectives = english_vocabulary()
    assert 5_000 < len(words) < 20_000
    assert {"delivery", "waiter", "price", "bill"} <= set(words)
    assert {"expensive", "fast"} <= adjectives and "delivery" not in adjectives
    assert all(w.isalpha() and w.islower() for w in words)


@pytest.mark.slow
def test_translate_with_the_real_encoder():
    from verbatim.nlp.embed import embed_texts, load_encoder

    encoder = load_encoder("use-multilingual-v3")

    def embed(texts):
        x, _ = embed_texts(list(texts), encoder=encoder)
        x = np.asarray(x)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    vocabulary = embed(list(english_vocabulary()[0]))
    got = {p: french_to_english(p, embed, vocabulary) for p in ("serveur", "bruit", "livraison")}
    assert got == {"serveur": "server", "bruit": "noise", "livraison": "delivery"}
    assert french_to_english("bouchon", embed, vocabulary) is None
