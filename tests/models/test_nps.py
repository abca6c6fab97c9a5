import math

import numpy as np
import pandas as pd
import pytest

from verbatim.models import nps
from verbatim.models.nps import NpsResult


@pytest.mark.parametrize(
    ("promoter_min", "expected"),
    [
        (9, ["detractor", "detractor", "passive", "passive", "promoter", "promoter", None]),
        (8, ["detractor", "detractor", "passive", "promoter", "promoter", "promoter", None]),
    ],
)
def test_nps_categorize_thresholds(promoter_min, expected):
    scores = pd.Series([0, 6, 7, 8, 9, 10, None], dtype="Int64")
    out = nps.categorize(scores, promoter_min=promoter_min)
    assert [None if pd.isna(v) else v for v in out] == expected
    assert out.index.equals(scores.index)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"promoter_min": 11}, "'promoter_min' parameter must be an int in the range \\[0, 10\\]"),
        ({"detractor_max": 6.5}, "'detractor_max' parameter must be an int"),
        ({"promoter_min": 6, "detractor_max": 6}, "detractor_max=6, promoter_min=6"),
    ],
)
def test_nps_categorize_rejects_bad_thresholds(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nps.categorize(pd.Series([5]), **kwargs)


@pytest.mark.parametrize("bad", [11, -1, 7.5, "seven"])
def test_nps_categorize_rejects_bad_scores(bad):
    with pytest.raises(ValueError, match="whole numbers from 0 to 10"):
        nps.categorize(pd.Series([3, bad], dtype=object))


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # n'=103, p'=50.75/103, d'=20.75/103, NPS'=29.1262, half=1.959964*sqrt(0.6093411/103)
        ((50, 20, 100), (30.0, 14.0511, 44.2013)),
        # n'=7, p'=2.75/7, d'=1.75/7, NPS'=14.2857, half=1.959964*sqrt(0.6224490/7)
        ((2, 1, 4), (25.0, -44.1597, 72.7312)),
        # upper end 76.92 + 29.42 = 106.3 is clipped to 100
        ((10, 0, 10), (100.0, 47.5035, 100.0)),
    ],
)
def test_nps_adjusted_wald_known_answers(counts, expected):
    assert nps.adjusted_wald(*counts) == pytest.approx(expected, abs=1e-4)


def test_nps_adjusted_wald_empty_is_nan():
    assert all(math.isnan(v) for v in nps.adjusted_wald(0, 0, 0))


@pytest.mark.parametrize("counts", [(5, 6, 10), (-1, 0, 3)])
def test_nps_adjusted_wald_rejects_impossible_counts(counts):
    with pytest.raises(ValueError, match="0 <= promoters \\+ detractors <= n"):
        nps.adjusted_wald(*counts)


def test_nps_summary_ignores_missing_categories():
    result = nps.nps_summary(pd.Series(["promoter", "promoter", "passive", "detractor", None]))
    assert (result.responses, result.promoters, result.passives, result.detractors) == (4, 2, 1, 1)
    assert result.nps == 25.0
    assert (result.ci_low, result.ci_high) == pytest.approx((-44.1597, 72.7312), abs=1e-4)
    assert result.as_dict()["nps"] == 25.0


def test_nps_summary_rejects_unknown_category():
    with pytest.raises(ValueError, match="Unknown NPS categories \\['fan'\\]"):
        nps.nps_summary(pd.Series(["promoter", "fan"]))


@pytest.fixture
def monthly():
    return pd.DataFrame(
        {
            "score": pd.array([10, 9, 8, 3, 0, 6, 9, None], dtype="Int64"),
            "responded_at": pd.to_datetime(
                [
                    "2026-10-01",
                    "2026-10-15",
                    "2026-10-31",
                    "2026-10-20",
                    "2026-11-02",
                    "2026-11-30",
                    "2026-11-12",
                    "2026-11-05",
                ]
            ),
            "channel": ["app", "web", "app", "web", "app", "web", "app", "web"],
        }
    )


def test_nps_table_by_month_hand_counts(monthly):
    table = nps.nps_table(monthly, period="month")
    assert list(table.columns) == nps.NPS_COLUMNS
    assert table["period"].tolist() == ["2026-10", "2026-11"]
    assert table["segment"].tolist() == ["all", "all"]
    # October 10, 9, 8, 3 -> P2 Pa1 D1; November 0, 6, 9 (+1 unanswered, not counted) -> P1 D2
    assert table[["responses", "promoters", "passives", "detractors"]].values.tolist() == [
        [4, 2, 1, 1],
        [3, 1, 0, 2],
    ]
    assert table["nps"].tolist() == pytest.approx([25.0, -100 / 3])
    # November: n'=6, p'=1.75/6, d'=2.75/6, NPS'=-16.667, half=1.959964*sqrt(0.7222222/6)
    assert table["ci_low"].tolist() == pytest.approx([-44.1597, -84.6665], abs=1e-4)
    assert table["ci_high"].tolist() == pytest.approx([72.7312, 51.3332], abs=1e-4)
    assert table[["p_value", "q_value"]].isna().all().all() and not table["significant"].any()


def test_nps_table_does_not_mutate_input(monthly):
    before = monthly.copy()
    nps.nps_table(monthly, period="week", segment="channel")
    pd.testing.assert_frame_equal(monthly, before)


def test_nps_table_segments_within_periods(monthly):
    table = nps.nps_table(monthly, period="month", segment="channel")
    assert table[["period", "segment", "responses"]].values.tolist() == [
        ["2026-10", "channel=app", 2],
        ["2026-10", "channel=web", 2],
        ["2026-11", "channel=app", 2],
        ["2026-11", "channel=web", 1],
    ]


@pytest.mark.parametrize(
    ("period", "date", "label"),
    [
        ("week", "2026-10-01", "2026-W40"),
        ("week", "2027-01-01", "2026-W53"),
        ("month", "2026-10-01", "2026-10"),
        ("quarter", "2026-10-01", "2026-Q4"),
        ("quarter", "2026-03-31", "2026-Q1"),
    ],
)
def test_nps_period_labels(period, date, label):
    df = pd.DataFrame({"score": pd.array([9], dtype="Int64"), "responded_at": [pd.Timestamp(date)]})
    assert nps.nps_table(df, period=period)["period"].tolist() == [label]


def test_nps_table_undated_responses_are_kept_as_unknown():
    df = pd.DataFrame(
        {
            "score": pd.array([9, 0], dtype="Int64"),
            "responded_at": [pd.Timestamp("2026-01-05"), pd.NaT],
        }
    )
    table = nps.nps_table(df, period="month")
    assert table[["period", "responses"]].values.tolist() == [["2026-01", 1], ["unknown", 1]]


def _planted(n_per_group, mix_a, mix_b, seed=0):
    """Two channels with exact category mixes (promoter, passive, detractor shares)."""
    rows = []
    for channel, mix in (("app", mix_a), ("web", mix_b)):
        counts = np.round(np.array(mix) * n_per_group).astype(int)
        scores = [10] * counts[0] + [7] * counts[1] + [2] * counts[2]
        rows += [(s, channel) for s in scores]
    df = pd.DataFrame(rows, columns=["score", "channel"]).sample(frac=1, random_state=seed)
    return df.astype({"score": "Int64"})


@pytest.mark.parametrize(
    ("mix_web", "significant"),
    [((0.6, 0.2, 0.2), False), ((0.3, 0.2, 0.5), True)],
)
def test_nps_table_flags_planted_segment_difference(mix_web, significant):
    df = _planted(150, (0.6, 0.2, 0.2), mix_web)
    table = nps.nps_table(df, segment="channel")
    assert table["segment"].tolist() == ["channel=app", "channel=web"]
    assert table["significant"].tolist() == [significant, significant]
    # two groups: each is tested against the other, so both get the same p-value (and q = p)
    assert table["p_value"].iloc[0] == pytest.approx(table["p_value"].iloc[1])
    assert table["q_value"].tolist() == pytest.approx(table["p_value"].tolist())


def _channels(n_per_group, mixes):
    """Channels with exact category mixes (promoter, passive, detractor shares)."""
    rows = []
    for channel, mix in mixes.items():
        counts = np.round(np.array(mix) * n_per_group).astype(int)
        rows += [(s, channel) for s in [10] * counts[0] + [7] * counts[1] + [2] * counts[2]]
    return pd.DataFrame(rows, columns=["score", "channel"]).astype({"score": "Int64"})


FIVE_CHANNELS = {"a": (0.42, 0.31, 0.27), **{c: (0.5, 0.3, 0.2) for c in "bcde"}}


def test_nps_table_corrects_segment_comparisons_for_the_values_compared():
    table = nps.nps_table(_channels(200, FIVE_CHANNELS), segment="channel")
    assert list(table.columns) == nps.NPS_COLUMNS
    assert (table["q_value"] >= table["p_value"]).all()
    a = table.set_index("segment").loc["channel=a"]
    # borderline: NPS 15 against 30 elsewhere, p ≈ 0.019 alone; the smallest of 5 p-values
    # (the others ≈ 0.54) gets q = 5·p ≈ 0.096, so it is no longer flagged
    assert a["p_value"] == pytest.approx(0.019150, abs=1e-6)
    assert a["q_value"] == pytest.approx(5 * a["p_value"])
    assert not table["significant"].any()


def test_nps_table_corrects_each_period_on_its_own():
    one = _channels(200, FIVE_CHANNELS)
    two = pd.concat(
        [
            one.assign(responded_at=pd.Timestamp("2026-10-05")),
            one.assign(responded_at=pd.Timestamp("2026-11-05")),
        ],
        ignore_index=True,
    )
    table = nps.nps_table(two, period="month", segment="channel")
    a = table[table["segment"] == "channel=a"]
    assert a["period"].tolist() == ["2026-10", "2026-11"]
    # five values compared per month, not ten over the table
    assert a["q_value"].to_numpy() == pytest.approx(5 * a["p_value"].to_numpy())


def test_nps_table_names_missing_segment_column(monthly):
    with pytest.raises(ValueError, match="Segment column 'region' not found. Columns found: "):
        nps.nps_table(monthly, segment="region")


@pytest.mark.parametrize("period", ["year", "monthly"])
def test_nps_table_rejects_unknown_period(monthly, period):
    with pytest.raises(ValueError, match="must be one of None, week, month, quarter"):
        nps.nps_table(monthly, period=period)


def test_nps_compare_known_answer():
    a = NpsResult(100, 50, 30, 20, 30.0, 0.0, 0.0)  # Var = 1e4*(0.7-0.09)/100 = 61
    b = NpsResult(100, 30, 40, 30, 0.0, 0.0, 0.0)  # Var = 1e4*(0.6-0)/100 = 60
    out = nps.compare_nps(a, b)
    assert out["difference"] == 30.0
    assert out["z"] == pytest.approx(30 / 11)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx(
        (30 - 1.959964 * 11, 30 + 1.959964 * 11)
    )
    assert out["p_value"] == pytest.approx(0.006386, abs=1e-6)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([9, None, 3, None], {"invited": 4, "responded": 2, "rate": 0.5}),
        ([], {"invited": 0, "responded": 0, "rate": math.nan}),
    ],
)
def test_nps_response_rate(scores, expected):
    out = nps.response_rate(pd.DataFrame({"score": pd.array(scores, dtype="Int64")}))
    assert out["invited"] == expected["invited"] and out["responded"] == expected["responded"]
    assert out["rate"] == pytest.approx(expected["rate"], nan_ok=True)
