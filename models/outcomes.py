"""Did calling detractors back go with a better next answer? Linked answers by group, with intervals.

When a customer (``customer_id``) who answered as a detractor answers again later, the two answers
are linked: the detractor answer and that customer's next scored answer strictly after it (a later
day). Detractors are grouped by what the imported follow-up outcomes say of their answer:

- **called back**: a call was made (status ``called``, ``reached`` or ``resolved``);
- **not reached**: calls recorded only as ``not_reachable``;
- **not called**: no outcome recorded (never listed, left out by the callback rule, or not done).

Per group: detractors, how many came back (answered again) and how their category moved (to
promoter, to passive, still detractor); the share that came back and the share of those who
improved (passive or promoter), each with a Wilson 95% interval; on the called-back row, the
difference of improved shares against the not-called group with Newcombe's hybrid score
interval (his method 10), both written out here (statsmodels is no runtime dependency; the tests
check them against its ``proportion_confint`` and ``confint_proportions_2indep``). Measured
here by simulation (``_coverage()``: 20,000 draws for each n of 10, 30, 100, 200 and p of 0.1,
0.3, 0.5, 0.9, against p = 0.5 for the difference): the Wilson interval held its proportion
92.3-97.7% of the time, Newcombe's held the difference 94.5-96.7% (95% nominal).

Observational, and said so wherever the table is shown: customers are not called at random
(lists favour the lowest scores, reachable customers differ from unreachable ones, and who answers
a second survey is a choice), so a gap between groups is an association, not the effect of a call.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from verbatim.models.nps import Z95, categorize

STATUSES = ("called", "reached", "resolved", "not_reachable")
CALLED = frozenset({"called", "reached", "resolved"})
GROUPS = ("called back", "not reached", "not called")
OBSERVATIONAL_NOTE = (
    "Observational: customers are not called back at random (the lowest scores come first, "
    "those who can be reached differ from those who cannot, and answering a second survey is "
    "a choice), so a difference between called-back and not-called detractors is an "
    "association, not the effect of the call."
)
LINK_COLUMNS = [
    "response_id",
    "customer_id",
    "responded_at",
    "score",
    "next_response_id",
    "next_at",
    "next_score",
    "next_category",
]
OUTCOME_COLUMNS = [
    "scope",  # all | owner | theme
    "scope_id",  # "all", the owner, or the theme id
    "label",
    "group",  # called back | not reached | not called
    "detractors",
    "came_back",
    "came_back_share",
    "came_back_ci_low",
    "came_back_ci_high",
    "to_promoter",
    "to_passive",
    "still_detractor",
    "improved_share",  # of those who came back: passive or promoter now
    "improved_ci_low",
    "improved_ci_high",
    "improved_diff",  # called back - not called, on the called-back row
    "improved_diff_ci_low",
    "improved_diff_ci_high",
]


def link_next_answers(
    responses: pd.DataFrame, *, promoter_min: int = 9, detractor_max: int = 6
) -> pd.DataFrame:
    """Each dated detractor answer with a customer id, and that customer's next scored answer.

    Args:
        responses: response_id, customer_id, score, responded_at.
        promoter_min: Lowest promoter score.
        detractor_max: Highest detractor score.

    Returns:
        ``LINK_COLUMNS``: one row per detractor answer; the ``next_*`` columns are missing when
        the customer has not answered on a later day.
    """
    needed = ["response_id", "customer_id", "score", "responded_at"]
    missing = [c for c in needed if c not in responses.columns]
    if missing:
        raise ValueError(
            f"responses needs columns {needed}; missing {missing}. "
            f"Columns found: {list(responses.columns)}."
        )
    df = responses[needed]
    df = df[df["score"].notna() & df["customer_id"].notna() & df["responded_at"].notna()]
    df = df.assign(
        customer_id=df["customer_id"].astype(str).astype(object),
        responded_at=pd.to_datetime(df["responded_at"]),
        category=categorize(df["score"], promoter_min=promoter_min, detractor_max=detractor_max),
    )
    df = df.sort_values(["responded_at", "response_id"], kind="stable")
    index = df[df["category"] == "detractor"].drop(columns="category")
    later = df.rename(
        columns={
            "response_id": "next_response_id",
            "responded_at": "next_at",
            "score": "next_score",
            "category": "next_category",
        }
    )
    if index.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    linked = pd.merge_asof(
        index,
        later,
        left_on="responded_at",
        right_on="next_at",
        by="customer_id",
        direction="forward",
        allow_exact_matches=False,  # a later day: not a second answer given the same day
    )
    return linked[LINK_COLUMNS].reset_index(drop=True)


def group_of(linked: pd.DataFrame, outcomes: pd.DataFrame) -> pd.Series:
    """Per linked detractor answer: called back, not reached or not called (``GROUPS``).

    ``outcomes``: response_id, status (one row per recorded status).
    """
    if outcomes is None or outcomes.empty:
        return pd.Series("not called", index=linked.index, dtype=object)
    statuses = outcomes.groupby("response_id")["status"].agg(set)
    called = statuses.map(lambda s: bool(s & CALLED))
    group = linked["response_id"].map(
        lambda rid: (
            "not called"
            if rid not in statuses.index
            else ("called back" if called[rid] else "not reached")
        )
    )
    return group.astype(object)


def outcome_table(
    linked: pd.DataFrame, groups: pd.Series, scopes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Counts, shares and intervals per scope and group (``OUTCOME_COLUMNS``).

    Args:
        linked: ``link_next_answers`` output.
        groups: ``group_of`` output, aligned with ``linked``.
        scopes: Optional response_id, scope (owner | theme), scope_id, label: the owners and
            themes of each detractor answer. A scope is listed when at least one of its
            detractors was called back; "all" always is.
    """
    frame = linked.assign(group=groups.to_numpy())
    parts = [("all", "all", "All detractors", frame)]
    if scopes is not None and len(scopes):
        merged = frame.merge(scopes, on="response_id")
        keys = merged[["scope", "scope_id", "label"]].drop_duplicates()
        called = merged[merged["group"] == "called back"]
        counts = called.groupby(["scope", "scope_id"]).size()
        keys = keys[
            [(s, i) in counts.index for s, i in zip(keys["scope"], keys["scope_id"], strict=True)]
        ]
        order = {"owner": 0, "theme": 1}
        keys = keys.assign(
            _o=keys["scope"].map(order),
            _n=[-counts[(s, i)] for s, i in zip(keys["scope"], keys["scope_id"], strict=True)],
        ).sort_values(["_o", "_n", "scope_id"], kind="stable")
        for rec in keys.to_dict("records"):
            mine = merged[
                (merged["scope"] == rec["scope"]) & (merged["scope_id"] == rec["scope_id"])
            ]
            parts.append((rec["scope"], rec["scope_id"], rec["label"], mine))
    rows = []
    for scope, scope_id, label, part in parts:
        by_group = {g: _group_row(part[part["group"] == g]) for g in GROUPS}
        base = by_group["not called"]
        for g in GROUPS:
            row = {"scope": scope, "scope_id": str(scope_id), "label": label, "group": g}
            row |= by_group[g]
            diff = (math.nan, math.nan, math.nan)
            if g == "called back":
                diff = difference_ci(
                    row["_improved"], row["came_back"], base["_improved"], base["came_back"]
                )
            row |= dict(zip(OUTCOME_COLUMNS[-3:], diff, strict=True))
            rows.append(row)
    table = pd.DataFrame(rows)
    return table[OUTCOME_COLUMNS]


def _group_row(part: pd.DataFrame) -> dict:
    came = part[part["next_category"].notna()]
    moved = came["next_category"].value_counts()
    improved = int(moved.get("promoter", 0) + moved.get("passive", 0))
    back_low, back_high = wilson(len(came), len(part))
    imp_low, imp_high = wilson(improved, len(came))
    return {
        "detractors": len(part),
        "came_back": len(came),
        "came_back_share": len(came) / len(part) if len(part) else math.nan,
        "came_back_ci_low": back_low,
        "came_back_ci_high": back_high,
        "to_promoter": int(moved.get("promoter", 0)),
        "to_passive": int(moved.get("passive", 0)),
        "still_detractor": int(moved.get("detractor", 0)),
        "improved_share": improved / len(came) if len(came) else math.nan,
        "improved_ci_low": imp_low,
        "improved_ci_high": imp_high,
        "_improved": improved,
    }


def wilson(count: int, n: int, *, z: float = Z95) -> tuple[float, float]:
    """Wilson 95% interval of ``count / n`` (NaN for n = 0)."""
    if n <= 0:
        return math.nan, math.nan
    low, high = _wilson(np.asarray(count, dtype=float), float(n), z)
    return float(low), float(high)


def _wilson(count: np.ndarray, n: float, z: float) -> tuple[np.ndarray, np.ndarray]:
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = np.where(count <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))  # no rounding dust
    high = np.where(count >= n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def difference_ci(
    count1: int, n1: int, count2: int, n2: int, *, z: float = Z95
) -> tuple[float, float, float]:
    """``count1/n1 - count2/n2`` with Newcombe's hybrid score 95% interval (NaN if a side is empty).

    Newcombe (1998), method 10: the difference's limits combine each proportion's Wilson limits,
    ``d - sqrt((p1 - l1)² + (u2 - p2)²)`` and ``d + sqrt((u1 - p1)² + (p2 - l2)²)``.
    """
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan, math.nan
    low, high = _newcombe(np.asarray(count1, dtype=float), float(n1), count2, n2, z)
    return count1 / n1 - count2 / n2, float(low), float(high)


def _newcombe(
    count1: np.ndarray, n1: float, count2: Any, n2: float, z: float
) -> tuple[np.ndarray, np.ndarray]:
    p1, p2 = count1 / n1, np.asarray(count2, dtype=float) / n2
    l1, u1 = _wilson(count1, n1, z)
    l2, u2 = _wilson(np.asarray(count2, dtype=float), n2, z)
    d = p1 - p2
    return d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt(
        (u1 - p1) ** 2 + (p2 - l2) ** 2
    )


def _coverage(draws: int = 20_000, seed: int = 0) -> pd.DataFrame:  # pragma: no cover
    """The coverage quoted in the module docstring: share of intervals holding the truth."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in (10, 30, 100, 200):
        for p in (0.1, 0.3, 0.5, 0.9):
            k = rng.binomial(n, p, draws).astype(float)
            low, high = _wilson(k, n, Z95)
            k2 = rng.binomial(n, 0.5, draws).astype(float)
            d_low, d_high = _newcombe(k, n, k2, n, Z95)
            rows.append(
                {
                    "n": n,
                    "p": p,
                    "wilson": float(np.mean((low <= p) & (p <= high))),
                    "newcombe": float(np.mean((d_low <= p - 0.5) & (p - 0.5 <= d_high))),
                }
            )
    return pd.DataFrame(rows)
