"""What a theme report shows: one plain container of DataFrames with the DESIGN column names.

The report renderers (``html.py``, ``xlsx.py``) read only this; the flow fills it from the
models' outputs. Frames may be empty (or have no columns at all); a non-empty frame must
carry its required columns, and optional ones are filled with missing values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from verbatim.models.drivers import CONTRACT_DRIVER_COLUMNS
from verbatim.models.league import LEAGUE_COLUMNS
from verbatim.models.nps import PERIOD_CHANGE_KEYS
from verbatim.models.value import RETENTION_COLUMNS, VALUE_COLUMNS

NPS_COLUMNS = [
    "period",
    "responses",
    "promoters",
    "passives",
    "detractors",
    "nps",
    "ci_low",
    "ci_high",
]
DRIVER_COLUMNS = (
    CONTRACT_DRIVER_COLUMNS  # the DESIGN data contract, owned by verbatim.models.drivers
)
DRIVER_EXTRA_COLUMNS = [
    "adjusted_odds_ratio",
    "significant",
    "rank",
    # the promotion side: promoter vs not (drivers.driver_table)
    "promoter_odds_ratio",
    "promoter_q_value",
    "promoter_adjusted_odds_ratio",
    "promoter_significant",
    # value at risk and retention, where the export has them (verbatim.models.value)
    *VALUE_COLUMNS,
    *RETENTION_COLUMNS[:7],
]
THEME_COLUMNS = [
    "theme_id",
    "label_fr",
    "label_en",
    "keywords_fr",
    "keywords_en",
    "size",
    "status",
    "examples",
    "kind",
    "parent_id",
    "polarity",
    "level",
    "praise_share",
    "complaint_share",
    "concept",
]
GENERAL_COLUMNS = ["theme_id", "label_fr", "label_en", "polarity", "responses", "share_of_comments"]
HEATMAP_COLUMNS = ["segment", "value", "theme_id", "responses", "share", "theme_nps"]
ALERT_COLUMNS = [
    "theme_id",
    "period",
    "share_now",
    "share_before",
    "ratio",
    "p_value",
    "q_value",
    "kind",
    "examples",
]
HEADLINE_KEYS = [
    "responses",
    "promoters",
    "passives",
    "detractors",
    "nps",
    "ci_low",
    "ci_high",
    "response_rate",
    "invited",
    # the last complete period and its change against the period before (nps.period_change)
    *PERIOD_CHANGE_KEYS,
    # NPS weighted by value, where responses have one (verbatim.models.value.value_weighted_nps)
    "value_nps",
    "value_nps_ci_low",
    "value_nps_ci_high",
    "value_total",
    "value_responses",
]

# A driver given without its own ``significant`` is marked significant when its Benjamini-Hochberg
# q-value is below this; the ranking's (``verbatim.models.drivers.top_drivers``) also asks the
# model adjusted for the other themes to confirm it.
SIGNIFICANCE_LEVEL = 0.05

# Columns a non-empty frame cannot do without; every other listed column is optional.
_REQUIRED = {
    "nps_by_period": ["period", "nps", "ci_low", "ci_high"],
    "drivers": ["theme_id", "impact", "impact_ci_low", "impact_ci_high"],
    "top_detractors": ["theme_id", "impact", "impact_ci_low", "impact_ci_high"],
    "top_promoters": ["theme_id", "impact", "impact_ci_low", "impact_ci_high"],
    "themes": ["theme_id"],
    "segment_heatmap": ["segment", "value", "theme_id", "share"],
    "alerts": ["theme_id", "kind"],
    "parent_detractors": ["theme_id", "impact", "impact_ci_low", "impact_ci_high"],
    "parent_promoters": ["theme_id", "impact", "impact_ci_low", "impact_ci_high"],
    "general": ["theme_id", "share_of_comments"],
    "comments": ["text"],
    "league": ["value", "nps"],
}
_COLUMNS = {
    "nps_by_period": NPS_COLUMNS,
    "drivers": DRIVER_COLUMNS + DRIVER_EXTRA_COLUMNS,
    "top_detractors": DRIVER_COLUMNS + DRIVER_EXTRA_COLUMNS,
    "top_promoters": DRIVER_COLUMNS + DRIVER_EXTRA_COLUMNS,
    "themes": THEME_COLUMNS,
    "segment_heatmap": HEATMAP_COLUMNS,
    "alerts": ALERT_COLUMNS,
    "parent_detractors": DRIVER_COLUMNS + DRIVER_EXTRA_COLUMNS,
    "parent_promoters": DRIVER_COLUMNS + DRIVER_EXTRA_COLUMNS,
    "general": GENERAL_COLUMNS,
    "comments": ["response_id", "responded_at", "score", "category", "text"],
    "league": LEAGUE_COLUMNS,
}
# Columns that hold lists; a missing value there reads as an empty list.
_LIST_COLUMNS = {"keywords_fr", "keywords_en", "examples"}


@dataclass
class ReportData:
    """Everything one theme report shows, as plain values and DESIGN-named DataFrames."""

    title: str
    generated_at: datetime
    period_label: str
    headline: dict
    nps_by_period: pd.DataFrame
    drivers: pd.DataFrame
    top_detractors: pd.DataFrame
    top_promoters: pd.DataFrame
    themes: pd.DataFrame
    segment_heatmap: pd.DataFrame
    alerts: pd.DataFrame
    run: dict
    methodology: str | None = None
    parent_detractors: pd.DataFrame | None = None  # roll-ups (subjects split into facets)
    parent_promoters: pd.DataFrame | None = None
    general: pd.DataFrame | None = None  # general praise / complaint: counted, never ranked
    # no topic theme formed (too few comments): why, and the comments themselves (PII masked)
    theme_note: str | None = None
    comments: pd.DataFrame | None = None
    # league table of sites (verbatim.models.league) and why it is missing when a segment was set
    league: pd.DataFrame | None = None
    league_note: str | None = None
    # the newest day's one fix (verbatim.pipelines.steps.digest.digest_report), None without dated responses
    digest: dict | None = None
    # owners of themes, lists per owner, follow-up outcomes (verbatim.pipelines.steps.report.followups.section)
    followups: dict | None = None

    def normalized(self) -> ReportData:
        """Return a copy whose frames carry every listed column (missing ones filled) in order.

        Extra columns are kept after the listed ones; input frames are never modified.

        Raises:
            ValueError: a non-empty frame lacks a required column (the message names it).
        """
        frames = {name: _normalize(name, getattr(self, name)) for name in _COLUMNS}
        headline = {key: self.headline.get(key) for key in HEADLINE_KEYS} | dict(self.headline)
        return replace(self, headline=headline, run=dict(self.run or {}), **frames)


def _normalize(name: str, df: pd.DataFrame | None) -> pd.DataFrame:
    columns = _COLUMNS[name]
    if df is None:
        df = pd.DataFrame()
    if len(df):
        missing = [c for c in _REQUIRED[name] if c not in df.columns]
        if missing:
            raise ValueError(
                f"ReportData.{name} lacks required column(s) {', '.join(missing)}. "
                f"Columns found: {', '.join(map(str, df.columns)) or 'none'}."
            )
    out = df.copy()
    for col in columns:
        if col not in out.columns:
            if col in _LIST_COLUMNS:
                out[col] = pd.Series([[] for _ in range(len(out))], index=out.index, dtype=object)
            else:
                out[col] = pd.Series([None] * len(out), index=out.index, dtype=object)
        elif col in _LIST_COLUMNS:
            out[col] = [_as_list(v) for v in out[col]]
    if name in (
        "drivers",
        "top_detractors",
        "top_promoters",
        "parent_detractors",
        "parent_promoters",
    ):
        derived = pd.to_numeric(out["q_value"], errors="coerce") < SIGNIFICANCE_LEVEL
        given = out["significant"]
        out["significant"] = [
            bool(d) if g is None or (isinstance(g, float) and pd.isna(g)) else bool(g)
            for g, d in zip(given, derived, strict=True)
        ]
    extra = [c for c in out.columns if c not in columns]
    return out[columns + extra].reset_index(drop=True)


def _as_list(value: object) -> list:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        if value.lstrip().startswith("["):  # a list stored as JSON text (store, CSV exports)
            try:
                parsed = json.loads(value)
            except ValueError:
                return [value]
            return parsed if isinstance(parsed, list) else [value]
        return [value]
    try:
        return list(value)  # lists, tuples, numpy arrays (Parquet round trips)
    except TypeError:
        return [value]
