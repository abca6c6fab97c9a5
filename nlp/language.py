"""Tell which configured language each comment is written in, with lingua (accurate on short texts).

The detector also knows a few common languages that are not configured (English, French,
Spanish, German, Italian, Portuguese, Dutch), so a Spanish comment is tagged ``"other"`` instead of being
forced into French or English. Short or ambiguous texts ("ok", "Nickel", "Top") get the best
configured guess: in a French/English survey that is almost always right, and a one-word
comment is never worth losing.

Lingua costs ~0.25 ms a text, so comments whose function words leave no doubt ("Le service
client est injoignable depuis lundi") are decided without it (``_fast_decide``): ~70% of real
French/English comments, agreeing with lingua on 99.98% of them and on every SemEval sentence
(benchmarks/language_speed.py). Lingua's calls are remembered across calls.
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

# Fast path: lingua costs ~0.25 ms a text and most comments say their language plainly. A text
# is decided without lingua when the words of exactly one known language show up in it, that
# language is configured, and the evidence is plain: FAST_MIN_DISTINCTIVE of its
# DISTINCTIVE_WORDS and FAST_MIN_EVIDENCE of its words in all. Any word of another language
# (the other configured one, or a decoy's FOREIGN_MARKERS) sends the text to lingua, so mixed
# comments keep lingua's call. Distinctive words are absent from the decoys: "la", "de",
# "que", "il", "in" only count as evidence, so a Spanish comment full of "la/de/que" goes to
# lingua and comes out "other". benchmarks/language_speed.py measures share and agreement.
DISTINCTIVE_WORDS = {
    "fr": frozenset(
        "est très je j pas nous vous avec était étaient etait sont une mon cette été être ai "
        "avons avez ont suis sommes êtes dans trop leur ils elles ça aussi encore depuis "
        "après même sans chez jamais toujours rien beaucoup vraiment fait où".split()
    ),
    "en": frozenset(
        "the and my very with is was it this that of to for are were not you we have has had "
        "but they been be would will your our their just at after can from really".split()
    ),
}
# Further words that count as evidence of a language (and block the other one).
_MORE_WORDS = {
    "fr": "et en à par ou son sa ses tout toute tous bien ça ca tres apres deja déjà deux "
    "fois jours merci comme rapide plus moins mais".split(),
    "en": "i so since got get never through about again still only there when what which could "
    "should did does an by as if no don didn doesn won isn wasn".split(),
}
EVIDENCE_WORDS = {
    code: FUNCTION_WORDS[code] | DISTINCTIVE_WORDS[code] | frozenset(_MORE_WORDS[code])
    for code in DISTINCTIVE_WORDS
}
# Markers of the decoy languages: function words and letters French and English do not use.
# A text holding one goes to lingua (a false alarm only costs time, never a wrong answer).
FOREIGN_MARKERS = (
    frozenset(
        # es
        "el los las muy pero por para una es del lo está esta fue todo gracias bueno buena "
        "cuando como más hay también pedido servicio nada tiene tengo muchas mucho con mas "
        # it
        "gli della di che molto sono ho è per questo anche sempre ottimo grazie alla nel uno "
        # pt
        "não muito com uma os em ao é foi obrigado bom ótimo você da das seu sua na isso esse "
        "essa ele ela estou tem meu minha porque pelo pela então já eu bem vez parabéns "
        # de
        "der die das und ist nicht ich sehr mit ein eine zu auf dem es gut aber auch wir sie "
        "hat haben wurde kein keine immer schnell für war "
        # nl
        "het een niet ik zijn voor maar heel goed ook wel geen dat naar wij werd bij nog erg mijn "
        "jullie u uw te om er deze wat nu dan kunt kan bent ben heb hebt hebben".split()
    )
    - EVIDENCE_WORDS["fr"]
    - EVIDENCE_WORDS["en"]
)
_FOREIGN_LETTERS_RE = re.compile("[ñãõ¿¡ßäöåøìò]", re.IGNORECASE)
FAST_MIN_DISTINCTIVE = 1
FAST_MIN_EVIDENCE = 3
# What the fast path reports as confidence (lingua's values on such texts are mostly above
# 0.9). verbatim.nlp.prepare refines clause languages with lingua itself (fast=False): a fixed
# confidence let too many clauses override their comment's language.
FAST_CONFIDENCE = 0.9
# Texts whose lingua call is remembered across calls (prepare detects chunk by chunk).
LINGUA_CACHE_SIZE = 65_536

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


def _fast_decide(text: str, configured: tuple[str, ...]) -> str | None:
    """The configured language the function words settle without lingua, or None (ask lingua)."""
    words = _WORD_RE.findall(text.lower())
    if len(words) < FAST_MIN_EVIDENCE or not FOREIGN_MARKERS.isdisjoint(words):
        return None
    winner = None
    for code, evidence in EVIDENCE_WORDS.items():
        hits = [word for word in words if word in evidence]
        if not hits:
            continue
        distinctive = DISTINCTIVE_WORDS[code]
        if (
            winner is not None  # words of two languages: a mixed comment, lingua decides
            or code not in configured
            or len(hits) < FAST_MIN_EVIDENCE
            or sum(word in distinctive for word in hits) < FAST_MIN_DISTINCTIVE
        ):
            return None
        winner = code
    if winner is None or _FOREIGN_LETTERS_RE.search(text):
        return None
    return winner


def detect_languages_with_confidence(
    texts: Sequence[str], *, languages: Sequence[str] = ("fr", "en"), fast: bool = True
) -> list[tuple[str, float]]:
    """Return ``(language, confidence)`` per text; the language is a configured code or ``"other"``.

    Args:
        texts: Comments or clauses, in any order; duplicates are detected once.
        languages: Configured ISO 639-1 codes.
        fast: Decide texts with plain function-word evidence without lingua (see
            ``DISTINCTIVE_WORDS``); False asks lingua for every text.

    Returns:
        One pair per text, in order. Confidence is lingua's relative confidence in [0, 1] for
        the returned language (0.0 for texts without letters), or ``FAST_CONFIDENCE`` for a
        text the function words settled.
    """
    configured = validate_languages(languages)
    unique = list(dict.fromkeys(texts))
    if not unique:
        return []
    decided: dict[str, tuple[str, float]] = {}
    todo = []
    for text in unique:
        code = _fast_decide(text, configured) if fast else None
        if code is None:
            todo.append(text)
        else:
            decided[text] = (code, FAST_CONFIDENCE)
    for text in todo:
        decided[text] = _lingua_decide(text, configured)
    return [decided[text] for text in texts]


@lru_cache(maxsize=LINGUA_CACHE_SIZE)
def _lingua_decide(text: str, configured: tuple[str, ...]) -> tuple[str, float]:
    """Lingua's call on one text, remembered: "Top" and "Très bien" recur in every chunk.

    One text at a time, on this thread: as fast as lingua's parallel call here, and it leaves
    the other cores to the embedding process that runs beside prepare.
    """
    values = _detector(configured).compute_language_confidence_values(text)
    return _decide(text, values, configured)


def detect_languages(texts: Sequence[str], *, languages: Sequence[str] = ("fr", "en")) -> list[str]:
    """Return the language of each text: one of ``languages`` or ``"other"``; never drops a text."""
    return [code for code, _ in detect_languages_with_confidence(texts, languages=languages)]
