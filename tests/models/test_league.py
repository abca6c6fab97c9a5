"""League table of sites (models/league.py): BH-corrected difference from the rest, change."""

from __future__ import annotations

import pandas as pd
import pytest

from verbatim.models.league import LEAGUE_COLUMNS, league_table, league_windows


def _site(site: str, pro: int, pas: int, det: int, day: str) -> list[dict]:
    scores = [10] * pro + [8] * pas + [2] * det
    return [{"site": site, "score": s, "responded_at": pd.Timestamp(day)} for s in scores]


@pytest.mark.parametrize("worst", ["C"])
def test_league_flags_the_planted_worst_site_only(worst):
    rows = []
    sites = {"A": (30, 20, 10), "B": (28, 20, 12), "C": (8, 12, 40), "D": (29, 19, 12)}
    sites |= {"E": (27, 21, 12), "F": (31, 17, 12), "G": (29, 20, 11), "H": (28, 19, 13)}
    for site, counts in sites.items():
        rows += _site(site, *counts, "2026-10-05")
    current = pd.DataFrame(rows).assign(response_id=lambda f: [f"r{i}" for i in range(len(f))])
    previous = pd.DataFrame(_site(worst, 30, 20, 10, "2026-09-05")).assign(response_id="p")
    themes = pd.DataFrame({"theme_id": [], "label_fr": [], "label_en": []})
    mt = pd.DataFrame({"response_id": [], "theme_id": []})
    table = league_table(current, previous, mt, themes, segment="site")
    assert list(table.columns) == LEAGUE_COLUMNS
    assert table["value"].tolist()[-1] == worst and table["rank"].tolist() == list(range(1, 9))
    flags = dict(zip(table["value"], table["flag"], strict=True))
    assert flags == {site: "worse" if site == worst else "" for site in sites}
    row = table.set_index("value").loc[worst]
    assert row["q_value"] < 0.05 and row["difference"] < 0
    assert row["nps"] == pytest.approx(-160 / 3)
    assert row["previous_nps"] == pytest.approx(100 / 3)
    assert row["change"] == pytest.approx(row["nps"] - row["previous_nps"])
    assert table.set_index("value").loc["A", "previous_responses"] == 0


@pytest.mark.parametrize(
    "start,end,label,previous",
    [
        (None, None, "2026-10", "2026-09"),  # the last complete month (today 2026-11-03)
        ("2026-10-10", "2026-10-17", "2026-10-10 → 2026-10-16", "2026-10-03 → 2026-10-09"),
        ("2026-10-10", "2026-10-11", "2026-10-10", "2026-10-09"),
    ],
)
def test_league_windows(start, end, label, previous):
    days = ["2026-09-15", "2026-10-05", "2026-10-09", "2026-10-10", "2026-10-12", "2026-11-02"]
    dates = pd.Series(pd.to_datetime(days))
    ts = lambda v: pd.Timestamp(v) if v else None  # noqa: E731
    current, before, got, got_previous = league_windows(
        dates, start=ts(start), end=ts(end), today="2026-11-03"
    )
    assert (got, got_previous) == (label, previous)
    assert current.sum() >= 1 and before.sum() >= 1 and not (current & before).any()
