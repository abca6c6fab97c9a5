"""``verbatim run`` and ``verbatim check``: the nightly job, and how it would read an export."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.interfaces.cli.app import (
    ConfigOpt,
    DbOpt,
    Format,
    _jsonable,
    _settings,
    app,
    emit,
    err,
    out,
)
from verbatim.pipelines.prefect_env import reach_api_in_background

if TYPE_CHECKING:
    from verbatim.pipelines.settings import Settings


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
    from verbatim.pipelines.orchestration import watchdog

    watchdog.start()  # the Prefect server and the embedding process never outlive this run
    # Prefect's temporary server starts (4-8 s) while this process checks the inputs and
    # imports the flow and the modules every run's steps use; the flow then finds it running
    api = reach_api_in_background()
    _precheck(inputs, {**settings.column_map, **column_map}, sheet, settings)
    if dask_address:
        from verbatim.pipelines.steps.scaleout import validate_address

        validate_address(dask_address)
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
        shares = [f"{th['no_theme_share']:.0%} in no theme"] if "no_theme_share" in th else []
        if "general_share" in th:
            shares.insert(0, f"{th['general_share']:.0%} only praise or complain")
        out.print(
            f"{th.get('themes', 0)} themes over {th.get('mentions', 0)} mentions"
            + (f" ({', '.join(shares)})" if shares else "")
            + f"; {emb.get('embedded', 0)} texts embedded, {emb.get('cached', 0)} from the cache"
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

    An input it could not use (E101-E111), an edits or owners file that is not there, an
    output folder or a disk that cannot take the run (E307/E308).
    """
    from verbatim.pipelines.io.ingest import read_export
    from verbatim.pipelines.steps.jobs import check_writable

    for path in inputs:
        read_export(path, column_map=column_map, sheet=sheet, max_records=_PRECHECK_RECORDS)
    check_writable(settings, inputs)
    beside = "(a relative path in a settings file is read beside that file)"
    for option, path, fix in (
        (
            "themes.edits_file",
            settings.themes.edits_file,
            "export the edits with `verbatim themes edits --export FILE`",
        ),
        (
            "followups.owners_file",
            settings.followups.owners_file,
            "name the file that maps themes to owners, or leave the key out "
            "(`verbatim owners --help` shows one)",
        ),
    ):
        if path and not Path(path).is_file():
            raise VerbatimError(
                Errors.E302, option=option, value=path, rule=f"No such file {beside}: {fix}."
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
