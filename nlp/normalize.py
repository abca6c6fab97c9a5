"""Clean one comment before anything else reads it: same meaning, one spelling of it.

The result is what the embedding cache is keyed on (``verbatim.nlp.hashing.text_hash``), so two
comments that differ only by invisible characters or spacing must normalise to the same text.
Emoji and letter case are kept: both carry signal ("NUL 😡").
"""

from __future__ import annotations

import html
import re
import unicodedata

# Zero-width and direction marks, BOM, soft hyphen, word joiner: invisible, never meaning.
# ZERO WIDTH JOINER (U+200D) is kept: it glues multi-part emoji ("👨‍👩‍👧").
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# C0/C1 control characters except tab and line breaks (handled as whitespace below).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML_BREAK_RE = re.compile(r"<\s*(?:br|/p|p)\s*/?\s*>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u00b4": "'"})
_LINE_BREAK_RE = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Every Unicode space separator (no-break, narrow no-break, em space...) and tabs.
_SPACES_RE = re.compile(r"[^\S\n]+")
_SPACED_NEWLINES_RE = re.compile(r" *\n[\n ]*")
_DOTS_RE = re.compile(r"\.{4,}")
_BANG_RE = re.compile(r"!{2,}")
_QUESTION_RE = re.compile(r"\?{2,}")
_MIXED_RE = re.compile(r"[!?]*(?:\?!|!\?)[!?]*")
_REPEATED_MARK_RE = re.compile(r"([,;:*~=_#])\1+")


def strip_accents(text: str) -> str:
    """``text`` without its accents: "déçu" -> "decu", "Réclamé" -> "Reclame" (case kept).

    Compatibility decomposition (NFKD), then the combining marks dropped; one place for every
    comparison that must not care how a word was typed (header names, phrases, word lists).
    """
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c))


def normalize_text(text: str) -> str:
    r"""Return ``text`` in NFC with invisible characters removed, spaces collapsed, punctuation squeezed.

    Line breaks survive as single ``"\n"`` (they separate ideas for ``split_mentions``);
    ``"!!!"`` becomes ``"!"``, ``"???"`` ``"?"``, ``"?!?!"`` ``"?!"``, four or more dots ``"..."``.
    HTML line breaks and entities left by web forms are decoded; curly apostrophes become ``'``.
    """
    if "<" in text:
        text = _HTML_BREAK_RE.sub("\n", text)
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    # Each step runs only where it can change something: most comments are printable ASCII
    # with single spaces. Invisible, control and space characters other than " " are all
    # non-printable, and line-break, apostrophe and NFC changes need a non-ASCII character.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = _LINE_BREAK_RE.sub("\n", text)
        text = text.translate(_APOSTROPHES)
    elif "\r" in text:
        text = _LINE_BREAK_RE.sub("\n", text)
    if not text.isprintable():
        text = _INVISIBLE_RE.sub("", text)
        text = _CONTROL_RE.sub("", text)
        text = _SPACES_RE.sub(" ", text)
    elif "  " in text:
        text = _SPACES_RE.sub(" ", text)
    if "\n" in text:
        text = _SPACED_NEWLINES_RE.sub("\n", text)
    if "...." in text:
        text = _DOTS_RE.sub("...", text)
    if "?!" in text or "!?" in text:
        text = _MIXED_RE.sub("?!", text)
    if "!!" in text:
        text = _BANG_RE.sub("!", text)
    if "??" in text:
        text = _QUESTION_RE.sub("?", text)
    text = _REPEATED_MARK_RE.sub(r"\1", text)
    return _unshout(text.strip())


def _unshout(text: str) -> str:
    """Bring an all-caps comment to sentence case: shouting is not a topic.

    Sentence encoders are case-sensitive, so "LIVRAISON EN RETARD" would otherwise sit nearer
    to other shouted comments than to "livraison en retard". Short acronyms ("SAV", "4G") and
    mixed-case text are left alone.
    """
    # 8+ letters, 80% of them upper case, is at least 7 upper-case characters: most comments
    # leave here after one pass in C
    if sum(map(str.isupper, text)) < 7:
        return text
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if len(letters) < 8 or upper < 0.8 * len(letters):
        return text
    lowered = text.lower()
    return re.sub(r"(^|[.!?\n]\s*)([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), lowered)
