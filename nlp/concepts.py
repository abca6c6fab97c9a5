"""Customer-experience concepts shared by French and English, and a matcher over mention lemmas.

A concept (``"delivery"``, ``"price_increase"``) has one ``Topic`` per language
(``nlp/lang/<code>/topics.py``) with the same id: a neutral name, the surface terms that signal
it, and the label of a theme that is mostly complaints or mostly praise about it. A theme
labelled from one concept therefore says the same thing in both languages.

Matching works on lemma strings as ``verbatim.nlp.lemmas.lemmatize`` writes them (lower case, stop
words kept, numbers and punctuation dropped). Terms are lemmatized by the same pipelines once
per process, so "colis" matches "les colis" and "deliveries" matches "delivery". Multi-word
terms match as contiguous lemma sequences *with* their stop words ("temps d'attente" ->
``temps de attente``), as mention lemmas keep them; at each position the longest term wins and
its tokens are consumed, so "service client" is customer service and not also "service".
Texts in a language other than French or English use the English terms.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

LANGUAGES = ("fr", "en")
FALLBACK_LANGUAGE = "en"
MAX_LABEL_WORDS = 6

# Lemma strings that knowingly signal two concepts in one language (reviewed exceptions to
# "one term, one concept"); the first concept in TOPICS order wins when matching.
# The lookup table lemmatizes the noun "téléphone" as the verb "téléphoner" (a term of
# reachability too): the first concept listed keeps it, which reads right either way.
SHARED_TERMS: dict[str, frozenset[str]] = {"fr": frozenset({"téléphoner"}), "en": frozenset()}

_WORD_RE = re.compile(r"[^\W\d_]+")

# Concepts that say how something is rather than what it is ("fast", "reliable"): a theme
# whose mentions name one together with a subject ("fast delivery") is named after the subject
# (``verbatim.models.labels``); their own wordings ("Fast", "Unreliable") name no subject.
ATTRIBUTES = frozenset(
    {
        "speed",
        "efficiency",
        "simplicity",
        "reliability",
        "consistency",
        "responsiveness",
        "punctuality",
        "delays",
    }
)


# Concepts bound to one line of business, whose words mean something else elsewhere: "size" and
# "fit" are clothing in a fashion survey and portions in a restaurant's, "course" is a lesson or
# a dish, "computer" a laptop or "computer science". A concept of a domain names a theme only when
# the run talks about that domain (``domain_present``). Concepts any business has (service,
# staff, price, delivery, the bathroom, the view...) belong to no domain. Measured on the five
# eval sets as exports (EN+FR): each run's own domain is named by 54-64% of its sentences, a
# neighbouring one it really talks about by 10-17% (a hotel's breakfast), the homonyms by 1-4%
# ("True to size, good fit" named a theme of big bagels in a restaurant's feedback).
# fmt: off
DOMAINS: dict[str, frozenset[str]] = {
    "banking": frozenset(
        {"bank_account", "bank_card", "transfers", "loans", "interest_rates", "bank_fees",
         "online_banking", "bank_advisor", "savings", "atm_cash"}
    ),
    "clothing": frozenset(
        {"size_fit", "fabric", "colour", "style", "fitting_room", "shoes", "washing", "clothing"}
    ),
    "electronics": frozenset(
        {"computer", "performance", "battery", "charging", "screen", "keyboard", "build_quality",
         "size_weight", "sound", "camera", "ports", "operating_system", "overheating", "storage",
         "graphics_gaming"}
    ),
    "energy": frozenset({"energy", "meter", "consumption"}),
    "healthcare": frozenset({"medical_staff", "care_quality", "hospital", "medication"}),
    "hotels": frozenset(
        {"stay", "room", "bed", "front_desk", "check_in", "housekeeping", "room_service",
         "pool_spa"}
    ),
    "insurance": frozenset({"insurance", "claims", "coverage", "roadside_assistance"}),
    "courses": frozenset(
        {"course_content", "instructor", "exercises", "grading", "certificate", "pace",
         "learning", "videos", "community", "course_length"}
    ),
    "restaurants": frozenset(
        {"food", "dishes", "meals", "breakfast", "taste", "cooking", "portions", "menu", "drinks",
         "wine", "desserts", "meat", "fish_seafood", "vegetables", "bread", "ingredients",
         "dietary", "food_safety", "table_service", "tables", "terrace", "takeaway"}
    ),
    "telecom": frozenset(
        {"network_coverage", "internet_connection", "internet_speed", "mobile_plan", "roaming",
         "tv_service", "provider_switch"}
    ),
    "transport": frozenset(
        {"train", "public_transport", "timetable", "flight", "baggage", "boarding", "airport",
         "inflight_service", "vehicle", "driving", "dealership", "car_servicing", "rental",
         "financing", "trade_in", "test_drive"}
    ),
}
# fmt: on
DOMAIN_OF: dict[str, str] = {c: d for d, members in DOMAINS.items() for c in members}
# A concept that is a kind of another: a mention naming chicken names dishes too. A theme the
# broader one names is named after a kind only when that kind is said by at least half as many
# of its mentions (``verbatim.models.labels.KIND_SHARE``): on M-ABSA restaurant, the #1
# detraction driver, 183 complaints about chicken, rice, sauce, spinach and calamari (meat,
# dishes and taste each said by 21%), read "Disappointing meat". Not ``nlp/lang/families.py``'s
# families, which are wider (meat, menu and taste are all food) and gather themes into roll-ups.
BROADER: dict[str, str] = {
    "meat": "dishes",
    "fish_seafood": "dishes",
    "vegetables": "dishes",
    "wine": "drinks",
}


def with_broader(concepts: Sequence[str]) -> tuple[str, ...]:
    """``concepts`` (one mention's, in order) followed by the broader concepts they imply."""
    extra = [BROADER[c] for c in concepts if c in BROADER and BROADER[c] not in concepts]
    return (*concepts, *dict.fromkeys(extra))


DOMAIN_MIN_SHARE = 0.05  # of a run's mentions naming a domain's concepts for it to be present


def domain_present(found: Sequence[Sequence[str]]) -> Callable[[str], bool]:
    """Whether each concept may name a theme of this run, from every mention's concepts.

    ``found`` is ``match_concepts``' output for the run's mentions. A concept of no domain
    always may; one of a domain only when at least ``DOMAIN_MIN_SHARE`` of the mentions name
    some concept of that domain. Small runs name few domains, and each of those clears it.
    """
    n = max(len(found), 1)
    said: Counter[str] = Counter()
    for concepts in found:
        said.update({DOMAIN_OF[c] for c in concepts if c in DOMAIN_OF})
    present = {d for d, c in said.items() if c / n >= DOMAIN_MIN_SHARE}
    return lambda concept: concept not in DOMAIN_OF or DOMAIN_OF[concept] in present


@dataclass(frozen=True)
class Topic:
    """One concept in one language.

    Attributes:
        name: Neutral label, capitalised ("Livraison" / "Delivery").
        terms: Surface words and phrases (singular) that signal the concept.
        complaint: Label of a theme made mostly of complaints ("Late or failed deliveries").
        praise: Label of a theme made mostly of praise ("Fast delivery").
    """

    name: str
    terms: tuple[str, ...]
    complaint: str
    praise: str


def _module(language: str):
    if language not in LANGUAGES:
        raise ValueError(
            f"No concept glossary for language '{language}': expected one of {list(LANGUAGES)}."
        )
    return importlib.import_module(f"verbatim.nlp.lang.{language}.topics")


def topics(language: str) -> dict[str, Topic]:
    """Return the concepts of ``language`` (``"fr"`` or ``"en"``) by concept id."""
    return _module(language).TOPICS


def _glossary_language(language: str) -> str:
    return language if language in LANGUAGES else FALLBACK_LANGUAGE


def _surface(term: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(term.lower()))


@lru_cache(maxsize=len(LANGUAGES))
def _term_lemmas(
    language: str,
) -> tuple[tuple[str | None, str, tuple[tuple[str, ...], ...]], ...]:
    """(concept id, term, lemma-sequence variants) per term, lemmatized once per process.

    Variants are the term's lemmas and its lower-case surface words. Lemmas come from the
    lookup table (``verbatim.nlp.lemmas.quick_lemmas``), as mentions' do in the theme step: the same
    function on both sides, and no tagger to load (lemmatizing the glossary with the French
    tagger took ~2 s per process). The language's ``NON_TERMS`` ("room for improvement",
    "rendre compte") come last with the id ``None``.
    """
    from verbatim.nlp.lemmas import quick_lemmas
    from verbatim.nlp.stop_words import STOP_WORDS

    stop = STOP_WORDS[language]
    pairs: list[tuple[str | None, str]] = [
        (cid, term) for cid, topic in topics(language).items() for term in topic.terms
    ]
    pairs += [(None, phrase) for phrase in getattr(_module(language), "NON_TERMS", ())]
    lemma_lists = [
        lemmas.split()
        for lemmas in quick_lemmas([term for _, term in pairs], [language] * len(pairs))
    ]
    out = []
    for (cid, term), lemmas in zip(pairs, lemma_lists, strict=True):
        # A one-word variant that is a stop word ("suivi" -> "suivre") would match the verb.
        variants = tuple(
            v
            for v in dict.fromkeys((tuple(lemmas), _surface(term)))
            if v and not (len(v) == 1 and v[0] in stop)
        )
        out.append((cid, term, variants))
    return tuple(out)


@dataclass(frozen=True)
class _Index:
    single: Mapping[str, str]
    # first lemma -> (lemma sequence, concept id or None for a non-term), longest first
    multi: Mapping[str, tuple[tuple[tuple[str, ...], str | None], ...]]


@lru_cache(maxsize=len(LANGUAGES))
def _index(language: str) -> _Index:
    single: dict[str, str] = {}
    multi: dict[str, dict[tuple[str, ...], str | None]] = {}
    for cid, _, variants in _term_lemmas(language):
        for seq in variants:
            if cid is None:  # a non-term beats a term of the same length
                multi.setdefault(seq[0], {})[seq] = None
            elif len(seq) == 1:
                single.setdefault(seq[0], cid)
            else:
                multi.setdefault(seq[0], {}).setdefault(seq, cid)
    ordered = {
        first: tuple(sorted(seqs.items(), key=lambda item: (-len(item[0]), item[1] is not None)))
        for first, seqs in multi.items()
    }
    return _Index(single=single, multi=ordered)


def concept_vocabulary(language: str) -> dict[str, str]:
    """Map each term's lemma string (and surface string) in ``language`` to its concept id.

    Other languages get the English vocabulary. Useful to tell whether a key phrase names a
    concept: ``concept_vocabulary("fr")["temps de attente"] == "waiting_time"``.
    """
    out: dict[str, str] = {}
    for cid, _, variants in _term_lemmas(_glossary_language(language)):
        if cid is None:
            continue
        for seq in variants:
            out.setdefault(" ".join(seq), cid)
    return out


def _longest(tokens: Sequence[str], i: int, index: _Index) -> tuple[int, str | None]:
    """(length, concept id or None) of the longest term or non-term at ``i``; (0, None) if none."""
    token = tokens[i]
    for seq, candidate in index.multi.get(token, ()):
        if tuple(tokens[i : i + len(seq)]) == seq:
            return len(seq), candidate
    cid = index.single.get(token)
    return (1, cid) if cid is not None else (0, None)


def _match(tokens: Sequence[str], index: _Index) -> tuple[str, ...]:
    found: dict[str, None] = {}
    multi, single = index.multi, index.single
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token not in multi:  # fast path: most tokens start no term
            cid = single.get(token)
            if cid is not None:
                found[cid] = None
            i += 1
            continue
        length, cid = _longest(tokens, i, index)
        # One-token lookahead: a term that starts inside this one and ends after it wins
        # ("le frais" | "frais de port" -> delivery costs, not fees).
        if length > 1 and i + 1 < n:
            next_length, _ = _longest(tokens, i + 1, index)
            if next_length and i + 1 + next_length > i + length:
                length, cid = 0, None
        if cid is not None:
            found[cid] = None
        i += max(length, 1)
    return tuple(found)


def match_concepts(lemmas: Sequence[str], languages: Sequence[str]) -> list[tuple[str, ...]]:
    """Return the concept ids named in each mention, in order of first occurrence.

    Args:
        lemmas: One space-joined lemma string per mention (``verbatim.nlp.lemmas.quick_lemmas``).
        languages: The language of each mention; other than ``"fr"``/``"en"`` -> English terms.

    Returns:
        One tuple of concept ids per mention (empty when it names no concept).
    """
    if len(lemmas) != len(languages):
        raise ValueError(
            f"match_concepts needs one language per lemma string: got {len(lemmas)} strings "
            f"and {len(languages)} languages."
        )
    indexes = {}
    cache: dict[tuple[str, str], tuple[str, ...]] = {}
    out = []
    for text, language in zip(lemmas, languages, strict=True):
        glossary = _glossary_language(language)
        key = (text, glossary)
        result = cache.get(key)
        if result is None:
            index = indexes.get(glossary)
            if index is None:
                index = indexes[glossary] = _index(glossary)
            result = cache[key] = _match(text.split(), index)
        out.append(result)
    return out


def check_topics() -> list[str]:
    """Return the problems of the glossaries (empty when consistent), for a test to assert on.

    Checks: identical concept ids in every language; non-empty name, terms, complaint and
    praise; labels of at most ``MAX_LABEL_WORDS`` words; no term made only of stop words;
    every concept of ``DOMAINS`` and ``BROADER`` in the glossary;
    no lemma string assigned to two concepts in one language unless listed in
    ``SHARED_TERMS``.
    """
    problems: list[str] = []
    keys = {language: list(topics(language)) for language in LANGUAGES}
    reference = set(keys[LANGUAGES[0]])
    for cid in sorted(set(DOMAIN_OF) - reference):
        problems.append(f"DOMAINS: concept '{cid}' is not in the glossary")
    for cid in sorted({*BROADER, *BROADER.values()} - reference):
        problems.append(f"BROADER: concept '{cid}' is not in the glossary")
    for language, ids in keys.items():
        if len(ids) != len(set(ids)):
            problems.append(f"{language}: duplicate concept ids")
        for cid in sorted(reference ^ set(ids)):
            problems.append(f"{language}: concept '{cid}' is not in every language")
    for language in LANGUAGES:
        for cid, topic in topics(language).items():
            for field in ("name", "complaint", "praise"):
                value = getattr(topic, field)
                if not value.strip():
                    problems.append(f"{language}/{cid}: empty {field}")
                elif len(value.split()) > MAX_LABEL_WORDS:
                    problems.append(
                        f"{language}/{cid}: {field} '{value}' is over {MAX_LABEL_WORDS} words"
                    )
            if not topic.terms or not all(t.strip() for t in topic.terms):
                problems.append(f"{language}/{cid}: empty terms")
            if len(topic.terms) != len(set(topic.terms)):
                problems.append(f"{language}/{cid}: repeated term")
        owner: dict[str, str] = {}
        for cid, term, variants in _term_lemmas(language):
            if cid is None:
                continue
            if not variants:
                problems.append(f"{language}/{cid}: term '{term}' is only stop words")
                continue
            lemma_string = " ".join(variants[0])
            previous = owner.setdefault(lemma_string, cid)
            if previous != cid and lemma_string not in SHARED_TERMS[language]:
                problems.append(
                    f"{language}: '{lemma_string}' (term '{term}') signals both '{previous}' and '{cid}'"
                )
    return problems
