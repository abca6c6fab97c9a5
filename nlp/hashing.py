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


def sample_key(response_id: str) -> str:
    """Pseudo-random but fixed rank of a response: a refit fits its themes on the first ones.

    Prepare also goes through new responses in this order, so the mentions a refit clusters are
    the first to be embedded, and the fit can start while the rest are still embedding.
    """
    return hashlib.sha1(f"sample\x1f{response_id}".encode()).hexdigest()[:16]
