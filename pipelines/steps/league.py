"""The league table of sites over the store, for the report, ``verbatim nps --by-segment`` and the API.

Which segment: the one asked for (CLI, API), else ``report.league_segment``, else the first
segment column with 3 to 50 values (``verbatim.pipelines.steps.analysis.allowed_segments``: never comments,
ids, dates, scores or language). Which period: ``verbatim.models.league.league_windows``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from verbatim.models.league import LEAGUE_COLUMNS, league_table, league_windows
from verbatim.pipelines.errors import Errors, VerbatimError

MIN_VALUES, MAX_VALUES = 3, 50


def choose_segment(
    responses: pd.DataFrame, configured: str | None
) -> tuple[str | None, str | None]:
    """The league's segment column and, when the configured one cannot be used, why not.

    Returns:
        ``(segment, note)``: segment None when no column qualifies.
    """
    from verbatim.pipelines.steps.analysis import allowed_segments

    allowed = allowed_segments(responses, max_values=MAX_VALUES)
    if configured:
        if configured in allowed:
            return configured, None
        return None, (
            f"report.league_segment '{configured}' is not a segment column with at most "
            f"{MAX_VALUES} values here (allowed: {', '.join(allowed) or 'none'})"
        )
    for column in allowed:
        if responses[column].nunique() >= MIN_VALUES:
            return column, None
    return None, None


def league_for(
    responses: pd.DataFrame,
    mention_themes: pd.DataFrame,
    themes: pd.DataFrame,
    settings: Any,
    *,
    segment: str,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    today: pd.Timestamp | str | None = None,
    period: str = "month",
) -> pd.DataFrame:
    """The league table of ``segment`` over ``responses`` (see ``verbatim.models.league``).

    Args:
        responses: responses with ``response_id``, ``score``, ``responded_at`` and ``segment``.
        mention_themes: ``response_id``, ``theme_id`` of topic themes.
        themes: the store's themes.
        settings: NPS thresholds.
        segment: the segment column (checked by the caller).
        start: first day of a window [start, end), or None.
        end: day after the window's last, or None; with neither, the last complete ``period``.
        today: the day against which a period is complete (default: now).
        period: "week", "month" or "quarter".
    """
    current, previous, label, previous_label = league_windows(
        responses["responded_at"], start=start, end=end, period=period, today=today
    )
    table = league_table(
        responses[current],
        responses[previous],
        mention_themes,
        themes,
        segment=segment,
        promoter_min=settings.nps.promoter_min,
        detractor_max=settings.nps.detractor_max,
    )
    if table.empty:
        return pd.DataFrame(columns=LEAGUE_COLUMNS)
    return table.assign(period=label, previous_period=previous_label)


def topic_mentions(store: Any, *, completed_runs_only: bool = False) -> tuple[pd.DataFrame, Any]:
    """``(mention_themes, themes)``: mentions of topic themes (never general ones), and themes."""
    from verbatim.models.frames import isin
    from verbatim.pipelines.steps.analysis import theme_kinds

    themes = store.themes(completed_runs_only=completed_runs_only)
    topics, _, _ = theme_kinds(themes)
    mentions = store.mentions(columns=("response_id", "theme_id"), ordered=False)
    mentions = mentions[mentions["theme_id"].notna()]
    mentions = mentions[isin(mentions["theme_id"].astype("int64"), topics["theme_id"])]
    return mentions.astype({"theme_id": "int64"}), themes


def league_from_store(
    store: Any,
    settings: Any,
    *,
    segment: str,
    since: str | None = None,
    until: str | None = None,
    option: str = "--by-segment",
    completed_runs_only: bool = False,
    today: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The league table of ``segment`` over the store (``verbatim nps --by-segment``, the API).

    ``since``/``until`` take the forms of ``date_bounds``; without them, the last complete
    month against the month before.

    Raises:
        VerbatimError: E202 for an empty store, E302 for a column that is not an allowed
            segment, E305 for a bad date, E306 when no scored response falls in the period.
    """
    from verbatim.pipelines.steps.analysis import check_segments, date_bounds

    responses = store.responses(completed_runs_only=completed_runs_only, comments=False)
    if responses.empty:
        raise VerbatimError(Errors.E202, url=store.url)
    check_segments(responses, [segment], option=option)
    start = date_bounds(since, "--since", today=today)[0] if since else None
    end = date_bounds(until, "--until", today=today)[1] if until else None
    mention_themes, themes = topic_mentions(store, completed_runs_only=completed_runs_only)
    table = league_for(
        responses,
        mention_themes,
        themes,
        settings,
        segment=segment,
        start=start,
        end=end,
        today=today,
    )
    if table.empty:
        dates = responses["responded_at"].dropna()
        shown = " ".join(f"--{k} {v}" for k, v in (("since", since), ("until", until)) if v)
        hint = (
            f"Responses in the store are dated {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}."
            if len(dates)
            else "No response in the store has a date."
        )
        raise VerbatimError(Errors.E306, filters=shown or "the league's period", hint=hint)
    return table
