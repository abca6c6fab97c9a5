"""Split a comment into mentions: the clauses that each carry one idea (one praise, one pain point).

"Livraison rapide mais SAV injoignable" is two mentions, and they belong to two themes.
Splitting is regex-based (it runs on every comment of a nightly run): sentence ends, line
breaks, semicolons, and contrast markers of both languages, matched case-insensitively on
word boundaries so "jamais" and "butter" stay whole. The connector is kept out of the
mentions; a fragment too short to carry an idea ("Bref.") is merged back into a neighbour.
"""

from __future__ import annotations

import re

# Contrast markers, in both languages whatever the comment's language (mixed comments exist).
# Longer markers first so "even though" wins over "though".
CONTRAST_MARKERS: dict[str, tuple[str, ...]] = {
    "fr": (
        "mais",
        "par contre",
        "sauf que",
        "cependant",
        "toutefois",
        "en revanche",
        "néanmoins",
        "neanmoins",
        "pourtant",
        "malgré",
        "malgre",
        "bien que",
        "quoique",
        "alors que",
        "tandis que",
        "même si",
        "meme si",
        "à part",
        "hormis",
        "sauf",
        "excepté",
        "en outre",
        "seul bémol",
        "seul point négatif",
        "dommage que",
        # additive markers that open a new idea ("..., et en plus le SAV ne répond pas")
        "et en plus",
        "en plus de ça",
        "de plus",
        "par ailleurs",
        "et surtout",
        "et aussi",
    ),
    "en": (
        "but",
        "however",
        "although",
        "even though",
        "though",
        "whereas",
        "yet",
        "except that",
        "except",
        "apart from",
        "on the other hand",
        "nevertheless",
        "nonetheless",
        "despite",
        "in spite of",
        "only downside",
        "the only downside",
        "and on top of that",
        "on top of that",
        "in addition",
        # the French list's counterparts, so a comment and its translation split alike
        "even if",
        "and also",
        "and above all",
        "moreover",
        "furthermore",
    ),
}


def _marker_pattern(markers: list[str]) -> str:
    """Longest markers first, grouped by first letter behind a one-letter look-ahead.

    The regex engine tries every position of every comment; the look-aheads let it skip the
    ~50 alternatives at once where no marker starts. Markers with different first letters never
    match at the same position, so the grouping keeps the longest-first order that matters.
    """
    ordered = sorted(set(markers), key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for marker in ordered:
        groups.setdefault(marker[0].lower(), []).append(re.escape(marker).replace(r"\ ", r"\s+"))
    first = re.escape("".join(sorted(groups)))
    branches = "|".join(f"(?={re.escape(c)})(?:{'|'.join(alts)})" for c, alts in groups.items())
    return f"(?=[{first}])(?:{branches})"


_MARKERS = _marker_pattern([m for ms in CONTRAST_MARKERS.values() for m in ms])
# A marker (with the comma or dash that introduces it and the comma after it) is a boundary.
# "(?<![\w'-])" / "(?![\w'-])" are word boundaries that also respect "aujourd'hui", "non-but".
_BOUNDARY_RE = re.compile(
    rf"\s*[,–—-]?\s*(?<![\w'-]){_MARKERS}(?![\w'-])\s*,?"
    r"|(?<=[.!?…])\s+"  # sentence ends (a following space keeps "3.5" and "www.x.fr" whole)
    r"|\s*[;\n•]\s*",  # semicolons, line breaks, bullets
    re.IGNORECASE,
)
_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\U0001f000-\U0001faff"
_WORD_RE = re.compile(rf"[^\W_]+|[{_EMOJI}]")
_CONTENT_RE = re.compile(rf"[^\W\d_]|[{_EMOJI}]")
_EDGE_CHARS = " \t\n,;:.…-–—•*/|"


def _carries_idea(fragment: str, min_words: int) -> bool:
    return bool(_CONTENT_RE.search(fragment)) and len(_WORD_RE.findall(fragment)) >= min_words


def split_mentions(text: str, language: str, *, min_words: int = 2) -> list[str]:
    """Split a normalised comment into its mentions, in order.

    Args:
        text: One comment, ideally already through ``normalize_text``.
        language: The comment's language; markers of every language are used, because
            comments mix languages, so this only documents the call today.
        min_words: Fragments with fewer words (an emoji counts as one) merge into a
            neighbour, with the original text between them; so do fragments without
            letters or emoji ("10/10", "...").

    Returns:
        The mentions; at least one if ``text`` has any letter or emoji, else an empty list.
    """
    del language  # markers of all languages apply; kept for a per-language rule later
    if not _CONTENT_RE.search(text):
        return []
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    # Nothing but punctuation between two boundaries (or before a leading connector): drop.
    spans = [span for span in spans if _WORD_RE.search(text, span[0], span[1])]
    # Merge fragments too short (or without letters/emoji) into the previous one, or into the
    # next when first: the merged mention is the original text between them, connector included.
    merged: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for span in spans:
        if pending is not None:
            span = (pending[0], span[1])
            pending = None
        if _carries_idea(text[span[0] : span[1]], min_words):
            merged.append(span)
        elif merged:
            merged[-1] = (merged[-1][0], span[1])
        else:
            pending = span
    if pending is not None:
        merged.append(pending)
    return [text[begin:end].strip(_EDGE_CHARS) for begin, end in merged]
