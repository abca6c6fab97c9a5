"""Labels for themes: key phrases per language (class-based TF-IDF + MMR) and example verbatims.

Key phrases are uni- and bi-grams of content lemmas (stop words of both languages removed
first, so no phrase starts or ends with one) scored by BERTopic's class-based TF-IDF,
computed separately per language: French mentions of a theme against all French mentions,
English against English, so each language gets phrases in its own words. Maximal marginal relevance on the phrases' mention
co-occurrence keeps the list diverse ("livraison retard" does not push out "colis abîmé"
with "retard" and "livraison retard" both).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from verbatim.nlp.stop_words import ALL_STOP_WORDS

LABEL_LANGUAGES = ("fr", "en")
_MMR_LAMBDA = 0.7
_CANDIDATES_PER_KEYWORD = 3


# pieces of English contractions the tokenizer leaves ("doesn't" -> "doesn"): never a topic
_FRAGMENTS = frozenset(
    "doesn don didn isn wasn aren weren couldn wouldn shouldn won ve ll re".split()
)


def _phrases(lemmas: str) -> set[str]:
    """Distinct uni- and bi-grams of a lemma string's content words.

    Stop words (of every language) and words that only carry sentiment ("great", "déçu",
    ``verbatim.nlp.generic``) are dropped before pairing, as scikit-learn's CountVectorizer does for
    BERTopic: "livraison en retard" gives "livraison retard"; "super service" gives "service".
    """
    from verbatim.nlp.generic import GENERIC_WORDS

    content = [
        t
        for t in lemmas.split()
        if len(t) > 1 and t not in ALL_STOP_WORDS and t not in GENERIC_WORDS and t not in _FRAGMENTS
    ]
    out = set(content)
    out.update(f"{a} {b}" for a, b in zip(content, content[1:], strict=False) if a != b)
    return out


def _incidence(docs: Sequence[set[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Mention x phrase binary matrix and the phrase vocabulary."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, doc in enumerate(docs):
        for phrase in doc:
            cols.append(vocab.setdefault(phrase, len(vocab)))
            rows.append(i)
    m = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(docs), len(vocab))
    )
    return m, list(vocab)


def _ctfidf(counts: np.ndarray) -> np.ndarray:
    """BERTopic's c-TF-IDF: (class x term) counts -> tf(t, c) * log(1 + A / f(t))."""
    per_class = counts.sum(axis=1, keepdims=True)
    tf = counts / np.maximum(per_class, 1)
    avg_words = counts.sum() / max(len(counts), 1)
    freq = counts.sum(axis=0)
    idf = np.log1p(avg_words / np.maximum(freq, 1))
    return tf * idf


def _mmr(scores: np.ndarray, vectors: sp.csr_matrix, n: int) -> list[int]:
    """Pick ``n`` indices by maximal marginal relevance (relevance = normalised score)."""
    if len(scores) == 0:
        return []
    dense = np.asarray(vectors.todense(), dtype=np.float64)
    dense /= np.maximum(np.linalg.norm(dense, axis=0, keepdims=True), 1e-12)
    sim = dense.T @ dense
    relevance = scores / max(scores.max(), 1e-12)
    chosen = [int(np.argmax(relevance))]
    while len(chosen) < min(n, len(scores)):
        penalty = sim[:, chosen].max(axis=1)
        value = _MMR_LAMBDA * relevance - (1 - _MMR_LAMBDA) * penalty
        value[chosen] = -np.inf
        chosen.append(int(np.argmax(value)))
    return chosen


def _keywords_by_theme(
    docs: list[set[str]], labels: np.ndarray, k: int, n_keywords: int
) -> dict[int, list[str]]:
    """Key phrases of each theme among ``docs`` (one language), best first."""
    if not docs:
        return {}
    m, vocab = _incidence(docs)
    if not vocab:
        return {}
    classes = np.where(labels >= 0, labels, k)  # unassigned mentions form one more class
    onehot = sp.csr_matrix(
        (np.ones(len(classes)), (classes, np.arange(len(classes)))), shape=(k + 1, len(classes))
    )
    counts = np.asarray((onehot @ m).todense())
    scores = _ctfidf(counts)
    out: dict[int, list[str]] = {}
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if len(members) == 0:
            continue
        support = counts[c]
        floor = 2 if len(members) >= 4 else 1  # a phrase said once is an anecdote, not a theme
        eligible = np.flatnonzero((support >= floor) & (scores[c] > 0))
        if len(eligible) == 0:
            eligible = np.flatnonzero(support > 0)
        order = eligible[
            np.lexsort((np.array(vocab, dtype=object)[eligible], -scores[c, eligible]))
        ]
        cand = order[: n_keywords * _CANDIDATES_PER_KEYWORD]
        picked = _mmr(scores[c, cand], m[members][:, cand], n_keywords)
        out[c] = [vocab[cand[i]] for i in picked]
    return out


def _label(keywords: list[str]) -> str:
    """The top one or two key phrases: a bigram alone, else two phrases that share no word."""
    if not keywords:
        return ""
    first = keywords[0]
    if " " in first:
        return first
    # a phrase reads better than two words: take a bigram that carries the top word, or one
    # ranked almost as high
    for phrase in keywords[1:5]:
        if " " in phrase and first in phrase.split():
            return phrase
    for phrase in keywords[1:3]:
        if " " in phrase:
            return phrase
    for other in keywords[1:]:
        if not set(other.split()) & set(first.split()):
            return f"{first}, {other}"
    return first


def pick_examples(
    members: np.ndarray,
    sims: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str],
    response_ids: Sequence[str] | None,
    n: int,
    side: np.ndarray | None = None,
    sure: np.ndarray | None = None,
) -> list[dict]:
    """Mentions nearest the centroid, at least one per language present, no repeated text.

    ``side`` (bool per mention): mentions that take the theme's side (its complaints, for a
    complaint theme) come first, so an example never contradicts the label; a language is
    given an example of its own only from them. ``sure`` (bool per mention): among those, the
    ones whose polarity is read with confidence come first. On the bundled sample, "Frequent
    outages" was shown with "image TV nickel, jamais de coupure !" (read as a complaint at 0.63)
    and "Overpriced mobile plan" with "ma carte SIM est arrivée dès le lendemain" (0.59).
    """
    order = members[np.argsort(-sims[members], kind="stable")]
    first = order
    if side is not None:
        on = side[order]
        if sure is not None:
            order = np.concatenate([order[on & sure[order]], order[on & ~sure[order]], order[~on]])
        else:
            order = np.concatenate([order[on], order[~on]])
        first = order[side[order]] if on.any() else order
    chosen: list[int] = []
    seen: set[str] = set()
    for lang in dict.fromkeys(languages[i] for i in first):  # languages by best similarity
        for i in first:
            if languages[i] == lang and texts[i] not in seen:
                chosen.append(int(i))
                seen.add(texts[i])
                break
    for i in order:
        if len(chosen) >= n:
            break
        if texts[i] not in seen:
            chosen.append(int(i))
            seen.add(texts[i])
    chosen = sorted(chosen[:n], key=lambda i: -sims[i])
    return [
        {
            "text": texts[i],
            "language": languages[i],
            "response_id": None if response_ids is None else response_ids[i],
        }
        for i in chosen
    ]


POLARITIES = ("positive", "negative", "neutral")
# an example's polarity is read surely from this confidence: 74% of the sample's positive and
# negative mentions, and none of the misread examples it showed (0.51-0.63)
EXAMPLE_CONFIDENCE = 0.7
ONE_SIDED = 0.5  # a theme is a complaint (praise) when this share of its mentions is negative
DOMINANCE = 3.0  # ... and negative mentions outnumber positive ones this many times
CONCEPT_MIN_SHARE = 0.15  # a glossary topic names a theme said by this share of its mentions
SUBJECT_SHARE = 0.5  # an attribute's theme takes the subject said by half as many mentions
SECONDARY_MIN_SHARE = 0.1
# a second topic tells twins apart only when said this many times more often in the theme than
# in all mentions, by at least FACET_MIN of its mentions: "stay" (lift 2.5) or "staff
# friendliness" (2.3) in a hotel location theme named nothing of its own, "public transport"
# (12) did
FACET_LIFT = 3.0
FACET_MIN = 3
KIND_SHARE = 0.5  # a kind names the theme of its broader concept when it says this much of it
MEANING_RANK = 30  # a topic said in a theme names it only if among its this many closest by meaning
# ... and, said by fewer than FEW_SHARE of its mentions, only if among its FEW_RANK closest
FEW_SHARE = 0.3
FEW_RANK = 6
RETRIEVAL_MIN_SIMILARITY = 0.45  # a topic found by meaning alone must be at least this close
COHERENT_SHARE = 0.3  # a theme without a glossary topic needs a key phrase this many say
# FR and EN key phrases name one thing when their encoder vectors are this close (cosine, USE
# v3, measured on 20 pairs): translations score 0.79-1.0 ("retard de livraison" / "late
# delivery" 0.84), related but different phrases 0.59-0.60 ("cuisine indienne" / "thai food"),
# unrelated ones 0.26-0.31 ("certainement" / "return")
AGREE_SIMILARITY = 0.7
_PAIR_CANDIDATES = 4  # key phrases per language tried when pairing FR and EN phrases
_RANK_PENALTY = 0.02  # similarity given up per rank step, to prefer top phrases


def theme_polarity(praise_share: float, complaint_share: float) -> str:
    """``complaint``, ``praise`` or ``mixed`` from the shares of negative and positive mentions."""
    if complaint_share >= ONE_SIDED and complaint_share >= DOMINANCE * praise_share:
        return "complaint"
    if praise_share >= ONE_SIDED and praise_share >= DOMINANCE * complaint_share:
        return "praise"
    return "mixed"


def _wording(language: str) -> Any:
    return importlib.import_module(f"verbatim.nlp.lang.{language}.labels")


def _concept_label(concept: str, side: str, language: str) -> str:
    """The glossary's wording of ``concept`` for a theme of this side, in ``language``."""
    from verbatim.nlp.concepts import topics

    topic = topics(language)[concept]
    return {"complaint": topic.complaint, "praise": topic.praise}.get(side, topic.name)


def concept_texts() -> tuple[list[str], list[str]]:
    """Concept ids and the text embedded for each (its names in both languages).

    The registry embeds them with the run's encoder for ``label_themes(concept_vectors=)``:
    a theme whose mentions name no glossary term is matched to a topic by meaning, across
    languages (a French-only theme gets an English label from the glossary, not a copy).
    """
    from verbatim.nlp.concepts import topics

    fr, en = topics("fr"), topics("en")
    ids = sorted(en)
    return ids, [f"{en[c].name} / {fr[c].name}" for c in ids]


# French words elided before a vowel: "d'attente" is read as "d" + "attente" and written back so
_ELIDED = frozenset({"c", "d", "j", "l", "m", "n", "qu", "s", "t", "jusqu", "lorsqu", "puisqu"})


def _joined(forms: Sequence[str], lang: str) -> str:
    """Surface forms as one phrase: "minutes d'attente", not "minutes d attente"."""
    elided = _ELIDED if lang == "fr" else frozenset()
    out = ""
    for i, form in enumerate(forms):
        out += form
        if i + 1 < len(forms):
            out += "'" if form in elided else " "
    return out


@functools.lru_cache(maxsize=65_536)
def _lemma_forms(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    """``lemma_forms`` of a text, kept: each key phrase of a theme reads the same mentions."""
    from verbatim.nlp.lemmas import lemma_forms

    return tuple(lemma_forms(text, lang))


def _on_side_phrases(
    phrases: Sequence[str],
    members: np.ndarray,
    said: Sequence[set[str]],
    on_side: np.ndarray | None,
) -> list[str]:
    """A one-sided theme's key phrases said at least as often on its side as off it.

    ``said``: each mention's key phrase candidates (``_phrases``). "attente interminable" was a
    key phrase of "Helpful staff": said by the praise theme's few complaints. A mixed theme
    (``on_side`` None) keeps all its phrases.
    """
    if on_side is None:
        return list(phrases)
    kept = []
    for phrase in phrases:
        votes = [bool(on_side[i]) for i in members if phrase in said[i]]
        if 2 * sum(votes) >= len(votes):  # on its side at least as often as off it
            kept.append(phrase)
    return kept


def _shown_keywords(
    phrases: Sequence[str],
    members: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str],
    lang: str,
) -> list[str]:
    """A theme's key phrases as its customers wrote them, never as lemmas.

    The key phrases are lemma strings ("minuter attente" for "minutes d'attente", "switch"
    for "switched"): the report, the exports and ``verbatim themes`` show each one's most
    frequent wording in the theme's mentions of its language, and leave out one found only
    as a name or not at all.
    """
    own = [int(i) for i in members if languages[i] == lang]
    shown: list[str] = []
    for phrase in phrases:
        text = _surface(phrase, own, texts, lang)
        if text and text not in shown:
            shown.append(text)
    return shown


def _surface(phrase: str, members: Sequence[int], texts: Sequence[str], lang: str) -> str:
    """The words customers wrote for a lemma key phrase, "" when none is found.

    "retard livraison" -> "retard de livraison": the most frequent span from its first word to
    its last. Placeholders of masked personal data ("[NAME]") are not words customers wrote:
    a span never holds nor crosses one, so a label never shows one.
    """
    from verbatim.nlp.pii import PLACEHOLDER_RE

    wanted = phrase.split()
    if not wanted:
        return ""
    joiners = getattr(_wording(lang), "JOINERS", frozenset()) if lang in LABEL_LANGUAGES else ()
    spans: Counter[str] = Counter()
    pieces = (p for i in members for p in PLACEHOLDER_RE.split(texts[i]))
    for piece in pieces:
        forms = _lemma_forms(piece, lang)
        lemmas = [lemma for _, lemma in forms]
        for start, (form, lemma) in enumerate(forms):
            if wanted[0] not in (lemma, form):
                continue
            if len(wanted) == 1:
                spans[form] += 1
                continue
            for stop in range(start + 1, min(start + 4, len(forms))):
                if wanted[1] in (lemmas[stop], forms[stop][0]):
                    inner = [f for f, _ in forms[start + 1 : stop]]
                    if all(f in joiners for f in inner):  # a noun phrase, not a clause
                        spans[_joined([f for f, _ in forms[start : stop + 1]], lang)] += 1
                    break
    if not spans:
        return ""
    span = max(spans.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    return "" if _proper_noun(span, members, texts) else span


PROPER_SHARE = 0.8  # a span written capitalised this often inside sentences is a name


def _proper_noun(span: str, members: Sequence[int], texts: Sequence[str]) -> bool:
    """Whether customers write ``span`` as a name ("New York", "Café de Flore", a brand).

    A label names what a theme is about, never a place or a product name said by some of its
    customers: a French restaurant set was labelled "Satisfaction : new york". Counted where
    the span does not open a sentence, so that "Delivery was late." is not a name.
    """
    pattern = re.compile(
        r"(?<![\w])" + r"\W+".join(map(re.escape, span.split())) + r"(?![\w])", re.I
    )
    inside = capital = 0
    for i in members:
        text = texts[i]
        for found in pattern.finditer(text):
            before = text[: found.start()].rstrip()
            if not before or before[-1] in '.!?:;"«(':
                continue
            inside += 1
            capital += found.group(0)[:1].isupper()
    return inside >= 2 and capital >= PROPER_SHARE * inside


def _keyword_topic(keywords: list[str], members: Sequence[int], texts, languages, lang) -> str:
    """A topic phrase in ``lang`` from the theme's key phrases, in customers' own words."""
    found = _topic_candidates(keywords, members, texts, languages, lang, first_only=True)
    return found[0] if found else ""


def _topic_candidates(
    keywords: list[str],
    members: Sequence[int],
    texts: Sequence[str],
    languages: Sequence[str],
    lang: str,
    *,
    first_only: bool = False,
) -> list[str]:
    """Topic phrases in ``lang`` from the theme's key phrases, best first, in customers' words."""
    own = [i for i in members if languages[i] == lang]
    out: list[str] = []
    if not own:
        return out
    phrase = _label(keywords)
    for candidate in [p.strip() for p in phrase.split(",")] + keywords[:_PAIR_CANDIDATES]:
        if not _words_of_the_language(candidate, lang):
            continue
        text = _surface(candidate, own, texts, lang)
        if text and text not in out:
            out.append(text)
            if first_only:
                break
    return out


def _words_of_the_language(phrase: str, lang: str) -> bool:
    """Whether every word of a lemma key phrase is a word of ``lang`` or of the glossary.

    A label never shows a brand, a product name or a typo: laptop reviews were labelled
    "Praise: chromebook", "Complaints: acer chromebook" and "Praise: macbook". Words are
    checked against the language's dictionary (``verbatim.nlp.lemmas.dictionary``) and the
    glossary's own terms, which hold the trade's jargon ("usb", "touchpad", "box").
    """
    from verbatim.nlp.lemmas import dictionary

    known = dictionary(lang)
    if not known:
        return True
    return all(w in known or w in _glossary_words() for w in phrase.split())


@functools.cache
def _glossary_words() -> frozenset[str]:
    from verbatim.nlp.concepts import topics

    return frozenset(
        word
        for language in LABEL_LANGUAGES
        for topic in topics(language).values()
        for term in topic.terms
        for word in term.lower().split()
    )


def _agreeing_topics(
    candidates: dict[str, list[str]], embed: Callable[[list[str]], np.ndarray]
) -> dict[str, str] | None:
    """The best-ranked French and English phrases that say the same thing, or None.

    Each language's key phrases are found in its own mentions, so the top French phrase and the
    top English one of a theme can name different things ("Séjour agréable · certainement" /
    "Pleasant stay · return"). The pair is chosen together: the closest in the multilingual
    encoder's space, a little in favour of higher-ranked phrases, and only if its similarity
    reaches ``AGREE_SIMILARITY``.
    """
    fr, en = candidates.get("fr") or [], candidates.get("en") or []
    if not fr or not en:
        return None
    vectors = np.asarray(embed([*fr, *en]), dtype=np.float64)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    sim = vectors[: len(fr)] @ vectors[len(fr) :].T
    rank = np.add.outer(np.arange(len(fr)), np.arange(len(en)))
    score = np.where(sim >= AGREE_SIMILARITY, sim - _RANK_PENALTY * rank, -np.inf)
    if not np.isfinite(score).any():
        return None
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    return {"fr": fr[i], "en": en[j]}


def _means(concept: str, closeness: dict[str, float] | None, share: float = 1.0) -> bool:
    """Whether the theme's meaning is near ``concept``: among its ``MEANING_RANK`` closest topics.

    A glossary word can be said in a theme about something else: "computer" in "computer
    science", "children" and "food" in a nutrition course's mentions. Measured on the M-ABSA
    sets (EN+FR), the centroid of a theme whose topic was right ranked that topic 0-23rd of the
    glossary's topics by cosine; the three homonyms on coursera ranked it 53rd, 75th and 130th
    ("Excellent computer", "Delicious food", "Not child-friendly"), a hotel theme named
    "Ideal location · public transport" 44th. Checked on the five sets: homogeneity equal or
    higher (hotel 0.472 -> 0.479), hotel's unassigned share 17.5% -> 12.8%.

    A topic said by fewer than ``FEW_SHARE`` of the theme's mentions must rank among its
    ``FEW_RANK`` closest: a course's theme of remarks on what it covers, 18% of them about
    "secure connections" or "the technical aspects of security", had been "Feels safe and
    secure" (security ranked 12th), one of database design "Disappointing design" (7th), one of
    tools and examples "Useful features" (10th, said by 16%). On the five sets (seed 0) every
    topic said by under 30% of its theme and ranked 6th or lower was one of these three, and the
    right topics said that rarely ranked 0-5th ("Too noisy": 25%, 5th).
    """
    if not closeness or concept not in closeness:
        return True
    mine = closeness[concept]
    limit = MEANING_RANK if share >= FEW_SHARE else FEW_RANK
    return sum(v > mine for v in closeness.values()) < limit


def _subject_of(
    concept: str | None,
    concepts: list[tuple[str, float, float]],
    closeness: dict[str, float] | None,
) -> str | None:
    """The subject a theme's attribute is said of: "fast delivery" names delivery, not speed.

    A theme whose most typical topic is an attribute (``verbatim.nlp.concepts.ATTRIBUTES``:
    speed, reliability...) is named after the subject most of those mentions give it, when one
    is said by at least ``SUBJECT_SHARE`` of the attribute's share: on the sample, 19 of 25
    mentions said fast and 13 delivery, and the theme read "Fast service".
    """
    from verbatim.nlp.concepts import ATTRIBUTES

    if concept not in ATTRIBUTES:
        return concept
    said = next(share for cc, share, _ in concepts if cc == concept)
    return next(
        (
            cc
            for cc, share, _ in concepts
            if cc not in ATTRIBUTES
            and share >= max(CONCEPT_MIN_SHARE, SUBJECT_SHARE * said)
            and _means(cc, closeness, share)
        ),
        concept,
    )


def _kind_of(concept: str | None, concepts: list[tuple[str, float, float]]) -> str | None:
    """The kind of ``concept`` most of the theme's mentions of it name, else ``concept``.

    Mentions count toward their concepts' broader ones (``verbatim.nlp.concepts.BROADER``), so
    a theme of complaints about chicken, rice and calamari is named after dishes; one where a
    kind is at least ``KIND_SHARE`` of the broader concept's mentions keeps the kind's name
    (a theme 52% about wine, whose mentions of drinks are 69% wine, stays "Excellent wine list").
    """
    from verbatim.nlp.concepts import BROADER

    said = {cc: share for cc, share, _ in concepts}
    if concept not in said:
        return concept
    kinds = [cc for cc in said if BROADER.get(cc) == concept]
    best = max(kinds, key=lambda cc: (said[cc], cc), default=None)
    return best if best is not None and said[best] >= KIND_SHARE * said[concept] else concept


def _pick_concept(
    found: list[tuple[str, ...]], members: np.ndarray, base: Counter, n_all: int
) -> list[tuple[str, float, float]]:
    """Glossary topics of a theme, most typical first: (id, share, lift).

    Share: of its mentions naming the topic; lift: that share over the share in all mentions.
    Typical = share in the theme times its lift over all mentions (a topic every theme
    mentions, like the product itself, names none of them).
    """
    counts: Counter[str] = Counter()
    for i in members:
        counts.update(set(found[i]))
    n = max(len(members), 1)
    ranked = []
    for concept, c in counts.items():
        share = c / n
        lift = share / max(base[concept] / max(n_all, 1), 1e-9)
        if c >= 2 and share >= SECONDARY_MIN_SHARE and lift > 1.0:
            ranked.append((concept, share, share * np.log(lift)))
    ranked.sort(key=lambda r: (-r[2], r[0]))
    return [(c, share, float(np.exp(score / share))) for c, share, score in ranked]


def label_themes(
    texts: Sequence[str],
    lemmas: Sequence[str],
    languages: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    centroids: np.ndarray,
    *,
    polarity: Sequence[str] | None = None,
    confidence: Sequence[float] | None = None,
    shares: np.ndarray | None = None,
    concept_vectors: tuple[list[str], np.ndarray] | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    n_keywords: int = 8,
    n_examples: int = 5,
    response_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Name each theme in French and English from one concept, true to its polarity.

    A theme's topic is the glossary topic (``nlp/lang/*/topics.py``) its mentions name most
    typically, found by the lemmas of both languages at once, so the French and the English
    label are the glossary's two wordings of one concept: its complaint wording for a
    complaint theme ("Service client injoignable" / "Customer service unreachable"), its
    praise wording for a praise theme, its name for a mixed one. A theme naming no glossary
    term is matched by meaning (``concept_vectors``, the multilingual encoder's vectors of the
    topics' names) when its centroid is close enough to one. A concept bound to a line of
    business ("size" and "fit" for clothing) names a theme only when the run talks about that
    business (``verbatim.nlp.concepts.domain_present``). Otherwise its key phrase, in the
    words customers wrote (never a lemma), with its side ("Réclamations : …"); a language
    without mentions says that it has no label instead of copying the other one. Labels that
    would repeat are told apart by their second topic or key phrase.

    Args:
        texts: Mention texts.
        lemmas: Space-joined lemmas of each mention (stop words included).
        languages: Language code of each mention (``"fr"``, ``"en"``, or another code).
        labels: Theme index of each mention, -1 for unassigned.
        embeddings: (n, d) mention embeddings.
        centroids: (k, d) theme centroids, in the space of ``embeddings``.
        polarity: ``positive`` / ``negative`` / ``neutral`` of each mention.
        confidence: The confidence of each mention's polarity: examples read with at least
            ``EXAMPLE_CONFIDENCE`` come first.
        shares: (k, 2) praise and complaint share of each theme over all its mentions (the
            mentions given here may be a sample); computed from ``polarity`` when None.
        concept_vectors: glossary concept ids and their unit vectors (see ``concept_texts``).
        embed: The run's multilingual encoder for short phrases (texts -> vectors): French and
            English key phrases are then chosen to agree in meaning; None picks each
            language's top phrase on its own.
        n_keywords: Key phrases kept per theme and language.
        n_examples: Example verbatims per theme.
        response_ids: Response id of each mention, copied into the examples.

    Returns:
        One row per theme 0..k-1: theme, label_fr, label_en, keywords_fr, keywords_en, size,
        examples (list of ``{"text", "language", "response_id"}``), polarity (complaint |
        praise | mixed), praise_share, complaint_share, concept (glossary id or None),
        named (False for a drawer of unrelated remarks: no glossary topic, no shared key
        phrase; the registry does not keep it as a theme).
    """
    from verbatim.nlp.concepts import domain_present, match_concepts, with_broader

    n = len(texts)
    for name, seq in (("lemmas", lemmas), ("languages", languages), ("labels", labels)):
        if len(seq) != n:
            raise ValueError(f"label_themes needs one {name} value per text: {len(seq)} != {n}.")
    for name, seq in (
        ("response id", response_ids),
        ("polarity", polarity),
        ("polarity confidence", confidence),
    ):
        if seq is not None and len(seq) != n:
            raise ValueError(f"label_themes needs one {name} per text: {len(seq)} != {n}.")
    if n_keywords < 1 or n_examples < 1:
        raise ValueError("n_keywords and n_examples must be at least 1.")
    labels = np.asarray(labels, dtype=np.int64)
    centroids = np.asarray(centroids, dtype=np.float64)
    k = len(centroids)
    if (labels >= k).any():
        raise ValueError(f"labels refer to theme {labels.max()} but only {k} centroids were given.")
    texts = [str(t) for t in texts]
    languages = [str(x) for x in languages]
    lemmas = [str(v or "") for v in lemmas]
    pol = np.asarray(polarity if polarity is not None else ["neutral"] * n, dtype=object)
    sure = None if confidence is None else np.asarray(confidence, float) >= EXAMPLE_CONFIDENCE
    x = np.asarray(embeddings, dtype=np.float64)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    unit = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    sims = (x * unit[np.clip(labels, 0, None)]).sum(axis=1) if k else np.zeros(n)

    said = [_phrases(v) for v in lemmas]  # each mention's key phrase candidates
    keywords: dict[str, dict[int, list[str]]] = {}
    for lang in LABEL_LANGUAGES:
        rows = [i for i in range(n) if languages[i] == lang]
        keywords[lang] = _keywords_by_theme([said[i] for i in rows], labels[rows], k, n_keywords)
    found = [with_broader(f) for f in match_concepts(lemmas, languages)]
    allowed = domain_present(found)  # "size" names no theme of a restaurant's feedback
    base: Counter[str] = Counter()
    for i in np.flatnonzero(labels >= 0):
        base.update(set(found[i]))
    n_all = int((labels >= 0).sum())

    records = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if shares is not None:
            praise, complaint = float(shares[c][0]), float(shares[c][1])
        else:
            m = max(len(members), 1)
            praise = float((pol[members] == "positive").sum() / m)
            complaint = float((pol[members] == "negative").sum() / m)
        side = theme_polarity(praise, complaint)
        kw = {lang: keywords[lang].get(c, []) for lang in LABEL_LANGUAGES}
        concepts = [r for r in _pick_concept(found, members, base, n_all) if allowed(r[0])]
        closeness = None
        if concept_vectors is not None and len(concept_vectors[0]):
            closeness = dict(zip(concept_vectors[0], concept_vectors[1] @ unit[c], strict=True))
        concept = next(
            (
                cc
                for cc, share, _ in concepts
                if share >= CONCEPT_MIN_SHARE and _means(cc, closeness, share)
            ),
            None,
        )
        concept = _kind_of(_subject_of(concept, concepts, closeness), concepts)
        if concept is None and closeness:
            best = max(filter(allowed, closeness), key=closeness.get, default=None)
            if best is not None and closeness[best] >= RETRIEVAL_MIN_SIMILARITY:
                concept = best
        present = Counter(languages[i] for i in members)
        named = concept is not None
        if named:
            label = {lang: _concept_label(concept, side, lang) for lang in LABEL_LANGUAGES}
        else:
            label = _keyword_labels(kw, members, texts, languages, side, present, c, embed)
            named = _coherent(kw, members, lemmas, languages)
        want = side if side != "mixed" else None
        on_side = (
            None if want is None else pol == ("negative" if want == "complaint" else "positive")
        )
        records.append(
            {
                "theme": c,
                "label_fr": label["fr"],
                "label_en": label["en"],
                **{
                    f"keywords_{lang}": _shown_keywords(
                        _on_side_phrases(kw[lang], members, said, on_side),
                        members,
                        texts,
                        languages,
                        lang,
                    )
                    for lang in LABEL_LANGUAGES
                },
                "size": len(members),
                "examples": pick_examples(
                    members, sims, texts, languages, response_ids, n_examples, on_side, sure
                ),
                "polarity": side,
                "praise_share": praise,
                "complaint_share": complaint,
                "concept": concept,
                "named": named,
                # no label but a number: the caller gives it the theme's own id (numbered_labels)
                "numbered": label["en"] == _wording("en").FALLBACK.format(number=c + 1),
                # second topics that set it apart: said far more here than elsewhere
                "_others": [
                    cc
                    for cc, share, lift in concepts
                    if cc != concept
                    and lift >= FACET_LIFT
                    and share * len(members) >= FACET_MIN
                    and _means(cc, closeness)
                ],
                "_keywords": kw,
                "_members": members,
            }
        )
    _tell_apart(records, texts, languages, embed)
    columns = [
        "theme",
        "label_fr",
        "label_en",
        "keywords_fr",
        "keywords_en",
        "size",
        "examples",
        "polarity",
        "praise_share",
        "complaint_share",
        "concept",
        "named",
        "numbered",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def numbered_labels(theme_id: int) -> dict[str, str]:
    """label_fr / label_en of a theme nothing names, by the id the store gives it.

    ``label_themes`` numbers such a theme by its row in the labelling pass, before any id is
    known: laptop reviews showed "Theme 19" on the row of theme 15 in ``top-themes``.
    """
    return {
        f"label_{lang}": _wording(lang).FALLBACK.format(number=theme_id) for lang in LABEL_LANGUAGES
    }


def _coherent(
    kw: dict[str, list[str]], members: np.ndarray, lemmas: Sequence[str], languages: Sequence[str]
) -> bool:
    """Whether a theme no glossary topic names still has a subject of its own.

    It does when, in each language it holds, its top key phrase is said by at least
    ``COHERENT_SHARE`` of its mentions; otherwise it is a drawer of unrelated remarks.
    """
    said = []
    for lang in LABEL_LANGUAGES:
        own = [i for i in members if languages[i] == lang]
        if len(own) < 3 or not kw[lang]:
            continue
        words = set(kw[lang][0].split())
        said.append(sum(words <= set(lemmas[i].split()) for i in own) / len(own))
    return bool(said) and min(said) >= COHERENT_SHARE


def _keyword_labels(
    kw: dict[str, list[str]],
    members: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str],
    side: str,
    present: Counter,
    c: int,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> dict[str, str]:
    """Labels from the theme's own key phrases, where no glossary topic names it.

    With ``embed``, a theme said in both languages takes a French and an English phrase that
    agree (``_agreeing_topics``); when none do, the language most of its mentions use gives the
    label and the other says it has none, rather than naming something else.
    """
    topic = _paired_topics(kw, members, texts, languages, present, embed)
    label = {}
    for lang, other in (("fr", "en"), ("en", "fr")):
        words = _wording(lang)
        if topic[lang]:
            text = topic[lang]
            text = {"complaint": words.COMPLAINT, "praise": words.PRAISE}.get(
                side, "{topic}"
            ).format(topic=text)
            label[lang] = text[0].upper() + text[1:]
        elif topic[other] and (english := _in_english(topic[other], lang, embed)):
            text = {"complaint": words.COMPLAINT, "praise": words.PRAISE}.get(
                side, "{topic}"
            ).format(topic=english)
            label[lang] = words.TRANSLATED.format(label=text[0].upper() + text[1:])
        elif topic[other]:
            label[lang] = words.UNTRANSLATED.format(topic=topic[other])
        else:
            label[lang] = words.FALLBACK.format(number=c + 1)
    return label


def _in_english(
    phrase: str, lang: str, embed: Callable[[list[str]], np.ndarray] | None
) -> str | None:
    """A French key phrase in English words for an English label (``verbatim.nlp.translate``).

    None for a French label (no French vocabulary ships with frequencies to retrieve from: an
    English-only theme keeps saying it has no French wording), without ``embed``, or when a
    word has no close English match.
    """
    if lang != "en" or embed is None:
        return None
    from verbatim.nlp.translate import english_vocabulary, french_to_english

    vocabulary = english_vocabulary()[0]
    return french_to_english(phrase, embed, _vocabulary_vectors(embed, vocabulary))


_VOCABULARY_VECTORS: list = []  # [embed, its vectors of the vocabulary]: the last one asked


def _vocabulary_vectors(embed: Callable[[list[str]], np.ndarray], words: tuple[str, ...]):
    """``embed(words)``, once per ``embed`` callable (a labelling pass may need it for many).

    The callable is held with its vectors, so another run's encoder is never given them.
    """
    if not _VOCABULARY_VECTORS or _VOCABULARY_VECTORS[0] is not embed:
        _VOCABULARY_VECTORS[:] = [embed, np.asarray(embed(list(words)), dtype=np.float32)]
    return _VOCABULARY_VECTORS[1]


def _paired_topics(
    kw: dict[str, list[str]],
    members: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str],
    present: Counter,
    embed: Callable[[list[str]], np.ndarray] | None,
) -> dict[str, str]:
    """A topic phrase per label language ("" for none), agreeing across languages with ``embed``."""
    if embed is None:
        return {
            lang: _keyword_topic(kw[lang], members, texts, languages, lang) if present[lang] else ""
            for lang in LABEL_LANGUAGES
        }
    candidates = {
        lang: _topic_candidates(kw[lang], members, texts, languages, lang)
        for lang in LABEL_LANGUAGES
    }
    pair = _agreeing_topics(candidates, embed)
    if pair is not None:
        return pair
    # no agreeing pair: the language most mentions use speaks, the other has no label
    said = [lang for lang in LABEL_LANGUAGES if candidates[lang]]
    major = max(said, key=lambda lang: present[lang], default=None)
    return {lang: candidates[lang][0] if lang == major else "" for lang in LABEL_LANGUAGES}


def _tell_apart(
    records: list[dict],
    texts: Sequence[str],
    languages: Sequence[str],
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> None:
    """Give themes that would share a label their second glossary topic, else their key phrase.

    A theme named by a glossary topic is told apart from its twin only by a second topic: a key
    phrase there named the graph's cut, not a subject ("Pleasant stay · journey", "Ideal
    location · stay"). A theme named by its key phrases gets a second phrase only when both
    languages have one that says the same thing (with ``embed``: ``_agreeing_topics``; without,
    when both languages have one at all). Themes left with one label name one subject to the
    reader: the registry keeps them as one theme (``merge_same_labels``).
    """
    by_label: dict[tuple[str, str], list[dict]] = {}
    for rec in records:
        by_label.setdefault((rec["label_fr"], rec["label_en"]), []).append(rec)
    for group in by_label.values():
        if len(group) < 2:
            continue
        taken: set[str] = set()
        for rec in group:
            extra = next((o for o in rec["_others"] if o not in taken), None)
            if extra is not None:
                taken.add(extra)
                for lang in LABEL_LANGUAGES:
                    words = _wording(lang)
                    name = _concept_label(extra, "mixed", lang)
                    rec[f"label_{lang}"] += words.SEPARATOR + name[0].lower() + name[1:]
                continue
            if rec["concept"] is not None:  # a glossary topic's twin: no second topic, one theme
                continue
            present = Counter(languages[i] for i in rec["_members"])
            topic = _paired_topics(
                rec["_keywords"], rec["_members"], texts, languages, present, embed
            )
            if all(topic.values()):  # both languages, or the two labels would say different things
                for lang in LABEL_LANGUAGES:
                    if topic[lang].lower() not in rec[f"label_{lang}"].lower():
                        rec[f"label_{lang}"] += _wording(lang).SEPARATOR + topic[lang]


def general_labels(side: str) -> dict[str, str]:
    """label_fr / label_en of the general praise or general complaint theme."""
    name = "GENERAL_PRAISE" if side == "praise" else "GENERAL_COMPLAINT"
    return {f"label_{lang}": getattr(_wording(lang), name) for lang in LABEL_LANGUAGES}


def parent_labels(concept: str) -> dict[str, str]:
    """label_fr / label_en of the roll-up of every theme about one glossary topic."""
    return {f"label_{lang}": _concept_label(concept, "mixed", lang) for lang in LABEL_LANGUAGES}
