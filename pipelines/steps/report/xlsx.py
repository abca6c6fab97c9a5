"""The theme report as an Excel workbook: one sheet per table, DESIGN column names as headers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from verbatim.pipelines.steps.report.data import (
    ALERT_COLUMNS,
    DRIVER_COLUMNS,
    DRIVER_EXTRA_COLUMNS,
    HEADLINE_KEYS,
    HEATMAP_COLUMNS,
    NPS_COLUMNS,
    THEME_COLUMNS,
    ReportData,
)
from verbatim.pipelines.steps.report.followups import write_sheets as write_followup_sheets
from verbatim.pipelines.steps.report.insights import write_sheets as write_insight_sheets
from verbatim.pipelines.steps.report.safe import atomic_path, write_sheet

SHEETS = ["Summary", "NPS by period", "Drivers", "Themes", "Segments x themes", "Alerts"]
_SHARE = "0.0%"
_ONE = "0.0"
_TWO = "0.00"
_P = "0.0000"
NUMBER_FORMATS = {
    "nps": _ONE,
    "ci_low": _ONE,
    "ci_high": _ONE,
    "theme_nps": _ONE,
    "impact": _ONE,
    "impact_ci_low": _ONE,
    "impact_ci_high": _ONE,
    "share": _SHARE,
    "share_now": _SHARE,
    "share_before": _SHARE,
    "share_detractors": _SHARE,
    "share_promoters": _SHARE,
    "lift": _TWO,
    "ratio": _TWO,
    "odds_ratio": _TWO,
    "adjusted_odds_ratio": _TWO,
    "p_value": _P,
    "q_value": _P,
}


def write_xlsx(data: ReportData, path: str | Path) -> Path:
    """Write the report tables to an Excel workbook at ``path``; every text cell is neutralised.

    Sheets: Summary, NPS by period, Drivers, Themes, Segments x themes, Alerts.
    """
    data = data.normalized()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    summary = wb.active
    summary.title = SHEETS[0]
    _summary(summary, data)
    drivers = data.drivers
    extra = [c for c in DRIVER_EXTRA_COLUMNS if drivers[c].notna().any()]
    tables = {
        "NPS by period": data.nps_by_period[NPS_COLUMNS],
        "Drivers": drivers[DRIVER_COLUMNS + extra],
        "Themes": data.themes[THEME_COLUMNS],
        "Segments x themes": data.segment_heatmap[HEATMAP_COLUMNS],
        "Alerts": data.alerts[ALERT_COLUMNS],
    }
    for name, df in tables.items():
        write_sheet(wb.create_sheet(name), df, number_formats=NUMBER_FORMATS)
    write_followup_sheets(wb, data.followups, NUMBER_FORMATS)  # with owners/outcomes only
    write_insight_sheets(wb, data, NUMBER_FORMATS)  # League, with a league table only
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _summary(ws, data: ReportData) -> None:
    """Key/value rows: what the report covers, the headline figures, the run."""
    rows: list[tuple[str, object]] = [
        ("title", data.title),
        ("period", data.period_label),
        ("generated_at", data.generated_at),
    ]
    rows += [(key, data.headline.get(key)) for key in HEADLINE_KEYS]
    run = data.run or {}
    rows += [(f"run_{key}", run.get(key)) for key in ("run_id", "started_at", "version")]
    rows += [(f"count_{k}", v) for k, v in dict(run.get("counts") or {}).items()]
    write_sheet(ws, pd.DataFrame(rows, columns=["field", "value"]).astype(object))
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 48
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        cell.font = Font(bold=True)
    for key_cell, value_cell in ws.iter_rows(min_row=2, max_col=2):
        fmt = {"response_rate": _SHARE}.get(key_cell.value, _ONE)
        if isinstance(value_cell.value, float):
            value_cell.number_format = fmt
