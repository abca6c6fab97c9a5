"""Drivers: which themes go with detraction or promotion, by how much, and how sure we are.

Each theme is crossed with the NPS category of the responses that mention it (DESIGN
"Statistics"): shares, theme NPS, impact on the overall NPS with a 95% interval, detractor lift,
odds ratio with Woolf interval, Fisher/χ² p-value, Benjamini–Hochberg q-value, and an adjusted
odds ratio from one logistic regression on all theme indicators, so that a theme which merely
co-occurs with a real driver is not blamed for it. The same tests are run a second time on the
promoter side (promoter vs not: ``promoter_lift``, ``promoter_odds_ratio``, ``promoter_q_value``,
``promoter_adjusted_odds_ratio``…), which ranks the drivers of promotion: a praise theme that
turns passives into promoters leaves the detractor share alone, so the detractor test cannot
see it.

The impact interval uses the delta method on the multinomial of the six cells
(mentions theme or not × promoter/passive/detractor); it accounts for the theme's share being
estimated too, not only the two NPS. Its variance uses the cells plus 0.5 each (the point
estimate does not): measured by simulation, coverage of the 95% interval is 0.95 for large
themes and 0.91–0.99 for themes of 1–5 responses (0.70–0.88 without the smoothing).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from verbatim.models.frames import isin
from verbatim.models.nps import CATEGORIES, Z95

DRIVER_COLUMNS = [
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
    "share_passives",
    "promoter_lift",
    "odds_ratio_ci_low",
    "odds_ratio_ci_high",
    "test",
    "adjusted_odds_ratio",
    "adjusted_ci_low",
    "adjusted_ci_high",
    "adjusted_p_value",
    "significant",
    # the same tests, promoter vs not: what ranks the drivers of promotion
    "promoter_odds_ratio",
    "promoter_odds_ratio_ci_low",
    "promoter_odds_ratio_ci_high",
    "promoter_test",
    "promoter_p_value",
    "promoter_q_value",
    "promoter_adjusted_odds_ratio",
    "promoter_adjusted_ci_low",
    "promoter_adjusted_ci_high",
    "promoter_adjusted_p_value",
    "promoter_significant",
]
# The DESIGN data contract of the ``drivers`` export: the first columns of DRIVER_COLUMNS.
CONTRACT_DRIVER_COLUMNS = DRIVER_COLUMNS[:14]
# Column prefix of each side's tests: the detractor side keeps the contract's unprefixed names.
SIDES = {"detractor": "", "promoter": "promoter_"}
RIDGE_PENALTY = 0.5  # L2 fallback: a N(0, 1/0.5) prior on each log odds ratio (sd ≈ 1.4).
_MAX_LOG_OR = 12.0  # beyond this a maximum-likelihood coefficient is a separation artefact
_MAX_SE = 10.0  # a log-OR standard error this wide means the information matrix is near singular


def _require(df: pd.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"Column(s) {missing} not found in {name}. Columns found: {list(df.columns)}."
        )


def theme_indicators(responses: pd.DataFrame, mention_themes: pd.DataFrame) -> pd.DataFrame:
    """Boolean frame, one row per response and one column per theme it mentions (deduplicated).

    Mentions without a theme (missing or -1 = unassigned) and mentions of responses not in
    ``responses`` are ignored.
    """
    _require(mention_themes, "mention_themes", ("response_id", "theme_id"))
    ids = pd.Index(responses["response_id"])
    mt = mention_themes[["response_id", "theme_id"]].dropna()
    mt = mt[(mt["theme_id"] != -1).to_numpy()]
    if not ids.is_unique:  # rows found by position below need unique ids
        return _pivot_indicators(ids, mt)
    rows = ids.get_indexer(mt["response_id"]) if len(mt) else np.empty(0, dtype=np.intp)
    found = rows >= 0
    theme_ids = mt["theme_id"].to_numpy()[found].astype("int64")
    if not len(theme_ids):
        return pd.DataFrame(index=ids)
    columns, position = np.unique(theme_ids, return_inverse=True)
    flags = np.zeros((len(ids), len(columns)), dtype=bool)
    flags[rows[found], position] = True
    return pd.DataFrame(flags, index=ids, columns=pd.Index(columns))


def _pivot_indicators(ids: pd.Index, mt: pd.DataFrame) -> pd.DataFrame:
    mt = mt[isin(mt["response_id"], ids)].drop_duplicates()
    if mt.empty:
        return pd.DataFrame(index=ids)
    mt = mt.assign(theme_id=mt["theme_id"].astype("int64"), flag=True)
    wide = mt.pivot(index="response_id", columns="theme_id", values="flag")
    wide = wide.reindex(index=ids).fillna(False).astype(bool)
    wide.columns.name = None
    return wide


def _clean_responses(responses: pd.DataFrame) -> pd.DataFrame:
    _require(responses, "responses", ("response_id", "category"))
    out = responses[["response_id", "category"]]
    out = out[out["category"].notna()]
    unknown = set(out["category"].unique()) - set(CATEGORIES)
    if unknown:
        raise ValueError(
            f"Unknown NPS categories {sorted(map(str, unknown))} in responses; expected "
            f"{', '.join(CATEGORIES)}."
        )
    if out["response_id"].duplicated().any():
        dup = out.loc[out["response_id"].duplicated(), "response_id"].iloc[0]
        raise ValueError(f"responses has duplicate response_id values, e.g. {dup!r}.")
    return out.reset_index(drop=True)


def _impact(pi: np.ndarray) -> float:
    """NPS(all) − NPS(not theme) from cell shares (theme P, Pa, D, rest P, Pa, D)."""
    a, _, b, c, _, d = pi
    return 100.0 * ((a + c - b - d) - (c - d) / pi[3:].sum())


def impact_interval(
    counts_theme: tuple[int, int, int], counts_rest: tuple[int, int, int], *, z: float = Z95
) -> tuple[float, float, float]:
    """Impact NPS(all) − NPS(not theme) with a delta-method 95% interval.

    Args:
        counts_theme: (promoters, passives, detractors) among responses mentioning the theme.
        counts_rest: The same among responses not mentioning it.
        z: Normal quantile of the interval.

    Returns:
        ``(impact, ci_low, ci_high)``; NaN when every response mentions the theme.
    """
    cells = np.array([*counts_theme, *counts_rest], dtype=float)
    n = cells.sum()
    if n == 0 or cells[3:].sum() == 0:
        return (math.nan, math.nan, math.nan)
    impact = _impact(cells / n)
    # Variance from cells smoothed by +0.5 each (point estimate unchanged): with raw cells a
    # theme with 2-3 responses gets a near-zero variance and ~70% coverage instead of 95%.
    smoothed = cells + 0.5
    pi = smoothed / smoothed.sum()
    a, _, b, c, _, d = pi
    rest = pi[3:].sum()
    k = (c - d) / rest**2
    grad = 100.0 * np.array([1.0, 0.0, -1.0, 1.0 - 1.0 / rest + k, k, -1.0 + 1.0 / rest + k])
    var = (np.sum(pi * grad**2) - np.sum(pi * grad) ** 2) / smoothed.sum()
    half = z * math.sqrt(max(var, 0.0))
    return (impact, impact - half, impact + half)


def _odds_ratio(table: np.ndarray, *, z: float = Z95) -> tuple[float, float, float]:
    """Odds ratio of a 2×2 table [[a, b], [c, d]] with Woolf interval (Haldane 0.5 if a zero)."""
    t = table.astype(float)
    if (t == 0).any():
        t = t + 0.5
    (a, b), (c, d) = t
    log_or = math.log(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return (math.exp(log_or), math.exp(log_or - z * se), math.exp(log_or + z * se))


def _independence_test(table: np.ndarray, *, min_cell: int) -> tuple[float, str]:
    """Fisher exact when an expected cell is below ``min_cell``, else χ² (Yates); two-sided."""
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    if (rows == 0).any() or (cols == 0).any():
        return (1.0, "fisher")
    expected = np.outer(rows, cols) / table.sum()
    # imported here: scipy.stats costs ~0.9 s, and ranking a stored driver table needs none of it
    from scipy import stats

    if (expected < min_cell).any():
        return (float(stats.fisher_exact(table)[1]), "fisher")
    return (float(stats.chi2_contingency(table, correction=True)[1]), "chi2")


def _grouped(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Collapse rows with the same theme pattern: (patterns, detractors, responses) per pattern.

    Binomial counts per pattern give exactly the likelihood of the row-level logistic model,
    on a few thousand rows instead of every response.
    """
    if len(X) and X.shape[1] and np.isin(X, (0, 1)).all():
        # 0/1 rows packed into bytes and compared as one value each: np.unique(axis=0) sorts
        # rows column by column (0.6 s at 100k responses, 30 themes; this is ~20x faster)
        packed = np.packbits(np.asarray(X, dtype=bool), axis=1)
        keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        patterns = np.asarray(X)[first]
    else:
        patterns, inverse = np.unique(X, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    trials = np.bincount(inverse, minlength=len(patterns)).astype(float)
    successes = np.bincount(inverse, weights=y, minlength=len(patterns))
    return patterns, successes, trials


def _newton_logit(
    X: np.ndarray, successes: np.ndarray, trials: np.ndarray, penalty: float
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Binomial logistic regression by Newton steps, L2 ``penalty`` on all but the intercept.

    With ``penalty=0`` this is the maximum-likelihood fit of statsmodels ``Logit`` (same
    estimates and standard errors; checked in the tests). Kept over statsmodels for two reasons:
    the ridge fallback needs standard errors, which statsmodels' penalised fits do not give;
    and on 100k responses x 40 themes (26.8k patterns, one core) grouping plus this fit take
    0.08 s against 0.31 s for ``Logit`` on the rows (0.26 s for its ``GLM`` on the patterns).

    Returns:
        Coefficients, their covariance (inverse (penalised) information), converged flag.
    """
    from threadpoolctl import threadpool_limits

    # a few thousand patterns by a few dozen themes: BLAS threads only spin on a busy server
    # (measured 1.2 s with two threads beside other work against 0.15 s with one)
    with threadpool_limits(limits=1, user_api="blas"):
        return _newton_steps(X, successes, trials, penalty)


def _newton_steps(
    X: np.ndarray, successes: np.ndarray, trials: np.ndarray, penalty: float
) -> tuple[np.ndarray, np.ndarray, bool]:
    beta = np.zeros(X.shape[1])
    pen = np.full(X.shape[1], float(penalty))
    pen[0] = 0.0

    def information(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ b, -50, 50)))
        hess = (X * (trials * p * (1 - p))[:, None]).T @ X + np.diag(pen)
        return p, hess

    converged = False
    for _ in range(60):
        p, hess = information(beta)
        step = np.linalg.solve(hess, X.T @ (successes - trials * p) - pen * beta)
        beta = beta + step
        if not np.all(np.isfinite(beta)):
            break
        if np.max(np.abs(step)) < 1e-8:
            converged = True
            break
    if not converged:
        return beta, np.full((len(beta), len(beta)), np.nan), False
    return beta, np.linalg.inv(information(beta)[1]), True


def adjusted_odds_ratios(
    indicators: pd.DataFrame, outcome: np.ndarray, *, z: float = Z95
) -> pd.DataFrame:
    """Logistic regression of one category vs not on all theme indicators: OR, CI, Wald p per theme.

    ``outcome`` flags the responses in the category (detractor, or promoter for the promotion
    side), one per row of ``indicators``.

    Maximum likelihood first (responses grouped by theme pattern: binomial counts give the
    same likelihood as one row per response); when it does not converge or shows separation
    (a theme only ever or never seen in the category, themes that always go together), an
    L2-penalised fit (``RIDGE_PENALTY``) gives finite estimates instead. Columns: theme_id,
    adjusted_odds_ratio, adjusted_ci_low, adjusted_ci_high, adjusted_p_value, method
    ("logit" or "ridge").
    """
    cols = [t for t in indicators.columns if indicators[t].any()]
    empty = pd.DataFrame(
        {
            "theme_id": list(indicators.columns),
            "adjusted_odds_ratio": math.nan,
            "adjusted_ci_low": math.nan,
            "adjusted_ci_high": math.nan,
            "adjusted_p_value": math.nan,
            "method": None,
        }
    )
    y = np.asarray(outcome, dtype=float)
    if not cols or y.sum() == 0 or y.sum() == len(y):
        return empty
    patterns, successes, trials = _grouped(indicators[cols].to_numpy(dtype=np.int8), y)
    X = np.column_stack([np.ones(len(patterns)), patterns.astype(float)])
    method = "logit"
    ok = False
    gram = X.T @ (X * trials[:, None])
    if np.linalg.matrix_rank(gram) == X.shape[1]:  # else identical or nested theme patterns
        try:
            beta, cov, ok = _newton_logit(X, successes, trials, 0.0)
        except np.linalg.LinAlgError:
            ok = False
        if ok:
            se = np.sqrt(np.diag(cov))
            ok = (
                bool(np.all(np.isfinite(se)))
                and np.max(np.abs(beta)) <= _MAX_LOG_OR
                and np.max(se[1:]) <= _MAX_SE
            )
    if not ok:
        method = "ridge"
        beta, cov, _ = _newton_logit(X, successes, trials, RIDGE_PENALTY)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    coef, se = beta[1:], se[1:]
    from scipy import stats

    found = pd.DataFrame(
        {
            "theme_id": cols,
            "adjusted_odds_ratio": np.exp(coef),
            "adjusted_ci_low": np.exp(coef - z * se),
            "adjusted_ci_high": np.exp(coef + z * se),
            "adjusted_p_value": 2 * stats.norm.sf(np.abs(coef / se)),
            "method": method,
        }
    )
    rest = empty[~empty["theme_id"].isin(cols)]
    return pd.concat([found, rest], ignore_index=True) if len(rest) else found


def _side_test(hits: int, n_t: int, total_hits: int, n: int, *, min_cell: int) -> dict[str, object]:
    """Odds ratio (Woolf CI) and Fisher/χ² p-value of one category vs not, theme vs the rest."""
    table = np.array([[hits, n_t - hits], [total_hits - hits, (n - n_t) - (total_hits - hits)]])
    odds_ratio, low, high = _odds_ratio(table)
    p_value, test = _independence_test(table, min_cell=min_cell)
    return {
        "odds_ratio": odds_ratio,
        "odds_ratio_ci_low": low,
        "odds_ratio_ci_high": high,
        "p_value": p_value,
        "test": test,
    }


def _theme_row(in_t: dict[str, int], totals: dict[str, int], *, min_cell: int) -> dict[str, object]:
    n = sum(totals.values())
    n_t = sum(in_t.values())
    out_t = {c: totals[c] - in_t[c] for c in CATEGORIES}
    row: dict[str, object] = {"responses": n_t}
    for c, col in (
        ("detractor", "share_detractors"),
        ("promoter", "share_promoters"),
        ("passive", "share_passives"),
    ):
        row[col] = in_t[c] / totals[c] if totals[c] else math.nan
    order = ("promoter", "passive", "detractor")
    impact = impact_interval(tuple(in_t[c] for c in order), tuple(out_t[c] for c in order))
    row["impact"], row["impact_ci_low"], row["impact_ci_high"] = impact
    if n_t == 0:
        row.update(theme_nps=math.nan, lift=math.nan, promoter_lift=math.nan)
        for prefix in SIDES.values():
            for key in ("odds_ratio", "odds_ratio_ci_low", "odds_ratio_ci_high", "p_value"):
                row[prefix + key] = math.nan
            row[prefix + "test"] = None
        return row
    row["theme_nps"] = 100.0 * (in_t["promoter"] - in_t["detractor"]) / n_t
    p_det, p_pro = totals["detractor"] / n, totals["promoter"] / n
    row["lift"] = (in_t["detractor"] / n_t) / p_det if p_det else math.nan
    row["promoter_lift"] = (in_t["promoter"] / n_t) / p_pro if p_pro else math.nan
    for category, prefix in SIDES.items():
        side = _side_test(in_t[category], n_t, totals[category], n, min_cell=min_cell)
        row.update({prefix + key: value for key, value in side.items()})
    return row


def driver_table(
    responses: pd.DataFrame,
    mention_themes: pd.DataFrame,
    themes: pd.DataFrame | None = None,
    *,
    min_cell: int = 5,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """One row per theme: shares, theme NPS, impact, lift, odds ratios and significance.

    Args:
        responses: ``response_id``, ``category`` of the responses with a score (rows whose
            category is missing are not counted); responses without a comment count too.
        mention_themes: ``response_id``, ``theme_id``, one row per mention; a response that
            mentions a theme several times counts once.
        themes: Optional ``theme_id``, ``label_fr``, ``label_en``; its themes get a row even
            when no scored response mentions them.
        min_cell: Fisher exact test when any expected cell is below this, else χ².
        alpha: Level of the ``significant`` and ``promoter_significant`` flags (that side's
            BH q-value below it).

    Returns:
        DESIGN ``drivers`` columns then the extras in ``DRIVER_COLUMNS``, ordered by theme_id.
        impact = NPS(all) − NPS(not mentioning the theme), delta-method 95% interval;
        lift = P(detractor | theme)/P(detractor); odds ratio of detractor vs not, Woolf CI;
        p-, q-values (BH across themes) and the adjusted model of detractor vs not. The
        ``promoter_`` columns hold the same for promoter vs not (a family of its own).
    """
    if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 0:
        raise ValueError(
            f"The 'min_cell' parameter must be an int in the range [0, inf). Got {min_cell!r} instead."
        )
    if not 0 < alpha < 1:
        raise ValueError(f"The 'alpha' parameter must be in (0, 1). Got {alpha!r} instead.")
    resp = _clean_responses(responses)
    wide = theme_indicators(resp, mention_themes)
    theme_ids = set(wide.columns)
    if themes is not None:
        _require(themes, "themes", ("theme_id",))
        theme_ids |= set(themes["theme_id"].dropna().astype("int64"))
    theme_ids = sorted(int(t) for t in theme_ids if t != -1)
    wide = wide.reindex(columns=theme_ids, fill_value=False)
    if not theme_ids:
        return pd.DataFrame(columns=DRIVER_COLUMNS)
    cat = resp["category"].to_numpy(dtype=object)
    onehot = np.column_stack([cat == c for c in CATEGORIES]).astype(float)
    totals = dict(zip(CATEGORIES, onehot.sum(axis=0).astype(int).tolist(), strict=True))
    counts = (wide.to_numpy(dtype=float).T @ onehot).astype(int)  # theme × category
    rows = []
    for t, theme_counts in zip(theme_ids, counts.tolist(), strict=True):
        in_t = dict(zip(CATEGORIES, theme_counts, strict=True))
        rows.append({"theme_id": t, **_theme_row(in_t, totals, min_cell=min_cell)})
    out = pd.DataFrame(rows)
    from scipy import stats

    for category, prefix in SIDES.items():  # each side is its own family of tests
        tested = out[prefix + "p_value"].notna()
        out[prefix + "q_value"] = math.nan
        if tested.any():
            p_values = out.loc[tested, prefix + "p_value"].to_numpy()
            q_values = stats.false_discovery_control(p_values, method="bh")
            out.loc[tested, prefix + "q_value"] = q_values
        adjusted = adjusted_odds_ratios(wide, cat == category).drop(columns="method")
        adjusted.columns = [c if c == "theme_id" else prefix + c for c in adjusted.columns]
        out = out.merge(adjusted, on="theme_id", how="left")
        significant = out[prefix + "q_value"] < alpha
        out[prefix + "significant"] = significant.fillna(False).astype(bool)
    if themes is not None:
        labels = themes.assign(theme_id=themes["theme_id"].astype("int64"))
        labels = labels.drop_duplicates("theme_id").set_index("theme_id")
        for col in ("label_fr", "label_en"):
            out[col] = out["theme_id"].map(labels[col]) if col in labels else None
    else:
        out["label_fr"] = None
        out["label_en"] = None
    out["responses"] = out["responses"].astype("int64")
    return out[DRIVER_COLUMNS].reset_index(drop=True)


def top_drivers(
    table: pd.DataFrame,
    *,
    category: str = "detractor",
    limit: int = 10,
    alpha: float = 0.05,
    confirm_adjusted: bool = True,
) -> pd.DataFrame:
    """The themes that drive detraction (or promotion), strongest first, with a ``rank`` column.

    Only themes whose impact points the asked way are drivers of it: impact < 0 for
    "detractor", > 0 for "promoter". The order is: themes significant in that direction first,
    then the others, each group by impact (largest first), then theme_id; so a tiny,
    non-significant theme never outranks a significant one, though it keeps its place (and its
    wide interval) in the list. Significant in the direction asked means, on that side's tests
    (unprefixed columns for "detractor", ``promoter_`` ones for "promoter"): q-value below
    ``alpha`` with an odds ratio above 1, and, with ``confirm_adjusted``, an adjusted p-value
    below ``alpha`` with an adjusted odds ratio above 1 where the model gives one.

    Args:
        table: A ``driver_table`` result.
        category: "detractor" or "promoter".
        limit: Number of themes returned.
        alpha: Level for the q-value (and adjusted p-value) of the significant tier.
        confirm_adjusted: Also require the adjusted (multivariate) test, so that a theme which
            only co-occurs with a real driver is not ranked among the significant ones.

    Returns:
        The rows of ``table`` in rank order, ``rank`` first; ``significant`` is replaced by
        the tier each theme is ranked in, so that the flag and the order always agree.
    """
    if category not in SIDES:
        raise ValueError(
            f"The 'category' parameter must be 'detractor' or 'promoter'. Got {category!r} instead."
        )
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(
            f"The 'limit' parameter must be an int in the range [1, inf). Got {limit!r} instead."
        )
    side = SIDES[category]
    _require(table, "table", ("theme_id", "impact", side + "q_value"))
    sign = -1.0 if category == "detractor" else 1.0
    directed = table[(table["impact"] * sign) > 0]
    significant = _significant_side(directed, side, alpha, confirm_adjusted=confirm_adjusted)
    key = pd.DataFrame(
        {
            "not_significant": ~significant,
            "strength": -(directed["impact"] * sign),
            "theme_id": directed["theme_id"],
        },
        index=directed.index,
    )
    order = key.sort_values(["not_significant", "strength", "theme_id"], kind="stable").index
    out = directed.assign(significant=significant).loc[order].head(limit).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def _significant_side(
    table: pd.DataFrame, side: str, alpha: float, *, confirm_adjusted: bool
) -> pd.Series:
    """Significant on one side's tests, pointing to more of that category (see top_drivers)."""
    significant = (table[side + "q_value"] < alpha).fillna(False)
    if side + "odds_ratio" in table:  # a two-sided test also rejects for *fewer* of them
        significant &= table[side + "odds_ratio"] > 1
    adjusted = side + "adjusted_p_value"
    if confirm_adjusted and adjusted in table:
        fitted = table[adjusted].notna()
        confirmed = table[adjusted] < alpha
        if side + "adjusted_odds_ratio" in table:
            confirmed &= table[side + "adjusted_odds_ratio"] > 1
        significant &= ~fitted | confirmed
    return significant.astype(bool)
