"""Mentions that name nothing the company could act on: generic praise, complaint or courtesy.

A mention is *generic* when, once stop words (of every language, ``ALL_STOP_WORDS``, so that a
misdetected short comment gets the same verdict), one-letter tokens, generic phrases ("nothing
to add", "rien à signaler", "keep up the good work") and the generic lemmas of its language
(``nlp/lang/<code>/generic.py``) are set aside, no lemma is left ("Great, would recommend!",
"Très satisfait, merci"). Such mentions go to general themes, never ranked as drivers (DESIGN,
"Themes an analyst can trust"). Pure Python sets over the stored lemma strings, each distinct
(lemmas, language) pair looked at once: 2.4 s for a million distinct mentions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from verbatim.nlp.lang.en import generic as _en
from verbatim.nlp.lang.fr import generic as _fr
from verbatim.nlp.normalize import strip_accents
from verbatim.nlp.stop_words import ALL_STOP_WORDS

EMPTY = "empty"
COURTESY = "courtesy"
NO_OPINION = "no opinion"
SENTIMENT_ONLY = "sentiment only"


def _typed_without_accents(words: Iterable[str]) -> frozenset[str]:
    """``words`` and their forms without accents: customers type "tres decu", "genial", "deception".

    The lists hold each word once, accented; the lemmatizer keeps what was typed ("decu" stays
    "decu"), so the unaccented forms are added here rather than folding every token of every
    mention (the verdict of 200,000 distinct mentions must stay under 2 s).
    """
    words = frozenset(words)
    return words | {strip_accents(w) for w in words}


_BY_LANGUAGE = {"fr": _fr, "en": _en}
_GENERIC: dict[str, frozenset[str]] = {
    code: _typed_without_accents(m.GENERIC_LEMMAS) for code, m in _BY_LANGUAGE.items()
}
_ANY_GENERIC = frozenset().union(*_GENERIC.values())
GENERIC_WORDS = _ANY_GENERIC  # every language's sentiment-only lemmas (for key phrases)
_COURTESY = _typed_without_accents(frozenset().union(*(m.COURTESY for m in _BY_LANGUAGE.values())))
# Longest first, so that "keep up the good work" is removed before "good work".
_PHRASES: dict[str, tuple[str, ...]] = {
    code: tuple(sorted(_typed_without_accents(m.GENERIC_PHRASES), key=len, reverse=True))
    for code, m in _BY_LANGUAGE.items()
}
_ANY_PHRASES = tuple(sorted(set().union(*_PHRASES.values()), key=len, reverse=True))
_NO_OPINION = _typed_without_accents(
    frozenset().union(*(m.NO_OPINION_PHRASES for m in _BY_LANGUAGE.values()))
)
# The lemma forms of French elided words, as the tagger gives them in some contexts only.
_ELISIONS = {"d": "de", "l": "le", "j": "je", "n": "ne", "qu": "que", "c": "ce", "s": "se"}


def _content(tokens: Sequence[str], generic: frozenset[str]) -> list[str]:
    return [t for t in tokens if len(t) > 1 and t not in ALL_STOP_WORDS and t not in generic]


def _without_phrases(tokens: list[str], phrases: tuple[str, ...]) -> tuple[list[str], bool]:
    """Tokens with every generic phrase removed, and whether a no-opinion phrase was among them."""
    text = " " + " ".join(_ELISIONS.get(t.rstrip("'’"), t) for t in tokens) + " "
    no_opinion = False
    for phrase in phrases:
        padded = f" {phrase} "
        if padded in text:
            text = text.replace(padded, " ")
            no_opinion = no_opinion or phrase in _NO_OPINION
    return text.split(), no_opinion


# Language detection is unreliable on a word or two: on the bundled sample "RAS" (rien à
# signaler) was read as English and joined the theme of prices. A mention this short that names
# something in its own language's lists is read again with every language's lists.
SHORT_TOKENS = 3


@functools.cache
def _topic_words(language: str) -> frozenset[str]:
    """The words of ``language``'s glossary terms (loaded on first use: it takes a moment)."""
    from verbatim.nlp.concepts import concept_vocabulary

    return frozenset(w for term in concept_vocabulary(language) for w in term.split())


@functools.cache
def _other_languages(language: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every language's generic words and phrases, less the words ``language`` uses for a topic.

    French "content" (happy) is generic, English "content" a course's subject; "place" the other
    way round.
    """
    own = _GENERIC.get(language, frozenset())
    return own | (_ANY_GENERIC - _topic_words(language)), _ANY_PHRASES


# Customers misspell the words that say nothing as often as any other ("Nothing speciaal",
# "Exellent", "Dissapointing"); a misspelt generic word left the mention a topic of its own, and
# a sentence and its translation on two sides (general / unassigned). A word of at least
# ``TYPO_MIN`` letters one letter away (one added, dropped or changed, or two swapped) from a
# generic word of its language, and no topic word itself, is read as that word, in a mention
# that holds at most ``TYPO_CONTENT`` such candidate words once the generic ones are set aside.
TYPO_MIN = 6
TYPO_CONTENT = 2


@functools.cache
def _typo_keys(language: str) -> dict[str, str]:
    """Generic words of ``language`` and their one-letter deletions -> the word."""
    keys: dict[str, str] = {}
    for word in sorted(_GENERIC.get(language, frozenset())):
        if len(word) >= TYPO_MIN:
            keys.setdefault(word, word)
            for i in range(len(word)):
                keys.setdefault(word[:i] + word[i + 1 :], word)
    return keys


@functools.lru_cache(maxsize=1 << 16)
def _typo_of(token: str, language: str) -> str | None:
    """The generic word ``token`` misspells, or None (symmetric deletions: one edit apart)."""
    if len(token) < TYPO_MIN or not token.isalpha():
        return None
    if token in _topic_words(language):
        return None
    keys = _typo_keys(language)
    if token in keys:  # a letter dropped ("excelent"), or a word's own form
        return keys[token]
    for i in range(len(token)):  # a letter added ("speciaal"), changed or swapped
        found = keys.get(token[:i] + token[i + 1 :])
        if found is not None:
            return found
    return None


def _reason(lemmas: str, language: str) -> str | None:
    generic = _GENERIC.get(language, _ANY_GENERIC)
    found = _reason_with(lemmas, generic, _PHRASES.get(language, _ANY_PHRASES))
    if found is None and len(lemmas.split()) <= SHORT_TOKENS and language in _GENERIC:
        found = _reason_with(lemmas, *_other_languages(language))
    if found is None and language in _GENERIC:
        tokens = lemmas.split()
        left = _content(tokens, generic)
        if len(left) <= TYPO_CONTENT:
            fixed = {t: _typo_of(t, language) for t in left}
            if all(fixed.values()):
                read = " ".join(fixed.get(t) or t for t in tokens)
                found = _reason_with(read, generic, _PHRASES[language])
    return found


def _reason_with(lemmas: str, generic: frozenset[str], phrases: tuple[str, ...]) -> str | None:
    tokens = lemmas.split()
    if _content(tokens, generic) and not _PHRASE_WORDS.intersection(tokens):
        return None  # the fast path: most mentions name something and hold no generic phrase
    tokens, no_opinion = _without_phrases(tokens, phrases)
    if _content(tokens, generic):
        return None
    if no_opinion:
        return NO_OPINION
    said = [t for t in tokens if t in generic]
    if not said:
        return SENTIMENT_ONLY if len(tokens) < len(lemmas.split()) else EMPTY
    return COURTESY if all(t in _COURTESY for t in said) else SENTIMENT_ONLY


# Words of generic phrases that would otherwise count as content ("signaler", "back", "work").
_PHRASE_WORDS = frozenset(
    t
    for phrase in _ANY_PHRASES
    for t in phrase.split()
    if len(t) > 1 and t not in ALL_STOP_WORDS and t not in _ANY_GENERIC
)


def generic_reasons(lemmas: Sequence[str], languages: Sequence[str]) -> list[str | None]:
    """Say, for each mention, why it names nothing actionable, or None when it names something.

    Args:
        lemmas: Each mention's lemmas joined by spaces, stop words included (as stored with the
            mentions; see ``verbatim.nlp.lemmas.lemmatize``).
        languages: Each mention's language ("fr", "en", ...; any other code uses the generic
            words of every language).

    Returns:
        Per mention: None, or "sentiment only" (only generic sentiment, degree or
        company-as-a-whole words: "Great, would recommend"), "courtesy" ("Merci !"),
        "no opinion" ("Rien à signaler", "No comment") or "empty" (stop words only).
    """
    if len(lemmas) != len(languages):
        raise ValueError(
            f"generic_reasons needs one language per mention: got {len(lemmas)} lemma strings "
            f"and {len(languages)} languages."
        )
    seen: dict[tuple[str, str], str | None] = {}
    out: list[str | None] = []
    for text, language in zip(lemmas, languages, strict=True):
        key = (text or "", language)
        if key not in seen:
            seen[key] = _reason(key[0], language)
        out.append(seen[key])
    return out
