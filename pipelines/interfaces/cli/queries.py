"""Read-only queries over the store: ``nps``, ``rejects``, ``top-themes``, ``digest``, ``runs``."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.interfaces.cli.app import (
    _FIXED,
    ConfigOpt,
    DbOpt,
    Format,
    FormatOpt,
    _settings,
    _store,
    app,
    emit,
    out,
)

if TYPE_CHECKING:
    from verbatim.pipelines.settings import Settings


# --------------------------------------------------------------------------------- nps
class Period(str, Enum):
    """Period granularity."""

    week = "week"
    month = "month"
    quarter = "quarter"


@app.command(
    epilog="Examples:\n\n  verbatim nps --by month\n\n  verbatim nps --segment Canal --format json",
)
def nps(
    by: Annotated[Period | None, typer.Option("--by", help="Split by period.")] = None,
    segment: Annotated[
        str | None, typer.Option(help="Split by a segment column (e.g. Canal).")
    ] = None,
    by_segment: Annotated[
        str | None,
        typer.Option(
            "--by-segment",
            help="League table of a segment column (store, centre, agency): NPS per value "
            "with its interval, its difference from the rest (BH-corrected), its change vs the "
            "previous period and its top detraction theme; the last complete month, or "
            "--since/--until against the same span before.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only responses from this day: 2026-10-01, 01/10/2026 (day first), 2026-10, yesterday."
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only responses up to this day, inclusive (same forms).")
    ] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """NPS with its 95% adjusted-Wald interval, overall, by period and/or by segment."""
    from verbatim.models import nps as nps_model

    settings = _settings(config, db)
    store = _store(settings)
    if by_segment:
        _league_table(store, settings, by_segment, since=since, until=until, fmt=fmt)
        return
    from verbatim.pipelines.steps.analysis import filter_responses

    # without --segment, only the scores and dates: a third of the read at 100k responses
    everything = store.responses(comments=False) if segment else store.scores_and_dates()
    if everything.empty:
        raise VerbatimError(Errors.E202, url=settings.db_url)
    df = filter_responses(everything, since=since, until=until)
    if segment and segment not in df.columns:
        segs = [c for c in df.columns if c not in _FIXED]
        raise VerbatimError(
            Errors.E302,
            option="--segment",
            value=segment,
            rule=f"Segment columns in the store: {', '.join(segs) or 'none'}.",
        )
    table = nps_model.nps_table(
        df,
        period=by.value if by else None,
        segment=segment,
        promoter_min=settings.nps.promoter_min,
        detractor_max=settings.nps.detractor_max,
    )
    if not segment:
        table = table.drop(
            columns=["segment", "p_value", "q_value", "significant"], errors="ignore"
        )
    emit(table, fmt, title="NPS (95% adjusted-Wald interval)")


def _league_table(
    store: Any,
    settings: Settings,
    segment: str,
    *,
    since: str | None,
    until: str | None,
    fmt: Format,
) -> None:
    """``verbatim nps --by-segment COLUMN``: the league table of the segment's values."""
    from verbatim.pipelines.steps.league import league_from_store

    table = league_from_store(store, settings, segment=segment, since=since, until=until)
    if fmt is not Format.table:
        emit(table, fmt)
        return
    first = table.iloc[0]
    against = f", change vs {first['previous_period']}" if first["previous_period"] else ""
    out.print(
        f"League table of {segment}, {first['period']}{against}; flag: NPS differs from the "
        "rest with q < 0.05 (Benjamini-Hochberg across the values)"
    )
    cols = ["rank", "value", "responses", "nps", "ci_low", "ci_high", "difference", "q_value"]
    cols += ["flag", "previous_nps", "change", "change_p_value", "top_theme_label_en"]
    cols += ["top_theme_share"]
    emit(table[cols], fmt, title=f"NPS by {segment}")


# ----------------------------------------------------------------------------- rejects
@app.command(
    epilog="Examples:\n\n  verbatim rejects\n\n  verbatim rejects --format csv > rejects.csv"
)
def rejects(
    last: Annotated[bool, typer.Option("--last", help="Only the rejects of the last run.")] = False,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Rows refused at ingest, with file, line, column, value and the reason."""
    store = _store(_settings(config, db))
    run_id = store.last_run_id() if last else None
    df = store.rejects(run_id).drop(columns=["run_id"])
    if fmt is Format.table:
        out.print(f"{len(df)} rejected row(s)")
    emit(df, fmt, title="Rejected rows")


# -------------------------------------------------------------------------- top-themes
class Category(str, Enum):
    """Which side of NPS a driver pushes."""

    detractor = "detractor"
    promoter = "promoter"


class Level(str, Enum):
    """Which themes a ranking holds: topic themes, their roll-ups, or both."""

    theme = "theme"
    parent = "parent"
    all = "all"


class RankBy(str, Enum):
    """What ranks the themes: their impact on NPS, or the value their detractors hold."""

    impact = "impact"
    value = "value"


@app.command(
    "top-themes",
    epilog="Examples:\n\n  verbatim top-themes --category detractor --since 2026-10-01 "
    "--segment Canal=Application\n\n  verbatim top-themes --category promoter --limit 5 --format json"
    "\n\n  verbatim top-themes --level parent\n\n  verbatim top-themes --by value   "
    "# revenue at risk: the value held by each theme's detractors",
)
def top_themes(
    category: Annotated[
        Category, typer.Option("--category", "-c", help="Drivers of detraction or promotion.")
    ] = Category.detractor,
    since: Annotated[
        str | None,
        typer.Option(help="From this day: 2026-10-01, 01/10/2026 (day first), 2026-10, yesterday."),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Up to this day, inclusive (same forms).")
    ] = None,
    segment: Annotated[
        list[str] | None, typer.Option("--segment", help="Filter COLUMN=VALUE, repeatable.")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many themes.", min=1)] = 10,
    level: Annotated[
        Level,
        typer.Option(
            help="theme: topic themes; parent: subjects that roll up several themes; "
            "all: both, ranked together."
        ),
    ] = Level.theme,
    by: Annotated[
        RankBy,
        typer.Option(
            "--by",
            help="impact: drivers by their impact on NPS; value: complaint themes by the value "
            "their detractors hold (revenue at risk; needs a value column).",
        ),
    ] = RankBy.impact,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Top detraction or promotion themes, strongest significant driver first.

    General praise and general complaint (comments that name no subject) are never ranked.
    """
    from verbatim.pipelines.steps.analysis import analyse, parse_segment_filters, stored_ranking

    settings = _settings(config, db)
    store = _store(settings)
    segments = parse_segment_filters(segment)
    # the whole store: the ranking the last run kept, unless anything changed since
    analysis = None if since or until or segments else stored_ranking(store, settings)
    if analysis is None:
        analysis = analyse(
            store, settings, since=since, until=until, segments=segments, comments=False
        )
    if by is RankBy.value:
        if category is Category.promoter:
            raise VerbatimError(
                Errors.E302,
                option="--by value",
                value="--category promoter",
                rule="The value at risk is held by detractors: use --category detractor.",
            )
        _top_by_value(analysis, limit, level.value, fmt)
        return
    top = analysis.top(category.value, limit, level=level.value)
    if fmt is Format.table:
        # what matters most first: a narrow terminal leaves out the columns at the end
        cols = [
            "rank",
            "theme_id",
            "label_en",
            "label_fr",
            "responses",
            "impact",
            "impact_ci_low",
            "impact_ci_high",
            "significant",
            "q_value",
            "lift",
            "adjusted_odds_ratio",
            "level",
        ]
        if category.value == "promoter":  # promotion is tested promoter vs not
            side = {"lift", "q_value", "adjusted_odds_ratio"}
            cols = [f"promoter_{c}" if c in side else c for c in cols]
        h = analysis.headline
        out.print(
            f"NPS {h['nps']:+.1f} (95% CI {h['ci_low']:+.1f} to {h['ci_high']:+.1f}) over "
            f"{h['responses']} responses; impact = NPS change if the theme's responses "
            "were removed"
        )
        _value_headline(h)
        if category is Category.detractor:  # what the detractors of each theme hold
            cols[-1:-1] = ["value_at_risk", "value_at_risk_share", "retention_difference"]
        emit(top[[c for c in cols if c in top.columns]], fmt, title=f"Top {category.value} drivers")
    else:
        emit(top, fmt)


def _value_headline(h: dict[str, Any]) -> None:
    """The NPS weighted by value, where responses have a value."""
    if h.get("value_nps") is None or h["value_nps"] != h["value_nps"]:
        return
    low, high = h.get("value_nps_ci_low"), h.get("value_nps_ci_high")
    ci = f" (95% CI {low:+.1f} to {high:+.1f})" if low == low and high == high else ""
    out.print(
        f"NPS weighted by value {h['value_nps']:+.1f}{ci} over {h['value_responses']} "
        f"responses holding {h['value_total']:,.0f}"
    )


def _top_by_value(analysis: Any, limit: int, level: str, fmt: Format) -> None:
    """``top-themes --by value``: complaint themes by the value their detractors hold."""
    top = analysis.top_by_value(limit, level=level)
    if fmt is not Format.table:
        emit(top, fmt)
        return
    _value_headline(analysis.headline)
    cols = ["rank", "level", "theme_id", "label_en", "value_at_risk", "value_at_risk_share"]
    cols += ["value_detractors", "retention_theme"]
    cols += ["retention_rest", "retention_difference", "retention_ci_low", "retention_ci_high"]
    cols += ["retention_q_value"]
    title = "Value at risk: value held by each theme's detractors"
    emit(top[[c for c in cols if c in top.columns]], fmt, title=title)


# ------------------------------------------------------------------------------ digest
class DigestFormat(str, Enum):
    """Output formats of ``verbatim digest``."""

    md = "md"
    text = "text"
    json = "json"


class DigestLanguage(str, Enum):
    """Wording of ``verbatim digest`` (labels and sentences)."""

    en = "en"
    fr = "fr"


@app.command(
    epilog="Examples:\n\n  verbatim digest --since yesterday\n\n"
    "  verbatim digest --since 2026-10-14 --lang fr --format text\n\n"
    "  verbatim digest --since 2026-10-12 --until 2026-10-14 --format json",
)
def digest(
    since: Annotated[
        str,
        typer.Option(
            help="First day: yesterday, today, 2026-10-14, 14/10/2026 (day first), 2026-10."
        ),
    ] = "yesterday",
    until: Annotated[
        str | None,
        typer.Option(help="Last day, inclusive (same forms); default: the --since day."),
    ] = None,
    lang: Annotated[
        DigestLanguage, typer.Option("--lang", help="Language of the labels and sentences.")
    ] = DigestLanguage.en,
    fmt: Annotated[
        DigestFormat, typer.Option("--format", "-f", help="Markdown, plain text or JSON.")
    ] = DigestFormat.md,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The day's one fix: the complaint theme that rose most among the period's detractors.

    With its figures and three verbatims (personal data masked), short enough to paste in an
    e-mail or a chat message; one line when nothing stands out. Compared with the 28 days before.
    """
    from verbatim.pipelines.steps.digest import build_digest, render_digest

    settings = _settings(config, db)
    found = build_digest(_store(settings), settings, since=since, until=until)
    sys.stdout.write(render_digest(found, fmt=fmt.value, lang=lang.value))


# -------------------------------------------------------------------------------- runs
@app.command(epilog="Examples:\n\n  verbatim runs\n\n  verbatim runs --format json --limit 5")
def runs(
    limit: Annotated[int, typer.Option(help="How many runs, newest first.", min=1)] = 20,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Run history: status, counts (accepted, rejected, embedded…) and duration; exit 1 if the last failed."""
    df = _store(_settings(config, db)).runs(limit=limit)
    summary = []
    for row in df.to_dict("records"):
        counts = json.loads(row["counts"] or "{}")
        ing, emb, th = counts.get("ingest", {}), counts.get("embed", {}), counts.get("themes", {})
        summary.append(
            {
                "run_id": row["run_id"],
                "started_at": row["started_at"],
                "status": row["status"],
                "duration_s": row["duration_s"],
                "accepted": ing.get("accepted"),
                "rejected": ing.get("rejected"),
                "embedded": emb.get("embedded"),
                "themes": th.get("themes"),
                "error": row["error"].split("\n")[0] if isinstance(row["error"], str) else None,
            }
        )
    import pandas as pd

    table = pd.DataFrame(summary)
    for col in ("accepted", "rejected", "embedded", "themes"):
        if col in table:
            table[col] = table[col].astype("Int64")
    emit(table, fmt, title="Runs")
    if summary and summary[0]["status"] == "failed":
        raise typer.Exit(1)
