"""Read survey exports (CSV/TSV/TXT, XLSX, Parquet, JSONL) into the canonical response frame.

Every record of a file is either accepted or lands in ``rejects`` with its file, line, column,
value and the reason; file-level problems raise a coded ``VerbatimError``, never a traceback.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import re
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from verbatim.nlp.hashing import text_hash
from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.io import value_fields

CANONICAL = ("response_id", "score", "comment", "responded_at", "language", "customer_id")
# Optional typed fields, stored as their own columns when an export has them (value: an amount,
# retention: stored as ``retained``); see pipelines/io/value_fields.py.
OPTIONAL = value_fields.OPTIONAL
FIELDS = CANONICAL + OPTIONAL
REQUIRED = ("score",)
REJECT_COLUMNS = ("file", "line", "column", "value", "reason")
# Names the store and later stages give a meaning; a segment column with one of them is renamed.
# Columns of the product's own frames (mentions, themes, drivers, NPS tables): a segment
# header equal to one of them is kept as "<header> (segment)", so the two never collide.
INTERNAL_COLUMNS = frozenset(
    {"category", "theme_id", "mention_id", "position", "text", "text_hash", "polarity", "kind"}
    | {"level", "parent_id", "similarity", "period", "segment", "value", "share", "responses"}
    | {"label_fr", "label_en", "run_id", "status", "size", "impact", "nps"}
)
RESERVED = frozenset(FIELDS) | {"source_file", "source_line", "retained"} | INTERNAL_COLUMNS

TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
PARQUET_SUFFIXES = frozenset({".parquet"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
DELIMITERS = (",", ";", "\t", "|")

# Normalised header synonyms (see `_norm`), per canonical field, in the order fields are matched.
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "score": (
        "score", "note", "nps", "note de recommandation", "recommandation",
        "likelihood to recommend", "ltr", "probabilite de recommander", "rating", "note globale",
        "nps score", "score nps", "note nps",
    ),
    "comment": (
        "comment", "comments", "commentaire", "commentaires", "verbatim", "pourquoi", "why",
        "reason", "raison", "feedback", "remarque", "remarques", "avis", "open answer",
    ),
    "responded_at": (
        "date", "date de reponse", "response date", "responded at", "submitted at", "timestamp",
        "created at", "date reponse", "submission date", "date de soumission",
    ),
    "response_id": (
        "id", "response id", "id reponse", "identifiant", "respondent id", "record id",
        "identifiant reponse",
    ),
    "language": ("language", "langue", "lang", "locale"),
    "customer_id": (
        "customer id", "id client", "client id", "numero client", "account id",
        "identifiant client", "n client", "no client", "customer number",
    ),
    **value_fields.SYNONYMS,
}
# Free-form question headers ("How likely are you to recommend us to a friend?").
PATTERNS: dict[str, tuple[str, ...]] = {
    "score": (r"\bhow likely\b.*\brecommend", r"\bprobabilite\b.*\brecommand"),
    "comment": (r"\bwhy\b", r"\bpourquoi\b"),
}
# Headers that contain a synonym but mean something else.
NOT_FIELD: dict[str, tuple[str, ...]] = {
    "comment": ("raison sociale",),
    "score": ("categorie", "category", "segment", "type"),
    "responded_at": ("envoi", "invitation", "sent", "naissance", "birth", "expiration"),
    **value_fields.NOT_FIELD,
}

# fmt: on

_MAX_VALUE_CHARS = 1000
# A blank score is an invited customer who did not answer (DESIGN, data contract); a row with a
# comment did answer, so its blank score is a missing value, not a non-respondent.
COMMENT_WITHOUT_SCORE = (
    "comment without a score (a blank score means invited, no answer; this customer answered)"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # controls that never occur in text files
_SCORE_TEXT = re.compile(r"^(\d{1,2})(?:[.,]0+)?(?:\s*/\s*10)?$")
_ISO_DATE = re.compile(
    r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?$"
)
_SERIAL = re.compile(r"^\d{1,7}(?:[.,]\d+)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EARLIEST, _LATEST = datetime(1678, 1, 1), datetime(2262, 4, 11)  # datetime64[ns] range
# Plausible response dates: none after the run's day (a day ahead for time zones), none before
# the floor (env VERBATIM_EARLIEST_DATE, YYYY-MM-DD). One 2099-12-31 row used to empty the
# follow-up lists, whose window ended at the newest date.
PLAUSIBLE_AHEAD = timedelta(days=1)
DEFAULT_EARLIEST = "2000-01-01"


def plausible_earliest() -> datetime:
    """The floor of plausible response dates: VERBATIM_EARLIEST_DATE, else 2000-01-01."""
    value = os.environ.get("VERBATIM_EARLIEST_DATE") or DEFAULT_EARLIEST
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise VerbatimError(
            Errors.E302,
            option="VERBATIM_EARLIEST_DATE",
            value=value,
            rule="Use a date like 2015-01-01.",
        ) from None


_NEEDS_CLEANING = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# a lone UTF-16 surrogate (JSON "\ud800", Parquet) cannot be stored or hashed as UTF-8: it
# becomes U+FFFD, the replacement character, and the row is kept
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LANGUAGE_NAMES = {
    "francais": "fr",
    "french": "fr",
    "fra": "fr",
    "fre": "fr",
    "anglais": "en",
    "english": "en",
    "eng": "en",
}


@dataclass
class IngestResult:
    """What reading one export produced: accepted rows, rejects, and how columns were mapped.

    Attributes:
        accepted: canonical columns (``CANONICAL``; score ``Int64`` with <NA> = invited, no
            answer; responded_at ``datetime64[ns]`` naive UTC), one text column per segment,
            then ``source_file`` and ``source_line``.
        rejects: one row per bad cell or bad record: file, line, column, value, reason.
        mapping: canonical field -> header used.
        rows: records read (blank rows excepted): accepted + distinct rejected lines.
        details: how the file was read, e.g. format, encoding, delimiter, sheet.
    """

    path: Path
    accepted: pd.DataFrame
    rejects: pd.DataFrame
    mapping: dict[str, str]
    columns_found: list[str]
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    details: dict[str, str] = field(default_factory=dict)


@dataclass
class _Table:
    """A file read as header + records, before any validation."""

    headers: list[str]
    records: list[tuple[int, list[Any]]]
    rejects: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)  # a workbook's sheet names


# ------------------------------------------------------------------------------ public API
def parse_column_map(values: Sequence[str]) -> dict[str, str]:
    """Parse ``--map`` values like ``score=Note globale`` into ``{canonical: header}``.

    Raises:
        VerbatimError: E108 for a value without ``=``, an unknown canonical name, an empty
            header, or a field mapped twice.
    """
    mapping: dict[str, str] = {}
    for value in values:
        name, sep, header = str(value).partition("=")
        name = name.strip().lower()
        header = _unquote(header.strip())
        if not sep or name not in FIELDS or not header or name in mapping:
            raise VerbatimError(Errors.E108, value=value, canonical=", ".join(FIELDS))
        mapping[name] = header
    return mapping


def _check_map(column_map: Mapping[str, str]) -> dict[str, str]:
    """Validate an explicit ``{canonical: header}`` mapping (E108)."""
    checked: dict[str, str] = {}
    for key, header in column_map.items():
        name = str(key).strip().lower()
        if name not in FIELDS or name in checked or not str(header or "").strip():
            value = f"{key}={header}"
            raise VerbatimError(Errors.E108, value=value, canonical=", ".join(FIELDS))
        checked[name] = str(header).strip()
    return checked


def read_export(
    path: str | Path,
    *,
    column_map: Mapping[str, str] | None = None,
    sheet: str | None = None,
    on_head: Callable[[pd.DataFrame], Any] | None = None,
    max_records: int | None = None,
) -> IngestResult:
    """Read one survey export, map its columns and validate every row.

    Nothing is stored: ``verbatim check`` shows the result as is, and ``verbatim run`` reads
    each input with ``max_records`` before it starts, to refuse a file it cannot use at once.

    Args:
        path: a .csv/.tsv/.txt, .xlsx/.xlsm, .parquet or .jsonl/.ndjson file.
        column_map: ``{canonical: header}`` that overrides auto-detection.
        sheet: XLSX sheet name (default: the first sheet).
        on_head: called, before the rows are validated, with the comment and language of the
            first ``HEAD_ROWS`` rows (cleaned as validation cleans them; response_id is the
            line number): the nightly run hands their texts to the encoder early.
        max_records: read only the first records (the whole file is still checked for its
            format, encoding and header): enough to find the problems that make a file
            unusable (no score column, a ``--map`` header not in the file) in a fraction of
            the time. Columns are mapped as for the whole file (mapping looks at 200 records).

    Returns:
        The accepted canonical frame, the rejects, the mapping used and any warnings.

    Raises:
        VerbatimError: E101-E110 for a file that cannot be used as a whole.
    """
    path = Path(path)
    explicit = _check_map(column_map or {})
    table = _read_table(path, sheet=sheet, max_records=max_records, wanted=explicit)
    mapping = _map_columns(table, explicit, path)
    if on_head is not None and "comment" in mapping:
        on_head(_head(table, mapping))
    accepted, rejects, rows, notes = _validate(table, mapping, path)
    return IngestResult(
        path=path,
        accepted=accepted,
        rejects=rejects,
        mapping=mapping,
        columns_found=list(table.headers),
        warnings=table.warnings + notes + _missing_field_warnings(mapping),
        rows=rows,
        details=table.details,
    )


HEAD_ROWS = 20_000


def _head(table: _Table, mapping: dict[str, str]) -> pd.DataFrame:
    """Comment and language of the first ``HEAD_ROWS`` records, as ``_validate`` cleans them."""
    comment = table.headers.index(mapping["comment"])
    language = table.headers.index(mapping["language"]) if "language" in mapping else None
    rows = [
        (
            str(line),
            _clean_comment(row[comment]),
            None if language is None else _language(row[language]),
        )
        for line, row in table.records[:HEAD_ROWS]
        if len(row) > comment
    ]
    return pd.DataFrame(rows, columns=["response_id", "comment", "language"])


# ------------------------------------------------------------------------------ file level
def _read_table(
    path: Path,
    *,
    sheet: str | None,
    max_records: int | None = None,
    wanted: Mapping[str, str] | None = None,
) -> _Table:
    """Check the file as a whole, then hand it to the reader for its format.

    ``wanted`` (the ``--map`` headers) helps find the header row of a CSV or a sheet.
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise VerbatimError(Errors.E101, path=path)
    if path.is_dir():
        raise VerbatimError(Errors.E106, path=path, kind="a file", detail="it is a folder")
    if suffix not in TEXT_SUFFIXES | XLSX_SUFFIXES | PARQUET_SUFFIXES | JSONL_SUFFIXES:
        raise VerbatimError(Errors.E104, ext=suffix or "(none)", path=path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise VerbatimError(Errors.E102, path=path)
        if suffix in XLSX_SUFFIXES:
            return _read_xlsx(path, sheet, max_records, wanted)
        if suffix in PARQUET_SUFFIXES:
            return _read_parquet(path, max_records)
        data = path.read_bytes()
    except OSError as exc:
        detail = exc.strerror or _brief(exc)
        raise VerbatimError(Errors.E106, path=path, kind="a file", detail=detail) from None
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(path, data, max_records)
    return _read_delimited(path, data, max_records, wanted)


def _magic(data: bytes) -> str | None:
    """Name the binary format a file starts with, if it is a known one."""
    starts = {
        b"PK\x03\x04": "it is a ZIP archive (an .xlsx or .docx saved under another extension?)",
        b"%PDF": "it is a PDF document",
        b"\xd0\xcf\x11\xe0": "it is an old .xls workbook or a password-protected file",
        b"PAR1": "it is a Parquet file",
        b"\x1f\x8b": "it is gzip-compressed",
        b"\x89PNG": "it is a PNG image",
        b"\xff\xd8\xff": "it is a JPEG image",
    }
    return next((what for head, what in starts.items() if data.startswith(head)), None)


def _decode(path: Path, data: bytes, kind: str) -> tuple[str, str, list[str]]:
    """Decode text bytes, sniffing the encoding; refuse binary content (E103).

    Returns:
        The text, the encoding used, and warnings (e.g. bytes replaced).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    what = _magic(data)
    sample = data[:65536]
    nuls = sample.count(0)
    if what is None and nuls > len(sample) // 4 and sample[1::2].count(0) > 0.9 * nuls:
        return data.decode("utf-16-le", errors="replace"), "utf-16-le", []
    if what is None:
        what = _nul_binary(sample)
    if what is not None:
        raise VerbatimError(Errors.E103, path=path, kind=kind, detail=what)
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text, encoding, []
    except UnicodeDecodeError:
        pass
    mixed = _decode_by_line(data)
    if mixed is not None:
        return mixed
    try:
        return data.decode("cp1252"), "cp1252", []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding, []
    return data.decode("latin-1"), "latin-1", []


def _nul_binary(sample: bytes) -> str | None:
    """Why the first bytes of a text file are binary content: NUL bytes on many of its lines.

    A comment holding a few NULs (pasted from a PDF, a broken form) leaves the file text: its
    NULs are dropped (``_check_text``). Binary content has NULs on most lines; a text file that
    is mostly control characters is refused once decoded (``_check_text``).
    """
    nuls = sample.count(0)
    if nuls <= max(2, len(sample) // 1000):
        return None
    lines = sample.split(b"\n")
    with_nul = sum(b"\x00" in line for line in lines)
    return f"it contains {nuls} NUL bytes" if with_nul > max(2, len(lines) // 10) else None


_ESCAPED = re.compile(r"[\udc80-\udcff]")  # bytes that are not UTF-8, kept by surrogateescape
_UTF8_BEYOND_ASCII = re.compile(r"[^\x00-\x7f\udc80-\udcff]")


def _decode_by_line(data: bytes) -> tuple[str, str, list[str]] | None:
    """Decode a file that mixes UTF-8 lines with a few others, each line on its own.

    A line without valid UTF-8 beyond ASCII is read as cp1252 (a row pasted from a Windows
    tool, where byte E8 is 'è'); a line mixing valid UTF-8 and bad bytes keeps its UTF-8 and
    gets '�' for the bad bytes. Decoding the whole file as cp1252 instead turned every 'Très'
    of its UTF-8 lines into 'TrÃ¨s'.

    Returns:
        The text, the encoding of most lines and a warning counting the lines repaired; None
        when no line holds valid UTF-8 beyond ASCII (a cp1252 or other 8-bit file).
    """
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    text = body.decode("utf-8", errors="surrogateescape")
    if not _UTF8_BEYOND_ASCII.search(text):
        return None
    lines = text.split("\n")
    as_cp1252 = replaced = utf8 = 0
    for i, line in enumerate(lines):
        if not _ESCAPED.search(line):
            utf8 += _UTF8_BEYOND_ASCII.search(line) is not None
            continue
        raw = line.encode("utf-8", errors="surrogateescape")
        if not _UTF8_BEYOND_ASCII.search(line):
            try:
                lines[i] = raw.decode("cp1252")
                as_cp1252 += 1
                continue
            except UnicodeDecodeError:
                pass
        lines[i] = raw.decode("utf-8", errors="replace")
        replaced += 1
    if utf8 >= as_cp1252 + replaced:
        encoding = "utf-8"
        note = (
            f"{as_cp1252 + replaced} line(s) are not valid UTF-8: {as_cp1252} read as cp1252 "
            f"(Windows), {replaced} with '�' for the bad bytes; the rest of the file is UTF-8"
        )
    else:
        encoding = "cp1252"
        note = f"{utf8} line(s) are UTF-8 in a cp1252 (Windows) file; each was read as UTF-8"
        note += f", {replaced} line(s) with '�' for bad bytes" if replaced else ""
    return "\n".join(lines), encoding, [note]


def _check_text(path: Path, text: str, kind: str, notes: list[str]) -> str:
    """Refuse decoded text that is mostly control characters; drop stray NULs (with a note)."""
    sample = text[:65536]
    controls = len(_BINARY.findall(sample))
    if sample and controls > 8 and controls > len(sample) // 10:
        detail = f"it contains {controls} control characters in its first {len(sample)}"
        raise VerbatimError(Errors.E103, path=path, kind=kind, detail=detail)
    nuls = text.count("\x00")
    if nuls:
        notes.append(f"removed {nuls} NUL byte(s) (a damaged or pasted value) from the text")
    return text.replace("\x00", "") if nuls else text


# ------------------------------------------------------------------------------ readers
def _read_delimited(
    path: Path, data: bytes, max_records: int | None = None, wanted: Mapping[str, str] | None = None
) -> _Table:
    """Read CSV/TSV/TXT: sniff encoding, delimiter and header row; lines stay physical.

    Each record's line is its first physical line; the header is the first row that names the
    most fields among the first ``HEADER_SEARCH_ROWS`` (``_locate_header``).
    """
    text, encoding, notes = _decode(path, data, "CSV")
    text = _check_text(path, text, "CSV", notes)
    first = text.split("\n", 1)[0].strip("\r")
    hint = re.fullmatch(r'"?sep=(.)"?[,;\t|]*', first, flags=re.IGNORECASE)
    if hint:  # Excel's "sep=;" first line: honour it, keep the line numbers physical
        delimiter = hint.group(1)
        text = text[len(first) :]
    else:
        delimiter = _sniff_delimiter(text, tab_first=path.suffix.lower() == ".tsv")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[Any]]] = []
    rejects: list[dict[str, Any]] = []

    def physical() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for fields in reader:
            yield start, fields
            start = reader.line_num + 1

    try:
        header, rest = _locate_header(physical(), wanted or {}, notes, "line {line}")
        if header is None:
            detail = "there is no header row"
            raise VerbatimError(Errors.E106, path=path, kind="CSV", detail=detail)
        headers = _clean_headers(header, notes)
        for line, fields in rest:
            if not "".join(fields).strip():  # every field blank
                if fields:
                    records.append((line, [""] * len(headers)))  # counted as an empty row
                continue
            row = _fit_row(fields, len(headers), line, path, delimiter, rejects)
            if row is not None:
                records.append((line, row))
            if max_records is not None and len(records) >= max_records:
                break
    except csv.Error as exc:
        raise VerbatimError(Errors.E106, path=path, kind="CSV", detail=str(exc)) from None
    shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(delimiter, delimiter)
    details = {"format": "csv", "encoding": encoding, "delimiter": shown}
    return _Table(headers, records, rejects, notes, details)


def _sniff_delimiter(text: str, *, tab_first: bool) -> str:
    """Pick the delimiter that gives the most consistent multi-column table on a sample."""
    sample = text[:65536]
    truncated = len(text) > len(sample)
    order = ("\t", ";", ",", "|") if tab_first else DELIMITERS
    best, best_key = order[0], (False, -1.0, 0)
    for delimiter in order:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            rows = [r for _, r in zip(range(200), reader, strict=False) if any(r)]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        if not rows:
            continue
        # the width most rows have, not the first row's: a title row above the header has one
        # cell under every delimiter
        widths = Counter(len(_trim_empty_tail(r)) for r in rows)
        width = max(widths, key=lambda w: (widths[w], w))
        key = (width > 1, widths[width] / len(rows), width)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _trim_empty_tail(fields: list[str]) -> list[str]:
    end = len(fields)
    while end > 1 and not fields[end - 1].strip():
        end -= 1
    return fields[:end]


def _fit_row(
    fields: list[Any],
    width: int,
    line: int,
    path: Path,
    delimiter: str,
    rejects: list[dict[str, Any]],
) -> list[Any] | None:
    """Align a record to the header; a record of another width is rejected, not guessed at."""
    if len(fields) == width:
        return list(fields)
    if len(fields) >= width and not any(_present(v) for v in fields[width:]):
        return list(fields[:width])
    cells = ["" if v is None else str(v) for v in fields]
    got = len(cells) if len(cells) < width else len(_trim_empty_tail(cells))
    if delimiter:
        reason = (
            f"row has {got} fields but the header has {width} (a delimiter or line break "
            "outside quotes in a comment?)"
        )
    else:
        reason = f"row has values in {got} columns but the header names only {width}"
    rejects.append(_reject(path, line, "", (delimiter or "\t").join(cells), reason))
    return None


def _clean_headers(raw: Iterable[Any], notes: list[str], *, trim: bool = True) -> list[str]:
    """Trim header names, name empty ones by position and make duplicates unique."""
    cells = [_text(h) or "" for h in raw]
    cells = _trim_empty_tail(cells) if cells and trim else cells
    headers: list[str] = []
    for i, cell in enumerate(cells, start=1):
        name = cell.replace("\n", " ").strip() or f"column_{i}"
        if name in headers:
            k = 2
            while f"{name} ({k})" in headers:
                k += 1
            notes.append(f"header '{name}' appears twice; the later one is read as '{name} ({k})'")
            name = f"{name} ({k})"
        headers.append(name)
    return headers


# A title, notes or a logo row may sit above the header: it is searched among this many
# non-blank rows.
HEADER_SEARCH_ROWS = 20


_DATA_CELL = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")


def _header_key(cells: Sequence[Any], wanted: Mapping[str, str]) -> tuple[bool, bool, int, int]:
    """How much a row reads as the header.

    (holds no number or date, names the score, fields named, fields named exactly); a cell
    names one field at most, and a field mapped with ``--map`` only by its header. A data row
    holds a score or a date, so a comment saying "pourquoi pas, bonne note" never beats it.
    """
    data = False
    names: list[str] = []
    for value in cells:
        if isinstance(value, int | float | date | Decimal) and not isinstance(value, bool):
            data = True
        text = _text(value)
        if text and (_DATA_CELL.match(text) or _ISO_DATE.match(text) or _DAY_FIRST.match(text)):
            data = True
        names.append(_norm(text) if text else "")
    candidates = []
    for order, field_name in enumerate(FIELDS):
        for position, header in enumerate(names):
            if not header:
                continue
            if field_name in wanted:
                rank = (0, 0) if header == _norm(wanted[field_name]) else None
            else:
                rank = _match_rank(field_name, header)
            if rank is not None:
                candidates.append((rank, order, position, field_name))
    named: dict[str, tuple[int, int]] = {}
    used: set[int] = set()
    for rank, _, position, field_name in sorted(candidates):
        if field_name not in named and position not in used:
            named[field_name] = rank
            used.add(position)
    exact = sum(rank[0] == 0 for rank in named.values())
    return not data, "score" in named, len(named), exact


def _locate_header(
    rows: Iterable[tuple[int, list[Any]]],
    wanted: Mapping[str, str],
    notes: list[str],
    where: str,
) -> tuple[list[Any] | None, Iterator[tuple[int, list[Any]]]]:
    """Find the header among the first non-blank rows: the first that names the most fields.

    A file that starts with its header reads as before (the first row wins ties); a title or a
    notes row above the header names fewer fields (a title "Enquête NPS" names the score in
    part, a header names it and the comment, the date...). Reading the first non-blank row as
    the header mapped the score to a title and rejected every row. The rows above the header
    are skipped with a note that says where the header was found (``where``, with ``{line}``).

    Returns:
        The header's cells (None when every row is blank) and the rows after it, with their
        line numbers unchanged.
    """
    rows = iter(rows)
    buffered: list[tuple[int, list[Any]]] = []
    candidates: list[int] = []
    for line, cells in rows:
        buffered.append((line, cells))
        if any(_present(v) for v in cells):
            candidates.append(len(buffered) - 1)
            if len(candidates) >= HEADER_SEARCH_ROWS:
                break
    if not candidates:
        return None, iter(())
    keys = {i: _header_key(buffered[i][1], wanted) for i in candidates}
    best = max(candidates, key=lambda i: (keys[i], -i))
    above = [i for i in candidates if i < best]
    if above:
        title = " ".join(t for t in map(_text, buffered[above[0]][1]) if t)
        title = title if len(title) <= 60 else title[:60] + "…"
        notes.append(
            f"header found on {where.replace('{line}', str(buffered[best][0]))}; the {len(above)} "
            f"row(s) above it were skipped (a title or notes: '{title}')"
        )
    return buffered[best][1], itertools.chain(buffered[best + 1 :], rows)


def _read_xlsx(
    path: Path,
    sheet: str | None,
    max_records: int | None = None,
    wanted: Mapping[str, str] | None = None,
) -> _Table:
    """Read one XLSX sheet; line numbers are the sheet's row numbers.

    Without ``sheet``, the first sheet whose header names a score (a notice or a cover sheet
    may come first), else the first sheet.
    """
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head.startswith(b"PK\x03\x04"):
        what = _magic(head) or "it is not a ZIP-based workbook (a CSV renamed to .xlsx?)"
        raise VerbatimError(Errors.E103, path=path, kind="XLSX", detail=what)
    import openpyxl

    parts = _xlsx_parts(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise VerbatimError(Errors.E106, path=path, kind="XLSX", detail=_brief(exc)) from None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            found = ", ".join(f"'{n}'" for n in names)
            raise VerbatimError(Errors.E107, sheet=sheet, path=path, found=found)
        wanted = wanted or {}
        chosen: list[str] = []
        ws = book[sheet] if sheet is not None else _sheet_with_header(book, wanted, chosen)
        xml = parts.get(ws.title)
        formulas = xml is not None and _has_formulas(path, xml)
        try:
            rows = _sheet_rows(ws, max_records)
            if formulas:  # the same cells as written: formulas whose value was never saved
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    raw = openpyxl.load_workbook(path, read_only=True, data_only=False)
                try:
                    notes: list[str] = []
                    rows = _with_formulas(rows, _sheet_rows(raw[ws.title], max_records), notes)
                    table = _sheet_table(path, rows, wanted, ws.title)
                    table.warnings += notes
                finally:
                    raw.close()
            else:
                table = _sheet_table(path, rows, wanted, ws.title)
            if xml is not None:
                _fill_merged(path, xml, table)
        except VerbatimError:
            raise
        except Exception as exc:
            raise VerbatimError(Errors.E106, path=path, kind="XLSX", detail=_brief(exc)) from None
        table.details = {"format": "xlsx", "sheet": ws.title}
        table.warnings[:0] = chosen
        table.sheets = list(names)
        return table
    finally:
        book.close()


def _sheet_rows(ws: Any, max_records: int | None) -> Iterable[tuple[Any, ...]]:
    ws.reset_dimensions()  # some writers store a wrong size; read every row there is
    rows = ws.iter_rows(values_only=True)
    if max_records is not None:  # the header may follow blank rows: a few spare
        rows = itertools.islice(rows, max_records + 100)
    return rows


# A workbook's parts expand to at most this many bytes, and this many times the file's size
# when they exceed XLSX_RATIO_FLOOR: survey workbooks compress 5-20x (the sample as XLSX: 6x);
# a 3 MB workbook whose shared strings expand to 1 GB (330x) took 48 s and 1.7 GB to read.
XLSX_MAX_EXPANDED = 4_000_000_000
XLSX_MAX_RATIO = 100
XLSX_RATIO_FLOOR = 100_000_000


def _xlsx_parts(path: Path) -> dict[str, str]:
    """Check the workbook's expanded size before parsing; return its sheets' XML part names.

    Sizes come from the ZIP directory, which the reader enforces (a member that inflates past
    its declared size fails its check). Names are read from workbook.xml and its relations
    with regular expressions: no XML parser sees the file before the size check.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            expanded = sum(i.file_size for i in infos)
            ratio = expanded / max(path.stat().st_size, 1)
            if expanded > XLSX_MAX_EXPANDED or (
                expanded > XLSX_RATIO_FLOOR and ratio > XLSX_MAX_RATIO
            ):
                raise VerbatimError(
                    Errors.E111,
                    path=path,
                    size=f"{expanded / 1e6:,.0f} MB",
                    ratio=ratio,
                    limit=f"{XLSX_MAX_RATIO}x ({XLSX_MAX_EXPANDED / 1e9:.0f} GB at most)",
                )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except zipfile.BadZipFile as exc:
        raise VerbatimError(Errors.E106, path=path, kind="XLSX", detail=_brief(exc)) from None
    targets = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]+)"', rel[0])
        target = re.search(r'\bTarget="([^"]+)"', rel[0])
        if rid and target:
            t = target[1].lstrip("/")
            targets[rid[1]] = t if t.startswith("xl/") else f"xl/{t}"
    sheets = {}
    for tag in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name = re.search(r'\bname="([^"]*)"', tag[0])
        rid = re.search(r'\br:id="([^"]+)"|\bid="([^"]+)"', tag[0])
        if name and rid:
            from html import unescape

            sheets[unescape(name[1])] = targets.get(rid[1] or rid[2], "")
    return {k: v for k, v in sheets.items() if v in names}


def _xml_chunks(path: Path, member: str) -> Iterable[bytes]:
    """A part of the workbook, 1 MB at a time (with a 64-byte overlap: no tag is cut)."""
    import zipfile

    with zipfile.ZipFile(path) as z, z.open(member) as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            yield tail + chunk
            tail = chunk[-64:]


def _has_formulas(path: Path, member: str) -> bool:
    return any(re.search(rb"<(?:\w+:)?f[ >/]", chunk) for chunk in _xml_chunks(path, member))


class _Formula(str):
    """A formula cell whose workbook holds no saved value (pandas and openpyxl write them so)."""


_CONSTANT_FORMULA = re.compile(r"^=\s*[-+]?[\d.]+(?:\s*[-+*/]\s*[-+]?[\d.]+)*\s*$")
_TEXT_FORMULA = re.compile(r'^=\s*"([^"]*)"\s*$')


def _with_formulas(
    values: Iterable[tuple[Any, ...]], written: Iterable[tuple[Any, ...]], notes: list[str]
) -> Iterable[tuple[Any, ...]]:
    """Cached values, with each formula that has none evaluated where safe, else marked.

    Safe: arithmetic on numbers (``=4+5``) and a quoted text (``="Web"``), evaluated without
    ``eval``; any other formula becomes a ``_Formula``: a row whose score, date, id or comment
    it is gets rejected with the reason, another column is left blank (``_text``).
    """
    marked = evaluated = 0
    for row, raw in itertools.zip_longest(values, written, fillvalue=()):
        row = list(row)
        for i, cell in enumerate(raw):
            if i < len(row) and row[i] is None and isinstance(cell, str) and cell.startswith("="):
                value = _safe_formula(cell)
                if value is None:
                    row[i] = _Formula(cell)
                    marked += 1
                else:
                    row[i] = value
                    evaluated += 1
        yield tuple(row)
    if marked or evaluated:
        notes.append(
            f"{marked + evaluated} formula cell(s) had no saved value (workbooks written by "
            f"pandas or openpyxl): {evaluated} computed (plain numbers or text), {marked} "
            "not computed: rows whose score, date, id or comment is such a formula are rejected, "
            "other columns left blank. Open and save the workbook in Excel or LibreOffice to "
            "store their values"
        )


def _safe_formula(formula: str) -> float | int | str | None:
    """The value of a constant formula (numbers and + - * /, or a quoted text); else None."""
    if m := _TEXT_FORMULA.match(formula):
        return m[1]
    if not _CONSTANT_FORMULA.match(formula):
        return None
    import ast
    import operator

    ops = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
    ops |= {ast.Div: operator.truediv, ast.USub: operator.neg, ast.UAdd: operator.pos}

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return ops[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in ops:
            return ops[type(node.op)](value(node.operand))
        raise ValueError(formula)

    try:
        result = value(ast.parse(formula[1:].strip(), mode="eval").body)
    except (ValueError, SyntaxError, ZeroDivisionError, OverflowError):
        return None
    return int(result) if float(result).is_integer() else result


def _fill_merged(path: Path, member: str, table: _Table) -> None:
    """Give every cell of a merged range its top-left value (readers see it in the first only)."""
    refs = []
    for chunk in _xml_chunks(path, member):
        refs += re.findall(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', chunk)
    if not refs:
        return
    by_line = {line: row for line, row in table.records}
    filled = 0
    for c1, r1, c2, r2 in set(refs):
        first, last = _column_index(c1.decode()), _column_index(c2.decode())
        top = by_line.get(int(r1))
        if top is None:  # the header row, or a row not read
            continue
        for line in range(int(r1), int(r2) + 1):
            row = by_line.get(line)
            if row is None:
                continue
            for col in range(first, min(last, len(row) - 1) + 1):
                if (line, col) != (int(r1), first) and not _present(row[col]):
                    row[col] = top[first]
                    filled += 1
    if filled:
        table.warnings.append(
            f"{filled} cell(s) of merged ranges filled with their range's value (merged cells "
            "hold the value in their first cell only)"
        )


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_table(
    path: Path, rows: Iterable[tuple[Any, ...]], wanted: Mapping[str, str], title: str
) -> _Table:
    """A sheet's header (found as in a CSV, ``_locate_header``) and records by sheet row."""
    records: list[tuple[int, list[Any]]] = []
    rejects: list[dict[str, Any]] = []
    notes: list[str] = []
    numbered = ((line, list(values)) for line, values in enumerate(rows, start=1))
    where = "row {line} of sheet '" + title + "'"
    header, rest = _locate_header(numbered, wanted, notes, where)
    if header is None:
        raise VerbatimError(Errors.E106, path=path, kind="XLSX", detail="the sheet is empty")
    headers = _clean_headers(header, notes)
    for line, values in rest:
        values += [None] * (len(headers) - len(values))
        row = _fit_row(values, len(headers), line, path, "", rejects)
        if row is not None:
            records.append((line, row))
    return _Table(headers, records, rejects, notes)


def _sheet_with_header(book: Any, wanted: Mapping[str, str], notes: list[str]) -> Any:
    """The first sheet whose header names a score; the first sheet when none does."""
    first = book.worksheets[0]
    if len(book.worksheets) == 1 or _names_score(first, wanted):
        return first
    for ws in book.worksheets[1:]:
        if _names_score(ws, wanted):
            notes.append(
                f"sheet '{first.title}' has no header naming a score in its first "
                f"{HEADER_SEARCH_ROWS} rows; read sheet '{ws.title}' (choose with --sheet NAME)"
            )
            return ws
    return first


def _names_score(ws: Any, wanted: Mapping[str, str]) -> bool:
    """Whether one of a sheet's first non-blank rows names the score (a header would)."""
    try:
        ws.reset_dimensions()
        rows = list(itertools.islice(ws.iter_rows(values_only=True), 10 * HEADER_SEARCH_ROWS))
    except Exception:  # a damaged sheet: reading it says why, if it is the one read
        return False
    header, _ = _locate_header(((i, list(r)) for i, r in enumerate(rows, 1)), wanted, [], "")
    return header is not None and _header_key(header, wanted)[1]


def _read_parquet(path: Path, max_records: int | None = None) -> _Table:
    """Read a Parquet file; line numbers are row index + 2, as if the header were line 1."""
    with path.open("rb") as fh:
        head = fh.read(4)
        fh.seek(-4 if path.stat().st_size >= 8 else 0, 2)
        tail = fh.read(4)
    if head != b"PAR1" or tail != b"PAR1":
        what = _magic(head) or "the PAR1 marker is missing at its start or end"
        raise VerbatimError(Errors.E103, path=path, kind="Parquet", detail=what)
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
        rows = (table if max_records is None else table.slice(0, max_records)).to_pylist()
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for damaged files
        raise VerbatimError(Errors.E106, path=path, kind="Parquet", detail=_brief(exc)) from None
    notes: list[str] = []
    headers = _clean_headers(table.column_names, notes, trim=False)
    names = table.column_names
    records = [(i + 2, [row.get(n) for n in names]) for i, row in enumerate(rows)]
    return _Table(headers, records, [], notes, {"format": "parquet"})


def _read_jsonl(path: Path, data: bytes, max_records: int | None = None) -> _Table:
    """Read JSON Lines: one object per line; keys are the columns, in order of first appearance."""
    text, encoding, notes = _decode(path, data, "JSONL")
    text = _check_text(path, text, "JSONL", notes)
    if text.lstrip().startswith("["):
        detail = "it holds a JSON array, not one object per line (convert it with jq -c '.[]')"
        raise VerbatimError(Errors.E106, path=path, kind="JSONL", detail=detail)
    objects: list[tuple[int, dict[str, Any]]] = []
    rejects: list[dict[str, Any]] = []
    keys: dict[str, None] = {}
    # keys that differ only in case ("Score" on some lines, "score" on others) are one column,
    # named as first met: header matching ignores case, so must the columns
    columns: dict[str, str] = {}
    merged: dict[str, set[str]] = {}
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            rejects.append(_reject(path, line, "", raw, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(obj, dict):
            kind = type(obj).__name__
            rejects.append(_reject(path, line, "", raw, f"a JSON {kind}, not an object"))
            continue
        record: dict[str, Any] = {}
        for key, value in obj.items():
            column = columns.setdefault(str(key).strip().casefold(), str(key))
            if column in record:  # both spellings in one object: two columns
                column = str(key)
            elif column != str(key):
                merged.setdefault(column, set()).add(str(key))
            record[column] = value
        keys.update(dict.fromkeys(record))
        objects.append((line, record))
        if max_records is not None and len(objects) >= max_records:
            break
    for column, spellings in merged.items():
        others = ", ".join(f"'{k}'" for k in sorted(spellings))
        notes.append(f"key(s) {others} read as column '{column}' (keys differing only in case)")
    names = list(keys)
    headers = _clean_headers(names, notes, trim=False)
    records = [(line, [obj.get(n) for n in names]) for line, obj in objects]
    details = {"format": "jsonl", "encoding": encoding}
    return _Table(headers, records, rejects, notes, details)


# ------------------------------------------------------------------------------ mapping
def _norm(header: str) -> str:
    """Lowercase, strip accents, punctuation and underscores to spaces, collapse spaces."""
    return value_fields.fold(header)


def _map_columns(table: _Table, explicit: dict[str, str], path: Path) -> dict[str, str]:
    """Explicit mapping first, then the best unused header per field; E105 if score is missing."""
    headers = table.headers
    found = ", ".join(f"'{h}'" for h in headers) or "(none)"
    mapping: dict[str, str] = {}
    for name, wanted in explicit.items():
        header = _find_header(wanted, headers)
        if header is None:
            raise VerbatimError(Errors.E109, header=wanted, canonical=name, path=path, found=found)
        if header in mapping.values():
            other = next(k for k, v in mapping.items() if v == header)
            raise VerbatimError(Errors.E110, header=header, first=other, second=name)
        mapping[name] = header
    candidates = []
    for name in FIELDS:
        if name in mapping:
            continue
        for position, header in enumerate(headers):
            rank = _match_rank(name, _norm(header))
            if rank is not None:
                candidates.append((rank, FIELDS.index(name), position, name, header))
    for rank, _, _, name, header in sorted(candidates):
        if name in mapping or header in mapping.values():
            continue
        if rank[0] > 0 and not _plausible(name, table, headers.index(header)):
            continue
        mapping[name] = header
    if len(table.sheets) > 1:  # a workbook: the score may be on another sheet
        sheets = ", ".join(f"'{n}'" for n in table.sheets)
        found += f" (in sheet '{table.details.get('sheet')}' of {sheets}: try --sheet NAME)"
    for name in REQUIRED:
        if name not in mapping:
            example = _suggest(name, table, mapping) or "Header in file"
            raise VerbatimError(Errors.E105, column=name, path=path, found=found, example=example)
    return {name: mapping[name] for name in FIELDS if name in mapping}


def _find_header(wanted: str, headers: list[str]) -> str | None:
    """The header named in an explicit map: exact, else equal once normalised."""
    if wanted in headers:
        return wanted
    return next((h for h in headers if _norm(h) == _norm(wanted)), None)


def _match_rank(name: str, header: str) -> tuple[int, int] | None:
    """How well a normalised header names a field: (0, -len) exact, (1, -len) contained."""
    padded = f" {header} "
    if not header or any(f" {bad} " in padded for bad in NOT_FIELD.get(name, ())):
        return None
    synonyms = SYNONYMS[name]
    if header in synonyms:
        return (0, -len(header))
    inside = [len(s) for s in synonyms if f" {s} " in padded]
    inside += [len(p) for p in PATTERNS.get(name, ()) if re.search(p, header)]
    return (1, -max(inside)) if inside else None


def _plausible(name: str, table: _Table, index: int) -> bool:
    """A header matched only in part must hold values of its kind (scores, dates, amounts...)."""
    parse = {
        "score": _parse_score,
        "responded_at": lambda v: _parse_date(v, month_first=False),
        "value": value_fields.parse_amount,
        "retention": value_fields.parse_retention,
    }
    if name not in parse:
        return True
    values = [row[index] for _, row in table.records[:200] if _present(row[index])]
    if not values:
        return True
    good = sum(parse[name](v)[1] is None for v in values)
    return good * 2 >= len(values)


def _suggest(name: str, table: _Table, mapping: dict[str, str]) -> str | None:
    """The most plausible unmapped header for a missing field: by its values, else by name."""
    free = [(i, h) for i, h in enumerate(table.headers) if h not in mapping.values()]
    best, best_share = None, 0.5
    for i, header in free:
        values = [row[i] for _, row in table.records[:200] if _present(row[i])]
        if values:
            share = sum(_parse_score(v)[1] is None for v in values) / len(values)
            if share > best_share:
                best, best_share = header, share
    if best is not None or name != "score":
        return best
    hints = ("score", "note", "nps", "recommand", "rating", "likely")
    return next(
        (h for _, h in free if any(k in _norm(h) for k in hints)), free[0][1] if free else None
    )


def _missing_field_warnings(mapping: dict[str, str]) -> list[str]:
    notes = []
    if "comment" not in mapping:
        notes.append(
            "no comment column found; themes will be empty (map one with --map comment=...)"
        )
    if "responded_at" not in mapping:
        notes.append("no date column found; trends by period are not available")
    return notes


# ------------------------------------------------------------------------------ validation
def _validate(
    table: _Table, mapping: dict[str, str], path: Path
) -> tuple[pd.DataFrame, pd.DataFrame, int, list[str]]:
    """Parse each record's cells; accepted rows form the canonical frame, the rest are rejects."""
    fields = {
        name: (table.headers.index(header), header)
        for name, header in mapping.items()
        if name in CANONICAL
    }
    index = {name: i for name, (i, _) in fields.items()}
    # value and retention: an unread cell is left empty with a note, the response is kept
    optional = value_fields.OptionalFields(
        table.headers, mapping, (row for _, row in table.records), formula=_Formula
    )
    mapped = set(index.values()) | {i for i, _ in optional.fields.values()}
    segments = [(i, h) for i, h in enumerate(table.headers) if i not in mapped]
    notes: list[str] = []
    seg_names = _segment_names([h for _, h in segments], notes)
    month_first = "responded_at" in index and _month_first(table, index["responded_at"])
    if month_first:
        notes.append(
            f"dates in '{mapping['responded_at']}' read as month/day/year: some values cannot "
            "be day/month/year"
        )
    rejects = list(table.rejects)
    records: list[dict[str, Any]] = []
    seen: dict[str, tuple[int, tuple[Any, ...]]] = {}
    hashed: dict[str, int] = {}
    empty_rows = empty_ids = 0
    file = str(path)
    parsed: dict[tuple[str, str], tuple[Any, str | None]] = {}
    for line, row in table.records:
        if not any(_present(v) for v in row):
            empty_rows += 1
            continue
        rec, problems = _parse_row(row, fields, segments, seg_names, month_first, parsed)
        if problems:
            for column, value, reason in problems:
                rejects.append(_reject(path, line, column, value, reason))
            continue
        if optional.fields:
            rec.update(optional.read(row, line))
        content = tuple(rec.values())
        rid = _text(row[index["response_id"]]) if "response_id" in index else None
        if rid is None:
            empty_ids += "response_id" in index
            rid = _content_id(rec, seg_names, hashed)
        elif rid in seen:
            first_line, first_content = seen[rid]
            reason = (
                f"duplicate of line {first_line} (identical row)"
                if first_content == content
                else f"duplicate response_id '{rid}' with different content "
                f"(first seen on line {first_line})"
            )
            rejects.append(_reject(path, line, mapping["response_id"], rid, reason))
            continue
        seen[rid] = (line, content)
        records.append({"response_id": rid, **rec, "source_file": file, "source_line": line})
    if empty_rows:
        notes.append(f"skipped {empty_rows} empty row(s) (every cell blank)")
    if empty_ids:
        notes.append(
            f"{empty_ids} row(s) have no response_id; their ids are hashes of the row content"
        )
    repeats = sum(n - 1 for n in hashed.values())
    if repeats and "response_id" not in index:
        notes.append(
            f"{repeats} row(s) repeat an earlier row exactly and, with no response_id column, "
            "are kept as separate responses (ids suffixed -2, -3, ...)"
        )
    notes += optional.notes()
    accepted = _accepted_frame(records, seg_names, optional.columns)
    rejects.sort(key=lambda r: r["line"])  # stable: cells of one row stay in column order
    rejected = pd.DataFrame(rejects, columns=list(REJECT_COLUMNS))
    rejected["line"] = rejected["line"].astype("int64")
    rejected.attrs["files"] = [file]  # the store replaces this file's earlier rejects
    rows = len(accepted) + rejected[["file", "line"]].drop_duplicates().shape[0]
    return accepted, rejected, rows, notes


def _parse_row(
    row: list[Any],
    fields: dict[str, tuple[int, str]],
    segments: list[tuple[int, str]],
    seg_names: list[str],
    month_first: bool,
    parsed: dict[tuple[str, str], Any] | None = None,
) -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    """Parse one record's cells; return the canonical fields and the problems found.

    ``parsed`` remembers what each distinct text cell of the score, date, language and segment
    columns gave across rows (an export has a few hundred distinct dates and segment values for
    100,000 rows); the results are immutable.
    """
    problems: list[tuple[str, Any, str]] = []
    parsed = {} if parsed is None else parsed
    cells = {name: row[i] for name, (i, _) in fields.items()}
    for name, value in cells.items():
        if type(value) is _Formula:
            problems.append(
                (
                    fields[name][1],
                    str(value),
                    f"formula {value} has no saved value (the workbook was written by a "
                    "program that does not compute formulas): open and save it in Excel or "
                    "LibreOffice, or paste the values",
                )
            )
            cells[name] = None
    score, error = _remembered(parsed, "score", cells.get("score"), _parse_score)
    comment = _clean_comment(cells.get("comment"))
    if error:
        problems.append((fields["score"][1], cells["score"], error))
    elif score is None and comment is not None and type(row[fields["score"][0]]) is not _Formula:
        problems.append((fields["score"][1], cells["score"], COMMENT_WITHOUT_SCORE))
    when, error = _remembered(
        parsed,
        "responded_at",
        cells.get("responded_at"),
        _parse_date_month_first if month_first else _parse_date_day_first,
    )
    if error:
        problems.append((fields["responded_at"][1], cells["responded_at"], error))
    rec = {
        "score": score,
        "comment": comment,
        "responded_at": when,
        "language": _remembered(parsed, "language", cells.get("language"), _language),
        "customer_id": _text(cells.get("customer_id")),
    }
    for (i, _), name in zip(segments, seg_names, strict=True):
        rec[name] = _remembered(parsed, "text", row[i], _text)
    return rec, problems


def _remembered(parsed: dict[tuple[str, str], Any], kind: str, value: Any, parse: Any) -> Any:
    """``parse(value)``, computed once per distinct text ``value`` of this ``kind``."""
    if type(value) is not str:
        return parse(value)
    key = (kind, value)
    try:
        return parsed[key]
    except KeyError:
        result = parsed[key] = parse(value)
        return result


def _parse_date_day_first(value: Any) -> tuple[datetime | None, str | None]:
    return _parse_date(value, month_first=False)


def _parse_date_month_first(value: Any) -> tuple[datetime | None, str | None]:
    return _parse_date(value, month_first=True)


def _segment_names(headers: list[str], notes: list[str]) -> list[str]:
    """Segment columns keep their header, unless it is a name the pipeline reserves."""
    names = []
    for header in headers:
        name = header
        if header in RESERVED:
            name = f"{header} (segment)"
            notes.append(f"column '{header}' is not mapped to {header}; kept as segment '{name}'")
        names.append(name)
    return names


def _month_first(table: _Table, index: int) -> bool:
    """True when slash dates can only be month/day/year (a second part above 12, no first)."""
    firsts, seconds = [], []
    for _, row in table.records:
        value = row[index]
        if isinstance(value, str):
            match = _DAY_FIRST.match(value.strip())
            if match:
                firsts.append(int(match.group(1)))
                seconds.append(int(match.group(2)))
    return bool(seconds) and max(seconds) > 12 and max(firsts) <= 12


def _content_id(rec: dict[str, Any], seg_names: list[str], hashed: dict[str, int]) -> str:
    """A stable id from the row's content; exact repeats get -2, -3, ... in file order."""
    payload = {k: v for k, v in rec.items() if k not in seg_names}
    payload["segments"] = sorted((k, rec[k]) for k in seg_names)
    base = text_hash(json.dumps(payload, default=str, ensure_ascii=False, sort_keys=True))[:20]
    hashed[base] = hashed.get(base, 0) + 1
    return base if hashed[base] == 1 else f"{base}-{hashed[base]}"


def _accepted_frame(
    records: list[dict[str, Any]], seg_names: list[str], optional: Sequence[str] = ()
) -> pd.DataFrame:
    """The canonical frame with its documented dtypes (also when there are no rows).

    ``optional``: the value and retention columns the export has (``value`` float64,
    ``retained`` boolean), placed after the canonical ones.
    """
    columns = [*CANONICAL, *optional, *seg_names, "source_file", "source_line"]

    def col(name: str) -> list[Any]:
        return [r[name] for r in records]

    data: dict[str, Any] = {name: pd.Series(col(name), dtype=object) for name in columns}
    data["response_id"] = pd.Series(col("response_id"), dtype=str)
    data["source_file"] = pd.Series(col("source_file"), dtype=str)
    data["score"] = pd.Series(col("score"), dtype="Int64")
    data["responded_at"] = (
        pd.Series(pd.to_datetime(col("responded_at")), dtype="datetime64[ns]")
        if records
        else pd.Series([], dtype="datetime64[ns]")
    )
    data["source_line"] = pd.Series(col("source_line"), dtype="int64")
    if "value" in optional:
        data["value"] = pd.Series(col("value"), dtype="float64")
    if "retained" in optional:
        data["retained"] = pd.Series(col("retained"), dtype="boolean")
    return pd.DataFrame(data, columns=columns)


# ------------------------------------------------------------------------------ cells
def _present(value: Any) -> bool:
    """False for a blank cell: None, NaN, NaT or whitespace-only text."""
    if isinstance(value, str):
        return bool(value.strip())
    if value is None or value is pd.NA or value is pd.NaT:
        return False
    if isinstance(value, float):
        return not math.isnan(value)
    return True


def _text(value: Any) -> str | None:
    """A cell as trimmed text (whole floats without '.0', control characters removed).

    A formula without a saved value (``_Formula``) is no text: None.
    """
    if type(value) is _Formula:
        return None
    if isinstance(value, str) and not _NEEDS_CLEANING.search(value):
        return value.strip() or None
    if not _present(value):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    text = _CONTROL.sub("", str(value).replace("\r\n", " ").replace("\n", " ").replace("\t", " "))
    return _SURROGATE.sub("\ufffd", text).strip() or None


def _clean_comment(value: Any) -> str | None:
    """Comment text verbatim, minus control characters (newline and tab kept), trimmed."""
    if not _present(value):
        return None
    text = value if isinstance(value, str) else _text(value) or ""
    text = _SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip() or None


def _language(value: Any) -> str | None:
    """A language code as given, lowercased, primary subtag only ('fr-FR' -> 'fr')."""
    text = _text(value)
    if text is None:
        return None
    key = _norm(text)
    code = key.split(" ")[0] if key else text.lower()
    return _LANGUAGE_NAMES.get(code, code)


def _parse_score(value: Any) -> tuple[int | None, str | None]:
    """A 0-10 integer score, or None when blank (invited, no answer); else an error."""
    if not _present(value):
        return None, None
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float, Decimal)):
        number = float(value)
    elif isinstance(value, str):
        match = _SCORE_TEXT.match(value.strip().replace("\u00a0", " "))
        number = float(match.group(1)) if match else None
    if number is not None and number.is_integer() and 0 <= number <= 10:
        return int(number), None
    return None, f"score '{_shown(value)}' is not an integer from 0 to 10"


def _parse_date(value: Any, *, month_first: bool) -> tuple[datetime | None, str | None]:
    """A naive UTC datetime from ISO, day-first, Excel serial or a real datetime; else an error."""
    if not _present(value):
        return None, None
    try:
        when = _to_datetime(value, month_first=month_first)
    except (ValueError, OverflowError) as exc:
        return None, f"date '{_shown(value)}' is not a valid date ({exc})"
    if when is None:
        return None, (
            f"date '{_shown(value)}' is not a date (expected YYYY-MM-DD, DD/MM/YYYY, "
            "optionally with a time, or an Excel serial number)"
        )
    if not _EARLIEST <= when <= _LATEST:
        return None, f"date '{_shown(value)}' is out of range"
    latest = datetime.now(UTC).replace(tzinfo=None) + PLAUSIBLE_AHEAD
    if when > latest:
        return None, (
            f"date '{_shown(value)}' is in the future (after {latest:%Y-%m-%d}): a response "
            "cannot be dated after the run; check the export's date column"
        )
    earliest = plausible_earliest()
    if when < earliest:
        return None, (
            f"date '{_shown(value)}' is before {earliest:%Y-%m-%d}, the earliest "
            "plausible response date (VERBATIM_EARLIEST_DATE); an empty or zero date cell in "
            "Excel reads as 1899-12-30 or 1900-01-00"
        )
    return when, None


def _to_datetime(value: Any, *, month_first: bool) -> datetime | None:
    """Parse one date cell; None when no known form matches, ValueError when impossible."""
    if isinstance(value, datetime):
        return _naive_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool) or isinstance(value, time):
        return None
    if isinstance(value, (int, float, Decimal)):
        return _from_serial(float(value))
    text = str(value).strip()
    if _ISO_DATE.match(text):
        text = re.sub(r"\s+([Zz]|[+-]\d)", r"\1", text.replace("/", "-").replace(",", ".").upper())
        text = re.sub(r"^(\d{4})-(\d)(?=-)", r"\1-0\2", text)
        text = re.sub(r"^(\d{4}-\d{2})-(\d)(?!\d)", r"\1-0\2", text)
        return _naive_utc(datetime.fromisoformat(text.replace(" Z", "Z")))
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        if month_first:
            day, month = month, day
        if len(match.group(3)) == 2:
            year += 2000 if year < 70 else 1900
        return datetime(year, month, day, hour, minute, second)
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")))
    return None


def _from_serial(serial: float) -> datetime:
    """An Excel serial day number (1900 system) as a datetime."""
    if math.isnan(serial) or not 1 <= serial < 2958466:
        raise ValueError("not an Excel serial day number between 1 and 2958465")
    return _EXCEL_EPOCH + timedelta(days=serial)


def _naive_utc(when: datetime) -> datetime:
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    if isinstance(when, pd.Timestamp):
        when = when.to_pydatetime()
    return when


def _shown(value: Any) -> str:
    """A cell as it appears in a reject (long values cut)."""
    text = value.isoformat() if isinstance(value, (date, time)) else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text if len(text) <= _MAX_VALUE_CHARS else text[:_MAX_VALUE_CHARS] + "…"


def _reject(path: Path, line: int, column: str, value: Any, reason: str) -> dict[str, Any]:
    shown = "" if value is None else _shown(value)
    return {
        "file": str(path),
        "line": int(line),
        "column": column,
        "value": shown,
        "reason": reason,
    }


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text


def _brief(exc: BaseException) -> str:
    """An exception as one short line for an error message."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]
