"""What the report, the CLI queries and the API read: drivers, trends and alerts over the store.

Computed from what the store holds (no re-embedding, no re-clustering), for any period and
segment filter, so ``verbatim top-themes``, ``/themes/top`` and the report give the same answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from verbatim.models.frames import isin
from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import Settings

FIXED_COLUMNS = (
    "response_id",
    "score",
    "comment",
    "language",
    "responded_at",
    "customer_id",
    "category",
    "value",  # typed columns of value at risk (pipelines/io/value_fields.py), never segments
    "retained",
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
    parent_drivers: pd.DataFrame = field(default_factory=pd.DataFrame)  # roll-ups, ranked alike
    general: pd.DataFrame = field(default_factory=pd.DataFrame)  # general praise / complaint
    # when no topic theme formed (a day with a handful of answers): why, and the comments
    theme_note: str | None = None
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)
    # league table of sites (pipelines/steps/league.py) and why it is missing when a segment was set
    league: pd.DataFrame = field(default_factory=pd.DataFrame)
    league_note: str | None = None
    # the newest day's one fix (pipelines/steps/digest.py: a Digest), None without dated responses
    digest: Any = None

    def top(
        self, category: str = "detractor", limit: int = 10, *, level: str = "theme"
    ) -> pd.DataFrame:
        """Ranked drivers of detraction or promotion (see ``Ranking.top``)."""
        return self.ranking().top(category, limit, level=level)

    def top_by_value(self, limit: int = 10, *, level: str = "theme") -> pd.DataFrame:
        """Complaint themes ranked by the value their detractors hold (``Ranking.top_by_value``)."""
        return self.ranking().top_by_value(limit, level=level)

    def ranking(self) -> Ranking:
        """What ranking the drivers needs of this analysis."""
        return Ranking(self.drivers, self.parent_drivers, self.themes, self.headline)


@dataclass
class Ranking:
    """The driver tables of topic themes and roll-ups, the themes' polarity and the headline.

    What ``verbatim top-themes`` shows. An ``Analysis`` ranks its own; the one of the whole
    store is also kept in the store by each run (``save_ranking``), so that the command without
    filters reads it instead of testing every theme again (5-8 s at 100k responses, most of it
    importing scipy and statsmodels and fitting the adjusted models).
    """

    drivers: pd.DataFrame
    parent_drivers: pd.DataFrame
    themes: pd.DataFrame  # theme_id and polarity at least
    headline: dict[str, Any]

    def top(
        self, category: str = "detractor", limit: int = 10, *, level: str = "theme"
    ) -> pd.DataFrame:
        """Ranked drivers of detraction or promotion, strongest and significant first.

        One order for the CLI, the API and the report (``verbatim.models.drivers.top_drivers``):
        significant first, then by impact; promotion is tested on the promoter-side columns
        (promoter vs not), and ``significant`` is the tier each theme is ranked in.
        ``level``: "theme" ranks topic themes, "parent" their roll-ups (one per subject split
        into facets); general praise and complaint are never ranked.
        """
        from verbatim.models.drivers import top_drivers

        table = self._level_table(level, category)
        if table.empty:
            return table.assign(rank=pd.Series(dtype="int64"))
        return top_drivers(table, category=category, limit=limit)

    def top_by_value(self, limit: int = 10, *, level: str = "theme") -> pd.DataFrame:
        """Complaint-side themes ranked by the value their detractors hold (``verbatim.models.value``).

        Raises:
            VerbatimError: E302 when the store holds no value column.
        """
        from verbatim.models.value import top_by_value

        if "value_at_risk" not in self.drivers:
            raise VerbatimError(
                Errors.E302,
                option="--by",
                value="value",
                rule="No response here has a value (revenue, contract value, basket): run an "
                'export with one, or map it with --map value="Header".',
            )
        table = self._level_table(level, "detractor")
        if table.empty or "value_at_risk" not in table:
            return table.assign(rank=pd.Series(dtype="int64"))
        return top_by_value(table, limit)

    def _level_table(self, level: str, category: str) -> pd.DataFrame:
        """The drivers of ``level``, without the themes whose polarity contradicts ``category``."""
        if level not in ("theme", "parent", "all"):
            raise ValueError(f"level must be 'theme', 'parent' or 'all'; got {level!r}.")
        parts = []
        if level in ("theme", "all"):
            parts.append(self.drivers.assign(level="theme"))
        if level in ("parent", "all") and len(self.parent_drivers):
            parts.append(self.parent_drivers.assign(level="parent"))
        if not parts:  # roll-ups asked for, none formed
            parts.append(self.parent_drivers.assign(level="parent"))
        table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if len(table) and "polarity" in self.themes:
            # a complaint theme does not drive promotion, nor a praise theme detraction: with
            # an impact the wrong way, the theme's own label would contradict the chart's
            opposite = "praise" if category == "detractor" else "complaint"
            side = self.themes.set_index("theme_id")["polarity"]
            table = table[table["theme_id"].map(side).ne(opposite).to_numpy()]
        return table


RANKING_ARTIFACT = "driver_ranking"
_RANKING_FORMAT = 2  # bump when what is kept changes: older ones are then recomputed


def _ranking_key(store: Store, settings: Settings) -> dict[str, Any]:
    """What a stored ranking was computed from: the store's content and the NPS thresholds."""
    return {
        "format": _RANKING_FORMAT,
        "store": store.fingerprint(),
        "nps": [settings.nps.promoter_min, settings.nps.detractor_max],
    }


def save_ranking(store: Store, analysis: Analysis, settings: Settings) -> None:
    """Keep the ranking of an analysis of the whole store (no filter) for ``stored_ranking``.

    As JSON (data only: a store readable by many must never hold code to run), each frame
    with its column types, so that it reads back equal.
    """
    filters = analysis.filters
    if filters.get("since") or filters.get("until") or filters.get("segments"):
        raise ValueError("Only the ranking of the whole store is kept; this analysis is filtered.")
    keep_ranking(store, analysis.ranking(), settings)


def keep_ranking(store: Store, ranking: Ranking, settings: Settings) -> None:
    """Keep ``ranking`` (of an analysis of the whole store, no filter) for ``stored_ranking``."""
    themes = ranking.themes[[c for c in ("theme_id", "polarity") if c in ranking.themes]]
    payload = {
        "key": _ranking_key(store, settings),
        "drivers": _frame_json(ranking.drivers),
        "parent_drivers": _frame_json(ranking.parent_drivers),
        "themes": _frame_json(themes),
        "headline": ranking.headline,
    }
    blob = json.dumps(payload, default=_plain, allow_nan=True).encode("utf-8")
    store.put_artifact(RANKING_ARTIFACT, blob, run_id=store.last_run_id())


def stored_ranking(store: Store, settings: Settings) -> Ranking | None:
    """The ranking the last run kept, or None when the store or the settings changed since.

    Any run started since (finished or not), a theme edit (rename, merge, split), new or
    changed responses or mentions, or other NPS thresholds: None, and the caller analyses.
    """
    blob = store.get_artifact(RANKING_ARTIFACT)
    if blob is None:
        return None
    try:
        payload = json.loads(blob)
        if payload.get("key") != _ranking_key(store, settings):
            return None
        return Ranking(
            _json_frame(payload["drivers"]),
            _json_frame(payload["parent_drivers"]),
            _json_frame(payload["themes"]),
            payload["headline"],
        )
    except (ValueError, TypeError, KeyError, AttributeError):  # another format: computed again
        return None


def _plain(value: Any) -> Any:
    """NumPy and pandas scalars as plain JSON values (NaN stays NaN, NaT and NA become null)."""
    if isinstance(value, (np.bool_, np.integer, np.floating)):  # as bool, int or float
        return value.item()
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not kept in a stored ranking")


def _frame_json(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "data": frame.to_numpy(dtype=object).tolist(),
    }


def _json_frame(data: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(data["data"], columns=data["columns"], dtype=object)
    return frame.astype(dict(zip(data["columns"], data["dtypes"], strict=True)))


def segment_columns(df: pd.DataFrame) -> list[str]:
    """The segment columns of a responses frame."""
    return [c for c in df.columns if c not in FIXED_COLUMNS]


SEGMENT_MAX_VALUES = 50  # beyond this a column is an identifier or free text, not a segment
_NEVER_SEGMENTS = frozenset(FIXED_COLUMNS) | {"source_file", "source_line"}


def allowed_segments(df: pd.DataFrame, *, max_values: int = SEGMENT_MAX_VALUES) -> list[str]:
    """Segment columns a client may split or filter by: real segments with few distinct values.

    Never the comment, ids, dates, scores, language or provenance columns, nor a column with
    more than ``max_values`` distinct values (an id or free text: splitting by it would list
    every customer, and cost a table row per value).
    """
    return [
        c for c in segment_columns(df) if c not in _NEVER_SEGMENTS and df[c].nunique() <= max_values
    ]


def check_segments(df: pd.DataFrame, columns: Iterable[str], *, option: str) -> None:
    """Refuse (E302) a column that is not an allowed segment, naming the allowed ones."""
    allowed = allowed_segments(df)
    for column in columns:
        if column in allowed:
            continue
        why = ""
        if column in segment_columns(df) and column in df:
            why = f"'{column}' has {df[column].nunique()} distinct values, too many to split by. "
        raise VerbatimError(
            Errors.E302,
            option=option,
            value=column,
            rule=(
                f"{why}Segments are the export's own columns with at most {SEGMENT_MAX_VALUES} "
                "distinct values (never comments, ids, dates, scores or language). Allowed "
                f"segment columns here: {', '.join(allowed) or 'none'}."
            ),
        )


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


_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def date_bounds(value: str, option: str, *, today: pd.Timestamp | None = None) -> tuple:
    """``(first day, day after the last)`` meant by a ``--since`` / ``--until`` value.

    Accepted: ``YYYY-MM-DD``, ``YYYY-MM`` (the whole month), ``DD/MM/YYYY`` (day first, the
    form ingest reads by default: ``01/10/2026`` is 1 October), ``today`` and ``yesterday``.
    Anything else (``10/1/26``, ``Oct 1``, ``2026/10/01``) is refused naming these forms,
    rather than guessed: ``pd.Timestamp("01/10/2026")`` is 10 January.
    """
    text = str(value).strip().casefold()
    day = (today or pd.Timestamp.now()).normalize()
    one_day = pd.Timedelta(days=1)
    try:
        if text in ("today", "yesterday"):
            start = day if text == "today" else day - one_day
            return start, start + one_day
        if m := _ISO_DAY.match(text):
            start = pd.Timestamp(int(m[1]), int(m[2]), int(m[3]))
            return start, start + one_day
        if m := _DAY_FIRST.match(text):
            start = pd.Timestamp(int(m[3]), int(m[2]), int(m[1]))
            return start, start + one_day
        if m := _ISO_MONTH.match(text):
            start = pd.Timestamp(int(m[1]), int(m[2]), 1)
            return start, start + pd.offsets.MonthBegin(1)
    except ValueError:  # e.g. 31/02/2026
        pass
    raise VerbatimError(Errors.E305, option=option, value=value)


def filter_responses(
    df: pd.DataFrame,
    *,
    since: str | None = None,
    until: str | None = None,
    segments: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Responses within [since, until] (whole days, inclusive) and matching every segment filter.

    Dates are read by ``date_bounds``. A filter that leaves no response raises E306 naming
    what would match: the stored date range, or the values of the segment column.
    """
    everything = df
    shown: list[str] = []
    for opt, value in (("since", since), ("until", until)):
        if value is None or value == "":
            continue
        start, end = date_bounds(value, f"--{opt}")
        shown.append(f"--{opt} {value}")
        if opt == "since":
            df = df[df["responded_at"] >= start]
        else:
            df = df[df["responded_at"] < end]
    if shown and df.empty and len(everything):
        dates = everything["responded_at"].dropna()
        hint = (
            f"Responses in the store are dated {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}."
            if len(dates)
            else "No response in the store has a date."
        )
        raise VerbatimError(Errors.E306, filters=" ".join(shown), hint=hint)
    for column, value in (segments or {}).items():
        if column not in df.columns:
            raise VerbatimError(
                Errors.E302,
                option="--segment",
                value=f"{column}={value}",
                rule=f"Segment columns in the store: {', '.join(segment_columns(df)) or 'none'}.",
            )
        before = df
        df = df[df[column].astype("string").str.casefold() == value.casefold()]
        shown.append(f"--segment {column}={value}")
        if df.empty and len(before):
            values = before[column].dropna().astype(str).value_counts()
            listed = ", ".join(values.index[:20]) + (
                f" (and {len(values) - 20} more)" if len(values) > 20 else ""
            )
            raise VerbatimError(
                Errors.E306,
                filters=" ".join(shown),
                hint=f"Values of {column} here: {listed or 'none'}.",
            )
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
    today: str | None = None,
) -> Analysis:
    """Drivers, NPS by period, alerts and the segment × theme heatmap for a filter.

    ``completed_runs_only``: leave out responses and themes of a run still in progress or
    failed (the API's view).
    ``comments=False``: ``responses`` without the comment column (the report reads the few
    comments its follow-up lists show; at 1M responses the comments are most of the read).
    ``today``: the day against which a period is complete (the headline shows the last
    complete period and its change); the run's day by default.
    """
    from verbatim.models import drivers, nps, trends

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
    themes = store.themes(completed_runs_only=completed_runs_only)
    scored = df[df["category"].notna()]
    topics, parents, general_ids = theme_kinds(themes)
    general_mentions = mention_themes[isin(mention_themes["theme_id"], general_ids)]
    mention_themes = mention_themes[isin(mention_themes["theme_id"], topics["theme_id"])]
    parent_of = topics.dropna(subset=["parent_id"]).set_index("theme_id")["parent_id"]
    parent_mentions = mention_themes.assign(theme_id=mention_themes["theme_id"].map(parent_of))
    parent_mentions = parent_mentions.dropna(subset=["theme_id"]).astype({"theme_id": "int64"})

    def table_of(mt: pd.DataFrame, labelled: pd.DataFrame) -> pd.DataFrame:
        if labelled.empty or scored.empty:
            return pd.DataFrame(columns=drivers.DRIVER_COLUMNS)
        return drivers.driver_table(
            scored[["response_id", "category"]], mt, labelled[["theme_id", "label_fr", "label_en"]]
        )

    table = with_value(table_of(mention_themes, topics), scored, mention_themes)
    parent_table = with_value(table_of(parent_mentions, parents), scored, parent_mentions)
    summary = nps.nps_summary(df["category"])
    by_period = nps.nps_table(df, period=period, **kw) if len(scored) else pd.DataFrame()
    headline = {**summary.as_dict(), **nps.response_rate(df)}
    headline["response_rate"] = headline.pop("rate", None)
    # the figures above are all-time (over the filter); the change is the last complete period's
    headline |= nps.period_change(df["category"], df["responded_at"], period=period, today=today)
    if "value" in df:  # a second headline: NPS weighted by value (models/value.py)
        from verbatim.models.value import value_weighted_nps

        headline |= value_weighted_nps(df["category"], df["value"])
    dated = scored[scored["responded_at"].notna()]
    alerts = (
        trends.detect_alerts(
            dated[["response_id", "category", "responded_at"]], mention_themes, period=period
        )
        if len(mention_themes) and len(dated)
        else pd.DataFrame()
    )
    alerts = _alert_examples(alerts, mentions, df, store.mention_texts)
    theme_note, listed = None, pd.DataFrame()
    commented = int(isin(mentions["response_id"], df["response_id"]).sum())
    if topics.empty and commented > LISTED_STORE_MAX:  # e.g. the first night, mid-run
        theme_note = "No topic themes for these comments yet: they are built by `verbatim run`."
    elif topics.empty and commented:
        theme_note = (
            f"Too few comments to form themes: {commented} mention(s) here, and a theme needs "
            f"at least {settings.themes.min_theme_size} similar ones. The comments are listed "
            "instead; themes form as answers accumulate."
        )
        listed = _listed_comments(store, df)
    league, league_note = _league(df, mention_themes, themes, settings, today)
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
        parent_drivers=parent_table,
        general=general_summary(
            int(
                mentions.loc[
                    isin(mentions["response_id"], df["response_id"]), "response_id"
                ].nunique()
            ),
            themes,
            general_mentions,
        ),
        theme_note=theme_note,
        comments=listed,
        league=league,
        league_note=league_note,
        digest=_newest_day_digest(df, mentions, themes, store, settings),
    )


def with_value(
    table: pd.DataFrame, scored: pd.DataFrame, mention_themes: pd.DataFrame
) -> pd.DataFrame:
    """The driver table with value at risk and retention columns, where responses have them.

    Appended after the other columns (``verbatim.models.value.VALUE_COLUMNS``, ``RETENTION_COLUMNS``):
    present only when some response has a value (a retention answer).
    """
    from verbatim.models import value

    if table.empty:
        return table
    keep = [c for c in ("response_id", "category", "customer_id", "responded_at") if c in scored]
    if "value" in scored:
        part = value.value_at_risk(scored[[*keep, "value"]], mention_themes)
        table = table.join(part, on="theme_id")
        # themes no scored response of the filter mentions: nothing at risk
        table["value_at_risk"] = table["value_at_risk"].fillna(0.0)
        table["value_detractors"] = table["value_detractors"].fillna(0).astype("int64")
        if table["value_at_risk_share"].notna().any():
            table["value_at_risk_share"] = table["value_at_risk_share"].fillna(0.0)
    if "retained" in scored:
        part = value.retention_table(scored[[*keep, "retained"]], mention_themes)
        table = table.join(part, on="theme_id")
    return table


def _league(
    df: pd.DataFrame,
    mention_themes: pd.DataFrame,
    themes: pd.DataFrame,
    settings: Settings,
    today: str | None,
) -> tuple[pd.DataFrame, str | None]:
    """The report's league table: ``report.league_segment`` or the first segment of 3-50 values."""
    from verbatim.pipelines.steps.league import choose_segment, league_for

    segment, note = choose_segment(df, settings.report.league_segment)
    if segment is None or not df["score"].notna().any():
        return pd.DataFrame(), note
    return league_for(df, mention_themes, themes, settings, segment=segment, today=today), note


def _newest_day_digest(
    df: pd.DataFrame, mentions: pd.DataFrame, themes: pd.DataFrame, store: Store, settings: Settings
) -> Any:
    """The one fix of the newest day with responses (``verbatim.pipelines.steps.digest``), or None."""
    from verbatim.pipelines.steps.digest import digest_from

    dates = df.loc[df["score"].notna(), "responded_at"].dropna()
    if dates.empty:
        return None
    day = dates.max().normalize()
    return digest_from(
        df,
        mentions,
        themes,
        start=day,
        end=day + pd.Timedelta(days=1),
        texts=store.mention_texts,
        promoter_min=settings.nps.promoter_min,
        detractor_max=settings.nps.detractor_max,
    )


COMMENTS_LISTED = 200  # at most this many comments listed when no theme formed, newest first
# a store with more mentions than this and no topic theme has not been themed yet (listing
# its comments would read every mention text)
LISTED_STORE_MAX = 5_000


def _listed_comments(store: Store, df: pd.DataFrame) -> pd.DataFrame:
    """The PII-masked comment text of each response (its mentions joined), newest first.

    Only called when no topic theme formed, i.e. on small stores: it reads every mention text.
    """
    mine = store.mentions(columns=("response_id", "position", "text"))
    mine = mine[isin(mine["response_id"], df["response_id"])].dropna(subset=["text"])
    text = mine.groupby("response_id", sort=False)["text"].agg(" … ".join)
    cols = ["response_id", "responded_at", "score", "category"]
    out = df.loc[isin(df["response_id"], text.index), cols].assign(
        text=lambda f: f["response_id"].map(text)
    )
    out = out.sort_values("responded_at", ascending=False, na_position="last", kind="stable")
    return out.head(COMMENTS_LISTED).reset_index(drop=True)


def theme_kinds(themes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Topic themes (ranked as drivers), their roll-ups, and the ids of the general themes."""
    if themes.empty or "kind" not in themes:
        return themes.assign(parent_id=None), themes.iloc[:0], []
    general = themes["kind"] == "general"
    parent = themes["level"] == "parent"
    return (
        themes[~general & ~parent],
        themes[parent & ~general],
        themes.loc[general, "theme_id"].astype("int64").tolist(),
    )


def general_summary(
    commented: int, themes: pd.DataFrame, general_mentions: pd.DataFrame
) -> pd.DataFrame:
    """Per general theme: comments that say it, and their share of the ``commented`` responses.

    "31% of comments only say they are happy": counted and shown, never ranked as a driver.
    """
    columns = ["theme_id", "label_fr", "label_en", "polarity", "responses", "share_of_comments"]
    if themes.empty or "kind" not in themes:
        return pd.DataFrame(columns=columns)
    rows = []
    for theme in themes[themes["kind"] == "general"].itertuples():
        said = general_mentions.loc[general_mentions["theme_id"] == theme.theme_id, "response_id"]
        n = int(said.nunique())
        rows.append(
            {
                "theme_id": int(theme.theme_id),
                "label_fr": theme.label_fr,
                "label_en": theme.label_en,
                "polarity": theme.polarity,
                "responses": n,
                "share_of_comments": n / commented if commented else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=columns)


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
    from verbatim.models import nps

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
        # under a name of our own: a store may hold a segment called like one of our columns
        seg = scored[["response_id", column, "category"]].set_axis(
            ["response_id", "_segment_value", "category"], axis=1
        )
        merged = pairs.merge(seg, on="response_id")
        base = seg.groupby("_segment_value").size()
        # one count per (value, theme, category), not a frame and a value_counts per group
        counts = (
            merged.groupby(["_segment_value", "theme_id", "category"]).size().unstack(fill_value=0)
        )
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
