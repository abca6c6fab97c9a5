"""From responses to mentions: clean, mask, detect the language, split, lemmatize.

``prepare_mentions`` is the one call the pipeline makes; each step is its own module
(``normalize``, ``pii``, ``language``, ``mentions``, ``lemmas``) so it can be tested alone.
Identical comments (many "Très bien") are processed once, and so are identical clauses.

Cost (benchmarks/prepare_speed.py, 2 shared cores): lemmatizing with the French tagger is about
half of the time and language detection most of the rest, so a caller that only needs texts to
embed can pass ``lemmatize=False`` and lemmatize a sample of each theme's mentions later.
Without lemmas, ~5,000 responses take ~0.3 s of CPU: lingua runs on the ~25% of texts whose
function words do not settle the language (``verbatim.nlp.language``), regex splitting on the rest.
Masking person names adds 2.5-4 s once per process (word lists, spaCy and its NER) and
1.1-1.5 s per 100k responses: rules decide most names, the NER reads the ~2% of comments they
leave unsure (``verbatim.nlp.names``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from verbatim.nlp.hashing import mention_id, text_hash
from verbatim.nlp.language import detect_languages_with_confidence, validate_languages
from verbatim.nlp.lemmas import lemmatize as lemmatize_texts
from verbatim.nlp.mentions import split_mentions
from verbatim.nlp.normalize import normalize_text
from verbatim.nlp.pii import PLACEHOLDER_RE, mask_texts

MENTION_COLUMNS = [
    "mention_id",
    "response_id",
    "position",
    "text",
    "language",
    "text_hash",
    "lemmas",
]
# A clause gets its own language only when it is long enough and the detector is sure:
# measured on 2,700 real French/English review sentences cut to their first 4 words,
# confidence >= 0.6 covered 64% of them with no error.
MENTION_MIN_WORDS = 4
MENTION_MIN_CONFIDENCE = 0.6
# A comment is analysed up to this many characters, into at most this many mentions: one 1 MB
# comment (a pasted document or log, not feedback) gave 13,699 mentions that outweighed whole
# themes. Survey comments are far shorter; the stored comment keeps its whole text.
MAX_COMMENT_CHARS = 10_000
MAX_MENTIONS_PER_RESPONSE = 50
_WORD_RE = re.compile(r"[^\W\d_]+")
log = logging.getLogger(__name__)


def _require_columns(responses: pd.DataFrame, caller: str) -> None:
    missing = [c for c in ("response_id", "comment") if c not in responses.columns]
    if missing:
        raise ValueError(
            f"{caller} needs column '{missing[0]}'. Columns found: {list(responses.columns)}."
        )


def _clean_comments(comments: pd.Series) -> list[str | None]:
    """Normalised, masked text per row; None where there is no comment.

    Each distinct comment is normalised once, and all of them are masked in one batch: person
    names go through the NER together (``verbatim.nlp.names``).
    """
    raws: list[str | None] = []
    for raw in comments.tolist():
        missing = raw is None or (not isinstance(raw, str) and pd.isna(raw))
        raws.append(None if missing else _cut(str(raw)))
    distinct = list(dict.fromkeys(raw for raw in raws if raw is not None))
    masked = mask_texts([normalize_text(raw) for raw in distinct])
    clean = {raw: text or None for raw, text in zip(distinct, masked, strict=True)}
    return [None if raw is None else clean[raw] for raw in raws]


def _cut(text: str) -> str:
    """The comment's first ``MAX_COMMENT_CHARS``, cut at a space (PII masking sees whole words)."""
    if len(text) <= MAX_COMMENT_CHARS:
        return text
    head = text[:MAX_COMMENT_CHARS]
    space = max(head.rfind(" "), head.rfind("\n"))
    return head[:space] if space > 0 else head


def _given_languages(responses: pd.DataFrame, configured: tuple[str, ...]) -> list[str | None]:
    """The export's language per row where it is one of the configured codes, else None."""
    if "language" not in responses.columns:
        return [None] * len(responses)
    out: list[str | None] = []
    for value in responses["language"].tolist():
        code = value.strip().lower() if isinstance(value, str) else None
        out.append(code if code in configured else None)
    return out


def _comment_languages(
    texts: list[str | None],
    given: list[str | None],
    configured: tuple[str, ...],
) -> list[str | None]:
    """The given language, else the detected one."""
    todo = list(
        dict.fromkeys(t for t, g in zip(texts, given, strict=True) if t is not None and g is None)
    )
    detected = dict(
        zip(todo, detect_languages_with_confidence(todo, languages=configured), strict=True)
    )
    return [
        g if g is not None else (detected[t][0] if t is not None else None)
        for t, g in zip(texts, given, strict=True)
    ]


def comment_languages(
    responses: pd.DataFrame, *, languages: Sequence[str] = ("fr", "en")
) -> pd.Series:
    """Return the language of each response's comment (index = response_id), for the report.

    The export's ``language`` wins where it is a configured code; otherwise the normalised
    comment is detected. Rows without comment and without a given language get None.
    """
    _require_columns(responses, "comment_languages")
    configured = validate_languages(languages)
    texts = _clean_comments(responses["comment"])
    codes = _comment_languages(texts, _given_languages(responses, configured), configured)
    index = pd.Index(responses["response_id"].astype(str), name="response_id")
    return pd.Series(codes, index=index, name="language", dtype=object)


def _refine_mention_languages(
    rows: list[tuple[int, str, str]],
    configured: tuple[str, ...],
    n_per_comment: dict[int, int],
) -> list[str]:
    """Per-clause language for mixed comments; rows are (comment index, mention, comment language).

    Clauses go to lingua itself, not to the function-word fast path: a clause is short, and its
    own language must beat lingua's confidence threshold to override the comment's. With the
    fast path's fixed confidence many more clauses took their own language, and on the sample
    the price theme merged into the billing one (end-to-end test). A clause also met as a
    whole comment is detected again here; lingua remembers its calls per process.
    """
    eligible = [
        n_per_comment[i] > 1 and len(_WORD_RE.findall(text)) >= MENTION_MIN_WORDS
        for i, text, _ in rows
    ]
    candidates = list(
        dict.fromkeys(text for (_, text, _), ok in zip(rows, eligible, strict=True) if ok)
    )
    detected = dict(
        zip(
            candidates,
            detect_languages_with_confidence(candidates, languages=configured, fast=False),
            strict=True,
        )
    )
    out = []
    for (_, text, language), ok in zip(rows, eligible, strict=True):
        code, confidence = detected[text] if ok else (language, 0.0)
        out.append(
            code if code in configured and confidence >= MENTION_MIN_CONFIDENCE else language
        )
    return out


def prepare_mentions(
    responses: pd.DataFrame, *, languages: Sequence[str] = ("fr", "en"), lemmatize: bool = True
) -> pd.DataFrame:
    """Turn comments into one row per mention, ready to embed and to label.

    Args:
        responses: Needs ``response_id`` and ``comment`` (None/NaN = no comment); an optional
            ``language`` column is trusted where it holds a configured code.
        languages: Configured ISO 639-1 codes; anything else is ``"other"``.
        lemmatize: False leaves ``lemmas`` None: about half the time of this call goes to the
            French tagger, which only theme labels need (they can lemmatize a sample later).

    Returns:
        Columns mention_id, response_id, position (0-based within the response), text
        (normalised, PII masked), language, text_hash, lemmas (space-joined lemma tokens, or
        None without ``lemmatize``), in the order of ``responses``. Rows without comment produce
        no mention. Deterministic. A comment gives at most ``MAX_MENTIONS_PER_RESPONSE``
        mentions, from its first ``MAX_COMMENT_CHARS``; ``attrs["capped_responses"]`` counts
        the responses cut so (a warning is logged).
    """
    _require_columns(responses, "prepare_mentions")
    configured = validate_languages(languages)
    response_ids = responses["response_id"].astype(str).tolist()
    texts = _clean_comments(responses["comment"])
    with_text = [rid for rid, t in zip(response_ids, texts, strict=True) if t is not None]
    if len(set(with_text)) != len(with_text):
        dupes = sorted(r for r, n in Counter(with_text).items() if n > 1)[:5]
        raise ValueError(
            f"prepare_mentions needs unique response_id values; repeated: {dupes}. Mention ids "
            "would collide."
        )
    given = _given_languages(responses, configured)
    comment_langs = _comment_languages(texts, given, configured)

    split_cache: dict[str, list[str]] = {}
    capped = {
        i
        for i, raw in enumerate(responses["comment"].tolist())
        if isinstance(raw, str) and len(raw) > MAX_COMMENT_CHARS
    }
    rows: list[tuple[int, str, str]] = []
    n_per_comment: dict[int, int] = {}
    for i, (text, language) in enumerate(zip(texts, comment_langs, strict=True)):
        if text is None:
            continue
        mentions = split_cache.get(text)
        if mentions is None:
            mentions = split_cache[text] = split_mentions(text, language)
        if len(mentions) > MAX_MENTIONS_PER_RESPONSE:
            mentions = mentions[:MAX_MENTIONS_PER_RESPONSE]
            capped.add(i)
        n_per_comment[i] = len(mentions)
        rows.extend((i, mention, language) for mention in mentions)

    mention_langs = _refine_mention_languages(rows, configured, n_per_comment)
    lemma_column = _lemma_column(rows, mention_langs) if lemmatize else [None] * len(rows)

    hashes: dict[str, str] = {}
    records = []
    position = 0
    previous = -1
    for (i, text, _), language, lemmas in zip(rows, mention_langs, lemma_column, strict=True):
        position = position + 1 if i == previous else 0
        previous = i
        rid = response_ids[i]
        digest = hashes.get(text)
        if digest is None:
            digest = hashes[text] = text_hash(text)
        records.append(
            (mention_id(rid, position, text), rid, position, text, language, digest, lemmas)
        )
    frame = pd.DataFrame.from_records(records, columns=MENTION_COLUMNS)
    frame["position"] = frame["position"].astype("int64")
    frame.attrs["capped_responses"] = len(capped)
    if capped:
        log.warning(
            "%d comment(s) cut to their first %d mentions (or %d characters) for themes; "
            "the stored comments keep their whole text",
            len(capped),
            MAX_MENTIONS_PER_RESPONSE,
            MAX_COMMENT_CHARS,
        )
    return frame


def _lemma_column(rows: list[tuple[int, str, str]], languages: list[str]) -> list[str]:
    """Space-joined lemmas of each mention, PII placeholders left out."""
    inputs = [PLACEHOLDER_RE.sub(" ", text) if "[" in text else text for _, text, _ in rows]
    return [" ".join(tokens) for tokens in lemmatize_texts(inputs, languages)]
