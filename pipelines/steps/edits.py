"""Analyst edits of the theme registry: rename, merge, split, pin — kept in the store and in YAML.

Each edit is recorded in ``theme_edits`` and can be written to a versioned YAML file
(``verbatim themes edits --export theme_edits.yaml``); a file named in ``themes.edits_file`` is
replayed on every run, so edits survive refits: renamed labels win over computed ones, pinned
themes are never retired, merged themes keep pointing at their target.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from sqlalchemy import select

from verbatim.models.lifecycle import drop_from_model, extend_model
from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.io import schema
from verbatim.pipelines.io.store import Store, now
from verbatim.pipelines.steps.registry import (
    StateFormatError,
    fill_lemmas,
    label_fields,
    load_state,
    mention_matrix,
    save_state,
    theme_space,
)

ACTIONS = ("rename", "merge", "split", "pin", "unpin")


def _theme(store: Store, theme_id: int) -> pd.Series:
    themes = store.themes(include_retired=True)
    row = themes[themes["theme_id"] == int(theme_id)]
    if row.empty:
        raise VerbatimError(Errors.E205, theme_id=theme_id)
    return row.iloc[0]


def _saved_state(store: Store) -> dict[str, Any] | None:
    """The saved theme state, or None when there is none or it is not read (old or damaged).

    Not read, it is left as it is: the next theme step says why and refits, and a refit
    carries merges and splits over from the themes table.
    """
    try:
        return load_state(store)
    except StateFormatError:
        return None


def _record(store: Store, action: str, payload: dict[str, Any]) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            schema.theme_edits.insert().values(
                action=action, payload=json.dumps(payload, ensure_ascii=False), created_at=now()
            )
        )


def rename(
    store: Store,
    theme_id: int,
    *,
    label_fr: str | None = None,
    label_en: str | None = None,
    record: bool = True,
) -> dict[str, Any]:
    """Give a theme an analyst's label in French and/or English; later runs keep it."""
    row = _theme(store, theme_id)
    if not label_fr and not label_en:
        raise VerbatimError(
            Errors.E302, option="rename", value=None, rule="Give --fr LABEL and/or --en LABEL."
        )
    update = {
        "theme_id": int(theme_id),
        "label_fr": label_fr or row["label_fr"],
        "label_en": label_en or row["label_en"],
        "label_edited": True,
    }
    store.save_themes(pd.DataFrame([update]))
    payload = {
        "theme_id": int(theme_id),
        "label_fr": update["label_fr"],
        "label_en": update["label_en"],
    }
    if record:
        _record(store, "rename", payload)
    return payload


def pin(store: Store, theme_id: int, *, pinned: bool = True, record: bool = True) -> dict[str, Any]:
    """Pin a theme: it is never retired by a refit and keeps its label."""
    _theme(store, theme_id)
    store.save_themes(pd.DataFrame([{"theme_id": int(theme_id), "pinned": pinned}]))
    payload = {"theme_id": int(theme_id)}
    if record:
        _record(store, "pin" if pinned else "unpin", payload)
    return payload


def merge(store: Store, source_id: int, target_id: int, *, record: bool = True) -> dict[str, Any]:
    """Merge theme ``source_id`` into ``target_id``: its mentions move, it points at the target."""
    if int(source_id) == int(target_id):
        raise VerbatimError(
            Errors.E302,
            option="merge",
            value=source_id,
            rule="A theme cannot be merged into itself.",
        )
    source, target = _theme(store, source_id), _theme(store, target_id)
    if target["status"] in ("retired", "merged"):
        raise VerbatimError(
            Errors.E302,
            option="merge",
            value=target_id,
            rule=f"Theme {target_id} is {target['status']}; merge into an active theme.",
        )
    with store.engine.begin() as conn:
        conn.execute(
            schema.mentions.update()
            .where(schema.mentions.c.theme_id == int(source_id))
            .values(theme_id=int(target_id))
        )
    size = int(source["size"] or 0) + int(target["size"] or 0)
    store.save_themes(
        pd.DataFrame(
            [
                {
                    "theme_id": int(source_id),
                    "status": "merged",
                    "merged_into": int(target_id),
                    "size": 0,
                },
                {"theme_id": int(target_id), "size": size},
            ]
        )
    )
    state = _saved_state(store)
    if state is not None:  # new mentions close to the old source now land in the target
        state["theme_ids"] = [
            int(target_id) if t == int(source_id) else t for t in state["theme_ids"]
        ]
        save_state(store, state, run_id=None)
    payload = {"source": int(source_id), "target": int(target_id)}
    if record:
        _record(store, "merge", payload)
    return payload


def split(
    store: Store, theme_id: int, *, parts: int = 2, record: bool = True, seed: int = 0
) -> dict[str, Any]:
    """Split a theme into ``parts`` sub-themes by clustering its mentions; returns the new ids."""
    from sklearn.cluster import KMeans

    from verbatim.models.labels import label_themes
    from verbatim.nlp.embed import model_id
    from verbatim.nlp.lemmas import quick_lemmas

    row = _theme(store, theme_id)
    if parts < 2:
        raise VerbatimError(Errors.E302, option="--parts", value=parts, rule="Use 2 or more.")
    mine = store.mentions(theme_id=int(theme_id)).reset_index(drop=True)  # not every mention
    if len(mine) < 2 * parts:
        raise VerbatimError(
            Errors.E302,
            option="split",
            value=theme_id,
            rule=f"Theme {theme_id} has {len(mine)} mentions; too few to split.",
        )
    mid = row["model_id"] or model_id("use-multilingual-v3")
    x = mention_matrix(store, mine, mid)
    km = KMeans(n_clusters=parts, n_init=10, random_state=seed).fit(x)
    centroids = km.cluster_centers_ / np.linalg.norm(km.cluster_centers_, axis=1, keepdims=True)
    labels = label_themes(
        mine["text"].tolist(),
        fill_lemmas(mine),
        mine["language"].tolist(),
        km.labels_,
        x,
        centroids,
        response_ids=mine["response_id"].tolist(),
    )
    with store.engine.connect() as conn:
        next_id = (
            int(
                conn.execute(
                    select(schema.themes.c.theme_id).order_by(schema.themes.c.theme_id.desc())
                ).scalar()
                or 0
            )
            + 1
        )
    new_ids = list(range(next_id, next_id + parts))
    rows = []
    for k, tid in enumerate(new_ids):
        rows.append(
            {
                **label_fields(labels, k, tid),
                "status": "new",
                "centroid": centroids[k],
                "model_id": mid,
                "parent_id": int(theme_id),
            }
        )
    store.save_themes(pd.DataFrame(rows))
    store.save_themes(pd.DataFrame([{"theme_id": int(theme_id), "status": "retired", "size": 0}]))
    sims = (x * centroids[km.labels_]).sum(axis=1)
    store.set_mention_themes(
        pd.DataFrame(
            {
                "mention_id": mine["mention_id"],
                "theme_id": [new_ids[k] for k in km.labels_],
                "similarity": sims,
            }
        )
    )
    state = _saved_state(store)
    if state is not None:  # future mentions can land in the parts, not in the old theme
        model = state["model"]
        for index, tid in enumerate(state["theme_ids"]):
            if tid == int(theme_id):
                drop_from_model(model, index)
        langs = mine["language"].to_numpy()
        space = theme_space(store, mid, state.get("concept_anchor", 0.0))  # the model's own space
        lemmas = quick_lemmas(mine["text"].tolist(), langs.tolist())
        extend_model(model, space(x, lemmas, langs), langs, km.labels_)
        state["theme_ids"] = list(state["theme_ids"]) + new_ids
        save_state(store, state, run_id=None)
    payload = {"theme_id": int(theme_id), "parts": parts, "new_ids": new_ids}
    if record:
        _record(store, "split", payload)
    return payload


def edits(store: Store) -> list[dict[str, Any]]:
    """Every recorded edit, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.theme_edits).order_by(schema.theme_edits.c.id))
        return [
            {"action": r.action, **json.loads(r.payload), "at": r.created_at.isoformat()}
            for r in rows
        ]


def export_edits(store: Store, path: str | Path) -> Path:
    """Write the edits as YAML, to version them next to the project's configuration."""
    path = Path(path)
    path.write_text(
        yaml.safe_dump({"version": 1, "edits": edits(store)}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def _check_edits(doc: Any, path: Path) -> None:
    """The shape ``export_edits`` writes, or an error naming what differs (E301)."""
    example = "e.g. edits: [{action: rename, theme_id: 3, label_fr: …, label_en: …}]"
    if not isinstance(doc, dict):
        detail = f"the file holds a {type(doc).__name__}, expected a mapping with an 'edits' list"
    elif not isinstance(doc.get("edits") or [], list):
        detail = f"'edits' is a {type(doc['edits']).__name__}, expected a list"
    else:
        bad = [
            i
            for i, e in enumerate(doc.get("edits") or [], start=1)
            if not isinstance(e, dict) or e.get("action") not in ACTIONS
        ]
        if not bad:
            return
        detail = (
            f"edit #{bad[0]} is not a mapping with an action among {', '.join(sorted(ACTIONS))}"
        )
    raise VerbatimError(Errors.E301, path=path, detail=f"{detail} ({example})")


def apply_edits_file(store: Store, path: str | Path) -> int:
    """Replay renames, pins and merges from a YAML file (idempotent); returns how many applied."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise VerbatimError(Errors.E301, path=path, detail=str(exc).splitlines()[0]) from None
    _check_edits(doc, path)
    themes = store.themes(include_retired=True).set_index("theme_id")
    applied = 0
    for edit in doc.get("edits") or []:
        action = edit.get("action")
        tid = edit.get("theme_id", edit.get("source"))
        if action not in ACTIONS or tid is None or int(tid) not in themes.index:
            continue
        if action == "rename":
            rename(
                store,
                int(tid),
                label_fr=edit.get("label_fr"),
                label_en=edit.get("label_en"),
                record=False,
            )
        elif action in ("pin", "unpin"):
            pin(store, int(tid), pinned=action == "pin", record=False)
        elif action == "merge" and themes.loc[int(tid), "status"] != "merged":
            if int(edit["target"]) in themes.index:
                merge(store, int(tid), int(edit["target"]), record=False)
        else:
            continue  # splits are not replayed: their new ids already carry over
        applied += 1
    return applied
