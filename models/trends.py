"""Trends: how often each theme comes up per period, and alerts when a pain point surges.

Shares are counted per response (a response mentioning a theme twice counts once) and always
say of what: ``share_all`` of all scored responses in the period, ``share_detractors`` (and an
alert's ``share_now``/``share_before``) of its detractor responses, with or without a comment.
Responses without a date cannot be placed in a period and are left out of trends; every period
between the first and the last date is listed, so a quiet month shows as zero rather than
vanishing.
"""

from __future__ import annotations

import math
from numbers import Integral

import numpy as np
import pandas as pd
from scipy import stats

from verbatim.models.drivers import theme_indicators
from verbatim.models.nps import check_period, period_labels, period_range

PREVALENCE_COLUMNS = [
    "period",
    "theme_id",
    "responses",
    "detractors",
    "mentions_all",
    "mentions_detractors",
    "share_all",
    "share_detractors",
]
ALERT_COLUMNS = [
    "theme_id",
    "period",
    "share_now",
    "share_before",
    "ratio",
    "p_value",
    "q_value",
    "kind",
    "mentions_now",
    "detractors_now",
    "mentions_before",
    "detractors_before",
    "message",
]
# What an alert's shares are of: every scored detractor response, commented or not.
SHARE_OF = "detractor responses"


def _dated(responses: pd.DataFrame, period: str) -> pd.DataFrame:
    missing = [c for c in ("response_id", "category", "responded_at") if c not in responses]
    if missing:
        raise ValueError(
            f"Column(s) {missing} not found in responses. Columns found: {list(responses.columns)}."
        )
    out = responses[["response_id", "category", "responded_at"]]
    out = out[out["category"].notna()]
    out = out.assign(period=period_labels(out["responded_at"], period))
    return out[out["period"].notna()].reset_index(drop=True)


def theme_prevalence(
    responses: pd.DataFrame, mention_themes: pd.DataFrame, *, period: str = "month"
) -> pd.DataFrame:
    """Per period × theme: responses, detractors, responses mentioning it (all/detractors), shares.

    Args:
        responses: ``response_id``, ``category`` (scored responses), ``responded_at``.
        mention_themes: ``response_id``, ``theme_id``, one row per mention.
        period: "week", "month" or "quarter".

    Returns:
        ``PREVALENCE_COLUMNS``, one row per period (gaps included) and theme, oldest first;
        shares are NaN for a period without responses (or without detractors).
    """
    check_period(period, allow_none=False)
    resp = _dated(responses, period)
    labels = period_range(resp["responded_at"], period)
    wide = theme_indicators(resp, mention_themes)
    if not labels or wide.shape[1] == 0:
        return pd.DataFrame(columns=PREVALENCE_COLUMNS)
    is_det = (resp["category"] == "detractor").to_numpy()
    # every period's counts in one pass per theme (bincount, not a mask and a sum per period)
    code = pd.Index(labels).get_indexer(resp["period"])
    det_code = np.where(is_det, code, -1)
    flags = wide.to_numpy(dtype=bool)

    def per_period(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keep = codes >= 0
        counts = np.bincount(codes[keep], minlength=len(labels))
        mentions = [np.bincount(codes[keep & f], minlength=len(labels)) for f in flags.T]
        return counts, np.stack(mentions, axis=1)

    n, m_all = per_period(code)
    d, m_det = per_period(det_code)
    themes = len(wide.columns)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_all = np.where(n[:, None] > 0, m_all / n[:, None], math.nan)
        share_det = np.where(d[:, None] > 0, m_det / d[:, None], math.nan)
    out = pd.DataFrame(
        {
            "period": np.repeat(np.array(labels, dtype=object), themes),
            "theme_id": np.tile(wide.columns.to_numpy(), len(labels)),
            "responses": np.repeat(n, themes),
            "detractors": np.repeat(d, themes),
            "mentions_all": m_all.ravel(),
            "mentions_detractors": m_det.ravel(),
            "share_all": share_all.ravel(),
            "share_detractors": share_det.ravel(),
        }
    )
    return out[PREVALENCE_COLUMNS]


def _greater_test(x_now: int, n_now: int, x_before: int, n_before: int) -> float:
    """One-sided p-value that the share now exceeds the share before.

    Pooled two-proportion z-test; Fisher's exact test when an expected count is below 5.
    """
    table = np.array([[x_now, n_now - x_now], [x_before, n_before - x_before]])
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    if (cols == 0).any():
        return 1.0
    if (np.outer(rows, cols) / table.sum() < 5).any():
        return float(stats.fisher_exact(table, alternative="greater")[1])
    pooled = (x_now + x_before) / (n_now + n_before)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_now + 1 / n_before))
    return float(stats.norm.sf((x_now / n_now - x_before / n_before) / se))


def _alert_message(row: pd.Series, *, period: str, baseline: int) -> str:
    """One sentence that names what the shares are of, e.g. for the report or a notification."""
    before = f"the {period} before" if baseline == 1 else f"the {baseline} {period}s before"
    counts = f"({row['mentions_now']} of {row['detractors_now']})"
    if row["kind"] == "new":
        return (
            f"New theme in {row['period']}: {row['share_now']:.1%} of {SHARE_OF} mention it "
            f"{counts}; no response mentioned it in {before}."
        )
    return (
        f"Surge in {row['period']}: {row['share_now']:.1%} of {SHARE_OF} mention the theme "
        f"{counts}, against {row['share_before']:.1%} of {SHARE_OF} in {before} "
        f"({row['ratio']:.1f}×)."
    )


def _check_alert_params(baseline_periods: object, alpha: object, min_mentions: object) -> None:
    for name, value, low in (
        ("baseline_periods", baseline_periods, 1),
        ("min_mentions", min_mentions, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
            raise ValueError(
                f"The '{name}' parameter must be an int in the range [{low}, inf). "
                f"Got {value!r} instead."
            )
    if not isinstance(alpha, float | int) or not 0 < alpha < 1:
        raise ValueError(f"The 'alpha' parameter must be in (0, 1). Got {alpha!r} instead.")


def detect_alerts(
    responses: pd.DataFrame,
    mention_themes: pd.DataFrame,
    *,
    period: str = "month",
    baseline_periods: int = 3,
    alpha: float = 0.01,
    min_mentions: int = 5,
) -> pd.DataFrame:
    """Themes whose share among detractors rose in the last period, versus the periods before.

    The last period is the latest one with a dated response; the baseline pools the
    ``baseline_periods`` periods before it (fewer when the data start later). Each theme with
    detractor mentions in either is tested (one-sided two-proportion test, Benjamini–Hochberg
    across themes). Alerts:

    - ``"surge"``: mentioned in the baseline, q < ``alpha`` and at least ``min_mentions``
      detractors mention it now;
    - ``"new"``: no mention at all (any category) in the baseline and at least ``min_mentions``
      detractors mention it now (its p/q are reported, not required).

    Returns:
        ``ALERT_COLUMNS``; shares are of the period's detractor responses (``SHARE_OF``);
        ratio = share_now / share_before (inf for "new"); ``message`` says it in a sentence;
        ordered by q-value. Empty when there is no baseline period.
    """
    check_period(period, allow_none=False)
    _check_alert_params(baseline_periods, alpha, min_mentions)
    prevalence = theme_prevalence(responses, mention_themes, period=period)
    empty = pd.DataFrame(columns=ALERT_COLUMNS)
    if prevalence.empty:
        return empty
    labels = list(dict.fromkeys(prevalence["period"]))
    if len(labels) < 2:
        return empty
    now_label, base_labels = labels[-1], labels[-1 - baseline_periods : -1]
    now = prevalence[prevalence["period"] == now_label].set_index("theme_id")
    base = prevalence[prevalence["period"].isin(base_labels)].groupby("theme_id")
    base_det = base["mentions_detractors"].sum()
    base_all = base["mentions_all"].sum()
    n_now = int(now["detractors"].iloc[0])
    n_before = int(
        prevalence.loc[prevalence["period"].isin(base_labels)]
        .drop_duplicates("period")["detractors"]
        .sum()
    )
    if n_now == 0 or n_before == 0:
        return empty
    rows = []
    for theme_id, row in now.iterrows():
        x_now, x_before = int(row["mentions_detractors"]), int(base_det.get(theme_id, 0))
        if x_now == 0 and x_before == 0:
            continue
        share_now, share_before = x_now / n_now, x_before / n_before
        rows.append(
            {
                "theme_id": theme_id,
                "period": now_label,
                "share_now": share_now,
                "share_before": share_before,
                "ratio": share_now / share_before if x_before else math.inf,
                "p_value": _greater_test(x_now, n_now, x_before, n_before),
                "new": int(base_all.get(theme_id, 0)) == 0,
                "mentions_now": x_now,
                "detractors_now": n_now,
                "mentions_before": x_before,
                "detractors_before": n_before,
            }
        )
    if not rows:
        return empty
    tested = pd.DataFrame(rows)
    tested["q_value"] = _bh(tested["p_value"].to_numpy(dtype=float))
    enough = tested["mentions_now"] >= min_mentions
    surge = enough & ~tested["new"] & (tested["q_value"] < alpha)
    new = enough & tested["new"]
    tested["kind"] = np.where(new, "new", np.where(surge, "surge", None))
    out = tested[surge | new].sort_values(["q_value", "theme_id"], kind="stable")
    messages = [
        _alert_message(row, period=period, baseline=len(base_labels)) for _, row in out.iterrows()
    ]
    return out.assign(message=messages)[ALERT_COLUMNS].reset_index(drop=True)


def _bh(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values (scipy); a missing p-value stays missing."""
    out = np.full(len(p_values), np.nan)
    finite = np.isfinite(p_values)
    if finite.any():
        out[finite] = stats.false_discovery_control(p_values[finite], method="bh")
    return out
