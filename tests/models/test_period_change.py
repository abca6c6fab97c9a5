"""The headline's period: the last complete period's NPS and its change against the one before."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from verbatim.models.nps import categorize, period_change


def _frame(rows: list[tuple[str, int]]) -> tuple[pd.Series, pd.Series]:
    dates = pd.Series(pd.to_datetime([d for d, _ in rows]))
    return categorize(pd.Series([s for _, s in rows], dtype="Int64")), dates


# September: 3 promoters, 3 passives = +50; October: 2 promoters, 2 detractors = 0
SEPT_OCT = [(f"2026-09-0{i + 1}", s) for i, s in enumerate([10, 9, 10, 8, 7, 8])] + [
    (f"2026-10-1{i}", s) for i, s in enumerate([10, 9, 3, 5])
]


def test_change_is_last_complete_period_against_the_one_before():
    cats, dates = _frame(SEPT_OCT)
    h = period_change(cats, dates, period="month", today="2026-12-03")
    assert h["period"] == "2026-10" and h["period_complete"]
    assert h["period_nps"] == 0.0 and h["period_responses"] == 4
    assert h["previous_period"] == "2026-09" and h["previous_nps"] == 50.0
    assert h["change"] == -50.0  # not the all-time NPS (+30) against September
    assert h["change_ci_low"] < -50.0 < h["change_ci_high"]
    assert 0 < h["change_p_value"] < 1
    assert h["change_significant"] == (h["change_p_value"] < 0.05)


def test_the_period_still_running_is_not_the_headline():
    cats, dates = _frame(SEPT_OCT)
    h = period_change(cats, dates, period="month", today="2026-10-20")
    assert h["period"] == "2026-09" and h["period_complete"]
    assert h["period_nps"] == 50.0
    assert h["change"] is None and h["previous_period"] is None  # nothing before September


def test_only_the_current_period_is_shown_marked_in_progress():
    cats, dates = _frame([("2026-12-01", 10), ("2026-12-02", 2)])
    h = period_change(cats, dates, period="month", today="2026-12-03")
    assert h["period"] == "2026-12" and not h["period_complete"]
    assert h["period_nps"] == 0.0 and h["change"] is None


def test_a_gap_compares_with_the_latest_earlier_period_and_names_it():
    cats, dates = _frame([("2026-07-01", 10), ("2026-07-02", 9), ("2026-09-01", 1)])
    h = period_change(cats, dates, period="month", today="2026-12-03")
    assert (h["period"], h["previous_period"]) == ("2026-09", "2026-07")
    assert h["change"] == -200.0


@pytest.mark.parametrize("rows", [[], [("NaT", 9)]])
def test_no_dated_response_gives_no_period(rows):
    cats, dates = _frame(rows)
    h = period_change(cats, dates, today="2026-12-03")
    assert h["period"] is None and h["change"] is None and not h["period_complete"]


def test_unanswered_invitations_do_not_count():
    cats, dates = _frame([("2026-09-01", 10), ("2026-10-01", 10)])
    cats = pd.concat([cats, pd.Series([math.nan])], ignore_index=True)
    dates = pd.concat([dates, pd.Series(pd.to_datetime(["2026-10-02"]))], ignore_index=True)
    h = period_change(cats, dates, today="2026-12-03")
    assert h["period_responses"] == 1 and h["change"] == 0.0


@pytest.mark.parametrize(
    "promoters,detractors,n", [(1, 0, 1), (0, 1, 1), (2, 0, 2), (0, 0, 1), (3, 0, 3)]
)
def test_an_interval_never_excludes_its_own_nps(promoters, detractors, n):
    from verbatim.models.nps import adjusted_wald

    nps, low, high = adjusted_wald(promoters, detractors, n)
    assert low <= nps <= high
    assert -100.0 <= low and high <= 100.0


def test_one_promoter_alone_keeps_the_adjusted_lower_bound():
    from verbatim.models.nps import adjusted_wald

    nps, low, high = adjusted_wald(1, 0, 1)
    assert (nps, round(low, 1), high) == (100.0, -48.5, 100.0)
