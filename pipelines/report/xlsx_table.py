"""One table as a one-sheet XLSX, its SpreadsheetML written directly: the follow-up lists.

openpyxl builds an object per cell and serialises it through an XML tree (~0.4 s per 3k-row
follow-up list, ~4 s at 1M responses); this writes the same package as openpyxl's
``write_sheet`` path (same parts, inline strings, cell types, number formats, styles, column
widths, frozen header and filter) from per-column values, converting each distinct value once.
The tests read both files back with openpyxl and compare every cell.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.theme import theme_xml

MAX_CELL_CHARS = 32767  # Excel's limit; openpyxl truncates longer strings to it
MAX_WIDTH = 60
# cellXfs of _STYLES, in order
HEADER, WRAP, DATE, DATETIME = 1, 2, 3, 4

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
    '<Default Extension="xml" ContentType="application/xml" />'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml" />'
    f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_CT}.theme+xml" />'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml" />'
    f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml" />'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_CT}.spreadsheetml.worksheet+xml" />'
    '<Override PartName="/xl/workbook.xml" '
    f'ContentType="{_CT}.spreadsheetml.sheet.main+xml" />'
    "</Types>"
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Type="{_REL}/officeDocument" Target="xl/workbook.xml" Id="rId1" />'
    '<Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml" Id="rId2" />'
    f'<Relationship Type="{_REL}/extended-properties" Target="docProps/app.xml" Id="rId3" />'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Type="{_REL}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="rId1" />'
    f'<Relationship Type="{_REL}/styles" Target="styles.xml" Id="rId2" />'
    f'<Relationship Type="{_REL}/theme" Target="theme/theme1.xml" Id="rId3" />'
    "</Relationships>"
)
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application>"
    "<AppVersion>3.1</AppVersion></Properties>"
)
_CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator>openpyxl</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
    "</cp:coreProperties>"
)
_XF = 'fontId="{font}" fillId="{fill}" borderId="0"'
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd" />'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm" /></numFmts>'
    '<fonts count="2"><font><name val="Calibri" /><family val="2" /><color theme="1" />'
    '<sz val="11" /><scheme val="minor" /></font>'
    '<font><b val="1" /><color rgb="00FFFFFF" /></font></fonts>'
    '<fills count="3"><fill><patternFill /></fill><fill><patternFill patternType="gray125" />'
    '</fill><fill><patternFill patternType="solid"><fgColor rgb="001F3A5F" /></patternFill>'
    "</fill></fills>"
    '<borders count="1"><border><left /><right /><top /><bottom /><diagonal /></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" /></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0" />'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyAlignment="1" pivotButton="0" '
    'quotePrefix="0" xfId="0"><alignment vertical="center" /></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" '
    'quotePrefix="0" xfId="0"><alignment vertical="top" wrapText="1" /></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" '
    'xfId="0" />'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" '
    'xfId="0" />'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0" />'
    "</cellStyles>"
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16" />'
    "</styleSheet>"
)


def _escape(text: str) -> str:
    """Escape element text as ElementTree does (so a read-back gives what openpyxl's would)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attr(text: str) -> str:
    text = _escape(text).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def cell_xml(value: Any, style: int = 0) -> str | None:
    """The part of a ``<c>`` element after its ``r`` attribute, as openpyxl writes ``value``.

    ``value`` is a plain spreadsheet value (``safe.cell_value``): None (no cell), bool, int,
    float, datetime, date or str. ``style`` is a cellXfs index; strings with a line break get
    ``WRAP`` and dates their number format, as ``safe.write_sheet`` sets them.
    """
    if value is None:
        return None
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        value = value[:MAX_CELL_CHARS]
        if not style and "\n" in value:
            s = f' s="{WRAP}"'
        if value == "":
            return f'{s} t="inlineStr" />'
        if value in ERROR_CODES:
            return f'{s} t="e"><v>{_escape(value)}</v></c>'
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'{s} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):  # datetime too
        style = style or (DATETIME if isinstance(value, dt.datetime) else DATE)
        value = to_excel(value)
        s = f' s="{style}"'
    if isinstance(value, int | float):
        if math.isnan(value) or math.isinf(value):
            return f'{s} t="n"><v /></c>'
        return f'{s} t="n"><v>{value:.16g}</v></c>'
    raise TypeError(f"Cannot write {type(value).__name__} {value!r} to a worksheet.")


def cell_width(value: Any) -> int:
    """Column width a value asks for, as ``safe.write_sheet`` measures it (0 for no value)."""
    if value is None:
        return 0
    longest = max((len(line) for line in str(value).split("\n")), default=0)
    return min(longest + 2, MAX_WIDTH)


def write_table_xlsx(
    path: Path,
    *,
    sheet: str,
    names: Sequence[str],
    header: Sequence[Any],
    columns: Sequence[tuple[Sequence[int], Sequence[Any]]],
    n_rows: int,
) -> None:
    """Write a one-sheet workbook: a bold header, frozen first row and filter, then the rows.

    Args:
        path: destination file.
        sheet: a valid sheet title (``safe.sheet_title``).
        names: the column names, which set the narrowest width of each column.
        header: the header cells as written (neutralised, Excel-safe ``names``).
        columns: per column, ``(codes, values)``: row ``i`` holds ``values[codes[i]]``, a plain,
            neutralised, Excel-safe spreadsheet value (None: no cell).
        n_rows: number of rows below the header.
    """
    prefixes = [f'<c r="{get_column_letter(j)}' for j in range(1, len(names) + 1)]
    widths = [len(name) + 2 for name in names]
    body = []
    for j, (codes, values) in enumerate(columns):
        widths[j] = max([widths[j], *(cell_width(v) for v in values)])
        frags = [None if (x := cell_xml(v)) is None else f'"{x}' for v in values]
        body.append([frags[k] for k in codes])
    parts = ['<row r="1">']
    parts.extend(f'{p}1"{cell_xml(h, HEADER)}' for p, h in zip(prefixes, header, strict=True))
    parts.append("</row>")
    for i, row in enumerate(zip(*body, strict=True), start=2):
        parts.append(f'<row r="{i}">')
        parts.extend(f"{p}{i}{f}" for p, f in zip(prefixes, row, strict=True) if f is not None)
        parts.append("</row>")
    last = f"{get_column_letter(len(names))}{n_rows + 1}"
    cols = "".join(
        f'<col width="{max(8, w)}" customWidth="1" min="{i}" max="{i}" />'
        for i, w in enumerate(widths, start=1)
    )
    sheet_xml = (
        f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1" />'
        f'<pageSetUpPr /></sheetPr><dimension ref="A1:{last}" /><sheetViews>'
        '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen" /><selection pane="bottomLeft" activeCell="A1" sqref="A1" /></sheetView>'
        '</sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15" />'
        f"<cols>{cols}</cols><sheetData>{''.join(parts)}</sheetData>"
        f'<autoFilter ref="A1:{last}" /><pageMargins left="0.75" right="0.75" top="1" '
        'bottom="1" header="0.5" footer="0.5" /></worksheet>'
    )
    filter_name = f"{quote_sheetname(sheet)}!{absolute_coordinate(f'A1:{last}')}"
    workbook_xml = (
        f'<workbook xmlns:r="{_REL}" xmlns="{_MAIN}"><workbookPr /><workbookProtection />'
        '<bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
        'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
        'autoFilterDateGrouping="1" /></bookViews>'
        f'<sheets><sheet name="{_escape_attr(sheet)}" sheetId="1" state="visible" r:id="rId1" />'
        '</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
        f'hidden="1">{_escape(filter_name)}</definedName></definedNames>'
        '<calcPr calcId="124519" fullCalcOnLoad="1" /></workbook>'
    )
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        zf.writestr("docProps/app.xml", _APP)
        zf.writestr("docProps/core.xml", _CORE.format(now=now))
        zf.writestr("xl/theme/theme1.xml", theme_xml)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        zf.writestr("xl/styles.xml", _STYLES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook_xml)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
