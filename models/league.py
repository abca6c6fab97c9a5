"""League table of sites: NPS per value of a segment (store, centre, agency), tested, with change.

Per value of the segment column, over a period: NPS with its adjusted Wald interval; its
difference from the rest of the period's responses with the DESIGN two-NPS test, the p-values
corrected across the values with Benjamini–Hochberg (``verbatim.models.nps.nps_table``, whose
simulation shows 5.6% of periods with a false flag at q < 0.05 against 41% at p < 0.05 for 10
values); ``flag`` says ``worse`` or ``better`` where q < alpha. Its change against the previous
period (same test, ``compare_nps``), and its top detraction theme: the complaint-side topic
theme that most of its detractors mention (general praise and complaint are never named).

The period (``league_windows``): a given window [start, end) against the window of the same
length just before it; without one, the last complete period with responses (as the report's
headline) against the latest earlier period with responses.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from verbatim.models.digest import candidate_themes
from verbatim.models.drivers import theme_indicators
from verbatim.models.nps import (
    MISSING_SEGMENT,
    NpsResult,
    adjusted_wald,
    categorize,
    check_period,
    compare_nps,
    nps_table,
    period_label,
)

LEAGUE_COLUMNS = [
    "rank",
    "segment",
    "value",
    "responses",
    "promoters",
    "passives",
    "detractors",
    "nps",
    "ci_low",
    "ci_high",
    "difference",
    "difference_ci_low",
    "difference_ci_high",
    "p_value",
    "q_value",
    "flag",
    "period",
    "previous_period",
    "previous_responses",
    "previous_nps",
    "change",
    "change_ci_low",
    "change_ci_high",
    "change_p_value",
    "top_theme_id",
    "top_theme_label_fr",
    "top_theme_label_en",
    "top_theme_detractors",
    "top_theme_share",
]
_FREQ = {"week": "W-SUN", "month": "M", "quarter": "Q"}


def league_windows(
    dates: pd.Series,
    *,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    period: str = "month",
    today: pd.Timestamp | str | None = None,
) -> tuple[np.ndarray, np.ndarray, str | None, str | None]:
    """Which responses form the league's period and the previous one, and their labels.

    Args:
        dates: ``responded_at`` of every response (NaT = undated, in neither window).
        start: first day of a window [start, end), or None (the data's first day).
        end: day after the window's last, or None (the day after the data's last). With
            neither, the last complete ``period`` (on ``today``) with responses, else the
            latest, against the latest earlier period with responses.
        period: "week", "month" or "quarter", when no window is given.
        today: the day against which a period is complete (default: now).

    Returns:
        Boolean masks (current, previous) aligned with ``dates``, and the two labels
        (``2026-10`` or ``2026-10-01 → 2026-10-14``; None when there is no previous period).
    """
    check_period(period, allow_none=False)
    ts = pd.to_datetime(pd.Series(dates).reset_index(drop=True), errors="coerce")
    dated = ts.notna().to_numpy()
    none = np.zeros(len(ts), dtype=bool)
    if not dated.any():
        return none, none, None, None
    if start is not None or end is not None:
        lo = pd.Timestamp(start) if start is not None else ts.min().normalize()
        hi = pd.Timestamp(end) if end is not None else ts.max().normalize() + pd.Timedelta(days=1)
        span = hi - lo
        current = dated & (ts >= lo).to_numpy() & (ts < hi).to_numpy()
        previous = dated & (ts >= lo - span).to_numpy() & (ts < lo).to_numpy()
        last = hi - pd.Timedelta(days=1)
        label = (
            f"{lo:%Y-%m-%d} → {last:%Y-%m-%d}" if span > pd.Timedelta(days=1) else f"{lo:%Y-%m-%d}"
        )
        before = lo - span
        prev_label = (
            f"{before:%Y-%m-%d} → {lo - pd.Timedelta(days=1):%Y-%m-%d}"
            if span > pd.Timedelta(days=1)
            else f"{before:%Y-%m-%d}"
        )
        return current, previous, label, prev_label if previous.any() else None
    freq = _FREQ[period]
    periods = ts.dt.to_period(freq)
    now = pd.Timestamp(today if today is not None else pd.Timestamp.now()).to_period(freq)
    seen = sorted(periods[dated].unique())
    complete = [p for p in seen if p < now]
    chosen = complete[-1] if complete else seen[-1]
    current = dated & (periods == chosen).to_numpy()
    earlier = [p for p in seen if p < chosen]
    if not earlier:
        return current, none, period_label(chosen, period), None
    previous = dated & (periods == earlier[-1]).to_numpy()
    return current, previous, period_label(chosen, period), period_label(earlier[-1], period)


def _values(labels: pd.Series, segment: str) -> pd.Series:
    return labels.str.slice(len(segment) + 1)


def league_table(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    mention_themes: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    segment: str,
    promoter_min: int = 9,
    detractor_max: int = 6,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """One row per value of ``segment``: NPS, its tested difference from the rest, change, theme.

    Args:
        current: the period's responses: ``response_id``, ``score``, the segment column.
        previous: the previous period's responses (may be empty).
        mention_themes: ``response_id``, ``theme_id`` of topic themes.
        themes: ``theme_id``, ``label_fr``, ``label_en`` and where known ``kind``, ``level``,
            ``polarity`` (only complaint-side topic themes are named).
        segment: the segment column.
        promoter_min: lowest promoter score.
        detractor_max: highest detractor score.
        alpha: level of the ``flag`` (BH q-value below it).

    Returns:
        ``LEAGUE_COLUMNS`` (``period``/``previous_period`` left for the caller), best NPS
        first; empty when the period has no scored response.
    """
    kw = {"promoter_min": promoter_min, "detractor_max": detractor_max}
    if segment not in current.columns:
        raise ValueError(
            f"Segment column '{segment}' not found. Columns found: {list(current.columns)}."
        )
    table = nps_table(current, segment=segment, alpha=alpha, **kw)
    if table.empty:
        return pd.DataFrame(columns=LEAGUE_COLUMNS)
    table = table.assign(value=_values(table["segment"], segment), segment=segment)
    totals = table[["promoters", "passives", "detractors"]].sum()
    before = _previous_counts(previous, segment, kw)
    top = _top_themes(current, mention_themes, themes, segment, kw)
    rows = []
    for row in table.to_dict("records"):
        site = _result(row["promoters"], row["passives"], row["detractors"])
        rest = _result(*(int(totals[c] - row[c]) for c in ("promoters", "passives", "detractors")))
        test = compare_nps(site, rest) if rest.responses else {}
        was = before.get(row["value"])
        change = compare_nps(site, was) if was is not None and was.responses else {}
        q = row["q_value"]
        flag = ""
        if isinstance(q, float) and q < alpha:
            flag = "worse" if test.get("difference", 0) < 0 else "better"
        rows.append(
            {
                **{k: row[k] for k in ("segment", "value", "responses", "promoters")},
                **{k: row[k] for k in ("passives", "detractors", "nps", "ci_low", "ci_high")},
                "difference": test.get("difference", math.nan),
                "difference_ci_low": test.get("ci_low", math.nan),
                "difference_ci_high": test.get("ci_high", math.nan),
                "p_value": row["p_value"],
                "q_value": q,
                "flag": flag,
                "period": None,
                "previous_period": None,
                "previous_responses": was.responses if was is not None else 0,
                "previous_nps": was.nps if was is not None else math.nan,
                "change": change.get("difference", math.nan),
                "change_ci_low": change.get("ci_low", math.nan),
                "change_ci_high": change.get("ci_high", math.nan),
                "change_p_value": change.get("p_value", math.nan),
                **top.get(row["value"], _NO_THEME),
            }
        )
    out = pd.DataFrame(rows)
    out = out.sort_values(["nps", "responses", "value"], ascending=[False, False, True])
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out[LEAGUE_COLUMNS].reset_index(drop=True)


def _result(promoters: int, passives: int, detractors: int) -> NpsResult:
    n = promoters + passives + detractors
    return NpsResult(n, promoters, passives, detractors, *adjusted_wald(promoters, detractors, n))


_NO_THEME = {
    "top_theme_id": None,
    "top_theme_label_fr": None,
    "top_theme_label_en": None,
    "top_theme_detractors": 0,
    "top_theme_share": math.nan,
}


def _site_labels(df: pd.DataFrame, segment: str) -> pd.Series:
    values = df[segment].astype(object).where(df[segment].notna(), MISSING_SEGMENT)
    return values.astype(str)


def _previous_counts(previous: pd.DataFrame, segment: str, kw: dict) -> dict:
    if previous.empty or segment not in previous.columns:
        return {}
    cats = categorize(previous["score"], **kw)
    keep = cats.notna().to_numpy()
    sites = _site_labels(previous, segment)[keep]
    counts = pd.crosstab(sites, cats[keep])
    return {
        site: _result(
            int(c.get("promoter", 0)), int(c.get("passive", 0)), int(c.get("detractor", 0))
        )
        for site, c in counts.iterrows()
    }


def _top_themes(
    current: pd.DataFrame,
    mention_themes: pd.DataFrame,
    themes: pd.DataFrame,
    segment: str,
    kw: dict,
) -> dict:
    """Per site: the complaint-side topic theme most of its detractors mention."""
    allowed = candidate_themes(themes)
    cats = categorize(current["score"], **kw)
    det = current[(cats == "detractor").to_numpy()]
    mt = mention_themes[mention_themes["theme_id"].isin(allowed)]
    if det.empty or mt.empty:
        return {}
    flags = theme_indicators(det, mt)
    if flags.shape[1] == 0:
        return {}
    sites = _site_labels(det, segment).to_numpy()
    counts = flags.groupby(sites).sum()
    size = pd.Series(sites).value_counts()
    labels = themes.drop_duplicates("theme_id").set_index("theme_id")
    out = {}
    for site, row in counts.iterrows():
        if row.max() == 0:
            continue
        best = row[row == row.max()].index.min()  # ties: the lowest theme id, for stability
        out[site] = {
            "top_theme_id": int(best),
            "top_theme_label_fr": labels["label_fr"].get(best) if "label_fr" in labels else None,
            "top_theme_label_en": labels["label_en"].get(best) if "label_en" in labels else None,
            "top_theme_detractors": int(row.max()),
            "top_theme_share": float(row.max() / size[site]),
        }
    return out
