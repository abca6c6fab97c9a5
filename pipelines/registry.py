"""The theme registry: fit or assign themes, keep theme ids and analyst edits stable across runs.

A first run (or ``--refit``) fits the theme model on every mention; later runs only assign new
mentions to the existing themes. After a refit, new themes are matched to old ones by centroid
(optimal one-to-one assignment) so ids, edited labels and pins carry over; old themes left
unmatched are retired, never deleted.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import numpy as np
import pandas as pd

from pipelines.settings import Settings
from pipelines.store import Store

log = logging.getLogger("verbatim")
MODEL_ARTIFACT = "theme_model"
MATCH_SIMILARITY = 0.8


def load_state(store: Store) -> dict[str, Any] | None:
    """The fitted theme model and the theme id of each of its rows, as last saved."""
    blob = store.get_artifact(MODEL_ARTIFACT)
    return None if blob is None else pickle.loads(blob)  # our own store, written below


def save_state(store: Store, state: dict[str, Any], *, run_id: str | None) -> None:
    """Persist the fitted model with its theme ids."""
    store.put_artifact(MODEL_ARTIFACT, pickle.dumps(state), run_id=run_id)


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
ASSIGN_COLUMNS = ["mention_id", "response_id", "position", "language", "theme_id", "text_hash"]
LABEL_SAMPLE = 300  # mentions per theme, nearest its centroid, used to compute its labels


def label_fields(labels: pd.DataFrame, k: int) -> dict[str, Any]:
    """Labels, key phrases, examples and size of theme row ``k`` of a ``label_themes`` frame."""
    lab = labels.loc[labels["theme"] == k].iloc[0]
    return {
        "label_fr": lab["label_fr"],
        "label_en": lab["label_en"],
        "keywords_fr": list(lab["keywords_fr"]),
        "keywords_en": list(lab["keywords_en"]),
        "examples": list(lab["examples"]),
        "size": int(lab["size"]),
    }


def label_sample(labels: np.ndarray, similarity: np.ndarray, per_theme: int = LABEL_SAMPLE):
    """Row indices of the ``per_theme`` mentions nearest each theme's centroid, in row order."""
    picked = []
    for k in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == k)
        picked.append(members[np.argsort(-similarity[members], kind="stable")[:per_theme]])
    return np.sort(np.concatenate(picked)) if picked else np.zeros(0, dtype=np.int64)


def fill_lemmas(mentions: pd.DataFrame) -> list[str]:
    """Lemma strings of the mentions, lemmatizing (spaCy) only those prepared without them."""
    from nlp.lemmas import lemmatize
    from nlp.pii import PLACEHOLDER_RE

    lemmas = mentions["lemmas"].tolist()
    todo = [i for i, v in enumerate(lemmas) if not isinstance(v, str) or not v]
    if todo:
        texts = [PLACEHOLDER_RE.sub(" ", mentions["text"].iloc[i]) for i in todo]
        langs = [mentions["language"].iloc[i] for i in todo]
        distinct = list(dict.fromkeys(zip(texts, langs, strict=True)))  # repeats lemmatized once
        done = dict(
            zip(
                distinct,
                lemmatize([t for t, _ in distinct], [lang for _, lang in distinct]),
                strict=True,
            )
        )
        for i, key in zip(todo, zip(texts, langs, strict=True), strict=True):
            lemmas[i] = " ".join(done[key])
    return lemmas


def mention_scores(store: Store, mentions: pd.DataFrame) -> np.ndarray:
    """The NPS score of each mention's response (NaN when the response has none)."""
    scores = store.scores().astype("Float64")  # not the comments: 1 GB at 1M responses
    return scores.reindex(mentions["response_id"]).to_numpy(dtype=float, na_value=np.nan)


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
    from nlp.embed import cache_key

    mid = cache_key(settings.embedding.model, settings.embedding.document_prompt)
    state = load_state(store)
    reason = _refit_reason(state, settings, mid, refit)
    # a night that only assigns needs neither the texts nor the lemmas; a fit does
    mentions = store.mentions() if reason is not None else store.mentions(columns=ASSIGN_COLUMNS)
    if pending is not None and (mentions.empty or reason is None):
        pending.finish(store, settings, say=say)
    if mentions.empty:
        say("no mentions: no themes to build")
        return {"mentions": 0, "themes": 0, "refit": False, "unassigned_share": 0.0}
    if reason is None:
        todo = mentions["theme_id"].isna().to_numpy()
        if todo.any():
            x_new = mention_matrix(store, mentions[todo], mid)
            idx, sim = state["model"].assign(
                x_new, groups=mentions.loc[todo, "language"].to_numpy()
            )
            ids = np.asarray(state["theme_ids"])
            theme_ids = np.where(idx >= 0, ids[np.clip(idx, 0, None)], -1)
            store.set_mention_themes(
                pd.DataFrame(
                    {
                        "mention_id": mentions.loc[todo, "mention_id"].to_numpy(),
                        "theme_id": theme_ids,
                        "similarity": sim,
                    }
                )
            )
            mentions.loc[todo, "theme_id"] = theme_ids
            emerged = _emerging_themes(store, settings, state, mentions, mid, run_id=run_id)
            if emerged:
                say(
                    f"{len(emerged)} emerging theme(s) born from unassigned mentions: "
                    + ", ".join(f"{t} ({n})" for t, n in emerged.items())
                )
        share = float((mentions["theme_id"] == -1).mean())
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
                "themes": len(state["theme_ids"]),
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


def sample_order(mentions: pd.DataFrame) -> np.ndarray:
    """Row positions ranked by ``sample_key`` of their response, then by position.

    A fixed pseudo-random order, the one prepare follows (so the one the background process
    embeds in): a refit fits on its head and assigns the tail as its vectors arrive.
    """
    from nlp.hashing import sample_key

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
    model: Any,
    mentions: pd.DataFrame,
    fit: np.ndarray,
    rest: np.ndarray,
    *,
    pending: Any = None,
    say: Callable[[str], None] = log.info,
) -> tuple[np.ndarray, np.ndarray]:
    """Model row and similarity of every mention: the fitted ones as fitted, the others assigned.

    The mentions ``rest`` (outside the fitted sample, see ``sample_split``) are assigned block
    by block as new mentions are (nearest prototype), so the whole matrix is never in memory.
    With ``pending`` embedding, each block goes as soon as its vectors exist.
    """
    from nlp.embed import cache_key

    mid = cache_key(settings.embedding.model, settings.embedding.document_prompt)
    n = len(mentions)
    rows_k = np.full(n, -1, dtype=np.int64)
    similarity = np.zeros(n, dtype=np.float32)
    rows_k[fit] = model.labels_
    similarity[fit] = model.similarity_
    langs = mentions["language"].to_numpy()
    hashes = mentions["text_hash"].to_numpy()
    for start in range(0, len(rest), ASSIGN_BLOCK):
        block = rest[start : start + ASSIGN_BLOCK]
        if pending is not None and pending.counts is None:
            pending.wait_for(store, settings, hashes[block].tolist(), say=say)
        x = mention_matrix(store, mentions.iloc[block], mid)
        with one_core() if pending is not None and pending.counts is None else nullcontext():
            rows_k[block], similarity[block] = model.assign(x, groups=langs[block])
    return rows_k, similarity


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
    settings: Settings,
    fitted: pd.DataFrame,
    langs: np.ndarray,
    x: np.ndarray,
    scores: np.ndarray,
) -> tuple[Any, pd.DataFrame]:
    """The theme model fitted on ``fitted`` (vectors ``x``) and the labels of its themes."""
    from models.labels import label_themes
    from models.themes import ThemeModel

    model = ThemeModel(
        n_themes=settings.themes.n_themes,
        min_theme_size=settings.themes.min_theme_size,
        resolution=settings.themes.resolution,
        polarity_gap=settings.themes.polarity_gap,
        random_state=settings.themes.seed,
    ).fit(x, groups=langs, scores=scores)
    # labels from the mentions nearest each centroid: the French tagger on every mention of a
    # large store would cost more than the clustering itself
    idx = label_sample(model.labels_, model.similarity_)
    sample = fitted.iloc[idx]
    labels = label_themes(
        sample["text"].tolist(),
        fill_lemmas(sample),
        langs[idx].tolist(),
        model.labels_[idx],
        x[idx],
        model.centroids_,
        response_ids=sample["response_id"].tolist(),
    )
    return model, labels


def _refit_reason(
    state: dict[str, Any] | None, settings: Settings, mid: str, refit: bool
) -> str | None:
    if state is None:
        return "no theme model yet"
    if refit:
        return "--refit"
    if state.get("embedding_model") != mid:
        return f"embedding model changed to {mid}"
    forced = settings.themes.n_themes
    if forced and forced != len(state["theme_ids"]):
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
    from models.matching import match_centroids

    langs = mentions["language"].to_numpy()
    fit, rest = sample_split(mentions, settings.themes.fit_sample)
    fitted = mentions.iloc[fit]
    if pending is not None:  # the sample is embedded first (prepare follows its order)
        pending.wait_for(store, settings, fitted["text_hash"].tolist(), say=say)
        if pending.counts is None:
            say(f"the {len(fit)} sampled mentions are embedded: fitting while the rest embed")
    x = mention_matrix(store, fitted, mid)
    with one_core() if pending is not None else nullcontext():
        model, labels = _fit_and_label(
            settings, fitted, langs[fit], x, mention_scores(store, fitted)
        )
    del x
    if pending is not None and pending.counts is None:
        say("themes fitted and labelled; assigning the other mentions as they are embedded")
    rows_k, similarity = assign_rest(
        store, settings, model, mentions, fit, rest, pending=pending, say=say
    )
    if pending is not None:
        pending.finish(store, settings, say=say)
    sizes = np.bincount(rows_k[rows_k >= 0], minlength=model.centroids_.shape[0])
    labels["size"] = [int(sizes[k]) for k in labels["theme"]]
    every = store.themes(include_retired=True)
    first_run = every.empty
    old = _match_candidates(every)
    old_centroids = np.vstack(old["centroid"].to_list()) if len(old) else np.zeros((0, 1))
    matched = match_centroids(old_centroids, model.centroids_, min_similarity=MATCH_SIMILARITY)
    next_id = int(every["theme_id"].max()) + 1 if not first_run else 1
    theme_ids: list[int] = []
    rows = []
    for k in range(model.centroids_.shape[0]):
        row = {
            **label_fields(labels, k),
            "centroid": model.centroids_[k],
            "model_id": mid,
            "parent_id": int(model.parents_[k])
            if getattr(model, "parents_", None) is not None
            else None,
        }
        if k in matched:
            prev = old.iloc[matched[k]]
            row["theme_id"] = int(prev["theme_id"])  # a merged theme's centroid maps to its target
            row["status"] = "active"
            if bool(prev["label_edited"]):  # an analyst's label wins over the computed one
                row["label_fr"], row["label_en"] = prev["label_fr"], prev["label_en"]
        else:
            row["theme_id"] = next_id
            next_id += 1
            row["status"] = "active" if first_run else "new"
        theme_ids.append(row["theme_id"])
        rows.append(row)
    kept = {int(old.iloc[j]["theme_id"]) for j in matched.values()}
    active_before = every[every["status"].isin(["active", "new"])] if len(every) else every
    retired = [
        {"theme_id": int(t), "status": "retired", "size": 0}
        for t, pinned in zip(
            active_before.get("theme_id", []), active_before.get("pinned", []), strict=True
        )
        if int(t) not in kept and not bool(pinned)  # pinned themes are never retired
    ]
    # several model rows may carry one id (an analyst merge): save one row per theme id
    new_df = pd.DataFrame(rows)
    new_df = new_df.groupby("theme_id", as_index=False, sort=False).agg(
        {c: ("sum" if c == "size" else "first") for c in new_df.columns if c != "theme_id"}
    )
    # parent ids refer to model rows: turn them into theme ids of the parent's first member
    if new_df["parent_id"].notna().any():
        first_member: dict[int, int] = {}
        for k, p in enumerate(model.parents_):
            first_member.setdefault(int(p), theme_ids[k])
        parent_of = {theme_ids[k]: first_member[int(p)] for k, p in enumerate(model.parents_)}
        new_df["parent_id"] = new_df["theme_id"].map(parent_of)
    ids = np.asarray(theme_ids)
    assigned = np.where(rows_k >= 0, ids[np.clip(rows_k, 0, None)], -1)
    with store.atomic():  # readers (the API) see the old themes or the new ones, never a mix
        store.save_themes(new_df, run_id=run_id)
        if retired:
            store.save_themes(pd.DataFrame(retired), run_id=run_id)
        store.set_mention_themes(
            pd.DataFrame(
                {
                    "mention_id": mentions["mention_id"].to_numpy(),
                    "theme_id": assigned,
                    "similarity": similarity,
                }
            )
        )
        save_state(
            store, {"model": model, "theme_ids": theme_ids, "embedding_model": mid}, run_id=run_id
        )
    share = float((assigned == -1).mean())
    say(
        f"{len(theme_ids)} themes ({len(matched)} carried over, "
        f"{len(theme_ids) - len(matched)} new, {len(retired)} retired); "
        f"unassigned share {share:.1%}"
    )
    return {
        "mentions": len(mentions),
        "refit": True,
        "themes": len(theme_ids),
        "carried_over": len(matched),
        "new": len(theme_ids) - len(matched),
        "retired": len(retired),
        "unassigned_share": share,
    }


def extend_model(model: Any, x: np.ndarray, groups: np.ndarray, parts: np.ndarray) -> list[int]:
    """Add themes to a fitted model from rows ``x`` grouped by ``parts`` (0..m-1).

    Each part gets a prototype (its mean in the model's language-centred space) and a centroid
    (its mean in the original space); returns the new model row indices, in part order.
    """
    z = model._centre(x, groups)
    start = len(model.centroids_)
    protos, owners, cents = [], [], []
    for part in range(int(parts.max()) + 1):
        members = parts == part
        p = z[members].mean(axis=0)
        c = x[members].mean(axis=0)
        protos.append(p / max(np.linalg.norm(p), 1e-12))
        cents.append(c / max(np.linalg.norm(c), 1e-12))
        owners.append(start + part)
    model.prototypes_ = np.vstack([model.prototypes_, np.asarray(protos)]).astype(np.float32)
    model.prototype_themes_ = np.concatenate([model.prototype_themes_, np.asarray(owners)])
    model.centroids_ = np.vstack([model.centroids_, np.asarray(cents)]).astype(np.float32)
    if getattr(model, "parents_", None) is not None:
        top = int(model.parents_.max()) + 1 if len(model.parents_) else 0
        model.parents_ = np.concatenate([model.parents_, np.arange(top, top + len(owners))])
    model.n_themes_ = len(model.centroids_)
    return owners


def drop_from_model(model: Any, index: int) -> None:
    """Stop assigning rows to model row ``index`` (its theme was split or retired)."""
    keep = model.prototype_themes_ != index
    model.prototypes_ = model.prototypes_[keep]
    model.prototype_themes_ = model.prototype_themes_[keep]


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
    from models.labels import label_themes
    from models.themes import ThemeModel

    min_size = settings.themes.min_theme_size
    pool = mentions[mentions["theme_id"] == -1]
    if len(pool) < 2 * min_size:
        return {}
    if "text" not in pool:  # read with ASSIGN_COLUMNS: add the texts and lemmas of the pool
        words = store.mentions(columns=["mention_id", "text", "lemmas"]).set_index("mention_id")
        pool = pool.join(words, on="mention_id")
    x = mention_matrix(store, pool, mid)
    langs = pool["language"].to_numpy()
    sub = ThemeModel(min_theme_size=min_size, random_state=settings.themes.seed).fit(
        x, groups=langs
    )
    model = state["model"]
    if sub.n_themes_ == 0 or len(model.centroids_) == 0:
        return {}
    keep = []
    for k in range(sub.n_themes_):
        size = int((sub.labels_ == k).sum())
        closest = float((model.centroids_ @ sub.centroids_[k]).max())
        if size >= min_size and closest < MATCH_SIMILARITY:
            keep.append(k)
    if not keep:
        return {}
    parts = np.full(len(pool), -1)
    for j, k in enumerate(keep):
        parts[sub.labels_ == k] = j
    member = parts >= 0
    labels = label_themes(
        pool["text"].tolist(),
        fill_lemmas(pool),
        langs.tolist(),
        parts,
        x,
        sub.centroids_[keep],
        response_ids=pool["response_id"].tolist(),
    )
    rows_ = extend_model(model, x[member], langs[member], parts[member])
    next_id = int(store.read_table("themes")["theme_id"].max()) + 1
    new_ids = list(range(next_id, next_id + len(keep)))
    state["theme_ids"] = list(state["theme_ids"]) + new_ids
    assert len(state["theme_ids"]) == len(model.centroids_), (rows_, len(model.centroids_))
    rows = []
    for j, tid in enumerate(new_ids):
        rows.append(
            {
                **label_fields(labels, j),
                "theme_id": tid,
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
            "similarity": (x[member] * model.centroids_[np.asarray(rows_)[parts[member]]]).sum(
                axis=1
            ),
        }
    )
    with store.atomic():
        store.save_themes(pd.DataFrame(rows), run_id=run_id)
        store.set_mention_themes(assigned)
        save_state(store, state, run_id=run_id)
    mentions.loc[pool.index[member], "theme_id"] = ids[parts[member]]
    return {tid: int((parts == j).sum()) for j, tid in enumerate(new_ids)}


def _match_candidates(themes: pd.DataFrame) -> pd.DataFrame:
    """Old themes a new one may inherit its id from: active ones, and merged ones as their target."""
    if themes.empty:
        return themes
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
    update = pd.DataFrame(
        {
            "theme_id": themes["theme_id"],
            "size": [int(sizes.get(t, 0)) for t in themes["theme_id"]],
        }
    )
    store.save_themes(update, run_id=run_id)
