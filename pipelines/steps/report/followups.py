"""The report's follow-up section: owners of themes, lists per owner, outcomes of the calls.

Themes still without an owner are named so the map can be completed; once outcomes are imported,
the section shows what became of called-back detractors (``verbatim.pipelines.steps.outcomes``).

``section`` gathers it from the store for ``ReportData.followups``; ``context`` shapes it for
the HTML template (``templates/followups.html.j2``), ``write_sheets`` for the workbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from verbatim.pipelines.steps.report.safe import write_sheet

if TYPE_CHECKING:
    from verbatim.pipelines.io.store import Store
    from verbatim.pipelines.settings import Settings

UNOWNED_SHOWN = 25  # themes named in the line; the workbook lists them all
OWNER_SHEET = "Owners"
OUTCOME_SHEET = "Follow-up outcomes"


def section(
    store: Store,
    settings: Settings,
    lists: dict[str, pd.DataFrame],
    *,
    problem: str | None = None,
    responses: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """What the section shows, as plain values and frames.

    Args:
        store: The store the run wrote.
        settings: Its settings (the owners file, NPS thresholds).
        lists: The follow-up lists just written (``jobs.followup_lists``).
        problem: Why the owners file was not read, when it was not.
        responses: Every response of the store, without comments, where the caller has read
            them (``verbatim.pipelines.steps.outcomes.outcomes``); None reads them.
    """
    from verbatim.pipelines.steps.outcomes import outcomes
    from verbatim.pipelines.steps.owners import owner_table, rules, unowned

    table = owner_table(store, settings)
    topics = table[table["level"] != "parent"]
    by_owner = topics.dropna(subset=["owner"]).groupby("owner").size().rename("themes")
    counts = pd.DataFrame({"themes": by_owner})
    for name, column in (("callback_detractors", "callbacks"), ("thank_promoters", "thanks")):
        frame = lists.get(name)
        if frame is None or "owners" not in frame:
            continue
        owners = frame["owners"].fillna("").str.split("; ").explode()
        counts = counts.join(owners[owners != ""].value_counts().rename(column), how="outer")
    counts = counts.fillna(0).astype("int64").rename_axis("owner").reset_index()
    for column in ("themes", "callbacks", "thanks"):
        if column not in counts:
            counts[column] = 0
    result = outcomes(store, settings, responses=responses)
    return {
        "owners_file": settings.followups.owners_file,
        "problem": problem,
        "rules": len(rules(store, settings)),
        "topic_themes": len(topics),
        "unowned": unowned(table)[["theme_id", "label_en", "label_fr", "size"]],
        "by_owner": counts[["owner", "themes", "callbacks", "thanks"]],
        "callbacks": len(lists.get("callback_detractors", ())),
        "outcome_note": result["note"],
        "outcome_summary": result["summary"],
        "outcomes": result["table"],
    }


def _label(en: Any, fr: Any, theme_id: Any) -> dict[str, Any]:
    en = en if isinstance(en, str) and en else None
    fr = fr if isinstance(fr, str) and fr else None
    en, fr = en or fr or f"Theme {theme_id}", fr or en or f"Theme {theme_id}"
    return {"en": en, "fr": fr, "same": en == fr}


def context(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The section as the HTML template reads it (None: no section)."""
    if data is None:
        return None
    missing = data["unowned"]
    shown = [
        {"theme_id": int(r.theme_id), "label": _label(r.label_en, r.label_fr, r.theme_id)}
        for r in missing.head(UNOWNED_SHOWN).itertuples()
    ]
    table = data["outcomes"]
    rows = []
    for r in table.to_dict("records"):
        rows.append({**r, "first": r["group"] == "called back"})
    return {
        "owners_file": data["owners_file"],
        "problem": data["problem"],
        "rules": data["rules"],
        "topic_themes": data["topic_themes"],
        "unowned_count": len(missing),
        "unowned": shown,
        "unowned_more": max(0, len(missing) - len(shown)),
        "by_owner": data["by_owner"].to_dict("records"),
        "callbacks": data["callbacks"],
        "outcome_note": data["outcome_note"],
        "summary": data["outcome_summary"],
        "outcomes": rows,
    }


def write_sheets(wb: Any, data: dict[str, Any] | None, number_formats: dict[str, str]) -> None:
    """Owners (themes without one, lists per owner) and, with data, follow-up outcomes."""
    if data is None:
        return
    missing = data["unowned"].assign(owner=None)
    owners = pd.concat(
        [
            data["by_owner"].assign(what="owner"),
            missing.rename(columns={"theme_id": "theme_without_owner"}).assign(what="no owner"),
        ],
        ignore_index=True,
    )
    write_sheet(wb.create_sheet(OWNER_SHEET), owners.astype(object), number_formats=number_formats)
    if len(data["outcomes"]):
        table = data["outcomes"].copy()
        table["note"] = ""
        table.loc[0, "note"] = data["outcome_note"]
        formats = number_formats | {
            c: "0.0%" for c in table.columns if c.endswith(("share", "_low", "_high", "diff"))
        }
        write_sheet(wb.create_sheet(OUTCOME_SHEET), table, number_formats=formats)
