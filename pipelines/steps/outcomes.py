"""Close the loop: import what happened to each follow-up, and what became of called-back detractors.

An analyst hands back a CSV or XLSX (or Parquet, JSONL) with one row per follow-up and status::

    followup_id;status;date;note
    cb-3f9a1c0e5b7d2a46;reached;2026-11-03;rappel fait, geste commercial
    cb-3f9a1c0e5b7d2a46;resolved;2026-11-05;

Headers are read in English or French (``statut``, ``résultat``, ``commentaire``…); a status is
``called``, ``reached``, ``resolved`` or ``not_reachable`` (also ``appelé``, ``joint``,
``résolu``, ``injoignable``, ``not reachable``). A row whose id is not one of the follow-up
lists' (``verbatim.models.followups.followup_id`` of a detractor, promoter or non-respondent in the store),
whose status is none of these or whose date is not a date (or is in the future) is rejected with
its reason into ``rejects``, as ingest does; the others are stored, one per follow-up and status
(a repeat updates it, so importing a file again changes nothing). Notes are stored, never served.

``outcomes`` then links each detractor with the same customer's next answer and compares
called-back detractors with those not called, overall, per owner and per theme
(``verbatim.models.outcomes``): observational, and it says so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from verbatim.models import followups
from verbatim.models.nps import categorize
from verbatim.models.outcomes import (
    OBSERVATIONAL_NOTE,
    OUTCOME_COLUMNS,
    STATUSES,
    group_of,
    link_next_answers,
    outcome_table,
)
from verbatim.nlp.normalize import strip_accents
from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import Settings

# what each column may be called (normalised: lowercase, no accents, _ and - as spaces)
HEADERS = {
    "followup_id": ("followup id", "follow up id", "id suivi", "id relance", "id"),
    "status": ("status", "statut", "outcome", "result", "resultat", "issue"),
    "date": ("date", "outcome date", "called at", "date appel", "date de l appel"),
    "note": ("note", "notes", "comment", "commentaire", "remarque"),
}
STATUS_WORDS = {
    "called": "called",
    "appele": "called",
    "reached": "reached",
    "joint": "reached",
    "contacte": "reached",
    "resolved": "resolved",
    "resolu": "resolved",
    "not reachable": "not_reachable",
    "not reached": "not_reachable",
    "unreachable": "not_reachable",
    "injoignable": "not_reachable",
    "non joint": "not_reachable",
}
NOTE_MAX_CHARS = 2000


def _norm(text: Any) -> str:
    """Lowercase, accents stripped, ``_`` and ``-`` as spaces, spaces collapsed."""
    raw = strip_accents(str(text)).lower()
    return " ".join(raw.replace("_", " ").replace("-", " ").replace("'", " ").split())


def known_followups(store: Store, settings: Settings) -> dict[str, tuple[str, str]]:
    """followup_id → (list name, response_id) of every response a follow-up list could hold."""
    responses = store.responses(comments=False)
    category = categorize(
        responses["score"],
        promoter_min=settings.nps.promoter_min,
        detractor_max=settings.nps.detractor_max,
    )
    ids = responses["response_id"]
    known: dict[str, tuple[str, str]] = {}
    for name, rows in (
        ("callback_detractors", ids[category == "detractor"]),
        ("thank_promoters", ids[category == "promoter"]),
        ("chase_nonrespondents", ids[responses["score"].isna()]),
    ):
        rids = rows.tolist()
        known.update(
            zip(followups.followup_ids(name, rids), ((name, r) for r in rids), strict=True)
        )
    return known


def import_outcomes(
    store: Store, settings: Settings, path: str | Path, *, sheet: str | None = None
) -> dict[str, Any]:
    """Read an outcome file, store its good rows and its rejects; return counts and the rejects.

    Raises:
        VerbatimError: the file cannot be read (E101-E111), or it lacks the followup_id or
            status column (E302, naming the columns found).
    """
    from verbatim.pipelines.io.ingest import (
        _read_table,  # the exports' reader: encodings, separators, bombs
    )

    path = Path(path)
    table = _read_table(path, sheet=sheet)
    columns = _columns(table.headers, path)
    known = known_followups(store, settings)
    good, bad = [], list(table.rejects)
    for line, cells in table.records:
        cell = {k: (cells[i] if i < len(cells) else None) for k, i in columns.items()}
        if all(_blank(v) for v in cells):
            continue
        row, why = _parse(cell, known)
        if why is not None:
            column, value, reason = why
            bad.append(
                {
                    "file": str(path),
                    "line": line,
                    "column": column,
                    "value": value,
                    "reason": reason,
                }
            )
            continue
        good.append({**row, "source_file": str(path), "source_line": line})
    rejects = pd.DataFrame(bad, columns=["file", "line", "column", "value", "reason"])
    frame = pd.DataFrame(good)
    if len(frame):  # the last row of a follow-up and status wins, as a re-import would
        frame = frame.drop_duplicates(["followup_id", "status"], keep="last")
    saved = store.save_followup_outcomes(frame) if len(frame) else {"inserted": 0, "updated": 0}
    store.add_rejects(rejects, run_id=None, files=[str(path)])
    return {
        "file": str(path),
        "rows": len(table.records),
        "accepted": len(good),
        "rejected": int(rejects[["line"]].drop_duplicates().shape[0]),
        **saved,
        "rejects": rejects,
    }


def _columns(headers: list[str], path: Path) -> dict[str, int]:
    """Which header holds each field; followup_id and status are required (E105)."""
    found: dict[str, int] = {}
    names = [_norm(h) for h in headers]
    for field, words in HEADERS.items():
        for i, name in enumerate(names):
            if i not in found.values() and (name == _norm(field) or name in words):
                found[field] = i
                break
    for field in ("followup_id", "status"):
        if field not in found:
            raise VerbatimError(
                Errors.E302,
                option="FILE",
                value=str(path),
                rule=f"It has no '{field}' column (columns found: {', '.join(headers) or 'none'}). "
                "An outcome file has the columns followup_id, status, date, note, e.g. "
                "followup_id;status;date;note",
            )
    return found


def _blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""
    )


def _parse(
    cell: dict[str, Any], known: dict[str, tuple[str, str]]
) -> tuple[dict[str, Any], tuple[str, Any, str] | None]:
    """One row as stored values, or (column, value, reason) saying why it is rejected."""
    fid = "" if _blank(cell["followup_id"]) else str(cell["followup_id"]).strip()
    if not fid:
        return {}, ("followup_id", "", "no followup_id")
    if fid not in known:
        return {}, (
            "followup_id",
            fid,
            f"unknown followup_id '{fid}': not in any follow-up list of this store (copy it "
            "from callback_detractors, thank_promoters or chase_nonrespondents)",
        )
    raw_status = cell.get("status")
    status = STATUS_WORDS.get(_norm(raw_status)) if not _blank(raw_status) else None
    if status is None:
        shown = "" if _blank(raw_status) else str(raw_status).strip()
        return {}, (
            "status",
            shown,
            f"status '{shown}' is not one of {', '.join(STATUSES)}",
        )
    when, why = _date(cell.get("date"))
    if why is not None:
        return {}, ("date", str(cell.get("date")), why)
    note = cell.get("note")
    note = None if _blank(note) else str(note).strip()[:NOTE_MAX_CHARS]
    list_name, response_id = known[fid]
    row = {
        "followup_id": fid,
        "status": status,
        "list_name": list_name,
        "response_id": response_id,
        "outcome_date": when,
        "note": note,
    }
    return row, None


def _date(value: Any) -> tuple[datetime | None, str | None]:
    """A date cell (empty allowed): ISO, DD/MM/YYYY (day first) or a workbook date."""
    if _blank(value):
        return None, None
    if isinstance(value, datetime):
        when = value.replace(tzinfo=None)
    elif isinstance(value, date):
        when = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        when = None
        for fmt in ("ISO8601", "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                when = pd.to_datetime(text, format=fmt).to_pydatetime().replace(tzinfo=None)
                break
            except (ValueError, OverflowError):
                continue
        if when is None:
            return None, f"date '{text}' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
    if when > datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1):
        return None, f"date '{value}' is in the future: an outcome is imported after it happened"
    return when, None


def outcomes(
    store: Store,
    settings: Settings,
    *,
    completed_runs_only: bool = False,
    responses: pd.DataFrame | None = None,
) -> dict:
    """Linked answers of detractors: counts, movement and intervals by group, owner and theme.

    ``responses``: the store's responses as ``store.responses(comments=False,
    completed_runs_only=...)`` reads them, where the caller has them already (the report's
    analysis: reading 100k responses twice cost the night ~0.5 s).

    Returns:
        ``note`` (it is observational), ``summary`` (what was linked and imported) and
        ``table`` (``verbatim.models.outcomes.OUTCOME_COLUMNS``; empty when nothing was imported).
    """
    kw = {"promoter_min": settings.nps.promoter_min, "detractor_max": settings.nps.detractor_max}
    recorded = store.followup_outcomes()
    if responses is None:
        responses = store.responses(completed_runs_only=completed_runs_only, comments=False)
    linked = (
        link_next_answers(responses, **kw)
        if len(responses)
        else link_next_answers(
            pd.DataFrame(columns=["response_id", "customer_id", "score", "responded_at"]), **kw
        )
    )
    groups = group_of(linked, recorded)
    summary = {
        "outcomes_imported": len(recorded),
        "followups_with_outcome": int(recorded["followup_id"].nunique()) if len(recorded) else 0,
        "detractors_with_customer_id": len(linked),
        "detractors_who_came_back": int(linked["next_response_id"].notna().sum()),
        "called_back": int((groups == "called back").sum()),
    }
    if recorded.empty:
        table = pd.DataFrame(columns=OUTCOME_COLUMNS)
    else:
        scopes = _scopes(store, settings, linked, completed_runs_only=completed_runs_only)
        table = outcome_table(linked, groups, scopes)
    return {"note": OBSERVATIONAL_NOTE, "summary": summary, "table": table}


def _scopes(
    store: Store, settings: Settings, linked: pd.DataFrame, *, completed_runs_only: bool
) -> pd.DataFrame:
    """response_id, scope (owner | theme), scope_id, label of each linked detractor answer."""
    from verbatim.models.frames import isin
    from verbatim.pipelines.steps.analysis import theme_kinds
    from verbatim.pipelines.steps.owners import owned_themes, rules

    columns = ["response_id", "scope", "scope_id", "label"]
    themes = store.themes(completed_runs_only=completed_runs_only)
    if themes.empty or linked.empty:
        return pd.DataFrame(columns=columns)
    topics, _, _ = theme_kinds(themes)
    mentions = store.mentions(columns=("response_id", "theme_id"), ordered=False)
    mentions = mentions[
        isin(mentions["response_id"], linked["response_id"])
        & isin(mentions["theme_id"].astype("Int64").fillna(-1), topics["theme_id"])
    ]
    mt = mentions.assign(theme_id=mentions["theme_id"].astype("int64")).drop_duplicates()
    labels = {
        int(t): str(en if isinstance(en, str) and en else fr)
        for t, en, fr in zip(
            topics["theme_id"], topics["label_en"], topics["label_fr"], strict=True
        )
    }
    by_theme = mt.assign(
        scope="theme",
        scope_id=mt["theme_id"].astype(str),
        label=mt["theme_id"].map(labels),
    )
    owners = owned_themes(themes, rules(store, settings))
    owner_of = owners.dropna(subset=["owner"]).set_index("theme_id")["owner"]
    by_owner = mt.assign(owner=mt["theme_id"].map(owner_of)).dropna(subset=["owner"])
    by_owner = by_owner.assign(scope="owner", scope_id=by_owner["owner"], label=by_owner["owner"])
    both = pd.concat([by_owner[columns], by_theme[columns]], ignore_index=True)
    return both.drop_duplicates().reset_index(drop=True)
