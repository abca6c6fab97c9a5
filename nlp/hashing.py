"""Stable hashes of texts and mentions, shared by the embedding cache and the mention table."""

from __future__ import annotations

import hashlib


def text_hash(text: str) -> str:
    """SHA-256 hex of a normalised text: the embedding cache key (with the model id)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def mention_id(response_id: str, position: int, text: str) -> str:
    """Stable id of a mention: the same clause of the same response keeps it in every run."""
    raw = f"{response_id}\x1f{position}\x1f{text}".encode()
    return hashlib.sha1(raw).hexdigest()[:20]
