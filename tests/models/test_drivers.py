import math

import numpy as np
import pandas as pd
import pytest

from verbatim.models.drivers import (
    DRIVER_COLUMNS,
    adjusted_odds_ratios,
    driver_table,
    impact_interval,
    theme_indicators,
    top_drivers,
)

REAL, BYSTANDER, NEUTRAL, PRAISE, TINY = 1, 2, 3, 4, 5


@pytest.fixture(scope="module")
def planted():
    """800 responses: theme 1 drives detraction; theme 2 rides along with it (70% of theme-1
    responses) with no effect of its own; theme 3 is noise; theme 4 comes with promoters;
    theme 5 is tiny (3 detractors)."""
    rng = np.random.default_rng(7)
    n = 800
    real = rng.random(n) < 0.25
    bystander = np.where(real, rng.random(n) < 0.7, rng.random(n) < 0.05)
    neutral = rng.random(n) < 0.2
    praise = ~real & (rng.random(n) < 0.25)
    p_det = np.where(real, 0.6, 0.15)
    p_pro = np.where(real, 0.15, np.where(praise, 0.8, 0.45))
    u = rng.random(n)
    category = np.where(u < p_det, "detractor", np.where(u < p_det + p_pro, "promoter", "passive"))
    ids = [f"r{i}" for i in range(n)]
    responses = pd.DataFrame({"response_id": ids, "category": category})
    rows = []
    for theme, mask in ((REAL, real), (BYSTANDER, bystander), (NEUTRAL, neutral), (PRAISE, praise)):
        rows += [(ids[i], theme) for i in np.flatnonzero(mask)]
    rows += [(ids[i], REAL) for i in np.flatnonzero(real)[:50]]  # repeated mentions count once
    rows += [(ids[i], TINY) for i in np.flatnonzero(category == "detractor")[:3]]
    rows += [(ids[0], -1), ("not-scored", REAL)]  # unassigned mention; response without score
    mentions = pd.DataFrame(rows, columns=["response_id", "theme_id"])
    table = driver_table(responses, mentions)
    return {
        "responses": responses,
        "mentions": mentions,
        "table": table.set_index("theme_id"),
        "raw": table,
        "real": real,
    }


def test_drivers_columns_follow_the_data_contract(planted):
    assert list(planted["raw"].columns) == DRIVER_COLUMNS
    assert DRIVER_COLUMNS[:14] == [
        "theme_id",
        "label_fr",
        "label_en",
        "responses",
        "share_detractors",
        "share_promoters",
        "theme_nps",
        "impact",
        "impact_ci_low",
        "impact_ci_high",
        "lift",
        "odds_ratio",
        "p_value",
        "q_value",
    ]
    assert planted["raw"]["theme_id"].tolist() == [1, 2, 3, 4, 5]


def test_drivers_real_driver_is_significant_with_negative_impact(planted):
    row = planted["table"].loc[REAL]
    assert row["responses"] == planted["real"].sum()  # deduplicated per response
    assert row["impact"] < -15 and row["impact_ci_high"] < 0
    assert row["lift"] > 2 and row["odds_ratio_ci_low"] > 3
    assert row["test"] == "chi2" and row["significant"]
    assert row["adjusted_odds_ratio"] > 4 and row["adjusted_p_value"] < 1e-6


def test_drivers_neutral_theme_is_not_significant(planted):
    row = planted["table"].loc[NEUTRAL]
    assert row["impact_ci_low"] < 0 < row["impact_ci_high"]
    assert 0.7 < row["lift"] < 1.3
    assert not row["significant"] and row["adjusted_p_value"] > 0.05


def test_drivers_bystander_is_not_blamed_once_adjusted(planted):
    row = planted["table"].loc[BYSTANDER]
    assert row["odds_ratio"] > 4  # crude: looks like a driver
    assert row["adjusted_ci_low"] < 1 < row["adjusted_ci_high"]
    assert 0.7 < row["adjusted_odds_ratio"] < 1.6 and row["adjusted_p_value"] > 0.05
    ranked = top_drivers(planted["raw"])
    assert ranked["theme_id"].iloc[0] == REAL
    # the bystander is listed but below the only confirmed driver
    assert ranked.set_index("theme_id").loc[BYSTANDER, "rank"] > 1


def test_drivers_q_values_are_monotone_benjamini_hochberg(planted):
    table = planted["raw"].sort_values("p_value")
    p, q = table["p_value"].to_numpy(), table["q_value"].to_numpy()
    m = len(p)
    expected = np.minimum.accumulate((p * m / np.arange(1, m + 1))[::-1])[::-1]
    assert q == pytest.approx(np.minimum(expected, 1))
    assert np.all(np.diff(q) >= 0) and np.all(q >= p)


def test_drivers_tiny_theme_stays_with_a_wide_interval(planted):
    row = planted["table"].loc[TINY]
    assert row["responses"] == 3 and row["test"] == "fisher"
    assert row["odds_ratio_ci_high"] / row["odds_ratio_ci_low"] > 100
    assert row["impact_ci_low"] < row["impact"] < row["impact_ci_high"]
    assert np.isfinite(row["adjusted_odds_ratio"])  # separation handled by the L2 fallback


@pytest.fixture
def ten():
    """10 responses: D D D Pa Pa P P P P P; theme 1 on r0 (twice), r1, r5; theme 2 on r6, r7."""
    cats = ["detractor"] * 3 + ["passive"] * 2 + ["promoter"] * 5
    responses = pd.DataFrame({"response_id": [f"r{i}" for i in range(10)], "category": cats})
    mentions = pd.DataFrame(
        {"response_id": ["r0", "r0", "r1", "r5", "r6", "r7"], "theme_id": [1, 1, 1, 1, 2, 2]}
    )
    themes = pd.DataFrame(
        {
            "theme_id": [1, 2, 9],
            "label_fr": ["attente", "accueil", "prix"],
            "label_en": ["waiting", "welcome", "price"],
        }
    )
    return responses, mentions, themes


def test_drivers_hand_computed_small_table(ten):
    responses, mentions, themes = ten
    before = mentions.copy()
    table = driver_table(responses, mentions, themes).set_index("theme_id")
    pd.testing.assert_frame_equal(mentions, before)
    row = table.loc[1]
    assert (row["label_fr"], row["label_en"], row["responses"]) == ("attente", "waiting", 3)
    assert row["share_detractors"] == pytest.approx(2 / 3)
    assert row["share_promoters"] == pytest.approx(1 / 5)
    assert row["share_passives"] == 0
    assert row["theme_nps"] == pytest.approx(-100 / 3)
    # NPS(all) = 20; without theme 1: P4 Pa2 D1 of 7 -> 300/7
    assert row["impact"] == pytest.approx(20 - 300 / 7)
    assert row["lift"] == pytest.approx((2 / 3) / 0.3)
    assert row["promoter_lift"] == pytest.approx((1 / 3) / 0.5)
    # [[2, 1], [1, 6]]: OR 12, Woolf se sqrt(1/2 + 1 + 1 + 1/6)
    se = math.sqrt(1 / 2 + 1 + 1 + 1 / 6)
    assert row["odds_ratio"] == pytest.approx(12)
    assert row["odds_ratio_ci_low"] == pytest.approx(12 * math.exp(-1.959964 * se))
    # Fisher two-sided: hypergeometric P(X=2) + P(X=3) = (21 + 1) / 120
    assert row["test"] == "fisher" and row["p_value"] == pytest.approx(22 / 120)
    # promoter vs not: [[1, 2], [4, 3]]: OR 3/8; P(X=k) = 10, 50, 50, 10 (/120), all <= P(X=1)
    assert row["promoter_odds_ratio"] == pytest.approx(3 / 8)
    assert row["promoter_test"] == "fisher" and row["promoter_p_value"] == pytest.approx(1.0)


def test_drivers_zero_cell_uses_haldane_correction(ten):
    table = driver_table(*ten).set_index("theme_id")
    # theme 2: [[0, 2], [3, 5]] -> +0.5 each: 0.5*5.5 / (2.5*3.5)
    assert table.loc[2, "odds_ratio"] == pytest.approx(0.5 * 5.5 / (2.5 * 3.5))


def test_drivers_theme_without_mentions_keeps_its_row(ten):
    table = driver_table(*ten).set_index("theme_id")
    row = table.loc[9]
    assert row["label_en"] == "price" and row["responses"] == 0
    assert row["impact"] == 0 and math.isnan(row["odds_ratio"]) and not row["significant"]


@pytest.mark.parametrize(
    ("cells_theme", "cells_rest", "impact"),
    [
        ((30, 20, 50), (400, 300, 200), 100 * 180 / 1000 - 100 * 200 / 900),
        ((0, 0, 0), (5, 3, 2), 0.0),
    ],
)
def test_drivers_impact_interval_contains_the_estimate(cells_theme, cells_rest, impact):
    est, low, high = impact_interval(cells_theme, cells_rest)
    assert est == pytest.approx(impact)
    assert low < est < high


def test_drivers_names_missing_columns(ten):
    responses, mentions, _ = ten
    with pytest.raises(ValueError, match=r"Column\(s\) \['theme_id'\] not found in mention_themes"):
        driver_table(responses, mentions.rename(columns={"theme_id": "theme"}))


def _table(rows):
    """Driver rows: theme_id, impact, then q and adjusted p of each side (promoter ones 0.5)."""
    rows = [(*r, 0.5, 0.5)[:6] for r in rows]
    columns = ["theme_id", "impact", "q_value", "adjusted_p_value"]
    return pd.DataFrame(rows, columns=columns + ["promoter_q_value", "promoter_adjusted_p_value"])


@pytest.mark.parametrize(
    ("category", "expected", "significant"),
    [
        # significant -3 outranks the tiny non-significant -12; positive themes are not detractor drivers
        ("detractor", [2, 3, 4, 1], [True, True, False, False]),
        # promotion is ranked on the promoter-side tests: 5 is detractor-significant (it has
        # fewer detractors) but not promoter-significant, 7 only before adjustment
        ("promoter", [6, 5, 7], [True, False, False]),
    ],
)
def test_drivers_top_drivers_order(category, expected, significant):
    table = _table(
        [
            (1, -12.0, 0.40, 0.30),  # tiny, large impact, not significant
            (2, -8.0, 0.001, 0.001),
            (3, -3.0, 0.01, 0.02),
            (4, -20.0, 0.01, 0.60),  # significant crude, not once adjusted: a bystander
            (5, 9.0, 0.001, 0.001, 0.20, 0.30),
            (6, 2.0, 0.40, 0.50, 0.01, 0.01),
            (7, 4.0, 0.40, 0.50, 0.01, 0.60),
        ]
    )
    ranked = top_drivers(table, category=category)
    assert ranked["theme_id"].tolist() == expected
    assert ranked["rank"].tolist() == list(range(1, len(expected) + 1))
    # the flag is the tier the theme is ranked in, so the two can never disagree
    assert ranked["significant"].tolist() == significant


def test_drivers_top_drivers_limit_and_crude_ranking():
    table = _table([(1, -12.0, 0.40, 0.30), (2, -8.0, 0.001, 0.001), (4, -20.0, 0.01, 0.60)])
    ranked = top_drivers(table, limit=2, confirm_adjusted=False)
    assert ranked["theme_id"].tolist() == [4, 2]
    assert ranked["significant"].tolist() == [True, True]


@pytest.mark.parametrize("category", ["detractor", "promoter"])
def test_drivers_top_drivers_significant_only_in_the_asked_direction(category):
    # a two-sided q-value is small for a theme with *fewer* of the category too (OR < 1)
    side = "" if category == "detractor" else "promoter_"
    sign = -1.0 if category == "detractor" else 1.0
    table = pd.DataFrame(
        {
            "theme_id": [1, 2],
            "impact": [sign * 9.0, sign * 3.0],
            f"{side}q_value": [0.001, 0.01],
            f"{side}odds_ratio": [0.4, 1.8],
            f"{side}adjusted_p_value": [0.001, 0.01],
            f"{side}adjusted_odds_ratio": [0.5, 1.7],
        }
    )
    ranked = top_drivers(table, category=category)
    assert ranked["theme_id"].tolist() == [2, 1]
    assert ranked["significant"].tolist() == [True, False]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"category": "passive"}, "'category' parameter must be 'detractor' or 'promoter'"),
        ({"limit": 0}, "'limit' parameter must be an int in the range \\[1, inf\\)"),
    ],
)
def test_drivers_top_drivers_rejects_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        top_drivers(_table([]), **kwargs)


def test_drivers_adjusted_matches_statsmodels_logit(planted):
    from statsmodels.discrete.discrete_model import Logit

    wide = theme_indicators(planted["responses"], planted["mentions"]).drop(columns=TINY)
    y = (planted["responses"]["category"] == "detractor").to_numpy(dtype=float)
    ours = adjusted_odds_ratios(wide, y)
    assert set(ours["method"]) == {"logit"}
    X = np.column_stack([np.ones(len(y)), wide.to_numpy(dtype=float)])
    fit = Logit(y, X).fit(disp=0)
    assert np.log(ours["adjusted_odds_ratio"]).to_numpy() == pytest.approx(fit.params[1:], abs=1e-8)
    assert ours["adjusted_p_value"].to_numpy() == pytest.approx(fit.pvalues[1:], rel=1e-6)


@pytest.mark.parametrize("case", ["separation", "duplicate theme"])
def test_drivers_adjusted_falls_back_to_ridge(planted, case):
    wide = theme_indicators(planted["responses"], planted["mentions"])
    if case == "duplicate theme":
        wide = wide.drop(columns=TINY).assign(**{"6": wide[REAL]})
    y = (planted["responses"]["category"] == "detractor").to_numpy()
    out = adjusted_odds_ratios(wide, y)
    assert set(out["method"]) == {"ridge"}
    assert np.isfinite(out["adjusted_odds_ratio"]).all()
    assert (out["adjusted_ci_high"] > out["adjusted_ci_low"]).all()


@pytest.mark.parametrize("ids", [["r1", "r2", "r3", "r4"], ["r1", "r2", "r1", "r4"]])
def test_drivers_theme_indicators_flags_each_response_theme_once(ids):
    responses = pd.DataFrame({"response_id": ids})
    mentions = pd.DataFrame(
        {
            "response_id": ["r2", "r2", "r1", "r9", "r4", "r4", None],
            "theme_id": pd.array([7, 7, 3, 3, -1, None, 3], dtype="Int64"),
        }
    )
    wide = theme_indicators(responses, mentions)
    # one row per response in the given order, one column per theme (unassigned, missing
    # and unknown responses left out), a theme mentioned twice flagged once
    assert wide.index.tolist() == ids
    assert wide.columns.tolist() == [3, 7]
    assert wide.dtypes.tolist() == [bool, bool]
    expected = {
        "r1": [True, False],
        "r2": [False, True],
        "r3": [False, False],
        "r4": [False, False],
    }
    assert wide.to_numpy().tolist() == [expected[i] for i in ids]


CHEERS, CALM = 1, 2


@pytest.fixture(scope="module")
def praise():
    """1,000 responses in three blocks (promoters, passives, detractors):

    - theme 1 (200: 160, 20, 20) turns passives into promoters: 80% promoters against 42.5%
      elsewhere, 10% detractors against 12.5% elsewhere;
    - theme 2 (500: 240, 260, 0) has no detractor but no more promoters than elsewhere (48%
      against 52%);
    - the rest (300: 100, 100, 100) mentions no theme.
    """
    blocks = [(CHEERS, (160, 20, 20)), (CALM, (240, 260, 0)), (None, (100, 100, 100))]
    cats, rows = [], []
    for theme, counts in blocks:
        for category, k in zip(("promoter", "passive", "detractor"), counts, strict=True):
            for _ in range(k):
                if theme is not None:
                    rows.append((f"r{len(cats)}", theme))
                cats.append(category)
    responses = pd.DataFrame({"response_id": [f"r{i}" for i in range(len(cats))], "category": cats})
    mentions = pd.DataFrame(rows, columns=["response_id", "theme_id"])
    return driver_table(responses, mentions)


def test_drivers_praise_theme_is_significant_on_the_promoter_side(praise):
    row = praise.set_index("theme_id").loc[CHEERS]
    # NPS(all) = (500 - 120)/10 = 38; without the theme (340 - 100)/8 = 30
    assert row["impact"] == pytest.approx(8.0)
    assert row["promoter_lift"] == pytest.approx(0.8 / 0.5)
    # promoter vs not: [[160, 40], [340, 460]] -> OR 160*460/(40*340)
    assert row["promoter_odds_ratio"] == pytest.approx(160 * 460 / (40 * 340))
    assert row["promoter_odds_ratio_ci_low"] > 3
    assert row["promoter_test"] == "chi2" and row["promoter_q_value"] < 1e-10
    assert row["promoter_significant"]
    assert row["promoter_adjusted_odds_ratio"] > 3 and row["promoter_adjusted_p_value"] < 1e-6
    # the detractor side cannot see it: 10% of its responses against 12.5% elsewhere
    assert row["lift"] == pytest.approx(0.1 / 0.12)
    assert row["q_value"] > 0.05 and not row["significant"]


def test_drivers_promotion_ranking_uses_the_promoter_side(praise):
    calm = praise.set_index("theme_id").loc[CALM]
    # more impact than theme 1 (NPS without it (260 - 120)/5 = 28), from fewer detractors only
    assert calm["impact"] == pytest.approx(10.0)
    assert calm["significant"] and calm["odds_ratio"] < 1  # detractor side: fewer of them
    assert calm["promoter_q_value"] > 0.05 and not calm["promoter_significant"]
    ranked = top_drivers(praise, category="promoter")
    assert ranked["theme_id"].tolist() == [CHEERS, CALM]
    assert ranked["significant"].tolist() == [True, False]
    assert top_drivers(praise, category="detractor").empty  # both lift the NPS


@pytest.mark.parametrize("category", ["detractor", "promoter"])
def test_drivers_top_drivers_never_rank_significant_below_not(planted, praise, category):
    for table in (planted["raw"], praise):
        flags = top_drivers(table, category=category, limit=50)["significant"].tolist()
        assert flags == sorted(flags, reverse=True)
