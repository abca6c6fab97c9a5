"""French key phrases put into English words, offline, by cross-lingual retrieval.

A theme said only in French and named by no glossary topic is labelled with its customers' key
phrase ("sushi", "temps d'attente"); an English reader needs English words. Each content word of
the phrase is embedded with the run's multilingual encoder and replaced by the nearest English
noun or adjective of a vocabulary that ships with the project's dependencies (the nouns and
adjectives of spaCy's English lemma index, ``spacy-lookups-data``, said often enough by its word
probabilities: 11,570 words). French word order is turned into English order for the two
patterns key phrases take ("temps d'attente" -> "waiting time", "cuisine indienne" -> "indian
cuisine"). A word whose nearest English word is not close enough leaves the phrase untranslated:
the label then says it has no English wording, rather than guessing.

Measured with USE multilingual v3 on 40 French feedback nouns and adjectives (restaurant,
hotel, delivery, telecom): the nearest English word was a right translation for 33
("serveur" -> "server", "propreté" -> "cleanliness", "petit-déjeuner" -> "breakfast",
"remboursement" -> "reimbursement"); the wrong ones were false friends spelt like an English
word ("addition", "lit", "plat", "carte": set right by ``verbatim.nlp.lang.fr.labels.FALSE_FRIENDS``)
or weak matches below ``MIN_SIMILARITY`` ("bouchon" 0.66).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

MIN_SIMILARITY = 0.72  # a French word's nearest English word must be at least this close
MIN_LOG_PROB = (
    -14.0
)  # English words said less often than this (spaCy's log probability) are left out
# French adjectives said before their noun ("bon accueil" is "good welcome", not reversed)
PREPOSED = frozenset(
    "bon bonne bons bonnes petit petite petits petites grand grande grands grandes beau belle "
    "beaux belles mauvais mauvaise mauvaises nouveau nouvelle nouveaux nouvelles vieux vieille "
    "jeune jeunes joli jolie jolis jolies gros grosse excellent excellente premier première "
    "dernier dernière meilleur meilleure meilleurs long longue longs longues vrai vraie haut "
    "haute hauts hautes".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def english_vocabulary() -> tuple[tuple[str, ...], frozenset[str]]:
    """English nouns and adjectives said often enough, and the adjectives among them."""
    from verbatim.nlp.lemmas import lemma_index, lookups_data

    prob = lookups_data("en_lexeme_prob")
    index = lemma_index("en")
    adjectives = {w for w in index.get("adj", ()) if _common(w, prob)}
    words = sorted(adjectives | {w for w in index.get("noun", ()) if _common(w, prob)})
    return tuple(words), frozenset(adjectives)


@lru_cache(maxsize=1)
def _french_parts() -> tuple[frozenset[str], frozenset[str]]:
    """French nouns and adjectives of spaCy's French lemma index."""
    from verbatim.nlp.lemmas import lemma_index

    index = lemma_index("fr")
    return frozenset(index.get("noun", ())), frozenset(index.get("adj", ()))


def _common(word: str, prob: dict[str, float]) -> bool:
    return word.isalpha() and word.islower() and prob.get(word, -99.0) > MIN_LOG_PROB


def _forms(word: str, lemma: str | None) -> set[str]:
    """The word, its lookup lemma, and its masculine singular where the ending says so."""
    out = {word, lemma or word}
    if word.endswith(("s", "x")):
        out.add(word[:-1])  # "préférés" -> "préféré"
        word = word[:-1]
    if word.endswith(("nne", "lle", "ette")):
        out.add(word[:-2])  # "indienne" -> "indien"
    elif word.endswith("e"):
        out.add(word[:-1])  # "préférée" -> "préféré"
    return out


def _singular(word: str) -> str:
    """The French lookup lemma of a plural ("plats" -> "plat"); other words as they are."""
    from verbatim.nlp.lemmas import quick_lemmas

    lemma = quick_lemmas([word], ["fr"])[0] or word
    return lemma if word[-1:] in "sx" and lemma == word[:-1] else word


def french_to_english(
    phrase: str, embed: Callable[[list[str]], np.ndarray], vectors: np.ndarray | None = None
) -> str | None:
    """``phrase`` (a French key phrase) in English words, or None when a word has no match.

    Args:
        phrase: One to a few French words, as a label shows them.
        embed: Unit vectors of a list of texts from the run's encoder (cached by the caller).
        vectors: ``embed(english_vocabulary()[0])``, when the caller already holds it.
    """
    from verbatim.nlp.lang.fr.labels import JOINERS, TRANSLATIONS
    from verbatim.nlp.lemmas import quick_lemmas

    whole = " ".join(phrase.lower().split())
    if whole in TRANSLATIONS:
        return TRANSLATIONS[whole]
    words = [w.lower() for w in _WORD.findall(phrase)]
    content = [w if w in TRANSLATIONS else _singular(w) for w in words if w not in JOINERS]
    if not content or len(content) > 3:
        return None
    vocabulary, _ = english_vocabulary()
    known = set(vocabulary)
    nouns_fr, adjectives_fr = _french_parts()
    base = dict(zip(content, quick_lemmas(content, ["fr"] * len(content)), strict=True))
    # feminine and plural forms are not in the index: "indienne" is "indien"
    forms = {w: _forms(w, base[w]) for w in content}
    french = {w: bool(forms[w] & (nouns_fr | adjectives_fr)) for w in content}
    adjective = {w: bool(forms[w] & adjectives_fr) and not forms[w] & nouns_fr for w in content}
    # two words without a joiner are in French order, the adjective after the noun ("cuisine
    # indienne") but for the few said before it ("bon", "petit", "grand" ...)
    postposed = (
        len(content) == 2
        and len(words) == 2
        and content[0] not in PREPOSED
        and bool(forms[content[1]] & adjectives_fr)
    )
    found = {}
    for w in content:
        form = next((f for f in sorted(forms[w], key=len, reverse=True) if f in TRANSLATIONS), None)
        if form is not None:  # "préférés" is "préféré"
            found[w] = TRANSLATIONS[form]
    # an English word in a French comment ("new york", "brunch") stays as it is
    found.update({w: w for w in content if w not in found and not french[w] and w in known})
    todo = [w for w in content if w not in found]
    if any(adjective[w] for w in todo):
        # adjectives carry the praise or the complaint, and the encoder puts antonyms close
        # ("cher" came out as "cheap"): only the reviewed table translates them
        return None
    if todo:
        if vectors is None:
            vectors = np.asarray(embed(list(vocabulary)), dtype=np.float32)
        sims = np.asarray(embed(todo), dtype=np.float32) @ vectors.T
        for word, row in zip(todo, sims, strict=True):
            j = int(np.argmax(row))
            if row[j] < MIN_SIMILARITY:
                return None
            found[word] = vocabulary[j]
    english = [found[w] for w in content]
    joined = len(content) == 2 and len(words) > 2 and words[1] in JOINERS
    if joined or postposed:  # "temps d'attente" -> "waiting time", "cuisine indienne" ->
        english.reverse()  # "indian cuisine": the thing named comes last in English
    return " ".join(dict.fromkeys(english))
