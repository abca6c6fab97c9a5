"""Spreadsheet-safe tables: formula neutralisation and CSV/XLSX writers for follow-up lists.

A comment such as ``=HYPERLINK("http://evil", "click")`` is data, never a formula. Every text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe (OWASP "CSV injection"), in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipelines.errors import Errors, VerbatimError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TABLE_FORMATS = ("csv", "xlsx")
# Control characters Excel refuses in a cell (openpyxl raises IllegalCharacterError on them).
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` if it is a string a spreadsheet would run as a formula.

    Non-strings are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(value: Any) -> Any:
    """Turn one DataFrame value into a plain, neutralised spreadsheet value.

    Numbers stay numbers, missing values become ``None``, lists of verbatims become one
    line per item, dicts (an example ``{"text": ...}``) contribute their text.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # Excel has no time zones: store UTC wall time
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, list | tuple | np.ndarray):
        return neutralise("\n".join(_item_text(item) for item in value))
    if isinstance(value, Mapping):
        return neutralise(_item_text(value))
    return neutralise(str(value))


def _item_text(item: Any) -> str:
    if isinstance(item, Mapping):
        if "text" in item:
            return str(item["text"])
        return json.dumps(dict(item), ensure_ascii=False, default=str)
    return str(item)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it only once written in full.

    A full disk or a crash mid-write leaves yesterday's file in place, not a truncated one
    (``os.replace`` is atomic on one file system); the partial file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_table(
    df: pd.DataFrame, path: str | Path, *, format: str | None = None, sheet: str | None = None
) -> Path:
    """Write ``df`` as CSV (UTF-8 with BOM, so Excel reads accents) or XLSX, every text cell neutralised.

    Args:
        df: the table, e.g. a follow-up list; it is not modified.
        path: destination file; parent folders are created.
        format: ``"csv"`` or ``"xlsx"``; None takes it from the file extension.
        sheet: XLSX sheet name; defaults to the file name without extension.

    Returns:
        The path written.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt not in TABLE_FORMATS:
        raise VerbatimError(
            Errors.E302,
            option="format",
            value=format if format is not None else path.suffix,
            rule=f"Use one of: {', '.join(TABLE_FORMATS)}.",
        )
    with atomic_path(path) as tmp:
        if fmt == "csv":
            _write_csv(df, tmp)
        elif len(df.columns):
            from pipelines.report.xlsx_table import write_table_xlsx

            names = [str(c) for c in df.columns]
            write_table_xlsx(
                tmp,
                sheet=sheet_title(sheet or path.stem),
                names=names,
                header=[_xlsx_safe(cell_value(c)) for c in names],
                columns=[_coded_cells(df.iloc[:, j], xlsx=True) for j in range(df.shape[1])],
                n_rows=len(df),
            )
        else:
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = sheet_title(sheet or path.stem)
            write_sheet(ws, df)
            wb.save(tmp)
    return path


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    columns = [column_cells(df.iloc[:, j]) for j in range(df.shape[1])]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)  # writes None as an empty field
        writer.writerow([cell_value(str(c)) for c in df.columns])
        writer.writerows(zip(*columns, strict=True))


def column_cells(values: pd.Series, *, xlsx: bool = False) -> list[Any]:
    """``cell_value`` of every item of a column (made Excel-safe too with ``xlsx``)."""
    codes, cells = _coded_cells(values, xlsx=xlsx)
    return [cells[k] for k in codes]


def _coded_cells(values: pd.Series, *, xlsx: bool = False) -> tuple[list[int], list[Any]]:
    """A column as ``(codes, cells)``: item ``i`` becomes ``cells[codes[i]]``.

    Each distinct value is converted once (a follow-up list repeats its dates, categories and
    segments): ``cell_value`` per item is most of the cost of writing a large list. Columns of
    Python objects other than text, and floats (where ``-0.0 == 0.0``), are converted item by item.
    """
    convert = (lambda v: _xlsx_safe(cell_value(v))) if xlsx else cell_value
    kind = values.dtype.kind
    if kind == "f" or (kind == "O" and pd.api.types.infer_dtype(values) != "string"):
        cells = [convert(v) for v in values.to_numpy(dtype=object)]
        return list(range(len(cells))), cells
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cells = [convert(v) for v in uniques]
    cells.append(None)  # code -1: missing
    return codes.tolist(), cells


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: none of the characters Excel forbids, at most 31, never empty."""
    clean = _SHEET_FORBIDDEN.sub(" ", str(name)).strip().strip("'")[:31]
    return clean or "Sheet"


def write_sheet(
    ws: Any, df: pd.DataFrame, *, number_formats: Mapping[str, str] | None = None
) -> None:
    """Fill an openpyxl worksheet from ``df``: bold header, frozen first row, filter, neutralised text.

    Args:
        ws: an empty openpyxl worksheet.
        df: the table; column names become the header row.
        number_formats: Excel number format per column name, e.g. ``{"share": "0.0%"}``.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    formats = dict(number_formats or {})
    columns = [str(c) for c in df.columns]
    ws.append([_xlsx_safe(cell_value(c)) for c in columns])
    header_fill = PatternFill("solid", fgColor="1F3A5F")
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
    widths = [len(c) + 2 for c in columns]
    for row in df.itertuples(index=False, name=None):
        values = [_xlsx_safe(cell_value(x)) for x in row]
        ws.append(values)
        for i, v in enumerate(values):
            if v is not None:
                longest = max((len(line) for line in str(v).split("\n")), default=0)
                widths[i] = max(widths[i], min(longest + 2, 60))
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, name in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(8, widths[i - 1])
        fmt = formats.get(name)
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if fmt and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = fmt
            elif isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = wrap
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    if columns:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(df) + 1)}"


def _xlsx_safe(value: Any) -> Any:
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("\ufffd", value)
    return value
