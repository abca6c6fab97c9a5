"""The theme-owner map: a versioned YAML file replayed on every run, CLI edits, and the listing.

Analysts give themes an owner — ``service`` (interaction with staff), ``product``, ``pricing``,
``digital``, ``partner`` (dealer, franchisee, carrier), or any short name — so that each follow-up
row says whom it concerns and why (``verbatim.models.owners``). The file named by ``followups.owners_file``
(env ``VERBATIM_OWNERS_FILE``; ``verbatim owners export FILE`` writes one) looks like::

    version: 1
    themes:        # theme id -> owner (see `verbatim owners`)
      12: partner
    concepts:      # glossary concept (`concept` in `verbatim export themes`) -> owner
      dealership: partner
      delivery: partner
    labels:        # a theme's French or English label, any case -> owner
      Service client injoignable: service

The most specific rule wins (id, then label, then concept); a theme no rule names takes its
parent's owner. Concepts and labels survive a refit that renumbers themes; ids are exact.
``verbatim owners set THEME_ID OWNER`` records a rule in the store; the file's rules win over it
and every run replays the file (a rule removed from the file is removed from the store), so
export the map to the file to keep an edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from verbatim.models.owners import OWNER_COLUMNS, check_owner, label_key, reason, theme_owners
from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import Settings

SECTIONS = {"themes": "theme", "labels": "label", "concepts": "concept"}
RULE_COLUMNS = ["match_on", "match_value", "owner", "source"]
LIST_COLUMNS = [
    "theme_id",
    "level",
    "label_en",
    "label_fr",
    "parent_id",
    "concept",
    "size",
    "owner",
    "owner_source",
    "owner_reason",
]
_EXAMPLE = "e.g. themes: {12: partner}, concepts: {delivery: partner}, labels: {Prix: pricing}"


def read_owners_file(path: str | Path) -> pd.DataFrame:
    """The rules of an owners file (``RULE_COLUMNS``, source "file"), or E301 naming what differs."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise VerbatimError(Errors.E301, path=path, detail=str(exc).splitlines()[0]) from None
    if not isinstance(doc, dict):
        detail = f"the file holds a {type(doc).__name__}, expected a mapping"
        raise VerbatimError(Errors.E301, path=path, detail=f"{detail} ({_EXAMPLE})")
    unknown = [k for k in doc if k not in (*SECTIONS, "version")]
    if unknown:
        detail = f"unknown section '{unknown[0]}'; sections: {', '.join(SECTIONS)}"
        raise VerbatimError(Errors.E301, path=path, detail=f"{detail} ({_EXAMPLE})")
    rows = []
    for section, match in SECTIONS.items():
        entries = doc.get(section) or {}
        if not isinstance(entries, dict):
            detail = f"'{section}' is a {type(entries).__name__}, expected a mapping"
            raise VerbatimError(Errors.E301, path=path, detail=f"{detail} ({_EXAMPLE})")
        for key, owner in entries.items():
            rows.append(
                {
                    "match_on": match,
                    "match_value": _match_value(match, key, path, section),
                    "owner": _owner(owner, path, f"{section}.{key}"),
                    "source": "file",
                }
            )
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


def _match_value(match: str, key: Any, path: Path, section: str) -> str:
    if match == "theme":
        try:
            if isinstance(key, bool) or int(str(key).strip()) < 0:
                raise ValueError
            return str(int(str(key).strip()))
        except ValueError:
            detail = f"'{section}' key {key!r} is not a theme id (a whole number)"
            raise VerbatimError(Errors.E301, path=path, detail=detail) from None
    text = str(key).strip()
    if not text:
        raise VerbatimError(Errors.E301, path=path, detail=f"an empty key in '{section}'")
    return label_key(text) if match == "label" else text


def _owner(owner: Any, path: Path, where: str) -> str:
    try:
        return check_owner(owner)
    except ValueError as exc:
        raise VerbatimError(Errors.E301, path=path, detail=f"{where}: {exc}") from None


def apply_owners_file(store: Store, path: str | Path) -> int:
    """Replay the file into the store: its rules replace those an earlier replay left."""
    rules = read_owners_file(path)
    store.set_owner_rules(rules, replace_source="file")
    return len(rules)


def rules(store: Store, settings: Settings | None = None) -> pd.DataFrame:
    """The rules in force: the store's, with the owners file's (when named) in place of the file's last replay."""
    stored = store.owner_rules()
    path = settings.followups.owners_file if settings is not None else None
    if not path:
        return stored[RULE_COLUMNS] if len(stored) else pd.DataFrame(columns=RULE_COLUMNS)
    from_file = read_owners_file(path)
    keys = set(zip(from_file["match_on"], from_file["match_value"], strict=True))
    pairs = zip(stored["match_on"], stored["match_value"], strict=True)
    overridden = np.array([p in keys for p in pairs], dtype=bool)
    kept = stored[(stored["source"] != "file").to_numpy() & ~overridden]
    return pd.concat([kept[RULE_COLUMNS], from_file], ignore_index=True)


def owned_themes(themes: pd.DataFrame, rules_: pd.DataFrame) -> pd.DataFrame:
    """``verbatim.models.owners.theme_owners`` of the non-general themes (general ones name no subject)."""
    if themes.empty:
        return pd.DataFrame(columns=OWNER_COLUMNS)
    topical = themes[themes["kind"] != "general"] if "kind" in themes else themes
    return theme_owners(topical, rules_)


def owner_table(
    store: Store, settings: Settings, *, completed_runs_only: bool = False
) -> pd.DataFrame:
    """Each active topic theme and roll-up with its owner and why (``LIST_COLUMNS``)."""
    themes = store.themes(completed_runs_only=completed_runs_only)
    if themes.empty:
        return pd.DataFrame(columns=LIST_COLUMNS)
    themes = themes[themes["kind"] != "general"]
    owned = owned_themes(themes, rules(store, settings))
    labels = {
        int(t): str(en or fr or f"theme {t}")
        for t, en, fr in zip(
            themes["theme_id"], themes["label_en"], themes["label_fr"], strict=True
        )
    }
    table = themes.merge(owned, on="theme_id", how="left")
    table["owner_reason"] = [
        reason(r, labels) if isinstance(r["owner"], str) else None for r in table.to_dict("records")
    ]
    table["parent_id"] = table["parent_id"].astype("Int64")
    return table[LIST_COLUMNS].sort_values("theme_id", kind="stable").reset_index(drop=True)


def unowned(table: pd.DataFrame) -> pd.DataFrame:
    """The topic themes (not roll-ups) of ``owner_table`` that no rule reaches."""
    return table[(table["level"] != "parent") & table["owner"].isna()].reset_index(drop=True)


def set_owner(store: Store, settings: Settings, theme_id: int, owner: str | None) -> dict[str, Any]:
    """Record (or, with None, remove) a theme's owner; says when the owners file overrides it."""
    themes = store.themes(include_retired=True)
    row = themes[themes["theme_id"] == int(theme_id)]
    if row.empty:
        raise VerbatimError(Errors.E205, theme_id=theme_id)
    if row.iloc[0].get("kind") == "general":
        raise VerbatimError(
            Errors.E302,
            option="THEME_ID",
            value=theme_id,
            rule="A general theme (praise or complaint naming no subject) has no owner; "
            "give one to the topic themes (see `verbatim owners`).",
        )
    name = None
    if owner is not None:
        try:
            name = check_owner(owner)
        except ValueError as exc:
            raise VerbatimError(Errors.E302, option="OWNER", value=owner, rule=str(exc)) from None
    store.set_owner_rules(
        pd.DataFrame(
            [
                {
                    "match_on": "theme",
                    "match_value": str(int(theme_id)),
                    "owner": name,
                    "source": "cli",
                }
            ]
        )
    )
    overridden = None
    path = settings.followups.owners_file
    if path:
        from_file = read_owners_file(path)
        hit = from_file[
            (from_file["match_on"] == "theme") & (from_file["match_value"] == str(int(theme_id)))
        ]
        overridden = hit.iloc[0]["owner"] if len(hit) else None
    return {"theme_id": int(theme_id), "owner": name, "file_owner": overridden, "file": path}


def export_owners(store: Store, settings: Settings, path: str | Path) -> Path:
    """Write the rules in force as an owners file (the format ``read_owners_file`` reads)."""
    path = Path(path)
    in_force = rules(store, settings)
    doc: dict[str, Any] = {"version": 1}
    for section, match in SECTIONS.items():
        mine = in_force[in_force["match_on"] == match]
        if match == "theme":
            mine = mine.assign(_k=mine["match_value"].astype(int)).sort_values("_k")
            doc[section] = {int(k): o for k, o in zip(mine["_k"], mine["owner"], strict=True)}
        else:
            mine = mine.sort_values("match_value")
            doc[section] = dict(zip(mine["match_value"], mine["owner"], strict=True))
    text = (
        "# Theme owners for Verbatim (followups.owners_file): theme id, glossary concept or label\n"
        "# -> owner. The most specific wins (id, label, concept); a theme without one takes its\n"
        "# parent's. Replayed on every run.\n"
        + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    )
    from verbatim.pipelines.steps.report.safe import atomic_path

    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


PER_OWNER = {"callback_detractors": "callback", "thank_promoters": "thank"}


def per_owner_lists(lists: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``callback_<owner>`` and ``thank_<owner>``: each list's rows that concern an owner.

    A row about two owners is in both owners' lists; owners without rows get no list.
    """
    out: dict[str, pd.DataFrame] = {}
    for name, prefix in PER_OWNER.items():
        frame = lists.get(name)
        if frame is None or frame.empty or "owners" not in frame:
            continue
        names = frame["owners"].fillna("").str.split("; ")
        for owner in sorted({o for row in names for o in row if o}):
            mine = frame[names.map(lambda row, o=owner: o in row)]
            out[f"{prefix}_{owner}"] = mine.reset_index(drop=True)
    return out


def remove_stale_owner_lists(
    store: Store, settings: Settings, out: Path, *, keep: set[str]
) -> list[Path]:
    """Delete an earlier run's per-owner lists for owners that have no rows now.

    Only ``callback_<owner>``/``thank_<owner>`` files of owners the map or the callback rule
    names are touched: yesterday's list for an owner must not pass for today's.
    """
    known = set(rules(store, settings)["owner"]) | set(settings.followups.callback_owner_scores)
    removed = []
    for owner in sorted(o for o in known if isinstance(o, str)):
        for prefix in PER_OWNER.values():
            if f"{prefix}_{owner}" in keep:
                continue
            for suffix in (".csv", ".xlsx"):
                path = out / f"{prefix}_{owner}{suffix}"
                if path.is_file():
                    path.unlink()
                    removed.append(path)
    return removed


def with_owners(themes: pd.DataFrame, store: Store, settings: Settings) -> pd.DataFrame:
    """``themes`` with an ``owner`` column (DESIGN ``themes`` export): None for none or general."""
    owned = owned_themes(themes, rules(store, settings))[["theme_id", "owner"]]
    out = themes.merge(owned, on="theme_id", how="left")
    return out.assign(
        owner=pd.Series(
            [o if isinstance(o, str) else None for o in out["owner"]], index=out.index, dtype=object
        )
    )
