"""The day's one fix: the complaint theme that rose most among a short period's detractors.

For a short period (a day, a festival evening) and the weeks before it (the baseline), each
topic theme on the complaint side (``kind`` topic, not a roll-up, not a praise theme; general
praise and complaint are never candidates) is scored as in ``verbatim.models.trends.detect_alerts``:
the share of the period's detractor responses that mention it against its usual share among
the baseline's detractors, with the same one-sided test (``_greater_test``: pooled z, Fisher
when a cell is small). The most actionable is the one with the most detractor mentions × rise:

    score = mentions_now × share_now / usual_share,  usual_share = (mentions_before + ½)/(n + 1)

(the ½ keeps a theme the baseline never saw finite). A theme *stands out* when at least
``min_mentions`` of the period's detractors mention it and it is new (no mention at all in the
baseline) or its share rose ``min_ratio`` times with a one-sided p-value below ``max_p``. The
p-value guards against noise without asking a few dozen responses for significance after
correction: a daily digest is a prompt to read three verbatims, not a finding. Without any
baseline (the first day), the theme most detractors mention stands out.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from verbatim.models.drivers import theme_indicators

FIX_COLUMNS = [
    "theme_id",
    "mentions_now",
    "detractors_now",
    "share_now",
    "mentions_before",
    "detractors_before",
    "share_before",
    "ratio",
    "p_value",
    "new",
    "score",
    "standout",
]


def candidate_themes(themes: pd.DataFrame) -> list[int]:
    """Ids of the themes a fix may name: topic themes (not roll-ups) that are not praise."""
    if themes.empty:
        return []
    keep = pd.Series(True, index=themes.index)
    if "kind" in themes:
        keep &= themes["kind"].fillna("topic").eq("topic")
    if "level" in themes:
        keep &= themes["level"].fillna("theme").eq("theme")
    if "polarity" in themes:
        keep &= themes["polarity"].ne("praise")
    return themes.loc[keep, "theme_id"].astype("int64").tolist()


def rank_fixes(
    now: pd.DataFrame,
    before: pd.DataFrame,
    mention_themes: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    min_mentions: int = 2,
    min_ratio: float = 1.5,
    max_p: float = 0.2,
) -> pd.DataFrame:
    """Score each candidate theme of the period against the baseline; best first.

    Args:
        now: the period's scored responses: ``response_id``, ``category``.
        before: the baseline's scored responses (may be empty: the first day).
        mention_themes: ``response_id``, ``theme_id`` (any responses; others are ignored).
        themes: ``theme_id`` and, where known, ``kind``, ``level``, ``polarity``.
        min_mentions: detractor mentions in the period a fix needs.
        min_ratio: rise of the share (now / usual) a theme seen before needs.
        max_p: one-sided p-value below which such a rise counts.

    Returns:
        ``FIX_COLUMNS``, one row per candidate theme mentioned by a detractor in the period,
        standing-out themes first, then by score, mentions and theme_id.
    """
    from verbatim.models.trends import _greater_test  # the alerts' test (scipy: imported on use)

    allowed = candidate_themes(themes)
    mt = mention_themes[mention_themes["theme_id"].isin(allowed)]
    det_now = now[now["category"] == "detractor"]
    det_before = before[before["category"] == "detractor"]
    n_now, n_before = len(det_now), len(det_before)
    if n_now == 0 or mt.empty:
        return pd.DataFrame(columns=FIX_COLUMNS)
    flags_now = theme_indicators(det_now, mt)
    flags_before = theme_indicators(det_before, mt)
    seen_before = set(mt.loc[mt["response_id"].isin(before["response_id"]), "theme_id"])
    rows = []
    for theme_id in flags_now.columns:
        x_now = int(flags_now[theme_id].sum())
        if x_now == 0:
            continue
        x_before = int(flags_before[theme_id].sum()) if theme_id in flags_before else 0
        share_now = x_now / n_now
        usual = (x_before + 0.5) / (n_before + 1) if n_before else math.nan
        new = bool(n_before) and int(theme_id) not in seen_before
        p_value = _greater_test(x_now, n_now, x_before, n_before) if n_before else math.nan
        ratio = share_now / (x_before / n_before) if x_before else math.inf
        if not n_before:
            ratio, standout = math.nan, x_now >= min_mentions
        else:
            rose = ratio >= min_ratio and p_value < max_p
            standout = x_now >= min_mentions and (new or rose)
        rows.append(
            {
                "theme_id": int(theme_id),
                "mentions_now": x_now,
                "detractors_now": n_now,
                "share_now": share_now,
                "mentions_before": x_before,
                "detractors_before": n_before,
                "share_before": x_before / n_before if n_before else math.nan,
                "ratio": ratio,
                "p_value": p_value,
                "new": new,
                "score": x_now * share_now / usual if n_before else float(x_now),
                "standout": bool(standout),
            }
        )
    if not rows:
        return pd.DataFrame(columns=FIX_COLUMNS)
    out = pd.DataFrame(rows)
    order = np.lexsort(
        (out["theme_id"], -out["mentions_now"], -out["score"], ~out["standout"].to_numpy())
    )
    return out.iloc[order][FIX_COLUMNS].reset_index(drop=True)
