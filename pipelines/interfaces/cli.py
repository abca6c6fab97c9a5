"""The ``verbatim`` command line: run the nightly job, query NPS, list rejects, export tables.

Errors a user can fix print one line and exit with code 2; a failed run exits with 1.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.prefect_env import configure_prefect_env, reach_api_in_background

if TYPE_CHECKING:
    import pandas as pd

    from verbatim.pipelines.settings import Settings

# pandas, the settings models (pydantic), the models (scipy, statsmodels) and the report are
# imported by the commands that use them: `verbatim --help` starts in a fraction of a second

configure_prefect_env()

app = typer.Typer(
    name="verbatim",
    help="Verbatim turns NPS survey exports into multilingual themes and ranked drivers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# tables stay readable when piped (rich falls back to 80 columns without a terminal)
_WIDTH = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", 160))
out = Console(soft_wrap=True, width=_WIDTH)
err = Console(stderr=True, soft_wrap=True)


class Format(str, Enum):
    """Output formats of data commands."""

    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    """File formats of ``verbatim export``."""

    csv = "csv"
    json = "json"
    parquet = "parquet"


DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="VERBATIM_DB_URL",
        help="Database URL: sqlite:///path.db (default data/local/verbatim.db) or "
        "postgresql+psycopg://user@host/db.",
        show_default=False,
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", envvar="VERBATIM_CONFIG", help="YAML settings file.", exists=False),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _settings(config: Path | None, db: str | None, **overrides: Any) -> Settings:
    from verbatim.pipelines.settings import load_settings

    return load_settings(config, db_url=db, **overrides)


def _store(settings: Settings):
    """The configured store; a SQLite file that does not exist is not created by a query."""
    from verbatim.pipelines.io.store import Store

    url = settings.db_url
    if url.startswith("sqlite:///") and ":memory:" not in url:
        if not Path(url.removeprefix("sqlite:///")).is_file():
            raise VerbatimError(Errors.E202, url=url)
    return Store(url)


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _jsonable(df: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))


def emit(df: pd.DataFrame, fmt: Format, *, title: str | None = None) -> None:
    """Print a frame as a rich table, JSON records or CSV (formulas neutralised)."""
    import pandas as pd

    if fmt is Format.json:
        sys.stdout.write(json.dumps(_jsonable(df), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(_flat(df).to_csv(index=False))
    else:
        table = Table(title=title, show_lines=False)
        for col in df.columns:
            numeric = pd.api.types.is_numeric_dtype(df[col])
            table.add_column(str(col), justify="right" if numeric else "left", overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*[_cell(v) for v in row])
        out.print(table)


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts as JSON text, and every text cell neutralised for spreadsheets."""
    import pandas as pd

    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(
                lambda v: neutralise(
                    json.dumps(v, ensure_ascii=False, default=str)
                    if isinstance(v, (list, dict))
                    else v
                )
            )
    return safe


def _cell(value: Any) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 0.01 and value != 0 else f"{value:.2f}"
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"


# --------------------------------------------------------------------------------- run
@app.command(
    epilog="Examples:\n\n  verbatim run data/sample/nps_export.csv\n\n"
    '  verbatim run export.xlsx --sheet Réponses --map score="Note globale" '
    '--map comment="Votre avis"',
)
def run(
    inputs: Annotated[
        list[Path], typer.Argument(help="Survey export files (CSV, XLSX, Parquet, JSONL).")
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help='Map a column: CANONICAL="Header" (score, comment, responded_at, '
            "response_id, language, customer_id). Repeatable.",
        ),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet name (default: the first).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder for the report files.")
    ] = None,
    refit: Annotated[
        bool, typer.Option("--refit", help="Re-cluster all mentions (ids carry over).")
    ] = False,
    themes: Annotated[
        int | None, typer.Option("--themes", help="Force this number of themes.", min=2)
    ] = None,
    dask_address: Annotated[
        str | None,
        typer.Option("--dask-address", help="Embed on a Dask cluster, e.g. tcp://10.0.0.5:8786."),
    ] = None,
    wait: Annotated[
        float, typer.Option("--wait", help="Seconds to wait if another run holds the lock.")
    ] = 0.0,
    id_prefix: Annotated[
        str | None,
        typer.Option(
            "--id-prefix",
            help="Put this before every response id of these files (e.g. W2-): survey waves "
            "that each number their responses from 1 then never overwrite one another.",
        ),
    ] = None,
) -> None:
    """Run the nightly job on survey exports: ingest, NPS, themes, drivers, report."""
    from verbatim.pipelines.io.ingest import parse_column_map

    # fail fast, before Prefect starts: settings, then each file's format, header and mapping
    settings = _settings(
        config, db, output_dir=str(output) if output else None, themes__n_themes=themes
    )
    column_map = parse_column_map(map_ or [])
    _precheck(inputs, {**settings.column_map, **column_map}, sheet, settings)
    if dask_address:
        from verbatim.pipelines.steps.scaleout import validate_address

        validate_address(dask_address)
    from verbatim.pipelines.orchestration import watchdog

    watchdog.start()  # the Prefect server and the embedding process never outlive this run
    # Prefect's temporary server starts (5-8 s) while this process imports the flow and the
    # modules every run's steps use; the flow then finds it running
    api = reach_api_in_background()
    from verbatim.pipelines.orchestration.flows import errors_reported_by_caller, nightly
    from verbatim.pipelines.steps.jobs import import_steps

    import_steps()
    try:
        api.wait()  # a Prefect server that cannot start fails the run here, once
        with errors_reported_by_caller():  # a bad input is printed once, by main()
            result = nightly(
                [str(p) for p in inputs],
                db_url=settings.db_url,
                config=str(config) if config else None,
                column_map=column_map,
                sheet=sheet,
                output_dir=settings.output_dir,
                refit=refit,
                n_themes=themes,
                dask_address=dask_address,
                wait_s=wait,
                id_prefix=id_prefix,
            )
    except VerbatimError:
        raise
    except Exception as exc:  # the run is recorded as failed in the store
        err.print(f"[red]Run failed:[/red] {exc}")
        raise typer.Exit(1) from None
    ing = result["ingest"]
    out.print(
        f"[bold]{ing['accepted']} accepted, {ing['rejected']} rejected[/bold] "
        f"from {ing['files']} file(s)"
        + (" — list the rejects with [cyan]verbatim rejects[/cyan]" if ing["rejected"] else "")
    )
    head = result["nps"]
    out.print(
        f"NPS [bold]{head['nps']:+.1f}[/bold] (95% CI {head['ci_low']:+.1f} to "
        f"{head['ci_high']:+.1f}) over {head['responses']} responses, all periods"
    )
    if head.get("period"):
        from verbatim.pipelines.steps.jobs import period_line

        out.print(period_line(head))
    emb, th = result.get("embed", {}), result.get("themes", {})
    if th.get("note"):
        out.print(f"{th['note'][0].upper()}{th['note'][1:]}")
    elif th:
        out.print(
            f"{th.get('themes', 0)} themes over {th.get('mentions', 0)} mentions "
            f"({th.get('unassigned_share', 0):.0%} unassigned); {emb.get('embedded', 0)} texts "
            f"embedded, {emb.get('cached', 0)} from the cache"
        )
    outputs = result.get("outputs", {})
    if outputs:
        out.print(f"Report: [bold]{outputs.get('report_html')}[/bold]")
        out.print(f"Excel workbook and follow-up lists: {Path(outputs['report_html']).parent}/")
    out.print(f"Store: {settings.db_url}")


# records read by the pre-run check: enough for the column mapping, which looks at 200
_PRECHECK_RECORDS = 200


def _precheck(
    inputs: list[Path], column_map: dict[str, str], sheet: str | None, settings: Settings
) -> None:
    """Refuse, before Prefect starts, what the run could not get through.

    An input it could not use (E101-E111), an edits file that is not there, an output folder
    or a disk that cannot take the run (E307/E308).
    """
    from verbatim.pipelines.io.ingest import read_export
    from verbatim.pipelines.steps.jobs import check_writable

    for path in inputs:
        read_export(path, column_map=column_map, sheet=sheet, max_records=_PRECHECK_RECORDS)
    check_writable(settings, inputs)
    edits_file = settings.themes.edits_file
    if edits_file and not Path(edits_file).is_file():
        raise VerbatimError(
            Errors.E302,
            option="themes.edits_file",
            value=edits_file,
            rule="No such file: export the edits with `verbatim themes edits --export FILE`.",
        )


# ------------------------------------------------------------------------------- check
class CheckFormat(str, Enum):
    """Output formats of ``verbatim check``."""

    table = "table"
    json = "json"


@app.command(
    epilog="Examples:\n\n  verbatim check data/sample/nps_export.csv\n\n"
    '  verbatim check export.xlsx --sheet Réponses --map score="Note globale" --format json',
)
def check(
    input_: Annotated[Path, typer.Argument(help="Survey export file (CSV, XLSX, Parquet, JSONL).")],
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help='Map a column: CANONICAL="Header". Repeatable.'),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet name (default: the first).")] = None,
    shown: Annotated[
        int, typer.Option("--rejects", help="How many rejected rows to list.", min=0)
    ] = 10,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = (
        CheckFormat.table
    ),
    config: ConfigOpt = None,
) -> None:
    """Read, map and validate an export as `verbatim run` would, without running it or storing anything.

    Exit code 0 if the run could use the file, 2 if not (e.g. no score column, every row rejected).
    """
    from verbatim.pipelines.io.ingest import parse_column_map, read_export

    settings = _settings(config, None)
    column_map = {**settings.column_map, **parse_column_map(map_ or [])}
    try:
        result = read_export(input_, column_map=column_map, sheet=sheet)
    except VerbatimError as exc:
        if fmt is CheckFormat.table:
            raise
        report = {"file": str(input_), "usable": False, "code": exc.code, "error": exc.message}
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(2) from None
    report = _check_report(result, shown)
    if fmt is CheckFormat.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        _print_check(report)
    if not report["usable"]:
        if fmt is CheckFormat.table:
            err.print(f"[red]Error:[/red] {report['error']}", highlight=False)
        raise typer.Exit(2)


def _check_report(result: Any, shown: int) -> dict[str, Any]:
    """What ``verbatim check`` says about one read export, as plain data."""
    accepted = result.accepted
    rejected = int(result.rejects[["file", "line"]].drop_duplicates().shape[0])
    read_as = {v: k for k, v in result.mapping.items()}
    counts = {
        "rows": result.rows,
        "accepted": len(accepted),
        "rejected": rejected,
        "with_comment": int(accepted["comment"].notna().sum()),
        "without_comment": int(accepted["comment"].isna().sum()),
        "without_score": int(accepted["score"].isna().sum()),
    }
    usable = counts["rows"] == 0 or counts["accepted"] > 0
    return {
        "file": str(result.path),
        "usable": usable,
        "error": None if usable else f"every one of the {counts['rows']} rows was rejected",
        "read": dict(result.details),
        "columns": [
            {"column": c, "read_as": read_as.get(c, "segment")} for c in result.columns_found
        ],
        "counts": counts,
        "warnings": list(result.warnings),
        "rejects": _jsonable(result.rejects.head(shown)),
    }


def _print_check(report: dict[str, Any]) -> None:
    read = report["read"]
    how = ", ".join(f"{k} {v}" for k, v in read.items() if k != "format")
    out.print(
        f"[bold]{report['file']}[/bold]: read as {read.get('format', '?')}"
        + (f" ({how.replace('delimiter', 'separator')})" if how else "")
    )
    table = Table(title="Columns", show_lines=False)
    table.add_column("column in the file")
    table.add_column("read as")
    for col in report["columns"]:
        table.add_row(col["column"], col["read_as"])
    out.print(table)
    n = report["counts"]
    out.print(
        f"{n['rows']} rows: [bold]{n['accepted']} accepted, {n['rejected']} rejected[/bold]; "
        f"accepted: {n['with_comment']} with a comment, {n['without_comment']} without, "
        f"{n['without_score']} without a score (invited, no answer)"
    )
    for warning in report["warnings"]:
        out.print(f"warning: {warning}", highlight=False)
    if report["rejects"]:
        import pandas as pd

        title = f"First {len(report['rejects'])} of the rejects (one per bad cell)"
        emit(pd.DataFrame(report["rejects"]).drop(columns=["file"]), Format.table, title=title)
    if report["usable"]:
        out.print("[green]Usable:[/green] `verbatim run` would ingest it as above.")


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


_FIXED = {"response_id", "score", "comment", "language", "responded_at", "customer_id", "category"}
_FIXED |= {"value", "retained"}  # typed columns (value at risk), never segments


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


# ------------------------------------------------------------------------------ export
EXPORTS = (
    "responses",
    "mentions",
    "themes",
    "drivers",
    "nps",
    "rejects",
    "callback_detractors",
    "thank_promoters",
    "chase_nonrespondents",
)


@app.command(
    epilog="Examples:\n\n  verbatim export responses --format csv --output responses.csv\n\n"
    "  verbatim export nps --format parquet -o nps.parquet",
)
def export(
    table: Annotated[str, typer.Argument(help=f"One of: {', '.join(EXPORTS)}.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="File format.")
    ] = ExportFormat.csv,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: stdout for csv/json)."),
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export a table with the column names of the data contract."""
    if table not in EXPORTS:
        raise VerbatimError(Errors.E204, table=table, tables=", ".join(EXPORTS))
    settings = _settings(config, db)
    store = _store(settings)
    df = export_frame(store, settings, table)
    _write_export(df, fmt, output)


def export_frame(store: Any, settings: Settings, table: str) -> pd.DataFrame:
    """The DESIGN-named frame of an exportable table."""
    import pandas as pd

    from verbatim.pipelines.steps import jobs

    if table == "responses":
        df = jobs.scored_responses(store, settings)
        fixed = ["response_id", "score", "category", "comment", "language", "responded_at"]
        return df[fixed + [c for c in df.columns if c not in fixed]]
    if table == "nps":
        from verbatim.models import nps as nps_model

        df = store.responses(comments=False)
        kw = {
            "promoter_min": settings.nps.promoter_min,
            "detractor_max": settings.nps.detractor_max,
        }
        parts = [nps_model.nps_table(df, **kw), nps_model.nps_table(df, period="month", **kw)]
        segs = [c for c in df.columns if c not in _FIXED]
        parts += [nps_model.nps_table(df, segment=s, **kw) for s in segs]
        contract = nps_model.NPS_COLUMNS[: nps_model.NPS_COLUMNS.index("ci_high") + 1]
        return pd.concat(parts, ignore_index=True)[contract]
    if table == "rejects":
        return store.rejects()
    if table == "mentions":
        return store.mentions()[
            [
                "mention_id",
                "response_id",
                "text",
                "language",
                "theme_id",
                "similarity",
                "polarity",
                "polarity_confidence",
            ]
        ]
    if table == "themes":
        df = store.themes()
        if df.empty:
            raise VerbatimError(Errors.E304)
        from verbatim.pipelines.steps.owners import with_owners
        from verbatim.pipelines.steps.report.data import THEME_COLUMNS

        return with_owners(df, store, settings)[[*THEME_COLUMNS, "owner"]]  # DESIGN: owner last
    from verbatim.pipelines.steps.analysis import analyse

    analysis = analyse(store, settings, comments=False)  # the lists read their own, masked
    if table == "drivers":  # topic themes, then their roll-ups (level says which)
        return pd.concat(
            [
                analysis.drivers.assign(level="theme"),
                analysis.parent_drivers.assign(level="parent"),
            ],
            ignore_index=True,
        )
    from verbatim.pipelines.steps.jobs import followup_lists

    return followup_lists(analysis, store=store, settings=settings)[table]


def _write_export(df: pd.DataFrame, fmt: ExportFormat, output: Path | None) -> None:
    if output is None:
        _write_export_to(df, fmt, None)
        return
    example = f"export.{fmt.value}"
    if output.is_dir():
        raise VerbatimError(Errors.E309, path=output, detail="it is a folder", example=example)
    from verbatim.pipelines.steps.report.safe import atomic_path

    try:
        with atomic_path(output) as tmp:  # missing folders are created; no half-written file
            _write_export_to(df, fmt, tmp)
    except OSError as exc:
        raise VerbatimError(
            Errors.E309, path=output, detail=exc.strerror or str(exc), example=example
        ) from None
    err.print(f"wrote {len(df)} rows to {output}")


def _write_export_to(df: pd.DataFrame, fmt: ExportFormat, output: Path | None) -> None:
    if fmt is ExportFormat.parquet:
        if output is None:
            raise VerbatimError(
                Errors.E302,
                option="--output",
                value=None,
                rule="Parquet is binary: give a file with --output FILE.parquet.",
            )
        df.to_parquet(output, index=False)
    elif fmt is ExportFormat.json:
        text = json.dumps(_jsonable(df), ensure_ascii=False, indent=2) + "\n"
        output.write_text(text, encoding="utf-8") if output else sys.stdout.write(text)
    else:
        safe = _flat(df)
        if output:
            safe.to_csv(output, index=False, encoding="utf-8-sig")
        else:
            sys.stdout.write(safe.to_csv(index=False))


# ------------------------------------------------------------------------------ themes
themes_app = typer.Typer(
    help="List themes, or edit them: rename, merge, split, pin (edits survive later runs).",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(themes_app, name="themes")


@themes_app.callback(
    epilog="Examples:\n\n  verbatim themes\n\n  verbatim themes --format json\n\n"
    '  verbatim themes rename 3 --fr "SAV injoignable" --en "unreachable support"',
)
def themes_list(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    all_: Annotated[bool, typer.Option("--all", help="Include retired and merged themes.")] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List themes with size, French and English labels, key phrases and examples."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "config": config}
        return
    store = _store(_settings(config, db))
    df = store.themes(include_retired=all_)
    if df.empty:
        raise VerbatimError(Errors.E304)
    cols = [
        "theme_id",
        "label_fr",
        "label_en",
        "size",
        "status",
        "keywords_fr",
        "keywords_en",
        "examples",
        "parent_id",
        "pinned",
        "label_edited",
        "kind",
        "level",
        "polarity",
        "praise_share",
        "complaint_share",
    ]
    df = df[[c for c in cols if c in df.columns]].sort_values("size", ascending=False)
    if fmt is Format.table:
        view = df.assign(
            keywords=[
                ", ".join((f or [])[:4] + (e or [])[:4])
                for f, e in zip(df["keywords_fr"], df["keywords_en"], strict=True)
            ],
            example=[(x[0]["text"] if x else "") for x in df["examples"]],
        )[
            [
                c
                for c in ("theme_id", "label_fr", "label_en", "kind", "polarity", "size", "status")
                if c in df.columns
            ]
            + ["keywords", "example"]
        ]
        emit(view, fmt, title="Themes")
    else:
        emit(df, fmt)


def _edit_store(ctx: typer.Context, db: str | None, config: Path | None):
    parent = ctx.obj or {}
    return _store(_settings(config or parent.get("config"), db or parent.get("db")))


@themes_app.command(
    "rename",
    epilog='Example:\n\n  verbatim themes rename 3 --fr "livraison en retard" --en "late delivery"',
)
def themes_rename(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme id (see `verbatim themes`).")],
    fr: Annotated[str | None, typer.Option("--fr", help="French label.")] = None,
    en: Annotated[str | None, typer.Option("--en", help="English label.")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Rename a theme; the next runs keep the analyst's label."""
    from verbatim.pipelines.steps import edits

    done = edits.rename(_edit_store(ctx, db, config), theme_id, label_fr=fr, label_en=en)
    out.print(f"theme {theme_id}: {done['label_fr']} / {done['label_en']}")


@themes_app.command("merge", epilog="Example:\n\n  verbatim themes merge 7 3   # 7 goes into 3")
def themes_merge(
    ctx: typer.Context,
    source: Annotated[int, typer.Argument(help="Theme to merge away.")],
    target: Annotated[int, typer.Argument(help="Theme that receives its mentions.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Merge one theme into another; later runs send its mentions to the target."""
    from verbatim.pipelines.steps import edits

    edits.merge(_edit_store(ctx, db, config), source, target)
    out.print(f"theme {source} merged into {target}")


@themes_app.command("split", epilog="Example:\n\n  verbatim themes split 4 --parts 2")
def themes_split(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme to split.")],
    parts: Annotated[int, typer.Option("--parts", help="Number of sub-themes.", min=2)] = 2,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Split a theme into sub-themes by clustering its mentions."""
    from verbatim.pipelines.steps import edits

    done = edits.split(_edit_store(ctx, db, config), theme_id, parts=parts)
    out.print(f"theme {theme_id} split into {', '.join(map(str, done['new_ids']))}")


@themes_app.command(
    "pin", epilog="Example:\n\n  verbatim themes pin 3\n\n  verbatim themes pin 3 --off"
)
def themes_pin(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme to pin.")],
    off: Annotated[bool, typer.Option("--off", help="Unpin instead.")] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Pin a theme so a refit never retires it."""
    from verbatim.pipelines.steps import edits

    edits.pin(_edit_store(ctx, db, config), theme_id, pinned=not off)
    out.print(f"theme {theme_id} {'unpinned' if off else 'pinned'}")


@themes_app.command(
    "edits",
    epilog="Examples:\n\n  verbatim themes edits --export theme_edits.yaml\n\n  verbatim themes edits --apply theme_edits.yaml",
)
def themes_edits(
    ctx: typer.Context,
    export_to: Annotated[
        Path | None, typer.Option("--export", help="Write the edits as YAML.")
    ] = None,
    apply: Annotated[
        Path | None, typer.Option("--apply", help="Replay edits from a YAML file.")
    ] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show, export (to version them) or replay analysts' theme edits."""
    from verbatim.pipelines.steps import edits

    store = _edit_store(ctx, db, config)
    if apply:
        out.print(f"{edits.apply_edits_file(store, apply)} edit(s) applied from {apply}")
    if export_to:
        out.print(f"wrote {edits.export_edits(store, export_to)}")
    if not apply and not export_to:
        import pandas as pd

        emit(pd.DataFrame(edits.edits(store)), fmt, title="Theme edits")


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
        cols = [
            "rank",
            "level",
            "theme_id",
            "label_en",
            "label_fr",
            "responses",
            "impact",
            "impact_ci_low",
            "impact_ci_high",
            "lift",
            "q_value",
            "adjusted_odds_ratio",
            "significant",
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
            cols[6:6] = ["value_at_risk", "value_at_risk_share", "retention_difference"]
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


# ------------------------------------------------------------------------------ report
@app.command(epilog="Examples:\n\n  verbatim report\n\n  verbatim report --output out/report.html")
def report(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="HTML file to write (an .xlsx is written beside it)."),
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Re-render the HTML report and Excel workbook from the store, without recomputing themes.

    Follow-up outcomes imported since the last run (``verbatim followups import``) show in it.
    """
    from verbatim.pipelines.steps.jobs import report_content
    from verbatim.pipelines.steps.report.html import write_html
    from verbatim.pipelines.steps.report.xlsx import write_xlsx

    settings = _settings(config, db)
    store = _store(settings)
    target = output or Path(settings.output_dir) / "report.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    runs = store.runs(limit=1)
    run_info = (
        {}
        if runs.empty
        else {
            "run_id": runs.loc[0, "run_id"],
            "started_at": str(runs.loc[0, "started_at"]),
            "version": runs.loc[0, "version"],
        }
    )
    _, _, _, data = report_content(store, settings, run_info, say=lambda message: None)
    write_html(data, target)
    write_xlsx(data, target.with_suffix(".xlsx"))
    out.print(f"wrote {target} and {target.with_suffix('.xlsx')}")


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


# ---------------------------------------------------------------------------- schedule
@app.command(
    epilog="Examples:\n\n"
    "  prefect server start --host 127.0.0.1 &\n\n"
    "  PREFECT_API_URL=http://127.0.0.1:4200/api verbatim schedule /data/exports/nps.csv "
    '--cron "0 2 * * *" --timezone Europe/Paris\n\n'
    "  verbatim schedule /data/exports/nps.csv --print-cron\n\n"
    "  verbatim schedule /data/exports/nps.csv --print-systemd -o /etc/systemd/system",
)
def schedule(
    inputs: Annotated[list[Path], typer.Argument(help="Survey export files each run reads.")],
    cron: Annotated[
        str, typer.Option(help="When to run: minute hour day-of-month month day-of-week.")
    ] = "0 2 * * *",
    timezone: Annotated[
        str, typer.Option("--timezone", "--tz", help="IANA timezone the cron is read in.")
    ] = "Europe/Paris",
    name: Annotated[str, typer.Option(help="Deployment name (and systemd unit name).")] = (
        "verbatim-nightly"
    ),
    print_cron: Annotated[
        bool, typer.Option("--print-cron", help="Print a crontab line instead of serving.")
    ] = False,
    print_systemd: Annotated[
        bool,
        typer.Option("--print-systemd", help="Print systemd .service and .timer units instead."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="With --print-systemd: folder to write the units to."),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help='Map a column: CANONICAL="Header". Repeatable.'),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet name (default: the first).")] = None,
    dask_address: Annotated[
        str | None,
        typer.Option("--dask-address", help="Embed on a Dask cluster, e.g. tcp://10.0.0.5:8786."),
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Run the nightly job on a schedule: serve it on a Prefect server, or print cron/systemd units."""
    import shutil

    from verbatim.pipelines.io.ingest import parse_column_map
    from verbatim.pipelines.orchestration import schedule as sched

    if print_cron and print_systemd:
        raise VerbatimError(
            Errors.E302, option="--print-cron/--print-systemd", value="both", rule="Choose one."
        )
    column_map = parse_column_map(map_ or [])
    # explicit URL: cron and systemd do not see this shell's VERBATIM_* variables
    db_url = _settings(config, db).db_url
    verbatim_bin = shutil.which("verbatim") or str(Path(sys.executable).with_name("verbatim"))
    try:
        if print_cron:
            sys.stdout.write(
                f"# {name}: read in the cron daemon's timezone; add CRON_TZ={timezone} above "
                "where supported. No flock needed: the run takes the store's lock.\n"
                + sched.cron_line(
                    cron=cron,
                    inputs=inputs,
                    db_url=db_url,
                    verbatim_bin=verbatim_bin,
                    config=config,
                )
                + "\n"
            )
            return
        if print_systemd:
            service, timer = sched.systemd_units(
                cron=cron,
                timezone=timezone,
                inputs=inputs,
                db_url=db_url,
                verbatim_bin=verbatim_bin,
                config=config,
                workdir=Path.cwd(),
                name=name,
            )
            if output is None:
                sys.stdout.write(f"# {name}.service\n{service}\n# {name}.timer\n{timer}")
                return
            output.mkdir(parents=True, exist_ok=True)
            for suffix, text in (("service", service), ("timer", timer)):
                (output / f"{name}.{suffix}").write_text(text, encoding="utf-8")
                err.print(f"wrote {output / f'{name}.{suffix}'}")
            err.print(f"then: systemctl daemon-reload && systemctl enable --now {name}.timer")
            return
        extra = {"dask_address": dask_address} if dask_address else None
        sched.validate_cron(cron)  # before the banner: a typo should not look like it serves
        sched.validate_timezone(timezone)
        sched.require_api_url()
        err.print(f"Serving nightly/{name} on '{cron}' ({timezone}); Ctrl-C to stop.")
        sched.serve_nightly(
            cron=cron,
            timezone=timezone,
            inputs=inputs,
            db_url=db_url,
            name=name,
            config=config,
            column_map=column_map,
            sheet=sheet,
            extra_parameters=extra,
        )
    except (ValueError, RuntimeError) as exc:  # bad cron/timezone, no Prefect server
        err.print(f"[red]Error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


# ---------------------------------------------------------------- owners and follow-ups
owners_app = typer.Typer(
    help="Who owns each theme (service, product, pricing, digital, partner…): list, set, export. "
    "Follow-up lists name the owners of each comment's themes.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(owners_app, name="owners")


def _owners_settings(ctx: typer.Context, db: str | None, config: Path | None):
    parent = ctx.obj or {}
    settings = _settings(config or parent.get("config"), db or parent.get("db"))
    return settings, _store(settings)


@owners_app.callback(
    epilog="Examples:\n\n  verbatim owners\n\n  verbatim owners --unowned\n\n"
    "  verbatim owners set 12 partner\n\n  verbatim owners export owners.yaml   "
    "# then followups.owners_file: owners.yaml\n\n  verbatim owners --format json",
)
def owners_list(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    unowned_only: Annotated[
        bool, typer.Option("--unowned", help="Only the topic themes without an owner.")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List topic themes and roll-ups with their owner and why (a child without one takes its parent's).

    The map comes from `verbatim owners set` and from the owners file (followups.owners_file,
    VERBATIM_OWNERS_FILE; its rules win and every run replays it): theme ids, glossary concepts
    and labels mapped to owners.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "config": config}
        return
    from verbatim.pipelines.steps.owners import owner_table, unowned

    settings, store = _owners_settings(ctx, db, config)
    table = owner_table(store, settings)
    if table.empty:
        raise VerbatimError(Errors.E304)
    missing = unowned(table)
    if unowned_only:
        table = missing
    if fmt is not Format.table:
        emit(table, fmt)
        return
    cols = ["theme_id", "level", "label_en", "label_fr", "parent_id", "owner", "owner_reason"]
    emit(table[cols], fmt, title="Theme owners")
    topics = int((table["level"] != "parent").sum()) if not unowned_only else len(missing)
    out.print(
        f"{len(missing)} topic theme(s) without an owner"
        + (f" of {topics}" if not unowned_only else "")
        + (": set one with [cyan]verbatim owners set THEME_ID OWNER[/cyan]" if len(missing) else "")
    )


@owners_app.command(
    "set",
    epilog="Examples:\n\n  verbatim owners set 12 partner   # dealer, franchisee, carrier\n\n"
    "  verbatim owners set 4 service    # interaction with staff\n\n"
    "  verbatim owners set 4 none       # remove theme 4's owner",
)
def owners_set(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme id (see `verbatim owners`).")],
    owner: Annotated[
        str,
        typer.Argument(
            help="Owner: lowercase letters, digits, underscores (service, product, pricing, "
            "digital, partner…); none removes it."
        ),
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Give a theme an owner (its child themes without one take it); kept in the store."""
    from verbatim.pipelines.steps.owners import set_owner

    settings, store = _owners_settings(ctx, db, config)
    done = set_owner(store, settings, theme_id, None if owner.strip().lower() == "none" else owner)
    out.print(f"theme {theme_id}: owner {done['owner'] or '(none)'}")
    if done["file_owner"] and done["file_owner"] != done["owner"]:
        err.print(
            f"[yellow]Warning:[/yellow] the owners file {done['file']} gives theme {theme_id} to "
            f"{done['file_owner']} and wins at every run: edit it, or write the map to it with "
            f"`verbatim owners export {done['file']}`.",
            highlight=False,
        )


@owners_app.command(
    "export",
    epilog="Examples:\n\n  verbatim owners export owners.yaml\n\n"
    "  # then in verbatim.yaml: followups: {owners_file: owners.yaml}",
)
def owners_export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="YAML file to write (versioned with the config).")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write the owner map in force (theme ids, concepts, labels) as a YAML owners file."""
    from verbatim.pipelines.steps.owners import export_owners

    settings, store = _owners_settings(ctx, db, config)
    if file.is_dir():
        raise VerbatimError(Errors.E309, path=file, detail="it is a folder", example="owners.yaml")
    out.print(f"wrote {export_owners(store, settings, file)}")


followups_app = typer.Typer(
    help="Close the loop: import what happened to follow-ups, and see what came of the calls.",
    no_args_is_help=True,
)
app.add_typer(followups_app, name="followups")


class ImportFormat(str, Enum):
    """Output formats of ``verbatim followups import``."""

    table = "table"
    json = "json"


@followups_app.command(
    "import",
    epilog="Examples:\n\n  verbatim followups import calls.csv\n\n"
    "  verbatim followups import calls.xlsx --sheet Appels --format json\n\n"
    "The file has the columns followup_id (from the follow-up lists), status (called, reached, "
    "resolved, not_reachable), date (YYYY-MM-DD or DD/MM/YYYY) and note.",
)
def followups_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX of outcomes.")],
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet name (default: the first).")] = None,
    fmt: Annotated[ImportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ImportFormat.table
    ),
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Import what happened to follow-ups; bad rows are rejected with the reason (see `verbatim rejects`).

    Exit code 2 when every row is rejected.
    """
    from verbatim.pipelines.steps.outcomes import import_outcomes

    settings = _settings(config, db)
    result = import_outcomes(_store(settings), settings, file, sheet=sheet)
    rejects = result.pop("rejects")
    if fmt is ImportFormat.json:
        payload = {**result, "rejects": _jsonable(rejects)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(
            f"[bold]{result['accepted']} accepted, {result['rejected']} rejected[/bold] from "
            f"{result['file']} ({result['inserted']} new, {result['updated']} updated)"
        )
        if len(rejects):
            emit(rejects.drop(columns=["file"]), Format.table, title="Rejected rows")
    if result["rows"] and not result["accepted"]:
        raise typer.Exit(2)


@followups_app.command(
    "outcomes",
    epilog="Examples:\n\n  verbatim followups outcomes\n\n  verbatim followups outcomes "
    "--format json\n\n  verbatim followups outcomes --scope owner",
)
def followups_outcomes(
    scope: Annotated[str | None, typer.Option(help="Only this scope: all, owner or theme.")] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """What became of called-back detractors who answered again, against those not called.

    Per owner and per theme: detractors, how many came back (the same customer_id answered on
    a later day), how their category moved, with Wilson and Newcombe 95% intervals.
    Observational: it shows an association, not the effect of the calls.
    """
    from verbatim.pipelines.steps.outcomes import outcomes

    if scope is not None and scope not in ("all", "owner", "theme"):
        raise VerbatimError(
            Errors.E302, option="--scope", value=scope, rule="Use all, owner or theme."
        )
    settings = _settings(config, db)
    result = outcomes(_store(settings), settings)
    table = result["table"]
    if scope is not None:
        table = table[table["scope"] == scope]
    if fmt is Format.json:
        payload = {
            "note": result["note"],
            "summary": result["summary"],
            "outcomes": _jsonable(table),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.csv:
        emit(table, fmt)
        return
    out.print(result["note"], highlight=False)
    n = result["summary"]
    out.print(
        f"{n['outcomes_imported']} outcome(s) imported for {n['followups_with_outcome']} "
        f"follow-up(s); {n['detractors_with_customer_id']} detractor answers with a customer id, "
        f"{n['detractors_who_came_back']} followed by a later answer"
    )
    if table.empty:
        out.print("No outcome imported yet: `verbatim followups import FILE` after the calls.")
        return
    emit(_outcome_view(table), fmt, title="Detractors who answered again, by group")


def _outcome_view(table: pd.DataFrame) -> pd.DataFrame:
    """The outcome table in a terminal's width: shares and intervals as short text."""
    import pandas as pd

    def pct(v: float) -> str:
        return "" if pd.isna(v) else f"{100 * v:.0f}%"

    def pts(v: float) -> str:
        return "" if pd.isna(v) else f"{100 * v:+.0f}"

    scope = [
        "all" if s == "all" else (f"owner {i}" if s == "owner" else f"theme #{i} {label}")
        for s, i, label in zip(table["scope"], table["scope_id"], table["label"], strict=True)
    ]
    first = (table["group"] == "called back").to_numpy()
    return pd.DataFrame(
        {
            "scope": [s if f else "" for s, f in zip(scope, first, strict=True)],
            "group": table["group"].to_numpy(),
            "detractors": table["detractors"].to_numpy(),
            "came back": table["came_back"].to_numpy(),
            "→ promoter": table["to_promoter"].to_numpy(),
            "→ passive": table["to_passive"].to_numpy(),
            "still detractor": table["still_detractor"].to_numpy(),
            "improved [95% CI]": [
                "" if pd.isna(v) else f"{pct(v)} [{pct(lo)}, {pct(hi)}]"
                for v, lo, hi in zip(
                    table["improved_share"],
                    table["improved_ci_low"],
                    table["improved_ci_high"],
                    strict=True,
                )
            ],
            "vs not called, pts [95% CI]": [
                "" if pd.isna(v) else f"{pts(v)} [{pts(lo)}, {pts(hi)}]"
                for v, lo, hi in zip(
                    table["improved_diff"],
                    table["improved_diff_ci_low"],
                    table["improved_diff_ci_high"],
                    strict=True,
                )
            ],
        }
    )


# --------------------------------------------------------------------------------- api
@app.command(
    epilog="Example:\n\n  verbatim api --port 8000   # then open http://127.0.0.1:8000/docs"
)
def api(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Another Host name the API answers to (a proxy's), repeatable; "
            "also VERBATIM_API_ALLOWED_HOSTS=NAME1,NAME2. Others are refused (DNS rebinding).",
        ),
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Serve the read-only REST API (FastAPI; OpenAPI docs at /docs)."""
    import uvicorn

    from verbatim.pipelines.interfaces.api import create_app, exposure_warning

    served = create_app(_settings(config, db), host=host, allowed_hosts_extra=allowed_host or ())
    if warning := exposure_warning(host):
        err.print(f"[yellow]Warning:[/yellow] {warning}", highlight=False)
    uvicorn.run(served, host=host, port=port, log_level="info")


def quiet_libraries() -> None:
    """Keep library warnings (torch, transformers, scikit-learn, Prefect...) from the user.

    Our own messages are log lines, never ``warnings``, so they stay. ``VERBATIM_DEBUG=1``, or
    ``python -W ...`` / ``PYTHONWARNINGS``, shows the warnings again.
    """
    if os.environ.get("VERBATIM_DEBUG") or sys.warnoptions:
        return
    warnings.simplefilter("ignore")
    # the same in the processes a run starts: embedding, Prefect's server, local Dask workers
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # its warning when a run forks
    for name in ("transformers", "sentence_transformers", "huggingface_hub", "torch"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _terminated(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def main() -> None:
    """Entry point: run the app, turning user-fixable errors into one line and exit code 2."""
    quiet_libraries()
    # SIGTERM (a scheduler's stop, `kill`) exits like Ctrl-C: the run is recorded as stopped
    # and Prefect's exit hooks stop its temporary server
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app(standalone_mode=True)
    except VerbatimError as exc:
        err.print(f"[red]Error:[/red] {exc.message}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: what was stored stays; a rerun finishes it
        err.print("[yellow]Stopped.[/yellow] Run the same command again to finish the work.")
        sys.exit(130)
    except ValueError as exc:  # parameter errors of our models and encoders
        if os.environ.get("VERBATIM_DEBUG"):
            raise
        err.print(f"[red]Error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except Exception as exc:  # a bug: one line, the traceback on demand
        if os.environ.get("VERBATIM_DEBUG"):
            raise
        err.print(
            f"[red]Unexpected error:[/red] {type(exc).__name__}: {exc} "
            "(run again with VERBATIM_DEBUG=1 for the traceback, and report it)",
            highlight=False,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
