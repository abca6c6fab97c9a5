"""The store keeps comments masked once: served again under the same masker, never stale, never raw.

A night with nothing new read and masked its 30 days of comments every time (the name masker
loads spaCy's NER: 2-5 s a process). ``Store`` now keeps each mask in ``masked_texts``, keyed by
the raw comment's hash and the masker's version (``verbatim.nlp.masker``).
"""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

import verbatim.nlp.masker as masker
import verbatim.nlp.pii as pii
from verbatim.pipelines.io.store import Store

RAW = {
    "r1": "Merci à Pierre Durand, rappelez-moi au 06 12 34 56 78",
    "r2": "Livraison rapide, contact jean.dupont@example.fr",
    "r3": "Rien à signaler",
}


def _store(url: str) -> Store:
    store = Store(url)
    rows = [
        {
            "response_id": rid,
            "score": 5,
            "comment": text,
            "responded_at": pd.Timestamp("2026-10-01"),
        }
        for rid, text in RAW.items()
    ]
    store.upsert_responses(pd.DataFrame(rows))
    return store


def _kept(store: Store) -> pd.DataFrame:
    return store.read_table("masked_texts")


@pytest.fixture
def counted(monkeypatch):
    """Texts handed to the masker, call by call."""
    calls: list[list[str]] = []
    real = pii.mask_texts

    def mask_texts(texts, **kw):
        calls.append(list(texts))
        return real(texts, **kw)

    monkeypatch.setattr(pii, "mask_texts", mask_texts)
    return calls


@pytest.mark.parametrize("read", ["comments", "responses"])
def test_masked_cache_hit_serves_the_kept_mask_without_masking(db_url, counted, read):
    store = _store(db_url)
    expected = dict(zip(RAW, pii.mask_texts(list(RAW.values())), strict=True))
    counted.clear()

    def masked() -> dict[str, str]:
        if read == "comments":
            return store.comments(list(RAW))
        frame = store.responses()
        return dict(zip(frame["response_id"], frame["comment"], strict=True))

    assert masked() == expected
    assert len(counted) == 1  # the first read masks them
    assert masked() == expected
    assert len(counted) == 1  # the second serves them from the store
    assert "[NAME]" in expected["r1"] and "[PHONE]" in expected["r1"]


@pytest.mark.parametrize("case", ["new comment"])
def test_masked_cache_masks_only_the_comments_it_has_not_kept(sqlite_url, counted, case):
    store = _store(sqlite_url)
    store.comments(["r1", "r2"])
    counted.clear()
    assert store.comments(["r1", "r2", "r3"])["r3"] == RAW["r3"]
    assert counted == [[RAW["r3"]]]


@pytest.mark.parametrize("case", ["rules changed"])
def test_masked_cache_misses_after_a_masker_version_change(sqlite_url, counted, monkeypatch, case):
    store = _store(sqlite_url)
    store.comments(list(RAW))
    counted.clear()
    monkeypatch.setattr(masker, "masker_version", lambda: "f" * 16)
    monkeypatch.setattr(pii, "mask_texts", lambda texts, **kw: [f"new rules: {t}" for t in texts])
    again = store.comments(list(RAW))
    assert again == {rid: f"new rules: {text}" for rid, text in RAW.items()}
    kept = _kept(store)
    assert set(kept["masker"]) == {"f" * 16}  # the older version's masks are dropped
    assert len(kept) == len(RAW)


@pytest.mark.parametrize("case", ["name, phone, e-mail"])
def test_masked_cache_never_keeps_a_raw_comment(db_url, case):
    store = _store(db_url)
    store.comments(list(RAW))
    kept = _kept(store)
    assert len(kept) == len(RAW)
    text = "\n".join(kept["masked"])
    for secret in ("Pierre", "Durand", "06 12 34 56 78", "jean.dupont@example.fr"):
        assert secret not in text
    assert set(kept["text_hash"]) == {masker.text_key(t) for t in RAW.values()}
    assert set(kept["masker"]) == {masker.masker_version()}


@pytest.mark.parametrize("case", ["another writer holds the lock"])
def test_masked_cache_read_neither_waits_nor_fails_on_a_busy_store(sqlite_url, case):
    store = _store(sqlite_url)
    writer = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # a night's run in the middle of a write
    try:
        masked = store.comments(["r1"])  # the store's own busy timeout is 60 s
    finally:
        writer.rollback()
        writer.close()
    assert "[NAME]" in masked["r1"]
    assert _kept(store).empty  # nothing kept: the next read masks and keeps it


@pytest.mark.parametrize("case", ["inside atomic"])
def test_masked_cache_is_not_written_inside_a_callers_transaction(sqlite_url, case):
    store = _store(sqlite_url)
    with store.atomic():
        assert "[NAME]" in store.comments(["r1"])["r1"]
    assert _kept(store).empty


@pytest.mark.parametrize("dependency", masker.DEPENDENCIES)
def test_masker_version_changes_with_what_the_masker_reads(monkeypatch, dependency):
    masker.masker_version.cache_clear()
    before = masker.masker_version()
    real = masker._distribution_version
    monkeypatch.setattr(
        masker,
        "_distribution_version",
        lambda name: "0.0-other" if name == dependency else real(name),
    )
    masker.masker_version.cache_clear()
    try:
        assert masker.masker_version() != before
    finally:
        monkeypatch.undo()
        masker.masker_version.cache_clear()
    assert masker.masker_version() == before


@pytest.mark.parametrize("text", ["broken \ud800 surrogate", "plain"])
def test_masker_text_key_accepts_any_str(text):
    assert len(masker.text_key(text)) == 64
