"""Lexicon sentiment of each mention: VADER for English, Pattern's French lexicon for French.

The polarity model (``verbatim.models.polarity``) reads sentence embeddings, and the
multilingual encoder places a sentence by its words more than by what they say of the
subject: "Nous n'avons pas été déçus", "Pour ne rien gâcher, le cadre est agréable", "un
régal !" sat with the complaints. A sentiment lexicon with rules for negation and degree
reads them right more often; its score is two more columns beside the embedding (French,
English), whose weight the model learns from its seeds and the run's scored mentions.

- English: VADER (``vaderSentiment``, Hutto & Gilbert 2014), the compound score in [-1, 1];
  negation ("not disappointed"), degree and "but" are its rules.
- French: Pattern's French adjective lexicon through ``textblob-fr`` (``PatternAnalyzer``), the
  polarity in [-1, 1]; it knows intensifiers and "pas" before an adjective, not every negation.
- Both: a sentence that says a problem was absent ("aucun problème avec l'écran", "works
  without any issues", "I haven't had any problems") or uses an idiom of praise made of a
  complaint's words ("hard to beat", "rien à redire") gets ``ABSENT_PROBLEM`` added
  (``_praise_rule``; the words are language data in ``nlp/lang/<code>/polarity.py``). Neither
  lexicon reads them: VADER gives "no issues so far" -0.30, Pattern gives "aucun problème" 0.
- Other languages: 0 in both columns (no lexicon read; the embedding alone decides).

Both are maintained packages with their lexicons inside (nothing is downloaded at run time).
Scoring a long review sentence takes ~0.05 ms in English and ~0.4 ms in French; the 79,043
mentions (42,491 distinct) of the 100k latency store took 3.3-5.3 s (shared machine). Each
distinct text is scored once per process (``_score``'s cache, at most ``SCORE_CACHE`` texts,
~40 MB when full): the polarity fit reads every mention's score and its prediction reads the
same ones again; the second pass over that store took 3.5 s without the cache, 0.09 s with it.
Measured gain: ``benchmarks/polarity_quality.py`` (mode b, accuracy on one-polarity
review sentences): SemEval restaurants FR 0.800 -> 0.825 and EN 0.847 -> 0.856, M-ABSA laptop
FR 0.813 -> 0.822 and EN 0.833 -> 0.839, restaurant EN 0.853 -> 0.873 and FR 0.843 -> 0.855,
hotel FR 0.902 -> 0.911 and EN 0.899 -> 0.902, coursera EN 0.884 -> 0.888 (FR 0.876 either way).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

# "haven ' t", "isn ' t": exports of tokenised text (review sites, some survey tools) split
# contractions, and VADER then reads "the sound isn ' t great" as praise (+0.62; "isn't": -0.51)
_SPLIT_APOSTROPHE = re.compile(r"(?<=\w) ?['’] ?(?=\w)")

COLUMNS: tuple[str, ...] = ("fr", "en")  # one lexicon column per language, in this order
# added to the lexicon's reading of a sentence that says a problem was absent or uses an idiom
# of praise made of a complaint's words (``PROBLEM_NEGATORS``, ``PROBLEMS``, ``PRAISE_IDIOMS``
# of ``nlp/lang/<code>/polarity.py``); see ``_praise_rule``
ABSENT_PROBLEM = 0.6
# distinct texts whose score is kept: more than a refit fits on (``themes.fit_sample``, 20k)
SCORE_CACHE = 262_144


@lru_cache(maxsize=1)
def _english():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _french():
    from textblob_fr import PatternAnalyzer

    return PatternAnalyzer()


def _alternation(phrases: tuple[str, ...]) -> str:
    """Phrases as one regex alternation, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


@lru_cache(maxsize=len(COLUMNS))
def _praise_rule(language: str) -> re.Pattern[str]:
    """The "no problem" and praise-idiom pattern of ``language`` (one of ``COLUMNS``).

    "Aucun problème avec l'écran", "works without any issues", "hard to beat": a negator, at
    most two words, then a problem word, or a listed idiom. The encoder places these among the
    complaints by their words; VADER reads "no issues so far" as -0.30 and Pattern's French
    lexicon reads nothing in "aucun problème" (0). On the M-ABSA laptop sentences the pattern
    matches 28 French and 16 English one-polarity sentences, 25 and 14 of them praise. Accuracy
    of ``benchmarks/polarity_quality.py`` mode b: laptop French 0.822 -> 0.828, the other nine
    rows within 0.2 points (these phrases are rare in review sentences, common in NPS comments).
    """
    from importlib import import_module

    data = import_module(f"verbatim.nlp.lang.{language}.polarity")
    negators = _alternation(data.PROBLEM_NEGATORS)
    problems = _alternation(data.PROBLEMS)
    idioms = _alternation(data.PRAISE_IDIOMS)
    # "n't had any" starts inside a word ("haven't"): no word boundary before a negator
    return re.compile(
        rf"(?:(?<!\w)|(?<=\w)(?=n'))(?:{negators})\s+(?:[\w'-]+\s+){{0,2}}?(?:{problems})(?!\w)"
        rf"|(?<!\w)(?:{idioms})(?!\w)",
        re.IGNORECASE,
    )


def _read(text: str, language: str) -> float:
    """The lexicon's polarity of ``text`` in [-1, 1] (``language`` is one of ``COLUMNS``)."""
    if language == "en":
        return float(_english().polarity_scores(text)["compound"])
    return float(_french().analyze(text)[0])


@lru_cache(maxsize=SCORE_CACHE)
def _score(text: str, language: str) -> float:
    """The lexicon's polarity; a text with the praise rule's phrases reads ``ABSENT_PROBLEM`` more.

    The lexicon reads the rest of the text: its reading of "déçus" in "nous n'avons pas été
    déçus" (Pattern: -1.0, the praise added on top still -0.4) is not kept.
    """
    if language not in COLUMNS:
        return 0.0
    text = _SPLIT_APOSTROPHE.sub("'", text)
    rest = _praise_rule(language).sub(" ", text)
    if rest == text:
        return _read(text, language)
    return min(1.0, _read(rest, language) + ABSENT_PROBLEM)


def lexicon_scores(texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
    """(n, 2) float32: each text's lexicon polarity in the column of its language, 0 elsewhere.

    Args:
        texts: The mentions' texts.
        languages: Each text's language code ("fr", "en"; others score 0).
    """
    if len(texts) != len(languages):
        raise ValueError(
            f"lexicon_scores needs one language per text: got {len(texts)} texts and "
            f"{len(languages)} languages."
        )
    out = np.zeros((len(texts), len(COLUMNS)), dtype=np.float32)
    column = {code: j for j, code in enumerate(COLUMNS)}
    for i, (text, language) in enumerate(zip(texts, languages, strict=True)):
        j = column.get(str(language))
        if j is not None:
            out[i, j] = _score(str(text), str(language))
    return out
