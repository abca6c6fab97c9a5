"""``verbatim export`` (a table, with the data contract's column names) and ``verbatim report``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.interfaces.cli.app import (
    _FIXED,
    ConfigOpt,
    DbOpt,
    ExportFormat,
    _flat,
    _jsonable,
    _settings,
    _store,
    app,
    err,
    out,
)

if TYPE_CHECKING:
    import pandas as pd

    from verbatim.pipelines.settings import Settings


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
