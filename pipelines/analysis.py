"""What the report, the CLI queries and the API read: drivers, trends and alerts over the store.

Computed from what the store holds (no re-embedding, no re-clustering), for any period and
segment filter, so ``verbatim top-themes``, ``/themes/top`` and the report give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from models.frames import isin
from pipelines.errors import Errors, VerbatimError
from pipelines.settings import Settings
from pipelines.store import Store

FIXED_COLUMNS = (
    "response_id",
    "score",
    "comment",
    "language",
    "responded_at",
    "customer_id",
    "category",
)
MAX_SEGMENT_VALUES = 12


@dataclass
class Analysis:
    """Everything computed for one filter of the store."""

    responses: pd.DataFrame  # scored responses (category), segments as columns
    mention_themes: pd.DataFrame  # response_id, theme_id (assigned mentions only)
    themes: pd.DataFrame
    drivers: pd.DataFrame
    headline: dict[str, Any]
    nps_by_period: pd.DataFrame
    alerts: pd.DataFrame
    segment_heatmap: pd.DataFrame
    filters: dict[str, Any] = field(default_factory=dict)

    def top(self, category: str = "detractor", limit: int = 10) -> pd.DataFrame:
        """Ranked drivers of detraction or promotion, strongest and significant first."""
        from models.drivers import top_drivers

        if self.drivers.empty:
            return self.drivers.assign(rank=pd.Series(dtype="int64"))
        return top_drivers(self.drivers, category=category, limit=limit)


def segment_columns(df: pd.DataFrame) -> list[str]:
    """The segment columns of a responses frame."""
    return [c for c in df.columns if c not in FIXED_COLUMNS]


def parse_segment_filters(values: list[str] | None) -> dict[str, str]:
    """``["Produit=Box Internet"]`` -> ``{"Produit": "Box Internet"}``, with a clear error."""
    filters: dict[str, str] = {}
    for value in values or []:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise VerbatimError(
                Errors.E302,
                option="--segment",
                value=value,
                rule='Use COLUMN=VALUE, e.g. --segment Produit="Box Internet".',
            )
        filters[key.strip()] = val.strip()
    return filters


def filter_responses(
    df: pd.DataFrame,
    *,
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    segments: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Responses within [since, until] (dates inclusive) and matching every segment filter."""
    for opt, value in (("since", since), ("until", until)):
        if value is None or value == "":
            continue
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError):
            raise VerbatimError(
                Errors.E302, option=f"--{opt}", value=value, rule="Use a date like 2026-10-01."
            ) from None
        if opt == "since":
            df = df[df["responded_at"] >= stamp]
        else:
            df = df[df["responded_at"] < stamp.normalize() + pd.Timedelta(days=1)]
    for column, value in (segments or {}).items():
        if column not in df.columns:
            raise VerbatimError(
                Errors.E302,
                option="--segment",
                value=f"{column}={value}",
                rule=f"Segment columns in the store: {', '.join(segment_columns(df)) or 'none'}.",
            )
        df = df[df[column].astype("string").str.casefold() == value.casefold()]
    return df


def analyse(
    store: Store,
    settings: Settings,
    *,
    since: str | None = None,
    until: str | None = None,
    segments: dict[str, str] | None = None,
    period: str = "month",
    completed_runs_only: bool = False,
    comments: bool = True,
) -> Analysis:
    """Drivers, NPS by period, alerts and the segment × theme heatmap for a filter.

    ``completed_runs_only``: leave out responses of a run still in progress (the API's view).
    ``comments=False``: ``responses`` without the comment column (the report reads the few
    comments its follow-up lists show; at 1M responses the comments are most of the read).
    """
    from models import drivers, nps, trends

    kw = {"promoter_min": settings.nps.promoter_min, "detractor_max": settings.nps.detractor_max}
    everything = store.responses(completed_runs_only=completed_runs_only, comments=comments)
    if everything.empty:
        raise VerbatimError(Errors.E202, url=store.url)
    df = filter_responses(everything, since=since, until=until, segments=segments)
    df = df.assign(category=nps.categorize(df["score"], **kw))
    # as sets (theme per response); the examples sort their candidates themselves
    mentions = store.mentions(columns=("mention_id", "response_id", "theme_id"), ordered=False)
    mention_themes = mentions.loc[
        mentions["theme_id"].notna() & (mentions["theme_id"] >= 0), ["response_id", "theme_id"]
    ]
    mention_themes = mention_themes[isin(mention_themes["response_id"], df["response_id"])]
    mention_themes = mention_themes.assign(theme_id=mention_themes["theme_id"].astype("int64"))
    themes = store.themes()
    scored = df[df["category"].notna()]
    table = (
        drivers.driver_table(
            scored[["response_id", "category"]],
            mention_themes,
            themes[["theme_id", "label_fr", "label_en"]],
        )
        if len(themes) and len(scored)
        else pd.DataFrame(columns=drivers.DRIVER_COLUMNS)
    )
    summary = nps.nps_summary(df["category"])
    by_period = nps.nps_table(df, period=period, **kw) if len(scored) else pd.DataFrame()
    headline = {**summary.as_dict(), **nps.response_rate(df)}
    headline["response_rate"] = headline.pop("rate", None)
    headline["previous_nps"] = float(by_period["nps"].iloc[-2]) if len(by_period) >= 2 else None
    dated = scored[scored["responded_at"].notna()]
    alerts = (
        trends.detect_alerts(
            dated[["response_id", "category", "responded_at"]], mention_themes, period=period
        )
        if len(mention_themes) and len(dated)
        else pd.DataFrame()
    )
    alerts = _alert_examples(alerts, mentions, df, store.mention_texts)
    return Analysis(
        responses=df,
        mention_themes=mention_themes,
        themes=themes,
        drivers=table,
        headline=headline,
        nps_by_period=by_period,
        alerts=alerts,
        segment_heatmap=segment_theme_heatmap(scored, mention_themes, **kw),
        filters={"since": since, "until": until, "segments": segments or {}},
    )


EXAMPLE_CANDIDATES = 200  # newest mentions of a theme whose texts are read to pick 3 distinct


def _alert_examples(
    alerts: pd.DataFrame,
    mentions: pd.DataFrame,
    df: pd.DataFrame,
    texts: Callable[[list[str]], dict[str, str]],
) -> pd.DataFrame:
    """Attach up to 3 recent detractor verbatims of the alert's theme and period.

    ``texts`` reads the texts of given mention ids (``Store.mention_texts``): only those of the
    newest candidates are read, not every mention's.
    """
    if alerts.empty:
        return alerts
    recent = df.sort_values("responded_at", ascending=False)
    detractors = recent.loc[recent["category"] == "detractor", "response_id"]
    order = {rid: i for i, rid in enumerate(detractors)}
    examples = []
    for theme_id in alerts["theme_id"]:
        rows = mentions[
            (mentions["theme_id"] == theme_id).fillna(False).to_numpy()
            & isin(mentions["response_id"], list(order))
        ]
        rows = rows.assign(_o=rows["response_id"].map(order)).sort_values("_o", kind="stable")
        picked: list[str] = []
        ids = rows["mention_id"].tolist()
        for start in range(0, len(ids), EXAMPLE_CANDIDATES):  # newest first, until 3 distinct
            batch = ids[start : start + EXAMPLE_CANDIDATES]
            found = texts(batch)
            picked.extend(t for t in (found[i] for i in batch) if t not in picked)
            if len(picked) >= 3:
                break
        examples.append(picked[:3])
    return alerts.assign(examples=examples)


def segment_theme_heatmap(
    scored: pd.DataFrame, mention_themes: pd.DataFrame, *, promoter_min: int, detractor_max: int
) -> pd.DataFrame:
    """Per segment value × theme: responses, share of the segment's responses, theme NPS."""
    from models import nps

    rows = []
    if scored.empty or mention_themes.empty:
        return pd.DataFrame(
            columns=["segment", "value", "theme_id", "responses", "share", "theme_nps"]
        )
    pairs = mention_themes.drop_duplicates()
    for column in segment_columns(scored):
        values = scored[column].dropna()
        if values.nunique() < 2 or values.nunique() > MAX_SEGMENT_VALUES:
            continue
        merged = pairs.merge(scored[["response_id", column, "category"]], on="response_id")
        base = scored.groupby(column).size()
        # one count per (value, theme, category), not a frame and a value_counts per group
        counts = merged.groupby([column, "theme_id", "category"]).size().unstack(fill_value=0)
        counts = counts.reindex(columns=list(nps.CATEGORIES), fill_value=0)
        for (value, theme_id), det, pas, pro in zip(
            counts.index,
            counts["detractor"].tolist(),
            counts["passive"].tolist(),
            counts["promoter"].tolist(),
            strict=True,
        ):
            n = det + pas + pro
            rows.append(
                {
                    "segment": column,
                    "value": value,
                    "theme_id": int(theme_id),
                    "responses": int(n),
                    "share": n / int(base.get(value, 1)),
                    "theme_nps": nps.adjusted_wald(pro, det, n)[0],
                }
            )
    return pd.DataFrame(rows)
