"""Value at risk, retention difference and value-weighted NPS on planted counts (models/value.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from verbatim.models.value import (
    RETENTION_COLUMNS,
    VALUE_COLUMNS,
    retention_difference,
    retention_table,
    top_by_value,
    value_at_risk,
    value_weighted_nps,
)


def _frame(rows: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """rows: (category, value, retained, themes[, customer]) -> responses, mention_themes."""
    responses, mentions = [], []
    for i, row in enumerate(rows):
        category, value, retained, themes = row[:4]
        rid = f"r{i}"
        responses.append(
            {
                "response_id": rid,
                "category": category,
                "value": value,
                "retained": retained,
                "customer_id": row[4] if len(row) > 4 else None,
                "responded_at": pd.Timestamp("2026-10-01") + pd.Timedelta(days=i),
            }
        )
        mentions += [{"response_id": rid, "theme_id": t} for t in themes]
    df = pd.DataFrame(responses).astype({"retained": "boolean", "value": "float64"})
    return df, pd.DataFrame(mentions, columns=["response_id", "theme_id"])


@pytest.mark.parametrize("with_customer_ids", [False])
def test_value_at_risk_sums_the_value_of_each_themes_detractors(with_customer_ids):
    responses, mentions = _frame(
        [
            ("detractor", 100.0, None, [1]),
            ("detractor", 300.0, None, [1, 2]),
            ("detractor", None, None, [2]),  # no value: counted nowhere
            ("passive", 1000.0, None, [1]),  # not a detractor: not at risk
            ("promoter", 600.0, None, [3]),
        ]
    )
    table = value_at_risk(responses, mentions)
    assert list(table.columns) == VALUE_COLUMNS
    assert table.loc[1, "value_at_risk"] == 400.0 and table.loc[2, "value_at_risk"] == 300.0
    assert table.loc[3, "value_at_risk"] == 0.0
    assert table.loc[1, "value_at_risk_share"] == pytest.approx(400 / 2000)
    assert table.loc[2, "value_detractors"] == 1


@pytest.mark.parametrize("latest", [500.0])
def test_value_at_risk_counts_a_repeat_customer_once_with_the_latest_value(latest):
    responses, mentions = _frame(
        [
            ("detractor", 200.0, None, [1], "C1"),
            ("detractor", latest, None, [1], "C1"),  # the same customer, later
            ("detractor", 100.0, None, [1], "C2"),
        ]
    )
    table = value_at_risk(responses, mentions)
    assert table.loc[1, "value_at_risk"] == latest + 100.0
    assert table.loc[1, "value_at_risk_share"] == 1.0


@pytest.mark.parametrize(
    "counts,interval",
    [
        # Newcombe (1998), Statistics in Medicine 17:873, table II example (a): 56/70 vs 48/80
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),  # (b): 9/10 vs 3/10
    ],
)
def test_value_retention_difference_has_the_newcombe_interval(counts, interval):
    out = retention_difference(*counts)
    x1, n1, x2, n2 = counts
    assert out["retention_difference"] == pytest.approx(x1 / n1 - x2 / n2)
    assert out["retention_ci_low"] == pytest.approx(interval[0], abs=5e-4)
    assert out["retention_ci_high"] == pytest.approx(interval[1], abs=5e-4)
    assert 0 < out["retention_p_value"] < 0.05


@pytest.mark.parametrize("kept_theme,kept_rest", [(6, 45)])
def test_value_retention_table_on_planted_counts(kept_theme, kept_rest):
    rows = [("detractor", None, i < kept_theme, [7]) for i in range(10)]
    rows += [("promoter", None, i < kept_rest, []) for i in range(50)]
    rows += [("passive", None, None, [7])]  # retention unknown: in neither group
    responses, mentions = _frame(rows)
    table = retention_table(responses, mentions)
    assert list(table.columns) == RETENTION_COLUMNS
    row = table.loc[7]
    assert (row["retention_customers"], row["retention_rest_customers"]) == (10, 50)
    assert row["retention_theme"] == 0.6 and row["retention_rest"] == 0.9
    assert row["retention_difference"] == pytest.approx(-0.3)
    assert row["retention_ci_low"] < -0.3 < row["retention_ci_high"] < 0
    assert row["retention_q_value"] == pytest.approx(row["retention_p_value"])  # one theme


@pytest.mark.parametrize(
    "rows,expected",
    [
        # promoters 300, passive 100, detractors 100: 100 * (300 - 100) / 500 = +40
        (
            [("promoter", 100.0), ("promoter", 200.0), ("passive", 100.0), ("detractor", 100.0)],
            40.0,
        ),
        # the one large account is a detractor: -100 * 900 / 1000 + 100 * 100 / 1000 = -80
        ([("promoter", 100.0), ("detractor", 900.0), ("promoter", None)], -80.0),
    ],
)
def test_value_weighted_nps_by_hand(rows, expected):
    cats = pd.Series([c for c, _ in rows])
    values = pd.Series([v for _, v in rows])
    out = value_weighted_nps(cats, values)
    assert out["value_nps"] == pytest.approx(expected)
    w = values.dropna().to_numpy()
    assert out["value_total"] == w.sum() and out["value_responses"] == len(w)
    # the interval by hand: adjusted Wald on the weighted shares with Kish's effective n
    n_eff = w.sum() ** 2 / (w**2).sum()
    kept = [(c, v) for c, v in rows if v is not None]
    p = sum(v for c, v in kept if c == "promoter") / w.sum()
    d = sum(v for c, v in kept if c == "detractor") / w.sum()
    pp, dd = (p * n_eff + 0.75) / (n_eff + 3), (d * n_eff + 0.75) / (n_eff + 3)
    half = 1.959964 * math.sqrt((pp + dd - (pp - dd) ** 2) / (n_eff + 3))
    assert out["value_nps_ci_low"] == pytest.approx(
        max(-100, min(expected, 100 * (pp - dd - half)))
    )
    assert out["value_nps_ci_high"] == pytest.approx(
        min(100, max(expected, 100 * (pp - dd + half)))
    )


@pytest.mark.parametrize("values", [[-5.0, 10.0]])
def test_value_weighted_nps_refuses_negative_values(values):
    with pytest.raises(ValueError, match="Values must be >= 0"):
        value_weighted_nps(pd.Series(["promoter", "detractor"]), pd.Series(values))


@pytest.mark.parametrize("limit", [2])
def test_value_top_by_value_ranks_by_value_at_risk(limit):
    table = pd.DataFrame(
        {
            "theme_id": [1, 2, 3, 4],
            "value_at_risk": [10.0, 500.0, 0.0, 80.0],
            "impact": [-9, -1, -2, -3],
        }
    )
    top = top_by_value(table, limit)
    assert top["theme_id"].tolist() == [2, 4] and top["rank"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="'limit' parameter must be an int"):
        top_by_value(table, 0)
