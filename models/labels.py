"""Labels for themes: key phrases per language (class-based TF-IDF + MMR) and example verbatims.

Key phrases are uni- and bi-grams of content lemmas (stop words of both languages removed
first, so no phrase starts or ends with one) scored by BERTopic's class-based TF-IDF,
computed separately per language: French mentions of a theme against all French mentions,
English against English, so each language gets phrases in its own words. Maximal marginal relevance on the phrases' mention
co-occurrence keeps the list diverse ("livraison retard" does not push out "colis abîmé"
with "retard" and "livraison retard" both).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nlp.stop_words import ALL_STOP_WORDS

LABEL_LANGUAGES = ("fr", "en")
_MMR_LAMBDA = 0.7
_CANDIDATES_PER_KEYWORD = 3


def _phrases(lemmas: str) -> set[str]:
    """Distinct uni- and bi-grams of a lemma string's content words.

    Stop words (of every language) are dropped before pairing, as scikit-learn's
    CountVectorizer does for BERTopic: "livraison en retard" gives "livraison retard".
    """
    content = [t for t in lemmas.split() if len(t) > 1 and t not in ALL_STOP_WORDS]
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


_LABEL_TRIM = " .,;:!?…-–—'\"()*"
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")
_OPENER = re.compile(
    r"^(?:hi|hello|well|so|also|and|alors|bonjour|bref|et|donc|bon|sinon|en plus)\b[,!.]?\s+",
    re.IGNORECASE,
)


def _phrase_label(
    members: np.ndarray,
    sims: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str],
    lemmas: Sequence[str],
    lang: str,
    keywords: list[str],
    *,
    nearest: int = 25,
) -> str:
    """A short verbatim near the centroid that says the theme's top key phrase, as its label.

    People name a theme the way customers say it ("livraison en retard"), which a pair of key
    words ("livraison, retard") only approximates. Among the ``nearest`` mentions of the
    language, the most central short one (no digits, no masked PII) whose lemmas hold every word
    of the key-phrase label wins; "" when none qualifies.
    """
    if not keywords:
        return ""
    wanted = set(_label(keywords).replace(",", " ").split())  # the key-phrase label's words
    top = set(keywords[0].split())
    own = [i for i in members if languages[i] == lang]
    own.sort(key=lambda i: -sims[i])
    candidates = []
    for i in own[:nearest]:
        plain = "".join(ch for ch in texts[i] if unicodedata.category(ch) != "So")  # no emoji
        text = _OPENER.sub("", plain.strip(_LABEL_TRIM)).strip(_LABEL_TRIM)
        if len(text) > 48 or _PLACEHOLDER.search(text) or "\n" in text:
            continue
        if any(ch.isdigit() for ch in text):
            continue
        candidates.append((text, len(text.split()), set(str(lemmas[i] or "").split())))
    # first a verbatim holding the whole key-phrase label, then a short one holding the top phrase
    for needed, longest in ((wanted, len(wanted) + 3), (top, 5)):
        for text, n_words, said in candidates:
            if 2 <= n_words <= longest and needed <= said:
                return text[0].upper() + text[1:]
    return ""


def _examples(
    members: np.ndarray,
    sims: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str],
    response_ids: Sequence[str] | None,
    n: int,
) -> list[dict]:
    """Mentions nearest the centroid, at least one per language present, no repeated text."""
    order = members[np.argsort(-sims[members], kind="stable")]
    chosen: list[int] = []
    seen: set[str] = set()
    for lang in dict.fromkeys(languages[i] for i in order):  # languages by best similarity
        for i in order:
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


def label_themes(
    texts: Sequence[str],
    lemmas: Sequence[str],
    languages: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    centroids: np.ndarray,
    *,
    n_keywords: int = 8,
    n_examples: int = 5,
    response_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Name each theme in French and English and pick representative verbatims.

    Args:
        texts: Mention texts.
        lemmas: Space-joined lemmas of each mention (stop words included).
        languages: Language code of each mention (``"fr"``, ``"en"``, or another code).
        labels: Theme index of each mention, -1 for unassigned.
        embeddings: (n, d) mention embeddings.
        centroids: (k, d) theme centroids, in the space of ``embeddings``.
        n_keywords: Key phrases kept per theme and language.
        n_examples: Example verbatims per theme.
        response_ids: Response id of each mention, copied into the examples.

    Returns:
        One row per theme 0..k-1: theme, label_fr, label_en, keywords_fr, keywords_en, size,
        examples (list of ``{"text", "language", "response_id"}``).
    """
    n = len(texts)
    for name, seq in (("lemmas", lemmas), ("languages", languages), ("labels", labels)):
        if len(seq) != n:
            raise ValueError(f"label_themes needs one {name} value per text: {len(seq)} != {n}.")
    if response_ids is not None and len(response_ids) != n:
        raise ValueError(
            f"label_themes needs one response id per text: {len(response_ids)} != {n}."
        )
    if n_keywords < 1 or n_examples < 1:
        raise ValueError("n_keywords and n_examples must be at least 1.")
    labels = np.asarray(labels, dtype=np.int64)
    centroids = np.asarray(centroids, dtype=np.float64)
    k = len(centroids)
    if (labels >= k).any():
        raise ValueError(f"labels refer to theme {labels.max()} but only {k} centroids were given.")
    texts = [str(t) for t in texts]
    languages = [str(x) for x in languages]
    x = np.asarray(embeddings, dtype=np.float64)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    unit = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    sims = (x * unit[np.clip(labels, 0, None)]).sum(axis=1) if k else np.zeros(n)

    keywords: dict[str, dict[int, list[str]]] = {}
    for lang in LABEL_LANGUAGES:
        rows = [i for i in range(n) if languages[i] == lang]
        docs = [_phrases(str(lemmas[i] or "")) for i in rows]
        keywords[lang] = _keywords_by_theme(docs, labels[rows], k, n_keywords)

    records = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        present = Counter(languages[i] for i in members)
        kw = {lang: keywords[lang].get(c, []) for lang in LABEL_LANGUAGES}
        label = {
            lang: _phrase_label(members, sims, texts, languages, lemmas, lang, kw[lang])
            or _label(kw[lang])
            for lang in LABEL_LANGUAGES
        }
        for lang, other in (("fr", "en"), ("en", "fr")):
            if not present.get(lang) and label[other]:  # no mention in this language
                label[lang] = label[other]
        fallback = {"fr": f"thème {c}", "en": f"theme {c}"}
        records.append(
            {
                "theme": c,
                "label_fr": label["fr"] or label["en"] or fallback["fr"],
                "label_en": label["en"] or label["fr"] or fallback["en"],
                "keywords_fr": kw["fr"],
                "keywords_en": kw["en"],
                "size": len(members),
                "examples": _examples(members, sims, texts, languages, response_ids, n_examples),
            }
        )
    columns = ["theme", "label_fr", "label_en", "keywords_fr", "keywords_en", "size", "examples"]
    return pd.DataFrame.from_records(records, columns=columns)
