import numpy as np
import pandas as pd
import pytest

from verbatim.models.trends import (
    ALERT_COLUMNS,
    PREVALENCE_COLUMNS,
    detect_alerts,
    theme_prevalence,
)

SURGE, STABLE, NEW, QUIET = 1, 2, 3, 4


def _month(rng, month, n, shares, start):
    """n responses in a month, 40% detractors; each theme on a given share of the detractors."""
    ids = [f"{month}-{i}" for i in range(start, start + n)]
    days = rng.integers(1, 28, n)
    dates = [pd.Timestamp(f"{month}-{d:02d}") for d in days]
    cats = np.where(np.arange(n) % 5 < 2, "detractor", "promoter")
    responses = pd.DataFrame({"response_id": ids, "category": cats, "responded_at": dates})
    rows = []
    detractors = np.flatnonzero(cats == "detractor")
    for theme, share in shares.items():
        k = round(share * len(detractors))
        rows += [(ids[i], theme) for i in rng.choice(detractors, k, replace=False)]
    rows += [(ids[i], QUIET) for i in np.flatnonzero(cats == "promoter")[:5]]
    return responses, rows


@pytest.fixture(scope="module")
def planted():
    """Jul–Sep baseline, October: theme 1 goes from 10% to 35% of detractors, theme 2 stays at
    20%, theme 3 appears for the first time (8 detractors)."""
    rng = np.random.default_rng(3)
    frames, rows = [], []
    for month in ("2026-07", "2026-08", "2026-09"):
        r, m = _month(rng, month, 200, {SURGE: 0.10, STABLE: 0.20}, 0)
        frames.append(r)
        rows += m
    r, m = _month(rng, "2026-10", 200, {SURGE: 0.35, STABLE: 0.20, NEW: 0.10}, 0)
    frames.append(r)
    rows += m
    responses = pd.concat(frames, ignore_index=True)
    mentions = pd.DataFrame(rows, columns=["response_id", "theme_id"])
    return responses, mentions


def test_trends_prevalence_counts(planted):
    responses, mentions = planted
    prev = theme_prevalence(responses, mentions, period="month")
    assert list(prev.columns) == PREVALENCE_COLUMNS
    assert prev["period"].unique().tolist() == ["2026-07", "2026-08", "2026-09", "2026-10"]
    oct_surge = prev[(prev["period"] == "2026-10") & (prev["theme_id"] == SURGE)].iloc[0]
    assert (oct_surge["responses"], oct_surge["detractors"]) == (200, 80)
    assert (oct_surge["mentions_detractors"], oct_surge["share_detractors"]) == (28, 0.35)
    assert oct_surge["share_all"] == pytest.approx(28 / 200)
    jul_new = prev[(prev["period"] == "2026-07") & (prev["theme_id"] == NEW)].iloc[0]
    assert jul_new["mentions_all"] == 0  # every theme in every period, zeros included


def test_trends_prevalence_fills_gaps_and_dedupes():
    responses = pd.DataFrame(
        {
            "response_id": ["a", "b", "c"],
            "category": ["detractor", "promoter", "detractor"],
            "responded_at": pd.to_datetime(["2026-01-10", "2026-03-02", pd.NaT]),
        }
    )
    mentions = pd.DataFrame({"response_id": ["a", "a", "b", "c"], "theme_id": [7, 7, 7, 7]})
    prev = theme_prevalence(responses, mentions, period="month")
    assert prev["period"].tolist() == ["2026-01", "2026-02", "2026-03"]
    assert prev["mentions_all"].tolist() == [1, 0, 1]
    assert prev["responses"].tolist() == [1, 0, 1]
    assert prev["share_all"].isna().tolist() == [False, True, False]


def test_trends_alerts_flag_the_planted_surge_only(planted):
    responses, mentions = planted
    alerts = detect_alerts(responses, mentions, period="month")
    assert list(alerts.columns) == ALERT_COLUMNS
    by_theme = alerts.set_index("theme_id")
    assert set(by_theme.index) == {SURGE, NEW}
    surge = by_theme.loc[SURGE]
    assert surge["kind"] == "surge" and surge["period"] == "2026-10"
    assert (surge["share_now"], surge["share_before"]) == pytest.approx((0.35, 0.10))
    assert surge["ratio"] == pytest.approx(3.5) and surge["q_value"] < 0.01
    assert by_theme.loc[NEW, "kind"] == "new" and by_theme.loc[NEW, "mentions_now"] == 8


@pytest.mark.parametrize(
    ("theme", "message"),
    [
        (
            SURGE,
            "Surge in 2026-10: 35.0% of detractor responses mention the theme (28 of 80), "
            "against 10.0% of detractor responses in the 3 months before (3.5×).",
        ),
        (
            NEW,
            "New theme in 2026-10: 10.0% of detractor responses mention it (8 of 80); "
            "no response mentioned it in the 3 months before.",
        ),
    ],
)
def test_trends_alert_message_says_what_the_share_is_of(planted, theme, message):
    alerts = detect_alerts(*planted, period="month").set_index("theme_id")
    assert alerts.loc[theme, "message"] == message


@pytest.mark.parametrize(("min_mentions", "kinds"), [(5, {"surge", "new"}), (10, {"surge"})])
def test_trends_alerts_min_mentions(planted, min_mentions, kinds):
    alerts = detect_alerts(*planted, min_mentions=min_mentions)
    assert set(alerts["kind"]) == kinds


def test_trends_alerts_need_a_baseline(planted):
    responses, mentions = planted
    october = responses[responses["responded_at"] >= "2026-10-01"]
    assert detect_alerts(october, mentions).empty


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": "day"}, "'period' parameter must be one of week, month, quarter"),
        ({"baseline_periods": 0}, "'baseline_periods' parameter must be an int in the range"),
        ({"alpha": 1.5}, "'alpha' parameter must be in \\(0, 1\\)"),
    ],
)
def test_trends_alerts_reject_bad_options(planted, kwargs, message):
    with pytest.raises(ValueError, match=message):
        detect_alerts(*planted, **kwargs)
