"""The ``verbatim`` Typer app, the options its commands share and how they print tables."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.prefect_env import configure_prefect_env

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
# the canonical columns; every other column of a response is a segment
_FIXED = {"response_id", "score", "comment", "language", "responded_at", "customer_id", "category"}
_FIXED |= {"value", "retained"}  # typed columns (value at risk), never segments


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


# narrowest a text column gets before columns are left out (a label folds over lines)
_TEXT_MIN = 14


def emit(df: pd.DataFrame, fmt: Format, *, title: str | None = None) -> None:
    """Print a frame as a rich table, JSON records or CSV (formulas neutralised).

    A table wider than the terminal leaves out its rightmost columns, and says which, rather
    than fold numbers across lines ("5.88e-3" over "6" reads as 0.00588) or squeeze the labels
    to nothing; callers put the columns that matter most first. JSON and CSV keep every column.
    """
    import pandas as pd

    if fmt is Format.json:
        sys.stdout.write(json.dumps(_jsonable(df), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(_flat(df).to_csv(index=False))
        return
    cells = {col: [_cell(v) for v in df[col]] for col in df.columns}
    numeric = {col: pd.api.types.is_numeric_dtype(df[col]) for col in df.columns}
    needs = {}
    for col in df.columns:
        widest = max((len(c) for c in cells[col]), default=1)
        header = max(len(w) for w in str(col).split("_"))  # a header folds between its words
        needs[col] = max(widest if numeric[col] else min(widest, _TEXT_MIN), header, 1)
    shown = list(df.columns)
    while len(shown) > 2 and sum(needs[c] + 3 for c in shown) + 1 > out.size.width:
        shown.pop()
    full = {c: max((len(x) for x in cells[c]), default=1) for c in shown}  # labels unfolded
    spare = out.size.width - (sum(max(needs[c], full[c]) + 3 for c in shown) + 1)
    for col in shown:  # room left: number columns widen to keep their header on one line
        if numeric[col] and spare > 0:
            grow = min(spare, len(str(col)) - needs[col])
            needs[col], spare = needs[col] + max(grow, 0), spare - max(grow, 0)
    table = Table(title=title, show_lines=False)
    for col in shown:
        table.add_column(
            str(col).replace("_", " "),
            justify="right" if numeric[col] else "left",
            overflow="fold",
            # a number column is as wide as its widest number: it never folds nor is cut
            width=needs[col] if numeric[col] else None,
            min_width=needs[col],
        )
    for i in range(len(df)):
        table.add_row(*[cells[col][i] for col in shown])
    out.print(table, soft_wrap=False)  # the table fits the width: no line runs past it
    if left := [str(c) for c in df.columns if c not in shown]:
        out.print(
            f"[dim]Left out at this width: {', '.join(left)} (a wider terminal, or --format "
            "csv or json, shows every column).[/dim]",
            highlight=False,
        )


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
