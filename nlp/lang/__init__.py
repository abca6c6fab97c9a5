"""Per-language language data, one package per language code (like spaCy's ``spacy/lang/<code>/``).

Each ``nlp/lang/<code>/`` holds plain constants reviewed like code: polarity seed sentences
(``polarity.py``), words and phrases that carry only generic sentiment (``generic.py``), and
topic vocabularies. Algorithms import them from here; none inlines its own word lists.
"""

from __future__ import annotations

from importlib import import_module

LANGUAGES: tuple[str, ...] = ("fr", "en")
POLARITIES: tuple[str, ...] = ("positive", "negative", "neutral")


def polarity_seeds() -> tuple[list[str], list[str], list[str]]:
    """Return the polarity seed sentences of every language as (texts, labels, languages)."""
    texts: list[str] = []
    labels: list[str] = []
    languages: list[str] = []
    for code in LANGUAGES:
        module = import_module(f"verbatim.nlp.lang.{code}.polarity")
        for label in POLARITIES:
            seeds = getattr(module, label.upper())
            texts.extend(seeds)
            labels.extend([label] * len(seeds))
            languages.extend([code] * len(seeds))
    return texts, labels, languages
