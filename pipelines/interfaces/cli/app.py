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
