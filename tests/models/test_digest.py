"""The day's one fix (models/digest.py): rise among the period's detractors, general never named."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from verbatim.models.digest import FIX_COLUMNS, candidate_themes, rank_fixes

THEMES = pd.DataFrame(
    {
        "theme_id": [1, 2, 3, 4, 5],
        "kind": ["topic", "topic", "topic", "general", "topic"],
        "level": ["theme", "theme", "theme", "theme", "parent"],
        "polarity": ["complaint", "mixed", "praise", "complaint", "complaint"],
    }
)


def _responses(prefix: str, categories: list[str]) -> pd.DataFrame:
    ids = [f"{prefix}{i}" for i in range(len(categories))]
    return pd.DataFrame({"response_id": ids, "category": categories})


def test_digest_candidates_are_complaint_side_topic_themes():
    assert candidate_themes(THEMES) == [1, 2]  # no praise, no general, no roll-up


@pytest.mark.parametrize("surging", [1, 2])
def test_digest_the_theme_that_rose_most_stands_out(surging):
    other = 3 - surging
    now = _responses("n", ["detractor"] * 10 + ["promoter"] * 10)
    before = _responses("b", ["detractor"] * 100 + ["promoter"] * 100)
    mentions = [(f"n{i}", surging) for i in range(6)]  # 6 of 10 today
    mentions += [(f"n{i}", other) for i in range(6, 8)]  # 2 of 10 today...
    mentions += [(f"b{i}", surging) for i in range(5)]  # ...against 5 of 100 usually
    mentions += [(f"b{i}", other) for i in range(5, 25)]  # 20 of 100 usually
    mentions += [(f"n{i}", 4) for i in range(10)]  # general: never a candidate
    mt = pd.DataFrame(mentions, columns=["response_id", "theme_id"])
    ranked = rank_fixes(now, before, mt, THEMES)
    assert list(ranked.columns) == FIX_COLUMNS
    assert ranked["theme_id"].tolist() == [surging, other]
    best = ranked.iloc[0]
    assert bool(best["standout"]) and not bool(ranked.iloc[1]["standout"])
    assert (best["mentions_now"], best["detractors_now"]) == (6, 10)
    assert best["share_before"] == 0.05 and best["ratio"] == pytest.approx(12.0)
    assert best["score"] == pytest.approx(6 * 0.6 / (5.5 / 101))


@pytest.mark.parametrize("mentions_now", [1])
def test_digest_one_mention_is_not_a_fix(mentions_now):
    now = _responses("n", ["detractor"] * 4)
    before = _responses("b", ["detractor"] * 50)
    mt = pd.DataFrame([("n0", 1)], columns=["response_id", "theme_id"])
    ranked = rank_fixes(now, before, mt, THEMES)
    assert ranked["mentions_now"].tolist() == [mentions_now] and not ranked["standout"].any()
    assert bool(ranked.iloc[0]["new"]) and math.isinf(ranked.iloc[0]["ratio"])


@pytest.mark.parametrize("first_day_mentions", [3])
def test_digest_without_a_baseline_the_most_mentioned_stands_out(first_day_mentions):
    now = _responses("n", ["detractor"] * 5)
    mt = pd.DataFrame(
        [(f"n{i}", 2) for i in range(first_day_mentions)] + [("n4", 1)],
        columns=["response_id", "theme_id"],
    )
    ranked = rank_fixes(now, now.iloc[:0], mt, THEMES)
    assert ranked.iloc[0]["theme_id"] == 2 and bool(ranked.iloc[0]["standout"])
    assert math.isnan(ranked.iloc[0]["ratio"])
