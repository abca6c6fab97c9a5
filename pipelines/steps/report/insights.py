"""The report's sections on value at risk, the day's one fix and the league table of sites.

``context`` turns a normalised ``ReportData`` into what the templates ``insights_*.html.j2``
show (numbers and texts only: every value is autoescaped there); ``write_sheets`` adds the
workbook's League sheet. Each part is None (and its section absent) when the data lack it:
no value column, no dated response, no segment to rank.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from verbatim.pipelines.steps.report.data import ReportData

VALUE_ROWS = 10
LEAGUE_NUMBER_FORMATS = {
    "nps": "0.0",
    "ci_low": "0.0",
    "ci_high": "0.0",
    "difference": "0.0",
    "difference_ci_low": "0.0",
    "difference_ci_high": "0.0",
    "previous_nps": "0.0",
    "change": "0.0",
    "change_ci_low": "0.0",
    "change_ci_high": "0.0",
    "p_value": "0.0000",
    "q_value": "0.0000",
    "change_p_value": "0.0000",
    "top_theme_share": "0.0%",
}


def _number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _label(en: Any, fr: Any, fallback: str) -> dict[str, Any]:
    en = en if isinstance(en, str) and en.strip() else None
    fr = fr if isinstance(fr, str) and fr.strip() else None
    en, fr = en or fr or fallback, fr or en or fallback
    return {"en": en, "fr": fr, "same": en == fr}


def context(data: ReportData, labels: dict[Any, dict[str, str]]) -> dict[str, Any]:
    """What the insight sections show; ``data`` normalised, ``labels`` theme_id → en/fr."""
    return {
        "value_kpi": _value_kpi(data.headline),
        "value": _value_rows(data.drivers, labels),
        "digest": data.digest if data.digest else None,
        "league": _league(data.league),
        "league_note": data.league_note,
    }


def _value_kpi(h: dict) -> dict | None:
    nps = _number(h.get("value_nps"))
    if nps is None:
        return None
    return {
        "nps": nps,
        "ci_low": _number(h.get("value_nps_ci_low")),
        "ci_high": _number(h.get("value_nps_ci_high")),
        "total": _number(h.get("value_total")),
        "responses": _number(h.get("value_responses")),
    }


def _value_rows(drivers: pd.DataFrame, labels: dict) -> dict | None:
    """Complaint-side themes by value at risk (the drivers table holds topic themes only)."""
    if drivers.empty or not drivers["value_at_risk"].notna().any():
        return None
    ranked = drivers[pd.to_numeric(drivers["value_at_risk"], errors="coerce") > 0]
    ranked = ranked.sort_values(["value_at_risk", "theme_id"], ascending=[False, True])
    rows = []
    for r in ranked.head(VALUE_ROWS).to_dict("records"):
        rows.append(
            {
                "theme_id": r["theme_id"],
                "label": labels.get(r["theme_id"])
                or _label(r.get("label_en"), r.get("label_fr"), f"Theme {r['theme_id']}"),
                **{
                    k: _number(r.get(k))
                    for k in (
                        "value_at_risk",
                        "value_at_risk_share",
                        "value_detractors",
                        "retention_theme",
                        "retention_rest",
                        "retention_difference",
                        "retention_ci_low",
                        "retention_ci_high",
                        "retention_q_value",
                    )
                },
            }
        )
    retention = any(r["retention_difference"] is not None for r in rows)
    return {"rows": rows, "retention": retention}


def _league(league: pd.DataFrame) -> dict | None:
    if league.empty:
        return None
    rows = []
    for r in league.to_dict("records"):
        theme = None
        if r.get("top_theme_id") is not None and not pd.isna(r.get("top_theme_id")):
            theme = _label(
                r.get("top_theme_label_en"), r.get("top_theme_label_fr"), f"#{r['top_theme_id']}"
            )
        rows.append(
            {
                "rank": r["rank"],
                "value": str(r["value"]),
                "flag": r.get("flag") or "",
                "theme": theme,
                **{
                    k: _number(r.get(k))
                    for k in (
                        "responses",
                        "nps",
                        "ci_low",
                        "ci_high",
                        "difference",
                        "difference_ci_low",
                        "difference_ci_high",
                        "q_value",
                        "previous_nps",
                        "previous_responses",
                        "change",
                        "change_p_value",
                        "top_theme_share",
                    )
                },
            }
        )
    first = league.iloc[0]
    return {
        "segment": str(first["segment"]),
        "period": first["period"],
        "previous_period": first["previous_period"],
        "rows": rows,
    }


def write_sheets(wb: Any, data: ReportData, number_formats: dict[str, str]) -> None:
    """Add the League sheet to a report workbook (only when there is a league table)."""
    from verbatim.models.league import LEAGUE_COLUMNS
    from verbatim.pipelines.steps.report.safe import write_sheet

    league = data.league if data.league is not None else pd.DataFrame()
    if league.empty:
        return
    formats = number_formats | LEAGUE_NUMBER_FORMATS
    write_sheet(wb.create_sheet("League"), league[LEAGUE_COLUMNS], number_formats=formats)
