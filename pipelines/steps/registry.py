"""The theme registry: fit or assign themes, keep theme ids and analyst edits stable across runs.

A first run (or ``--refit``) fits the theme model on every mention; later runs only assign new
mentions to the existing themes. After a refit, new themes are matched to old ones by centroid
(optimal one-to-one assignment) so ids, edited labels and pins carry over; old themes left
unmatched are retired, never deleted. The fitted models and theme ids are kept in the store as
data only (JSON and NumPy arrays, ``encode_state``), never pickled: a state this version does
not read, such as the pickle older versions wrote, is not opened and the theme step refits.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from verbatim.models.lifecycle import (
    emerging_parts,
    extend_model,
    merge_same_labels,
)
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import Settings
from verbatim.pipelines.steps.progress import progress

log = logging.getLogger("verbatim")
MODEL_ARTIFACT = "theme_model"
MATCH_SIMILARITY = 0.8


# The saved state is data only, never pickle: whoever can write to a shared store must not be
# able to run code on the host that reads it (see ``encode_state``).
STATE_FORMAT = "verbatim.theme_state"
STATE_VERSION = 1  # of the saved state: bump when what it holds changes
_JSON_MEMBER = "json"  # the .npz member holding everything but the arrays, as UTF-8 JSON
_REFITTING = "refitting, theme ids carry over"


class StateFormatError(ValueError):
    """A saved theme state this version does not read; the theme step refits instead."""


def load_state(store: Store) -> dict[str, Any] | None:
    """The fitted theme model and the theme id of each of its rows, as last saved (None: none).

    Raises:
        StateFormatError: the saved state is an old pickle (never unpickled), of another
            version, or damaged; its message says so in one line.
    """
    blob = store.get_artifact(MODEL_ARTIFACT)
    return None if blob is None else decode_state(blob)


def save_state(store: Store, state: dict[str, Any], *, run_id: str | None) -> None:
    """Persist the fitted model with its theme ids."""
    store.put_artifact(MODEL_ARTIFACT, encode_state(state), run_id=run_id)


def encode_state(state: dict[str, Any]) -> bytes:
    """The registry state as an ``.npz``: its arrays, and one JSON member with the rest.

    The models give their fitted attributes as plain data (``ThemeModel.to_state``,
    ``PolarityModel.to_state``); an array's member name is its path in the JSON (``model.center_``).
    Read back with ``np.load(..., allow_pickle=False)``: nothing in it can become code.

    Measured at 20k fitted mentions (60 themes, 934 prototypes of 512 dims; SQLite file store,
    median of 15): the pickle it replaces was 2.31 MB, saved in 8.9 ms and loaded in 1.6 ms;
    this is 2.07 MB (the fit's per-mention labels and similarities are no longer kept), saved
    in 7.7 ms and loaded in 2.8 ms (encoding 1.0 ms, decoding with its checks 1.3 ms).
    """
    sides = sorted(state["general_centroids"])
    doc = {
        "format": STATE_FORMAT,
        "version": STATE_VERSION,
        "embedding_model": state.get("embedding_model"),
        "concept_anchor": float(state.get("concept_anchor", 0.0)),
        "theme_ids": [int(t) for t in state["theme_ids"]],
        "general_ids": {str(side): int(t) for side, t in state["general_ids"].items()},
        "vague": [int(k) for k in state["vague"]],
        "theme_sides": [
            [int(t), str(side), float(share)]
            for t, (side, share) in sorted(state.get("theme_sides", {}).items())
        ],
        "general_sides": sides,
        "general_centroids": np.stack([state["general_centroids"][s] for s in sides])
        if sides
        else np.zeros((0, 0), dtype=np.float32),
        "model": state["model"].to_state(),
        "polarity_model": state["polarity_model"].to_state(),
    }
    arrays: dict[str, np.ndarray] = {}
    doc = _take_arrays(doc, "", arrays)
    doc["arrays"] = sorted(arrays)
    text = json.dumps(doc, ensure_ascii=False, default=_json_scalar).encode("utf-8")
    buffer = io.BytesIO()
    np.savez(buffer, **{_JSON_MEMBER: np.frombuffer(text, dtype=np.uint8)}, **arrays)
    return buffer.getvalue()


def decode_state(blob: bytes) -> dict[str, Any]:
    """The registry state from ``encode_state``'s bytes, read without pickle.

    Raises:
        StateFormatError: not this format (an old pickle is never unpickled), another
            version, or damaged.
    """
    from verbatim.models.polarity import PolarityModel
    from verbatim.models.themes import ThemeModel

    blob = bytes(blob)  # a driver may hand a memoryview
    if not blob.startswith(b"PK\x03\x04"):  # not a zip: the pickle older versions wrote
        raise StateFormatError(
            f"the saved theme model is in an old format that is not read for safety; {_REFITTING}"
        )
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
            members = {name: npz[name] for name in npz.files}
        doc = json.loads(members.pop(_JSON_MEMBER).tobytes().decode("utf-8"))
    except (ValueError, OSError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise _unreadable(exc) from None
    if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT:
        raise _unreadable("not a Verbatim theme state")
    if doc.get("version") != STATE_VERSION:
        raise StateFormatError(
            f"the saved theme model has format version {doc.get('version')!r}, this version "
            f"of Verbatim reads version {STATE_VERSION}; {_REFITTING}"
        )
    try:
        if sorted(members) != sorted(doc["arrays"]):
            raise ValueError("its arrays are not the ones it lists")
        for name, array in members.items():
            _put_array(doc, name, array)
        model = ThemeModel.from_state(doc["model"])
        theme_ids = [int(t) for t in doc["theme_ids"]]
        if len(theme_ids) != model.n_themes_:
            raise ValueError(f"{len(theme_ids)} theme ids for {model.n_themes_} model rows")
        sides = [str(s) for s in doc["general_sides"]]
        return {
            "model": model,
            "polarity_model": PolarityModel.from_state(doc["polarity_model"]),
            "theme_ids": theme_ids,
            "general_ids": {str(s): int(t) for s, t in doc["general_ids"].items()},
            "vague": [int(k) for k in doc["vague"]],
            # the side each theme's own responses are on (``theme_sides``); older states: none
            "theme_sides": _theme_sides(doc.get("theme_sides", [])),
            "general_centroids": dict(zip(sides, doc["general_centroids"], strict=True)),
            "embedding_model": doc["embedding_model"],
            # the space the model was fitted in (``theme_space``); older states: raw embeddings
            "concept_anchor": float(doc.get("concept_anchor", 0.0)),
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _unreadable(exc) from None


def _theme_sides(rows: list) -> dict[int, tuple[str, float]]:
    """``encode_state``'s list of [theme id, side, share] as a dict; a ValueError if damaged."""
    sides = {}
    for t, side, share in rows:
        if side not in ("positive", "negative") or not 0.0 <= float(share) <= 1.0:
            raise ValueError(f"theme side {side!r} ({share!r}) of theme {t!r}")
        sides[int(t)] = (str(side), float(share))
    return sides


def _unreadable(why: object) -> StateFormatError:
    return StateFormatError(f"the saved theme model is unreadable ({why}); {_REFITTING}")


def _take_arrays(doc: dict[str, Any], prefix: str, arrays: dict[str, np.ndarray]) -> dict:
    """``doc`` without its arrays (at any depth), which go to ``arrays`` under their path."""
    out = {}
    for key, value in doc.items():
        if "." in key:
            raise ValueError(f"state key {prefix}{key!r} must not contain a dot")
        if isinstance(value, np.ndarray):
            arrays[prefix + key] = value
        elif isinstance(value, dict):
            out[key] = _take_arrays(value, f"{prefix}{key}.", arrays)
        else:
            out[key] = value
    return out


def _put_array(doc: dict[str, Any], path: str, array: np.ndarray) -> None:
    """Put ``array`` back at its dotted ``path`` in ``doc`` (whose dicts must exist)."""
    *parents, key = path.split(".")
    for part in parents:
        doc = doc[part]
        if not isinstance(doc, dict):
            raise ValueError(f"array {path!r} has no place in the state")
    doc[key] = array


def _json_scalar(value: Any) -> Any:
    """NumPy scalars as the Python ones JSON writes; anything else is refused."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"the theme state cannot hold a {type(value).__name__} ({value!r})")


def mention_matrix(store: Store, mentions: pd.DataFrame, model_id: str) -> np.ndarray:
    """Embeddings of the mentions, in their order, from the cache (L2-normalised float32)."""
    x = store.embedding_matrix(model_id, mentions["text_hash"].tolist())
    missing = int(np.isnan(x[:, 0]).sum())
    if missing:
        raise RuntimeError(
            f"{missing} mention texts have no cached embedding for {model_id}: "
            "run the embed step first"
        )
    norms = np.sqrt(np.einsum("ij,ij->i", x, x))  # no n x d temporary, unlike linalg.norm
    x /= norms.clip(1e-12)[:, None]
    return x


# what assigning new mentions reads of every mention (not the texts: 1 GB at 1M mentions)
ASSIGN_COLUMNS = [
    "mention_id",
    "response_id",
    "position",
    "language",
    "theme_id",
    "text_hash",
    "polarity",
    "no_topic",
]
GENERAL_PRAISE, GENERAL_COMPLAINT = -2, -3  # model-row codes of the two general themes
GENERAL_SIDES = {GENERAL_PRAISE: "praise", GENERAL_COMPLAINT: "complaint"}
# model-row code of a fitted group no topic names (a drawer of unrelated remarks): its mentions
# stay unassigned with this reason, tonight and on later nights
VAGUE = -4
NO_SHARED_SUBJECT = "no shared subject"
LABEL_SAMPLE = 300  # mentions per theme, nearest its centroid, used to compute its labels


def label_fields(labels: pd.DataFrame, k: int, theme_id: int) -> dict[str, Any]:
    """Labels, key phrases, examples, size and polarity of theme row ``k`` of ``label_themes``.

    ``theme_id`` is the id the theme is stored under: a theme nothing names is numbered by it.
    """
    from verbatim.models.labels import numbered_labels

    lab = labels.loc[labels["theme"] == k].iloc[0]
    out = {
        "theme_id": int(theme_id),
        "label_fr": lab["label_fr"],
        "label_en": lab["label_en"],
        "keywords_fr": list(lab["keywords_fr"]),
        "keywords_en": list(lab["keywords_en"]),
        "examples": list(lab["examples"]),
        "size": int(lab["size"]),
        "kind": "topic",
        "level": "theme",
    }
    for key in ("polarity", "praise_share", "complaint_share", "concept"):
        if key in lab:
            out[key] = lab[key]
    if bool(lab.get("numbered", False)):
        out.update(numbered_labels(theme_id))
    return out


def theme_shares(rows: np.ndarray, polarity: np.ndarray, k: int) -> np.ndarray:
    """(k, 2) share of positive and of negative mentions of each of ``k`` model rows."""
    inside = rows >= 0
    size = np.bincount(rows[inside], minlength=k).astype(float)
    pos = np.bincount(rows[inside & (polarity == "positive")], minlength=k)
    neg = np.bincount(rows[inside & (polarity == "negative")], minlength=k)
    return np.column_stack([pos, neg]) / np.maximum(size, 1)[:, None]


def label_sample(labels: np.ndarray, similarity: np.ndarray, per_theme: int = LABEL_SAMPLE):
    """Row indices of the ``per_theme`` mentions nearest each theme's centroid, in row order."""
    picked = []
    for k in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == k)
        picked.append(members[np.argsort(-similarity[members], kind="stable")[:per_theme]])
    return np.sort(np.concatenate(picked)) if picked else np.zeros(0, dtype=np.int64)


def fill_lemmas(mentions: pd.DataFrame) -> list[str]:
    """Lemma strings of the mentions, by table look-up for those prepared without them.

    The lookup lemmas (``verbatim.nlp.lemmas.quick_lemmas``) are what the glossary is matched with; the
    French tagger on the label sample of a 100k store took ~5 s of the theme step.
    """
    from verbatim.nlp.lemmas import quick_lemmas
    from verbatim.nlp.pii import PLACEHOLDER_RE

    lemmas = mentions["lemmas"].tolist()
    todo = [i for i, v in enumerate(lemmas) if not isinstance(v, str) or not v]
    if todo:
        texts = [PLACEHOLDER_RE.sub(" ", mentions["text"].iloc[i]) for i in todo]
        langs = [mentions["language"].iloc[i] for i in todo]
        for i, value in zip(todo, quick_lemmas(texts, langs), strict=True):
            lemmas[i] = value
    return lemmas


def mention_scores(store: Store, mentions: pd.DataFrame) -> np.ndarray:
    """The NPS score of each mention's response (NaN when the response has none)."""
    scores = store.scores().astype("Float64")  # not the comments: 1 GB at 1M responses
    return scores.reindex(mentions["response_id"]).to_numpy(dtype=float, na_value=np.nan)


def known_vectors(store: Store, settings: Settings, texts: list[str]) -> np.ndarray:
    """Unit vectors of ``texts`` from the cache, encoding only what it lacks.

    For the project's own language data (polarity seeds, glossary topics): cached like
    mentions, so only the first run loads the encoder for them.
    """
    from verbatim.nlp.embed import cache_key, embed_texts
    from verbatim.nlp.hashing import text_hash

    mid = cache_key(settings.embedding.model, settings.embedding.document_prompt)
    hashes = [text_hash(t) for t in texts]
    found = store.get_embeddings(mid, hashes)
    if all(h in found for h in hashes):
        x = np.stack([np.asarray(found[h], dtype=np.float32) for h in hashes])
        return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    x, _ = embed_texts(
        texts,
        encoder=settings.embedding.model,
        cache=store,
        batch_size=settings.embedding.batch_size,
        prompt=settings.embedding.document_prompt,
    )
    return x


def language_data_texts() -> list[str]:
    """The project's texts the theme step embeds: polarity seeds and glossary topic names."""
    from verbatim.models.labels import concept_texts
    from verbatim.nlp.lang import polarity_seeds

    names = concept_names()[1]  # each name alone, for the anchors (``theme_space``)
    return list(dict.fromkeys([*polarity_seeds()[0], *concept_texts()[1], *names]))


def concept_names() -> tuple[list[str], list[str]]:
    """Glossary concept ids, and their English names then their French names in that order."""
    from verbatim.nlp.concepts import topics

    en, fr = topics("en"), topics("fr")
    ids = sorted(en)
    return ids, [en[c].name for c in ids] + [fr[c].name for c in ids]


def fit_polarity(
    store: Store,
    settings: Settings,
    x: np.ndarray,
    scores: np.ndarray,
    single: np.ndarray,
    texts: list[str] | None = None,
    languages: list[str] | None = None,
) -> Any:
    """The polarity model: the project's seed sentences plus the run's own scored mentions."""
    from verbatim.models.polarity import PolarityModel
    from verbatim.nlp.lang import polarity_seeds

    seed_texts, labels, seed_languages = polarity_seeds()
    seeds = known_vectors(store, settings, list(seed_texts))
    return PolarityModel().fit(
        seeds,
        np.asarray(labels),
        X=x,
        scores=scores,
        single=single,
        seed_texts=list(seed_texts),
        texts=texts,
        seed_languages=list(seed_languages),
        languages=languages,
    )


def single_mentions(mentions: pd.DataFrame) -> np.ndarray:
    """True for the mentions that are the only one of their response (its score is theirs)."""
    counts = mentions["response_id"].map(mentions["response_id"].value_counts())
    return (counts == 1).to_numpy()


def read_by_sides(
    groups: np.ndarray,
    polarity: np.ndarray,
    confidence: np.ndarray,
    scores: np.ndarray,
    single: np.ndarray,
    settings: Settings,
) -> tuple[dict[int, tuple[str, float]], np.ndarray, np.ndarray]:
    """The side each group's own responses are on, and the mentions' readings it turns.

    ``verbatim.models.polarity.theme_sides`` then ``apply_sides``, with the run's NPS bands: a fit
    and a theme born on a later night read their sides alike.
    """
    from verbatim.models.polarity import apply_sides, theme_sides

    bands = {
        "promoter_min": settings.nps.promoter_min,
        "detractor_max": settings.nps.detractor_max,
    }
    sides = theme_sides(groups, scores, single, **bands)
    polarity, confidence, _ = apply_sides(groups, polarity, confidence, scores, sides, **bands)
    return sides, polarity, confidence


def no_topic_reasons(lemmas: list[str], languages: list[str]) -> list[str | None]:
    """Why each mention names nothing the company could act on (None: it names something).

    ``lemmas``: each mention's ``quick_lemmas``, which the theme space reads too.
    """
    from verbatim.nlp.generic import generic_reasons

    return generic_reasons(lemmas, languages)


# (embeddings, their mentions' ``quick_lemmas``, their languages) -> the theme model's vectors
ToThemeSpace = Callable[[np.ndarray, list[str], np.ndarray], np.ndarray]


def concept_anchor_vectors(
    store: Store, mid: str, settings: Settings | None = None
) -> tuple[list[str], np.ndarray]:
    """Glossary concept ids and their anchors (``models.anchoring``) for the encoder ``mid``.

    The concepts' names are embedded once per store and encoder, kept in the embedding cache
    like the glossary's other texts. With ``settings`` what the cache lacks is encoded; without
    (an analyst's edit, which has no encoder setting), it must be there, as every anchored fit
    leaves it.
    """
    from verbatim.models.anchoring import concept_anchors
    from verbatim.nlp.hashing import text_hash

    ids, names = concept_names()
    if settings is not None:
        x = known_vectors(store, settings, names)
    else:
        found = store.get_embeddings(mid, [text_hash(t) for t in names])
        if len(found) < len(set(names)):
            raise RuntimeError(f"the glossary's names have no cached embedding for {mid}")
        x = np.stack([np.asarray(found[text_hash(t)], dtype=np.float32) for t in names])
    return ids, concept_anchors(x[: len(ids)], x[len(ids) :])


def theme_space(
    store: Store, mid: str, weight: float, settings: Settings | None = None
) -> ToThemeSpace:
    """The map from mention embeddings to the vectors the theme model fits and assigns.

    Each mention (embedding, text, language) is pulled toward the glossary concepts it names
    by ``weight`` (``themes.concept_anchor``, ``models.anchoring``); 0: the embeddings as they are.
    """
    if not weight:
        return lambda x, texts, languages: x
    from verbatim.models.anchoring import anchor
    from verbatim.nlp.concepts import match_concepts

    concepts, anchors = concept_anchor_vectors(store, mid, settings)

    def to_theme_space(x: np.ndarray, lemmas: list[str], languages: np.ndarray) -> np.ndarray:
        named = match_concepts(list(lemmas), [str(v) for v in languages])
        return anchor(x, named, concepts, anchors, weight=weight)

    return to_theme_space


def route(
    state: dict[str, Any],
    x: np.ndarray,
    languages: np.ndarray,
    texts: list[str],
    *,
    to_theme_space: ToThemeSpace | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str | None]]:
    """Model row, similarity, polarity, its confidence and no-topic reason of each mention.

    A mention that names a topic goes to the nearest topic theme (or none, when far from all);
    one that only says it is happy or not goes to general praise or general complaint
    (``GENERAL_PRAISE`` / ``GENERAL_COMPLAINT``); one that says neither stays unassigned.
    ``to_theme_space`` (``theme_space``, for the space the model was fitted in) maps the
    topical mentions' embeddings before they are assigned; None: as they are, which a model
    fitted on anchored vectors refuses (raw vectors would land in the wrong themes silently).
    """
    if to_theme_space is None and state.get("concept_anchor", 0.0):
        raise ValueError(
            f"route: the theme model was fitted on concept-anchored vectors (concept_anchor "
            f"{state['concept_anchor']:g}); pass to_theme_space=theme_space(...)."
        )
    from verbatim.nlp.lemmas import quick_lemmas

    langs = [str(v) for v in languages]
    polarity, confidence = state["polarity_model"].predict(x, texts=texts, languages=langs)
    lemmas = quick_lemmas(texts, langs)
    why = no_topic_reasons(lemmas, langs)
    topic = np.array([w is None for w in why], dtype=bool)
    rows = np.full(len(x), -1, dtype=np.int64)
    similarity = np.zeros(len(x), dtype=np.float32)
    if topic.any():
        z = x[topic]
        if to_theme_space is not None:
            z = to_theme_space(
                z, [m for m, keep in zip(lemmas, topic, strict=True) if keep], languages[topic]
            )
        rows[topic], similarity[topic] = state["model"].assign(z, groups=languages[topic])
    for i in np.flatnonzero(rows == VAGUE):
        rows[i], why[i] = -1, NO_SHARED_SUBJECT
    _to_general(rows, similarity, x, ~topic, polarity, state.get("general_centroids", {}))
    return rows, similarity, np.asarray(polarity), np.asarray(confidence), why


def _to_general(
    rows: np.ndarray,
    similarity: np.ndarray,
    x: np.ndarray,
    no_topic: np.ndarray,
    polarity: np.ndarray,
    centroids: dict[str, np.ndarray],
) -> None:
    """Route mentions without a topic to general praise or complaint by polarity, in place.

    A side without a centroid yet gets the mean of its mentions (``centroids`` is filled).
    """
    for code, side in GENERAL_SIDES.items():
        pick = no_topic & (polarity == ("positive" if side == "praise" else "negative"))
        if not pick.any():
            continue
        if side not in centroids:
            c = x[pick].mean(axis=0)
            centroids[side] = (c / max(float(np.linalg.norm(c)), 1e-12)).astype(np.float32)
        rows[pick] = code
        similarity[pick] = x[pick] @ centroids[side]


# A mention read this surely (polarity confidence) against its theme's side moves (``own_side``).
SIDE_MOVE_CONFIDENCE = 0.7


def own_side(
    model: Any,
    rows: np.ndarray,
    polarity: np.ndarray,
    confidence: np.ndarray,
    scores: np.ndarray,
    sides: dict[int, tuple[str, float]],
    vectors: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    settings: Settings,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mentions that say the opposite of their one-sided theme, from the other side, moved.

    On the bundled sample a detractor's "Impossible d'avoir quelqu'un au bout du fil" sat in
    "Friendly staff" and "À chaque fois on me renvoie vers le site internet" in "Handy app":
    near in meaning (a person, the website), opposite in what they say. ``apply_sides`` turns
    the reading of a mention whose own response is on its theme's side; this moves the ones
    whose response is on the other side too (a detractor's complaint in a theme whose responses
    are promoters, read negative with at least ``SIDE_MOVE_CONFIDENCE``) to the nearest theme
    not on the side they contradict, or to none when that one is too far. Passives stay.

    Args:
        model: the fitted ``ThemeModel``.
        rows: each mention's model row (general codes and -1 are left alone).
        polarity: each mention's reading ("positive", "negative", "neutral").
        confidence: the reading's confidence.
        scores: each mention's response score (NaN unknown).
        sides: model row -> (side, share) of the themes read one-sided (``theme_sides``).
        vectors: mention indices -> (theme-space vectors, languages) to assign them by.
        settings: the run's settings (its NPS bands).

    Returns:
        The moved mentions' indices, their new rows (``VAGUE`` kept for the caller) and their
        similarity to them.
    """
    from verbatim.models.polarity import promoters_and_detractors

    k = int(model.n_themes_)
    moved, new_rows, sims = [], [], []
    side_of = np.full(k, "", dtype=object)
    for row, (side, _) in sides.items():
        if 0 <= row < k:
            side_of[row] = side
    rows = np.asarray(rows)
    topic = (rows >= 0) & (rows < k)
    theme_side = np.where(topic, side_of[np.clip(rows, 0, k - 1)] if k else "", "")
    promoter, detractor = promoters_and_detractors(
        np.asarray(scores, float), settings.nps.promoter_min, settings.nps.detractor_max
    )
    sure = np.asarray(confidence, float) >= SIDE_MOVE_CONFIDENCE
    polarity = np.asarray(polarity, dtype=object)
    for side, said, other in (
        ("positive", "negative", detractor),
        ("negative", "positive", promoter),
    ):
        idx = np.flatnonzero((theme_side == side) & (polarity == said) & sure & other)
        if len(idx):
            z, languages = vectors(idx)
            found, sim = model.assign(z, groups=languages, allowed=side_of != side)
            moved.append(idx)
            new_rows.append(found)
            sims.append(sim)
    if not moved:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    return np.concatenate(moved), np.concatenate(new_rows), np.concatenate(sims)


def theme_vectors(
    space: ToThemeSpace,
    embeddings: Callable[[np.ndarray], np.ndarray],
    texts: Sequence[str] | np.ndarray,
    languages: np.ndarray,
) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``own_side``'s ``vectors``: mention indices -> (theme-space vectors, languages).

    ``embeddings`` gives the embeddings of the mentions at some indices: a refit reads only
    the few it moves from the store, never the whole matrix.
    """
    from verbatim.nlp.lemmas import quick_lemmas

    def vectors(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        part = languages[idx]
        lemmas = quick_lemmas([texts[i] for i in idx], [str(v) for v in part])
        return space(embeddings(idx), lemmas, part), part

    return vectors


def sides_moved(
    state: dict[str, Any],
    rows: np.ndarray,
    similarity: np.ndarray,
    polarity: np.ndarray,
    confidence: np.ndarray,
    why: list,
    scores: np.ndarray,
    vectors: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    settings: Settings,
) -> int:
    """A later night's ``own_side`` on routed mentions (``route``), in place: how many moved.

    The sides are the saved model's (``theme_sides``, by theme id), as at its fit.
    """
    ids = state["theme_ids"]
    sides = state.get("theme_sides", {})
    by_row = {row: sides[t] for row, t in enumerate(ids) if t in sides}
    moves = own_side(state["model"], rows, polarity, confidence, scores, by_row, vectors, settings)
    return _move(rows, similarity, why, moves)


def _move(
    rows: np.ndarray, similarity: np.ndarray, why: list, moved: tuple[np.ndarray, ...]
) -> int:
    """Put ``own_side``'s moves into ``rows``, ``similarity`` and ``why``, in place."""
    idx, to, sim = moved
    rows[idx], similarity[idx] = to, sim
    for i in idx[to == VAGUE]:
        rows[i], why[i] = -1, NO_SHARED_SUBJECT
    return len(idx)


def theme_step(
    store: Store,
    settings: Settings,
    *,
    refit: bool = False,
    run_id: str | None = None,
    say: Callable[[str], None] = log.info,
    pending: Any = None,
) -> dict[str, Any]:
    """Assign new mentions to existing themes, or (re)fit the theme model when needed.

    ``pending`` (a ``jobs.PendingEmbedding``): texts still embedding in the background. A refit
    fits on its sample as soon as those vectors exist and waits for the rest only to assign
    them; assigning to existing themes waits for everything first.
    """
    from verbatim.nlp.embed import cache_key

    mid = cache_key(settings.embedding.model, settings.embedding.document_prompt)
    try:
        state, unread = load_state(store), False
    except StateFormatError as exc:  # never read: a refit, theme ids carried over by centroid
        say(str(exc))
        state, unread = None, True
    reason = "saved theme model not read" if unread else _refit_reason(state, settings, mid, refit)
    # a night that only assigns needs neither the texts nor the lemmas; a fit does
    mentions = store.mentions() if reason is not None else store.mentions(columns=ASSIGN_COLUMNS)
    if pending is not None and (mentions.empty or reason is None):
        pending.finish(store, settings, say=say)
    if mentions.empty:
        note = "no comments yet: no themes to build"
        say(note)
        return {"mentions": 0, "themes": 0, "refit": False, "unassigned_share": 0.0, "note": note}
    if reason is None:
        todo = mentions["theme_id"].isna().to_numpy()
        if todo.any():
            new = mentions[todo]
            x_new = mention_matrix(store, new, mid)
            found = store.mention_texts(new["mention_id"].tolist())
            texts = [found[m] for m in new["mention_id"]]
            space = theme_space(store, mid, state.get("concept_anchor", 0.0), settings)
            rows, sim, pol, conf, why = route(
                state, x_new, new["language"].to_numpy(), texts, to_theme_space=space
            )
            theme_ids = theme_ids_of(state, rows)
            if state.get("theme_sides"):  # read as the theme's own responses were at its fit
                from verbatim.models.polarity import apply_sides

                scores = mention_scores(store, new)
                pol, conf, _ = apply_sides(
                    theme_ids,
                    pol,
                    conf,
                    scores,
                    state["theme_sides"],
                    promoter_min=settings.nps.promoter_min,
                    detractor_max=settings.nps.detractor_max,
                )
                vectors = theme_vectors(space, x_new.__getitem__, texts, new["language"].to_numpy())
                if sides_moved(state, rows, sim, pol, conf, why, scores, vectors, settings):
                    theme_ids = theme_ids_of(state, rows)
            store.set_mention_themes(
                pd.DataFrame(
                    {
                        "mention_id": new["mention_id"].to_numpy(),
                        "theme_id": theme_ids,
                        "similarity": sim,
                        "polarity": pol,
                        "polarity_confidence": conf,
                        "no_topic": why,
                    }
                )
            )
            mentions.loc[todo, "theme_id"] = theme_ids
            mentions.loc[todo, "polarity"] = pol
            mentions.loc[todo, "no_topic"] = pd.Series(why, index=new.index, dtype=object)
            emerged = _emerging_themes(store, settings, state, mentions, mid, run_id=run_id)
            if emerged:
                say(
                    f"{len(emerged)} emerging theme(s) born from unassigned mentions: "
                    + ", ".join(f"{t} ({n})" for t, n in emerged.items())
                )
        share = topic_unassigned_share(mentions["theme_id"], mentions["no_topic"])
        limit = settings.themes.refit_unassigned_share
        say(
            f"assigned {int(todo.sum())} new mentions to {len(state['theme_ids'])} existing "
            f"themes; unassigned share {share:.1%}"
        )
        if share <= limit:
            _update_sizes(store, mentions, run_id=run_id)
            return {
                "mentions": len(mentions),
                "assigned": int(todo.sum()),
                "refit": False,
                "themes": sum(t >= 0 for t in state["theme_ids"]),
                "no_theme_share": float(mentions["theme_id"].fillna(-1).eq(-1).mean()),
                "unassigned_share": share,
            }
        reason = f"unassigned share {share:.1%} above {limit:.0%}"
    fit_n = min(len(mentions), settings.themes.fit_sample)
    say(
        f"fitting themes on {fit_n} of {len(mentions)} mentions ({reason})"
        if fit_n < len(mentions)
        else f"fitting themes on {len(mentions)} mentions ({reason})"
    )
    if "text" not in mentions:  # the assigned share called for a fit: read the rest too
        mentions = store.mentions()
    return _refit(store, settings, mentions, mid, run_id=run_id, say=say, pending=pending)


def theme_ids_of(state: dict[str, Any], rows: np.ndarray) -> np.ndarray:
    """Theme id of each model row (general codes included); -1 stays -1."""
    ids = np.asarray(state["theme_ids"], dtype=np.int64)
    out = np.full(len(rows), -1, dtype=np.int64)
    topic = rows >= 0
    out[topic] = ids[rows[topic]]
    for code, side in GENERAL_SIDES.items():
        out[rows == code] = state["general_ids"][side]
    return out


def topic_unassigned_share(theme_ids: pd.Series, no_topic: pd.Series) -> float:
    """Share of the mentions that name a topic but sit in no theme (what calls for a refit)."""
    topical = no_topic.isna().to_numpy()
    if not topical.any():
        return 0.0
    return float((theme_ids.to_numpy()[topical] == -1).mean())


def sample_order(mentions: pd.DataFrame) -> np.ndarray:
    """Row positions ranked by ``sample_key`` of their response, then by position.

    A fixed pseudo-random order, the one prepare follows (so the one the background process
    embeds in): a refit fits on its head and assigns the tail as its vectors arrive.
    """
    from verbatim.nlp.hashing import sample_key

    keys = mentions["response_id"].map(sample_key).to_numpy()
    return np.lexsort((mentions["position"].to_numpy(), keys))


def sample_split(mentions: pd.DataFrame, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the mentions a refit clusters, and of the others in ``sample_order``.

    The clustered ones are all of them, or the first ``limit`` in ``sample_order`` (ascending
    positions): random across the store, and the same from one refit to the next for the same
    mentions. The others come in the order the background process embeds them.
    """
    n = len(mentions)
    if n <= limit:
        return np.arange(n), np.zeros(0, dtype=np.int64)
    order = sample_order(mentions)
    return np.sort(order[:limit]), order[limit:]


ASSIGN_BLOCK = 50_000  # mentions read from the cache and assigned at a time


def assign_rest(
    store: Store,
    settings: Settings,
    state: dict[str, Any],
    mentions: pd.DataFrame,
    fitted: Routed,
    fit: np.ndarray,
    rest: np.ndarray,
    *,
    pending: Any = None,
    say: Callable[[str], None] = log.info,
) -> Routed:
    """Routing of every mention: the fitted ones as fitted, the others assigned (``route``).

    The mentions ``rest`` (outside the fitted sample, see ``sample_split``) are assigned block
    by block as new mentions are, so the whole matrix is never in memory. With ``pending``
    embedding, each block goes as soon as its vectors exist.
    """
    from verbatim.nlp.embed import cache_key

    mid = cache_key(settings.embedding.model, settings.embedding.document_prompt)
    out = Routed.empty(len(mentions))
    out.put(fit, fitted)
    langs = mentions["language"].to_numpy()
    hashes = mentions["text_hash"].to_numpy()
    texts = mentions["text"].to_numpy()
    space = theme_space(store, mid, state.get("concept_anchor", 0.0), settings)
    # with the embedding still running, this is where the run waits for it: the bar then
    # moves with the embedding of the remaining texts
    with progress("Assigning mentions to themes", len(rest), say=say) as advance:
        for start in range(0, len(rest), ASSIGN_BLOCK):
            block = rest[start : start + ASSIGN_BLOCK]
            if pending is not None and pending.counts is None:
                pending.wait_for(store, settings, hashes[block].tolist(), say=say)
            x = mention_matrix(store, mentions.iloc[block], mid)
            with one_core() if pending is not None and pending.counts is None else nullcontext():
                routed = route(state, x, langs[block], texts[block].tolist(), to_theme_space=space)
                out.put(block, Routed(*routed))
            advance(len(block))
    return out


@dataclass
class Routed:
    """Where each of n mentions went: model row (or general code), similarity, polarity."""

    rows: np.ndarray
    similarity: np.ndarray
    polarity: np.ndarray
    confidence: np.ndarray
    no_topic: list[str | None]

    @classmethod
    def empty(cls, n: int) -> Routed:
        """N mentions routed nowhere yet."""
        return cls(
            np.full(n, -1, dtype=np.int64),
            np.zeros(n, dtype=np.float32),
            np.full(n, "neutral", dtype=object),
            np.zeros(n, dtype=np.float32),
            [None] * n,
        )

    def put(self, where: np.ndarray, part: Routed) -> None:
        """Copy ``part`` (one row per index of ``where``) into these rows."""
        self.rows[where] = part.rows
        self.similarity[where] = part.similarity
        self.polarity[where] = part.polarity
        self.confidence[where] = part.confidence
        for i, w in zip(where.tolist(), part.no_topic, strict=True):
            self.no_topic[i] = w


@contextmanager
def one_core() -> Iterator[None]:
    """Run BLAS, OpenMP and torch on one thread: the other core is the embedding process's.

    Two threads each on two busy cores spin against each other: measured, the theme fit took
    several times longer beside the embedding process than alone.
    """
    import torch
    from threadpoolctl import threadpool_limits

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with threadpool_limits(limits=1):
            yield
    finally:
        torch.set_num_threads(before)


def _fit_and_label(
    store: Store,
    settings: Settings,
    fitted: pd.DataFrame,
    langs: np.ndarray,
    x: np.ndarray,
    scores: np.ndarray,
) -> tuple[dict[str, Any], Routed, pd.DataFrame]:
    """Fit polarity and themes on ``fitted`` (vectors ``x``); their routing and theme labels.

    Mentions that name nothing to act on (``verbatim.nlp.generic``) are kept out of the topic themes:
    they go to general praise or general complaint by their polarity, or nowhere.
    """
    from verbatim.models.labels import concept_texts, label_themes
    from verbatim.models.themes import ThemeModel, unit_centroids
    from verbatim.nlp.embed import cache_key
    from verbatim.nlp.lemmas import quick_lemmas

    texts = fitted["text"].tolist()
    single = single_mentions(fitted)
    polarity_model = fit_polarity(store, settings, x, scores, single, texts, langs.tolist())
    polarity, confidence = polarity_model.predict(x, texts=texts, languages=langs.tolist())
    polarity = np.asarray(polarity, dtype=object)
    lemmas = quick_lemmas(texts, langs.tolist())
    why = no_topic_reasons(lemmas, langs.tolist())
    topic = np.array([w is None for w in why], dtype=bool)
    sign = np.where(polarity == "positive", 1, np.where(polarity == "negative", -1, 0))
    use = topic if topic.any() else np.arange(len(x)) < 1  # one row: a model with no theme
    weight = settings.themes.concept_anchor
    mid = cache_key(settings.embedding.model, settings.embedding.document_prompt)
    z = theme_space(store, mid, weight, settings)(
        x[use], [lemmas[i] for i in np.flatnonzero(use)], langs[use]
    )
    model = ThemeModel(
        n_themes=settings.themes.n_themes,
        min_theme_size=settings.themes.min_theme_size,
        resolution=settings.themes.resolution,
        polarity_gap=settings.themes.polarity_gap,
        random_state=settings.themes.seed,
    ).fit(z, groups=langs[use], polarity=sign[use])
    del z
    routed = Routed(
        np.full(len(x), -1, dtype=np.int64),
        np.zeros(len(x), dtype=np.float32),
        polarity,
        np.asarray(confidence, dtype=np.float32),
        why,
    )
    if topic.any():
        routed.rows[topic] = model.labels_
        routed.similarity[topic] = model.similarity_
    # a theme whose own responses are promoters is not read as complaints (and vice versa)
    sides, pol, conf = read_by_sides(
        routed.rows, routed.polarity, routed.confidence, scores, single, settings
    )
    routed.polarity, routed.confidence = pol, conf.astype(np.float32)
    centroids: dict[str, np.ndarray] = {}
    _to_general(routed.rows, routed.similarity, x, ~topic, polarity, centroids)
    state = {
        "model": model,
        "polarity_model": polarity_model,
        "general_centroids": centroids,
        "concept_anchor": weight,
        "row_sides": sides,  # by model row; kept by theme id once the ids are known
    }
    k = model.centroids_.shape[0]
    # the labels read the embeddings: the themes' centroids there, not in the model's space
    label_centroids = unit_centroids(x, routed.rows, k) if weight else model.centroids_
    # labels from the mentions nearest each centroid: the French tagger on every mention of a
    # large store would cost more than the clustering itself
    idx = label_sample(routed.rows, routed.similarity)
    sample = fitted.iloc[idx]
    concept_ids, concept_text = concept_texts()
    labels = label_themes(
        sample["text"].tolist(),
        fill_lemmas(sample),
        langs[idx].tolist(),
        routed.rows[idx],
        x[idx],
        label_centroids,
        polarity=routed.polarity[idx].tolist(),
        confidence=routed.confidence[idx].tolist(),
        shares=theme_shares(routed.rows, routed.polarity, k),
        concept_vectors=(concept_ids, known_vectors(store, settings, concept_text)),
        embed=lambda phrases: known_vectors(store, settings, list(phrases)),
        response_ids=sample["response_id"].tolist(),
    )
    vague = labels.loc[~labels["named"].astype(bool), "theme"].to_numpy()
    if len(vague):  # not a theme: assigning to it (now or later) leaves a mention unassigned
        model.prototype_themes_ = np.where(
            np.isin(model.prototype_themes_, vague), VAGUE, model.prototype_themes_
        )
        for i in np.flatnonzero(np.isin(routed.rows, vague)):
            routed.rows[i], routed.no_topic[i] = -1, NO_SHARED_SUBJECT
    absorbed = merge_same_labels(model, routed.rows, labels, vague)
    # model rows that are no theme of their own: drawers, and facets merged into their twin
    state["vague"] = [int(k) for k in vague] + sorted(absorbed)
    return state, routed, labels


def _refit_reason(
    state: dict[str, Any] | None, settings: Settings, mid: str, refit: bool
) -> str | None:
    if state is None:
        return "no theme model yet"
    if refit:
        return "--refit"
    if state.get("embedding_model") != mid:
        return f"embedding model changed to {mid}"
    if state.get("concept_anchor", 0.0) != settings.themes.concept_anchor:
        return (
            f"theme space changed (concept anchor {state.get('concept_anchor', 0.0):g} -> "
            f"{settings.themes.concept_anchor:g})"
        )
    forced = settings.themes.n_themes
    if forced and forced != sum(t >= 0 for t in state["theme_ids"]):
        return f"--themes {forced} asked"
    return None


def _refit(
    store: Store,
    settings: Settings,
    mentions: pd.DataFrame,
    mid: str,
    *,
    run_id: str | None,
    say: Callable[[str], None],
    pending: Any = None,
) -> dict[str, Any]:
    from verbatim.models.matching import match_centroids

    langs = mentions["language"].to_numpy()
    fit, rest = sample_split(mentions, settings.themes.fit_sample)
    fitted = mentions.iloc[fit]
    if pending is not None:  # the sample is embedded first (prepare follows its order)
        pending.wait_for(store, settings, fitted["text_hash"].tolist(), say=say)
        if pending.counts is None:
            say(f"the {len(fit)} sampled mentions are embedded: fitting while the rest embed")
    x = mention_matrix(store, fitted, mid)
    with one_core() if pending is not None else nullcontext():
        state, fitted_routes, labels = _fit_and_label(
            store, settings, fitted, langs[fit], x, mention_scores(store, fitted)
        )
    del x
    model = state["model"]
    if pending is not None and pending.counts is None:
        say("themes fitted and labelled; assigning the other mentions as they are embedded")
    routed = assign_rest(
        store, settings, state, mentions, fitted_routes, fit, rest, pending=pending, say=say
    )
    if pending is not None:
        pending.finish(store, settings, say=say)
    if state.get("row_sides"):
        vectors = theme_vectors(
            theme_space(store, mid, state.get("concept_anchor", 0.0), settings),
            lambda idx: mention_matrix(store, mentions.iloc[idx], mid),
            mentions["text"].to_numpy(),
            langs,
        )
        moves = own_side(
            model,
            routed.rows,
            routed.polarity,
            routed.confidence,
            mention_scores(store, mentions),
            state["row_sides"],
            vectors,
            settings,
        )
        n_moved = _move(routed.rows, routed.similarity, routed.no_topic, moves)
        if n_moved:
            say(f"{n_moved} mentions that say the opposite of their theme's side moved")
    k = model.centroids_.shape[0]
    sizes = np.bincount(routed.rows[routed.rows >= 0], minlength=k)
    shares = theme_shares(routed.rows, routed.polarity, k)
    labels["size"] = [int(sizes[t]) for t in labels["theme"]]
    labels["praise_share"] = [float(shares[t, 0]) for t in labels["theme"]]
    labels["complaint_share"] = [float(shares[t, 1]) for t in labels["theme"]]
    every = store.themes(include_retired=True)
    first_run = every.empty
    old = _match_candidates(every)
    old_centroids = np.vstack(old["centroid"].to_list()) if len(old) else np.zeros((0, 1))
    matched = match_centroids(old_centroids, model.centroids_, min_similarity=MATCH_SIMILARITY)
    matched = {k_: j for k_, j in matched.items() if k_ not in state["vague"]}
    ids = _IdSource(every)
    theme_ids: list[int] = []
    rows = []
    for k_ in range(k):
        if k_ in state["vague"]:
            theme_ids.append(-1)  # no theme: its mentions stay unassigned, with the reason
            continue
        if k_ in matched:
            prev = old.iloc[matched[k_]]
            # a merged theme's centroid maps to its target
            row = label_fields(labels, k_, int(prev["theme_id"]))
            row["status"] = "active"
            if bool(prev["label_edited"]):  # an analyst's label wins over the computed one
                row["label_fr"], row["label_en"] = prev["label_fr"], prev["label_en"]
        else:
            row = label_fields(labels, k_, ids.new())
            row["status"] = "active" if first_run else "new"
        row.update(centroid=model.centroids_[k_], model_id=mid)
        theme_ids.append(row["theme_id"])
        rows.append(row)
    state["theme_ids"] = theme_ids
    state["theme_sides"] = {
        theme_ids[row]: side
        for row, side in state.pop("row_sides", {}).items()
        if theme_ids[row] >= 0
    }
    n_themes = sum(t >= 0 for t in theme_ids)
    general = _general_rows(every, ids, mentions, routed, mid)
    state["general_ids"] = {row["polarity"]: row["theme_id"] for row in general}
    # several model rows may carry one id (an analyst merge): save one row per theme id
    new_df = pd.DataFrame(rows)
    if len(new_df):
        new_df = new_df.groupby("theme_id", as_index=False, sort=False).agg(
            {c: ("sum" if c == "size" else "first") for c in new_df.columns if c != "theme_id"}
        )
    parents, parent_of = _parent_rows(every, ids, new_df)
    new_df = new_df.assign(parent_id=new_df["theme_id"].map(parent_of)) if len(new_df) else new_df
    kept = (
        set(theme_ids) - {-1}
        | set(state["general_ids"].values())
        | {r["theme_id"] for r in parents}
    )
    active_before = every[every["status"].isin(["active", "new"])] if len(every) else every
    retired = [
        {"theme_id": int(t), "status": "retired", "size": 0}
        for t, pinned in zip(
            active_before.get("theme_id", []), active_before.get("pinned", []), strict=True
        )
        if int(t) not in kept and not bool(pinned)  # pinned themes are never retired
    ]
    assigned = theme_ids_of(state, routed.rows)
    with store.atomic():  # readers (the API) see the old themes or the new ones, never a mix
        for frame in (new_df, pd.DataFrame(general), pd.DataFrame(parents)):
            if len(frame):
                store.save_themes(frame, run_id=run_id, clear=("parent_id",))
        if retired:
            store.save_themes(pd.DataFrame(retired), run_id=run_id)
        store.set_mention_themes(
            pd.DataFrame(
                {
                    "mention_id": mentions["mention_id"].to_numpy(),
                    "theme_id": assigned,
                    "similarity": routed.similarity,
                    "polarity": routed.polarity,
                    "polarity_confidence": routed.confidence,
                    "no_topic": routed.no_topic,
                }
            )
        )
        save_state(store, {**state, "embedding_model": mid}, run_id=run_id)
    share = topic_unassigned_share(pd.Series(assigned), pd.Series(routed.no_topic, dtype=object))
    n_general = int(np.isin(routed.rows, list(GENERAL_SIDES)).sum())
    no_theme = float((assigned == -1).mean()) if len(assigned) else 0.0
    note = None
    if n_themes == 0:
        note = (
            f"too few comments to form themes ({len(mentions)} mention(s); a theme needs at "
            f"least {settings.themes.min_theme_size} similar ones): the report lists the comments"
        )
        say(note)
    say(
        f"{n_themes} topic themes ({len(matched)} carried over, "
        f"{n_themes - len(matched)} new, {len(retired)} retired), {len(parents)} roll-ups; "
        f"{n_general / max(len(mentions), 1):.0%} of mentions only praise or complain "
        f"(general themes), {no_theme:.0%} sit in no theme (they name no topic, or none near "
        f"enough; each has its reason); unassigned share of topical mentions {share:.1%}"
    )
    return {
        "mentions": len(mentions),
        "refit": True,
        "themes": n_themes,
        "carried_over": len(matched),
        "new": n_themes - len(matched),
        "retired": len(retired),
        "parents": len(parents),
        "general_share": n_general / max(len(mentions), 1),
        "no_theme_share": no_theme,
        "unassigned_share": share,
        **({"note": note} if note else {}),
    }


class _IdSource:
    """New theme ids, above every id the store has ever held."""

    def __init__(self, every: pd.DataFrame) -> None:
        self.next = int(every["theme_id"].max()) + 1 if len(every) else 1

    def new(self) -> int:
        self.next += 1
        return self.next - 1


def _general_rows(
    every: pd.DataFrame, ids: _IdSource, mentions: pd.DataFrame, routed: Routed, mid: str
) -> list[dict[str, Any]]:
    """The general praise and general complaint themes (ids kept from one fit to the next)."""
    from verbatim.models.labels import EXAMPLE_CONFIDENCE, general_labels, pick_examples

    rows = []
    for code, side in GENERAL_SIDES.items():
        members = np.flatnonzero(routed.rows == code)
        row = {
            "kind": "general",
            "level": "theme",
            "polarity": side,
            "status": "active",
            "size": len(members),
            "praise_share": float((routed.polarity[members] == "positive").mean())
            if len(members)
            else 0.0,
            "complaint_share": float((routed.polarity[members] == "negative").mean())
            if len(members)
            else 0.0,
            "keywords_fr": [],
            "keywords_en": [],
            "examples": pick_examples(
                members,
                routed.similarity,
                mentions["text"].tolist(),
                mentions["language"].tolist(),
                mentions["response_id"].tolist(),
                5,
                side=np.ones(len(routed.rows), dtype=bool),  # routed there by their polarity
                sure=np.asarray(routed.confidence) >= EXAMPLE_CONFIDENCE,
            )
            if len(members)
            else [],
            "model_id": mid,
            "concept": None,
            **general_labels(side),
        }
        rows.append(_carry_over(row, _previous(every, kind="general", polarity=side), ids))
    return rows


def _previous(every: pd.DataFrame, **match: str) -> pd.DataFrame:
    """The stored themes whose columns equal ``match`` (none when the store has no theme)."""
    if every.empty or any(column not in every for column in match):
        return every.iloc[:0]
    keep = np.ones(len(every), dtype=bool)
    for column, value in match.items():
        keep &= (every[column] == value).to_numpy()
    return every[keep]


def _carry_over(row: dict[str, Any], prev: pd.DataFrame, ids: _IdSource) -> dict[str, Any]:
    """The row under the id of the theme it continues (an analyst's label kept), or a new id."""
    if prev.empty:
        return {**row, "theme_id": ids.new()}
    row = {**row, "theme_id": int(prev["theme_id"].iloc[0])}
    if bool(prev["label_edited"].iloc[0]):  # the stored label stays: no label in the update
        row.pop("label_fr")
        row.pop("label_en")
    return row


def _parent_rows(
    every: pd.DataFrame, ids: _IdSource, themes: pd.DataFrame
) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Roll-ups: one parent per glossary family (``nlp/lang/families.py``) naming two themes or more.

    A subject split into facets ("late deliveries", "order tracking", "damaged parcels") is then
    also ranked as one ("delivery"). Parent ids are kept by family from one fit to the next.
    """
    from verbatim.models.labels import parent_labels, theme_polarity
    from verbatim.nlp.lang.families import family

    if themes.empty or "concept" not in themes:
        return [], {}
    rows, parent_of = [], {}
    named = themes[themes["concept"].notna()]
    named = named.assign(_family=named["concept"].map(family))
    for concept, children in named.groupby("_family", sort=True):
        if len(children) < 2:
            continue
        size = int(children["size"].sum())
        weights = children["size"].to_numpy(dtype=float)
        praise = float(np.average(children["praise_share"], weights=weights)) if size else 0.0
        complaint = float(np.average(children["complaint_share"], weights=weights)) if size else 0.0
        row = {
            "kind": "topic",
            "level": "parent",
            "concept": concept,
            "status": "active",
            "size": size,
            "praise_share": praise,
            "complaint_share": complaint,
            "polarity": theme_polarity(praise, complaint),
            "keywords_fr": [],
            "keywords_en": [],
            "examples": [ex for lst in children["examples"] for ex in lst[:1]],
            "parent_id": None,
            **parent_labels(concept),
        }
        row = _carry_over(row, _previous(every, level="parent", concept=concept), ids)
        rows.append(row)
        for tid in children["theme_id"]:
            parent_of[int(tid)] = row["theme_id"]
    return rows, parent_of


def _emerging_themes(
    store: Store,
    settings: Settings,
    state: dict[str, Any],
    mentions: pd.DataFrame,
    mid: str,
    *,
    run_id: str | None,
) -> dict[int, int]:
    """Birth new themes from the pool of unassigned mentions, when it holds a dense enough idea."""
    from verbatim.models.labels import label_themes
    from verbatim.models.themes import unit_centroids
    from verbatim.nlp.lemmas import quick_lemmas

    min_size = settings.themes.min_theme_size
    topical = mentions["no_topic"].isna() if "no_topic" in mentions else True
    pool = mentions[(mentions["theme_id"] == -1) & topical]
    if len(pool) < 2 * min_size:
        return {}
    if "text" not in pool:  # read with ASSIGN_COLUMNS: add the texts and lemmas of the pool
        words = store.mentions(columns=["mention_id", "text", "lemmas"]).set_index("mention_id")
        pool = pool.join(words, on="mention_id")
    x = mention_matrix(store, pool, mid)
    langs = pool["language"].to_numpy()
    z = theme_space(store, mid, state.get("concept_anchor", 0.0), settings)(
        x, quick_lemmas(pool["text"].tolist(), langs.tolist()), langs
    )
    model = state["model"]
    parts, centroids = emerging_parts(
        model,
        z,
        langs,
        min_theme_size=min_size,
        random_state=settings.themes.seed,
        max_similarity=MATCH_SIMILARITY,
    )
    if not len(centroids):
        return {}
    member = parts >= 0
    polarity = pool["polarity"].fillna("neutral").astype(str).to_numpy(dtype=object)
    confidence = (
        pool["polarity_confidence"].fillna(0.0).to_numpy(dtype=float)
        if "polarity_confidence" in pool
        else np.zeros(len(pool))
    )
    # a new theme's side is read from its own responses, as at a fit (``theme_sides``): its
    # mentions read the other way whose response is on its side take that side, tonight and
    # on the nights that assign to it
    single = single_mentions(mentions)[mentions.index.get_indexer(pool.index)]
    sides, read, confidence = read_by_sides(
        parts, polarity, confidence, mention_scores(store, pool), single, settings
    )
    turned = read != polarity
    polarity = read
    labels = label_themes(
        pool["text"].tolist(),
        fill_lemmas(pool),
        langs.tolist(),
        parts,
        x,
        unit_centroids(x, parts, len(centroids)) if state.get("concept_anchor", 0.0) else centroids,
        polarity=polarity.tolist(),
        confidence=confidence.tolist() if "polarity_confidence" in pool else None,
        response_ids=pool["response_id"].tolist(),
    )
    rows_ = extend_model(model, z[member], langs[member], parts[member])
    next_id = int(store.read_table("themes")["theme_id"].max()) + 1
    new_ids = list(range(next_id, next_id + len(centroids)))
    state["theme_ids"] = list(state["theme_ids"]) + new_ids
    state["theme_sides"] = {
        **state.get("theme_sides", {}),
        **{new_ids[j]: side for j, side in sides.items()},
    }
    assert len(state["theme_ids"]) == len(model.centroids_), (rows_, len(model.centroids_))
    rows = []
    for j, tid in enumerate(new_ids):
        rows.append(
            {
                **label_fields(labels, j, tid),
                "size": int((parts == j).sum()),
                "status": "new",
                "centroid": model.centroids_[rows_[j]],
                "model_id": mid,
            }
        )
    ids = np.asarray(new_ids)
    assigned = pd.DataFrame(
        {
            "mention_id": pool["mention_id"].to_numpy()[member],
            "theme_id": ids[parts[member]],
            "similarity": (z[member] * model.centroids_[np.asarray(rows_)[parts[member]]]).sum(
                axis=1
            ),
        }
    )
    # the mentions whose reading their theme's side turned: their polarity too (only theirs:
    # the others' stored confidence is not in ``mentions``)
    now = turned[member]
    with store.atomic():
        store.save_themes(pd.DataFrame(rows), run_id=run_id)
        store.set_mention_themes(assigned)
        if now.any():
            store.set_mention_themes(
                assigned[now].assign(
                    polarity=polarity[member][now],
                    polarity_confidence=confidence[member][now],
                    no_topic=None,
                )
            )
        save_state(store, state, run_id=run_id)
    mentions.loc[pool.index[member], "theme_id"] = ids[parts[member]]
    mentions.loc[pool.index[turned], "polarity"] = polarity[turned]
    return {tid: int((parts == j).sum()) for j, tid in enumerate(new_ids)}


def _match_candidates(themes: pd.DataFrame) -> pd.DataFrame:
    """Old themes a new one may inherit its id from: active ones, and merged ones as their target."""
    if themes.empty:
        return themes
    if "kind" in themes:  # general themes and roll-ups are kept by kind and topic, not centroid
        themes = themes[(themes["kind"] != "general") & (themes["level"] != "parent")]
    live = themes[themes["status"].isin(["active", "new"]) & themes["centroid"].notna()]
    merged = themes[
        (themes["status"] == "merged") & themes["centroid"].notna() & themes["merged_into"].notna()
    ]
    merged = merged.assign(theme_id=merged["merged_into"].astype("int64"), label_edited=False)
    live_ids = set(live["theme_id"])
    merged = merged[merged["theme_id"].isin(live_ids)]
    if live.empty:
        return merged.reset_index(drop=True)
    if merged.empty:
        return live.reset_index(drop=True)
    return pd.concat([live, merged], ignore_index=True)


def _update_sizes(store: Store, mentions: pd.DataFrame, *, run_id: str | None) -> None:
    sizes = mentions.loc[mentions["theme_id"] >= 0, "theme_id"].value_counts()
    themes = store.themes()
    if themes.empty:
        return
    size = {int(t): int(sizes.get(t, 0)) for t in themes["theme_id"]}
    if "parent_id" in themes:  # a roll-up holds what its children hold
        for parent, children in themes[themes["parent_id"].notna()].groupby("parent_id"):
            size[int(parent)] = sum(size[int(t)] for t in children["theme_id"])
    update = pd.DataFrame({"theme_id": list(size), "size": list(size.values())})
    store.save_themes(update, run_id=run_id)
