"""Tell which configured language each comment is written in, with lingua (accurate on short texts).

The detector also knows a few common languages that are not configured (English, French,
Spanish, German, Italian, Portuguese, Dutch), so a Spanish comment is tagged ``"other"`` instead of being
forced into French or English. Short or ambiguous texts ("ok", "Nickel", "Top") get the best
configured guess: in a French/English survey that is almost always right, and a one-word
comment is never worth losing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

OTHER = "other"
# Known to the detector even when not configured, never returned as such: they keep
# foreign comments out of the configured languages (an English comment in a French-only
# survey is "other").
DECOY_LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl")
# "other" needs a clear win: at least this many words and this confidence for the foreign
# language, and this many times the confidence of the best configured one.
MIN_WORDS_FOR_OTHER = 3
MIN_CONFIDENCE_FOR_OTHER = 0.5
MIN_RATIO_FOR_OTHER = 3.0

# Function words that settle a low-confidence French/English call ("le service est nickel"
# scores English 0.35 with lingua alone); no word is in both lists.
FUNCTION_WORDS = {
    "fr": frozenset(
        "le la les l des du de est et une un pas très je j c il elle nous vous mon ma mes ce "
        "cette avec pour sur dans au aux ne n qui que qu était sont trop".split()
    ),
    "en": frozenset(
        "the is was and of to it my very with for this that are were not you we i in at "
        "but have has had too".split()
    ),
}
LOW_CONFIDENCE = 0.5

_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_RE = re.compile(r"[^\W\d_]+")


def validate_languages(languages: Sequence[str]) -> tuple[str, ...]:
    """Return the configured codes lower-cased and deduplicated; raise ValueError if unknown."""
    from lingua import IsoCode639_1

    if isinstance(languages, str) or not languages:
        raise ValueError(
            "The 'languages' parameter must be a non-empty sequence of "
            f"ISO 639-1 codes such as ('fr', 'en'). Got {languages!r} instead."
        )
    codes = tuple(dict.fromkeys(str(code).strip().lower() for code in languages))
    for code in codes:
        if code == OTHER or not hasattr(IsoCode639_1, code.upper()):
            raise ValueError(
                "The 'languages' parameter must hold ISO 639-1 codes "
                f"known to lingua (e.g. 'fr', 'en'). Got {code!r} instead."
            )
    return codes


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]):
    """Build the lingua detector once per set of configured languages (it takes ~1 s)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = dict.fromkeys(languages + DECOY_LANGUAGES)
    iso = [getattr(IsoCode639_1, code.upper()) for code in codes]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*iso).build()


def _vote(text: str, configured: tuple[str, ...]) -> str | None:
    """The configured language whose function words clearly dominate ``text``, if any."""
    words = _WORD_RE.findall(text.lower())
    counts = {
        code: sum(w in FUNCTION_WORDS[code] for w in words)
        for code in configured
        if code in FUNCTION_WORDS
    }
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _decide(text: str, values: list, configured: tuple[str, ...]) -> tuple[str, float]:
    if not _LETTER_RE.search(text) or not values or values[0].value <= 0.0:
        return OTHER, 0.0  # no letters, or a script none of the known languages uses
    by_code = {v.language.iso_code_639_1.name.lower(): v.value for v in values}
    top_code, top_value = next(iter(by_code.items()))
    if top_value < LOW_CONFIDENCE:
        voted = _vote(text, configured)
        if voted is not None:
            return voted, by_code.get(voted, 0.0)
    if top_code in configured:
        return top_code, top_value
    best = max(configured, key=lambda code: by_code.get(code, 0.0))
    best_value = by_code.get(best, 0.0)
    if (
        len(_WORD_RE.findall(text)) >= MIN_WORDS_FOR_OTHER
        and top_value >= MIN_CONFIDENCE_FOR_OTHER
        and top_value >= MIN_RATIO_FOR_OTHER * best_value
    ):
        return OTHER, top_value
    return best, best_value


def detect_languages_with_confidence(
    texts: Sequence[str], *, languages: Sequence[str] = ("fr", "en")
) -> list[tuple[str, float]]:
    """Return ``(language, confidence)`` per text; the language is a configured code or ``"other"``.

    Args:
        texts: Comments or clauses, in any order; duplicates are detected once.
        languages: Configured ISO 639-1 codes.

    Returns:
        One pair per text, in order. Confidence is lingua's relative confidence in [0, 1] for
        the returned language (0.0 for texts without letters).
    """
    configured = validate_languages(languages)
    unique = list(dict.fromkeys(texts))
    if not unique:
        return []
    detector = _detector(configured)
    # one text at a time, on this thread: as fast as lingua's parallel call here, and it leaves
    # the other cores to the embedding process that runs beside prepare
    all_values = [detector.compute_language_confidence_values(text) for text in unique]
    decided = {
        text: _decide(text, values, configured)
        for text, values in zip(unique, all_values, strict=True)
    }
    return [decided[text] for text in texts]


def detect_languages(texts: Sequence[str], *, languages: Sequence[str] = ("fr", "en")) -> list[str]:
    """Return the language of each text: one of ``languages`` or ``"other"``; never drops a text."""
    return [code for code, _ in detect_languages_with_confidence(texts, languages=languages)]
