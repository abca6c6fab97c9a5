"""Reading real survey exports: formats, encodings, column mapping, row rules, file refusals."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io.ingest import CANONICAL, REJECT_COLUMNS, parse_column_map, read_export

HEADER = [
    "ID réponse",
    "Date de réponse",
    "Note de recommandation",
    "Commentaire",
    "Canal",
    "Produit",
    "Région",
    "ID client",
]
ROWS = [
    ["R1", "03/10/2026", "9", "Très bien, rapide", "Web", "App", "Île-de-France", "C1"],
    ["R2", "04/10/2026", "3", "Déçu : livraison en retard", "Magasin", "Carte", "Bretagne", "C2"],
    ["R3", "05/10/2026", "", "", "Web", "App", "Bretagne", "C3"],
]
EXPECTED_MAPPING = {
    "response_id": "ID réponse",
    "score": "Note de recommandation",
    "comment": "Commentaire",
    "responded_at": "Date de réponse",
    "customer_id": "ID client",
}


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def as_records(header: list[str], rows: list[list[str]]) -> list[dict[str, str | None]]:
    return [{h: (v if v != "" else None) for h, v in zip(header, row, strict=True)} for row in rows]


def write_format(tmp_path: Path, fmt: str, header: list[str], rows: list[list[str]]) -> Path:
    """Write the same table in one of the supported formats."""
    if fmt in ("csv", "tsv", "txt"):
        delimiter = {"csv": ",", "tsv": "\t", "txt": "|"}[fmt]
        return write_csv(tmp_path / f"export.{fmt}", rows, header=header, delimiter=delimiter)
    if fmt == "xlsx":
        return write_xlsx(tmp_path / "export.xlsx", {"Export": [header, *rows]})
    if fmt == "parquet":
        path = tmp_path / "export.parquet"
        pq.write_table(pa.Table.from_pylist(as_records(header, rows)), path)
        return path
    path = tmp_path / f"export.{fmt}"
    lines = [json.dumps(r, ensure_ascii=False) for r in as_records(header, rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def one_row(tmp_path: Path, **cells: str) -> pd.DataFrame | str:
    """Read a one-row export with the given Note/Date/Commentaire cells; the reject reason if any."""
    row = dict(zip(HEADER, ROWS[0], strict=True))
    row.update({"Note de recommandation": cells.get("score", "9")})
    row.update({"Date de réponse": cells.get("date", "03/10/2026")})
    row.update({"Commentaire": cells.get("comment", "ok")})
    result = read_export(write_csv(tmp_path / "one.csv", [list(row.values())]))
    if len(result.rejects):
        return "; ".join(result.rejects["reason"])
    return result.accepted


# ------------------------------------------------------------------------------ formats
@pytest.mark.parametrize(
    ("fmt", "lines"),
    [
        ("csv", [2, 3, 4]),
        ("tsv", [2, 3, 4]),
        ("txt", [2, 3, 4]),
        ("xlsx", [2, 3, 4]),
        ("parquet", [2, 3, 4]),
        ("jsonl", [1, 2, 3]),
        ("ndjson", [1, 2, 3]),
    ],
)
def test_ingest_reads_each_format(tmp_path: Path, fmt: str, lines: list[int]) -> None:
    result = read_export(write_format(tmp_path, fmt, HEADER, ROWS))
    df = result.accepted
    assert result.mapping == EXPECTED_MAPPING
    assert result.columns_found == HEADER
    assert list(df.columns) == [
        *CANONICAL,
        "Canal",
        "Produit",
        "Région",
        "source_file",
        "source_line",
    ]
    assert df["response_id"].tolist() == ["R1", "R2", "R3"]
    assert df["score"].dtype == "Int64"
    assert df["score"].tolist() == [9, 3, pd.NA]
    assert df["comment"].tolist() == ["Très bien, rapide", "Déçu : livraison en retard", None]
    assert df["responded_at"].dtype == "datetime64[ns]"
    assert df["responded_at"].tolist() == [pd.Timestamp(f"2026-10-0{d}") for d in (3, 4, 5)]
    assert df["Région"].tolist() == ["Île-de-France", "Bretagne", "Bretagne"]
    assert df["source_line"].tolist() == lines
    assert list(result.rejects.columns) == list(REJECT_COLUMNS)
    assert result.rejects.empty
    assert result.rows == 3


@pytest.mark.parametrize(
    ("encoding", "delimiter", "suffix"),
    [
        ("cp1252", ";", "csv"),
        ("latin-1", ";", "csv"),
        ("utf-8-sig", ";", "csv"),
        ("utf-8", "\t", "tsv"),
        ("utf-8", "\t", "txt"),
        ("utf-8-sig", ",", "csv"),
        ("utf-16", "\t", "txt"),
    ],
)
def test_ingest_sniffs_encoding_and_delimiter(
    tmp_path: Path, encoding: str, delimiter: str, suffix: str
) -> None:
    comment = "Très déçu ; à revoir, franchement" + ("… cœur" if encoding == "cp1252" else "")
    rows = [["R1", "03/10/2026", "2", comment, "Web", "App", "Côte-d'Or", "C1"]]
    path = write_csv(tmp_path / f"x.{suffix}", rows, delimiter=delimiter, encoding=encoding)
    result = read_export(path)
    assert result.mapping == EXPECTED_MAPPING
    assert result.accepted["comment"].tolist() == [comment]
    assert result.accepted["Région"].tolist() == ["Côte-d'Or"]


def test_ingest_honours_excel_sep_line(tmp_path: Path) -> None:
    path = tmp_path / "sep.csv"
    path.write_text('sep=,\nscore,comment\n7,"a; b; c"\nx,bad\n', encoding="utf-8")
    result = read_export(path)
    assert result.accepted["comment"].tolist() == ["a; b; c"]
    assert result.rejects["line"].tolist() == [4]


def test_ingest_multiline_comments_keep_physical_line_numbers(tmp_path: Path) -> None:
    rows = [
        ["R1", "03/10/2026", "9", "Ligne un\nligne deux\nligne trois", "Web", "App", "IDF", "C1"],
        ["R2", "03/10/2026", "abc", "ok", "Web", "App", "IDF", "C2"],
        ["R3", "03/10/2026", "8", "a\r\nb", "Web", "App", "IDF", "C3"],
        ["R4", "03/10/2026", "11", "x", "Web", "App", "IDF", "C4"],
    ]
    result = read_export(write_csv(tmp_path / "multi.csv", rows))
    assert result.accepted["source_line"].tolist() == [2, 6]
    assert result.accepted["comment"].tolist() == ["Ligne un\nligne deux\nligne trois", "a\nb"]
    assert result.rejects["line"].tolist() == [5, 8]
    assert result.rejects["value"].tolist() == ["abc", "11"]


def test_ingest_accepts_a_one_megabyte_comment(tmp_path: Path) -> None:
    big = "très long commentaire " * 50_000
    rows = [["R1", "03/10/2026", "5", big, "Web", "App", "IDF", "C1"], ROWS[1]]
    result = read_export(write_csv(tmp_path / "big.csv", rows))
    assert len(big.encode()) > 1_000_000
    assert result.accepted["comment"].tolist()[0] == big.strip()
    assert result.accepted["source_line"].tolist() == [2, 3]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bien\x07 vu\x1b", "bien vu"),
        ("  deux\tmots \n seconde ligne  ", "deux\tmots \n seconde ligne"),
        ("a\x00b\x0bc\x7fd", "abcd"),
        ("J'adore 😍👍🏽 l'appli", "J'adore 😍👍🏽 l'appli"),
        ('=HYPERLINK("http://x.example","clic")', '=HYPERLINK("http://x.example","clic")'),
        ("   ", None),
        ("\x07", None),
    ],
)
def test_ingest_cleans_comments_but_keeps_them_verbatim(
    tmp_path: Path, raw: str, expected: str | None
) -> None:
    df = one_row(tmp_path, comment=raw)
    assert df["comment"].tolist() == [expected]


# ------------------------------------------------------------------------------ row rules
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9", 9),
        (" 9 ", 9),
        ("9.0", 9),
        ("9,0", 9),
        ("9/10", 9),
        ("10/10", 10),
        ("0", 0),
        ("", pd.NA),
        ("  ", pd.NA),
    ],
)
def test_ingest_score_accepted(tmp_path: Path, raw: str, expected: object) -> None:
    # without a comment: a blank score is then an invited customer who did not answer
    assert one_row(tmp_path, score=raw, comment="")["score"].tolist() == [expected]


@pytest.mark.parametrize("raw", ["N/A", "11", "-1", "9.5", "abc", "8/5", "10/100", "9 / 10 / 10"])
def test_ingest_score_rejected(tmp_path: Path, raw: str) -> None:
    assert one_row(tmp_path, score=raw) == f"score '{raw.strip()}' is not an integer from 0 to 10"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-10-03", "2026-10-03 00:00:00"),
        ("2026-10-03T14:05:00", "2026-10-03 14:05:00"),
        ("2026-10-03 14:05", "2026-10-03 14:05:00"),
        ("2026-10-03T14:05:00+02:00", "2026-10-03 12:05:00"),
        ("2026-10-03T14:05:00Z", "2026-10-03 14:05:00"),
        ("2026-10-03 14:05:00.5 -05:00", "2026-10-03 19:05:00.5"),
        ("2026-1-5", "2026-01-05 00:00:00"),
        ("03/10/2026", "2026-10-03 00:00:00"),
        ("3/10/2026 14:05", "2026-10-03 14:05:00"),
        ("03/10/26", "2026-10-03 00:00:00"),
        ("03-10-2026", "2026-10-03 00:00:00"),
        ("03/10/2026 14:05:09", "2026-10-03 14:05:09"),
        ("45931", "2025-10-01 00:00:00"),
        ("45931.5", "2025-10-01 12:00:00"),
        ("", None),
    ],
)
def test_ingest_date_accepted(tmp_path: Path, raw: str, expected: str | None) -> None:
    value = one_row(tmp_path, date=raw)["responded_at"].iloc[0]
    assert (value is pd.NaT and expected is None) or value == pd.Timestamp(expected)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("31/02/2026", "date '31/02/2026' is not a valid date (day is out of range for month)"),
        ("hier", "date 'hier' is not a date (expected YYYY-MM-DD, DD/MM/YYYY"),
        ("2026-13-01", "date '2026-13-01' is not a valid date"),
        ("03/10/2026 25:00", "date '03/10/2026 25:00' is not a valid date"),
        ("2958466", "date '2958466' is not a valid date (not an Excel serial day number"),
        ("20261003", "date '20261003' is not a date"),
    ],
)
def test_ingest_date_rejected(tmp_path: Path, raw: str, reason: str) -> None:
    assert one_row(tmp_path, date=raw).startswith(reason)


def test_ingest_reads_us_dates_when_day_first_is_impossible(tmp_path: Path) -> None:
    rows = [["1", "10/31/2026", "9"], ["2", "11/02/2026", "9"]]
    path = write_csv(tmp_path / "us.csv", rows, header=["id", "date", "score"], delimiter=",")
    result = read_export(path)
    assert result.accepted["responded_at"].tolist() == [
        pd.Timestamp("2026-10-31"),
        pd.Timestamp("2026-11-02"),
    ]
    assert any("month/day/year" in w for w in result.warnings)


def test_ingest_xlsx_cells_keep_their_types(tmp_path: Path) -> None:
    rows = [
        ["Note", "Date", "Avis", "Magasin"],
        [9.0, datetime(2026, 10, 3, 14, 5), "bien", 75001],
        [7, 45931, "moyen", 69002.0],
        ["8", "03/10/2026", None, "Lyon"],
        [9.5, None, "x", None],
    ]
    result = read_export(write_xlsx(tmp_path / "types.xlsx", {"Feuil1": rows}))
    df = result.accepted
    assert df["score"].tolist() == [9, 7, 8]
    assert df["responded_at"].tolist() == [
        pd.Timestamp("2026-10-03 14:05"),
        pd.Timestamp("2025-10-01"),
        pd.Timestamp("2026-10-03"),
    ]
    assert df["Magasin"].tolist() == ["75001", "69002", "Lyon"]
    assert result.rejects[["line", "column", "value"]].values.tolist() == [[5, "Note", "9.5"]]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx", "parquet"])
def test_ingest_header_only_is_a_valid_empty_export(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        path = tmp_path / "empty.parquet"
        pq.write_table(pa.table({h: pa.array([], pa.string()) for h in HEADER}), path)
    else:
        path = write_format(tmp_path, fmt, HEADER, [])
    result = read_export(path)
    assert len(result.accepted) == 0 and len(result.rejects) == 0 and result.rows == 0
    assert list(result.accepted.columns)[:6] == list(CANONICAL)
    assert result.accepted["score"].dtype == "Int64"


def test_ingest_never_drops_a_row_silently(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "id;score;comment;date\n"
        "1;9;ok;03/10/2026\n"
        "2;x;bad score;hier\n"  # two bad cells, one row
        "3;8;too;many;fields\n"
        "4;7\n"  # too few fields
        ";;;\n"  # empty row, reported in a warning
        "5;10;trailing delimiter;03/10/2026;\n"
        "1;9;ok;03/10/2026\n",
        encoding="utf-8",
    )
    result = read_export(path)
    rejected_lines = result.rejects["line"].drop_duplicates().tolist()
    assert result.accepted["response_id"].tolist() == ["1", "5"]
    assert rejected_lines == [3, 4, 5, 8]
    assert result.rows == len(result.accepted) + len(rejected_lines) == 6
    assert result.rejects["reason"].str.contains("row has 5 fields but the header has 4").any()
    assert result.rejects["reason"].str.contains("row has 2 fields but the header has 4").any()
    assert "skipped 1 empty row(s) (every cell blank)" in result.warnings


def test_ingest_short_crlf_lines_are_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_bytes(b"score\r\n" + b"9\r\n" * 50 + b"\r\n")
    assert read_export(path).accepted["score"].tolist() == [9] * 50


def test_ingest_xlsx_values_outside_the_header_are_rejected(tmp_path: Path) -> None:
    rows = [["Score", "Commentaire"], [9, "ok", None], [8, "bof", "note à la marge"]]
    result = read_export(write_xlsx(tmp_path / "wide.xlsx", {"Feuil1": rows}))
    assert result.accepted["score"].tolist() == [9]
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [3, "row has values in 3 columns but the header names only 2"]
    ]


def test_ingest_duplicate_response_ids(tmp_path: Path) -> None:
    rows = [
        ["R1", "03/10/2026", "9", "bien", "Web", "App", "IDF", "C1"],
        ["R2", "03/10/2026", "4", "bof", "Web", "App", "IDF", "C2"],
        ["R1", "03/10/2026", "9", "bien", "Web", "App", "IDF", "C1"],
        ["R1", "03/10/2026", "2", "changé", "Web", "App", "IDF", "C1"],
    ]
    result = read_export(write_csv(tmp_path / "dup.csv", rows))
    assert result.accepted["response_id"].tolist() == ["R1", "R2"]
    assert result.rejects[["line", "column", "value", "reason"]].values.tolist() == [
        [4, "ID réponse", "R1", "duplicate of line 2 (identical row)"],
        [
            5,
            "ID réponse",
            "R1",
            "duplicate response_id 'R1' with different content (first seen on line 2)",
        ],
    ]


def test_ingest_hashed_ids_are_stable_and_repeats_are_kept(tmp_path: Path) -> None:
    header = ["Note", "Commentaire", "Canal"]
    rows = [["10", "", "Web"], ["3", "lent", "App"], ["10", "", "Web"]]
    path = write_csv(tmp_path / "noid.csv", rows, header=header)
    first, second = read_export(path), read_export(path)
    ids = first.accepted["response_id"].tolist()
    assert ids == second.accepted["response_id"].tolist()
    assert len(set(ids)) == 3 and ids[2] == f"{ids[0]}-2"
    reordered = write_csv(tmp_path / "noid2.csv", [rows[1], rows[0]], header=header)
    assert set(read_export(reordered).accepted["response_id"]) == set(ids[:2])
    assert any("repeat an earlier row" in w for w in first.warnings)


# ------------------------------------------------------------------------------ mapping
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["Respondent ID", "Submitted At", "How likely are you to recommend us to a friend?",
             "Why did you give this score?", "Locale", "Account ID", "Plan"],
            {"response_id": "Respondent ID", "responded_at": "Submitted At",
             "score": "How likely are you to recommend us to a friend?",
             "comment": "Why did you give this score?", "language": "Locale",
             "customer_id": "Account ID"},
        ),
        (
            ["identifiant", "NOTE_GLOBALE", "Remarque", "date_reponse", "Langue", "Numéro client"],
            {"response_id": "identifiant", "score": "NOTE_GLOBALE", "comment": "Remarque",
             "responded_at": "date_reponse", "language": "Langue", "customer_id": "Numéro client"},
        ),
        (
            ["Catégorie NPS", "Quelle note donneriez-vous ?", "Pourquoi cette note ?",
             "Raison sociale"],
            {"score": "Quelle note donneriez-vous ?", "comment": "Pourquoi cette note ?"},
        ),
        (["ltr", "feedback", "timestamp"],
         {"score": "ltr", "comment": "feedback", "responded_at": "timestamp"}),
    ],
)  # fmt: skip
def test_ingest_detects_columns_by_synonym(
    tmp_path: Path, header: list[str], expected: dict[str, str]
) -> None:
    values = {
        "Catégorie NPS": "Promoteur", "Raison sociale": "ACME SA", "Plan": "Pro",
        "Locale": "fr-FR", "Langue": "Français",
    }  # fmt: skip
    scores = {"How likely are you to recommend us to a friend?", "NOTE_GLOBALE", "ltr",
              "Quelle note donneriez-vous ?"}  # fmt: skip
    dates = {"Submitted At", "date_reponse", "timestamp"}
    row = [
        "9" if h in scores else "2026-10-03" if h in dates else values.get(h, f"v{i}")
        for i, h in enumerate(header)
    ]
    result = read_export(write_csv(tmp_path / "h.csv", [row], header=header))
    assert result.mapping == expected
    assert len(result.accepted) == 1
    if "language" in expected:
        assert result.accepted["language"].tolist() == ["fr"]


def test_ingest_warns_without_comment_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "nc.csv", [["9", "Web"]], header=["Score", "Canal"])
    result = read_export(path)
    assert any(
        w.startswith("no comment column found; themes will be empty") for w in result.warnings
    )


def test_ingest_missing_score_column_names_it_and_the_fix(tmp_path: Path) -> None:
    header = ["ID", "Q3 reco", "Commentaire"]
    path = write_csv(tmp_path / "ns.csv", [["1", "9", "ok"], ["2", "4", "bof"]], header=header)
    with pytest.raises(VerbatimError) as info:
        read_export(path)
    message = str(info.value)
    assert info.value.code == "E105"
    assert "Required column 'score' not found" in message
    assert "Columns found: 'ID', 'Q3 reco', 'Commentaire'" in message
    assert '--map score="Q3 reco"' in message


def test_ingest_explicit_map_wins(tmp_path: Path) -> None:
    header = ["Note", "Q1", "Q2", "Commentaire"]
    rows = [["Promoteur", "10", "génial", "ignored"]]
    path = write_csv(tmp_path / "map.csv", rows, header=header)
    result = read_export(path, column_map={"score": "q1", "comment": "Q2"})
    assert result.mapping == {"score": "Q1", "comment": "Q2"}
    assert result.accepted["score"].tolist() == [10]
    assert result.accepted["comment"].tolist() == ["génial"]
    assert result.accepted["Note"].tolist() == ["Promoteur"]
    assert result.accepted["Commentaire"].tolist() == ["ignored"]


@pytest.mark.parametrize(
    ("column_map", "code", "text"),
    [
        ({"score": "Absent"}, "E109", "Column 'Absent' given in --map score=\"Absent\" is not in"),
        ({"score": "Q1", "comment": "Q1"}, "E110", "mapped to both score and comment"),
        ({"nps": "Q1"}, "E108", "Invalid --map value 'nps=Q1'"),
    ],
)
def test_ingest_explicit_map_errors(
    tmp_path: Path, column_map: dict[str, str], code: str, text: str
) -> None:
    path = write_csv(tmp_path / "map.csv", [["10", "x"]], header=["Q1", "Q2"])
    with pytest.raises(VerbatimError, match=text) as info:
        read_export(path, column_map=column_map)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["score=Note globale", "comment=Avis"], {"score": "Note globale", "comment": "Avis"}),
        (['score="Note = globale"', " Comment = 'Avis' "], {"score": "Note = globale", "comment": "Avis"}),
        ([], {}),
    ],
)  # fmt: skip
def test_ingest_parse_column_map(values: list[str], expected: dict[str, str]) -> None:
    assert parse_column_map(values) == expected


@pytest.mark.parametrize("value", ["score", "nps=Note", "score=", "score=A,score=B"])
def test_ingest_parse_column_map_rejects(value: str) -> None:
    with pytest.raises(VerbatimError, match=r"\[E108\] Invalid --map value"):
        parse_column_map(value.split(","))


def test_ingest_xlsx_sheet_choice(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "two.xlsx",
        {"Notes": [["Lisez-moi"]], "Réponses": [["Score", "Commentaire"], [None], [8, "ok"]]},
    )
    result = read_export(path, sheet="Réponses")
    assert result.accepted["source_line"].tolist() == [3]
    # by default, the first sheet whose header names a score: here not the notice sheet
    result = read_export(path)
    assert result.details["sheet"] == "Réponses"
    assert result.accepted["source_line"].tolist() == [3]
    assert result.warnings[0] == (
        "sheet 'Notes' has no header naming a score in its first 20 rows; read sheet "
        "'Réponses' (choose with --sheet NAME)"
    )
    with pytest.raises(
        VerbatimError, match="Sheet 'Feuil3' not found .* Sheets found: 'Notes', 'Réponses'"
    ):
        read_export(path, sheet="Feuil3")


def test_ingest_segment_named_like_a_canonical_field(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "seg.csv", [["Promoteur", "9", "web"]], header=["score", "Q1", "category"]
    )
    result = read_export(path, column_map={"score": "Q1"})
    assert result.accepted["score (segment)"].tolist() == ["Promoteur"]
    assert result.accepted["category (segment)"].tolist() == ["web"]


def test_ingest_jsonl_rejects_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(
        '{"score": 9, "comment": "ok", "extra": {"a": 1}}\n\n{oops\n[1, 2]\n{"score": 9.5}\n',
        encoding="utf-8",
    )
    result = read_export(path)
    assert result.accepted["extra"].tolist() == ['{"a": 1}']
    assert result.rejects["line"].tolist() == [3, 4, 5]
    assert result.rejects["reason"].tolist()[:2] == [
        "not valid JSON (Expecting property name enclosed in double quotes)",
        "a JSON list, not an object",
    ]


# ------------------------------------------------------------------------------ refusals
def _bad_file(tmp_path: Path, case: str) -> Path:
    if case == "missing":
        return tmp_path / "nope.csv"
    if case == "folder":
        (tmp_path / "dir.csv").mkdir()
        return tmp_path / "dir.csv"
    files: dict[str, bytes] = {
        "empty.csv": b"",
        "empty.xlsx": b"",
        "binary.csv": bytes(range(256)) * 40,
        "workbook.csv": b"PK\x03\x04" + b"\x00" * 200,
        "text.xlsx": b"score;comment\n9;ok\n",
        "bad.parquet": b"score,comment\n9,ok\n",
        "report.pdf": b"%PDF-1.7",
        "doc.docx": b"PK\x03\x04",
        "array.json": b'[{"score": 9}]',
        "noext": b"score\n9\n",
        "array.jsonl": b'[{"score": 9},\n {"score": 8}]\n',
        "zip.xlsx": b"PK\x03\x04" + b"\x00" * 100,
    }
    path = tmp_path / case
    path.write_bytes(files[case])
    return path


@pytest.mark.parametrize(
    ("case", "code", "text"),
    [
        ("missing", "E101", "File not found: "),
        ("folder", "E106", "it is a folder"),
        ("empty.csv", "E102", "is empty (0 bytes)"),
        ("empty.xlsx", "E102", "is empty (0 bytes)"),
        ("binary.csv", "E103", "looks binary, not a CSV export (it contains 40 NUL bytes)"),
        ("workbook.csv", "E103", "it is a ZIP archive"),
        ("text.xlsx", "E103", "not a XLSX export (it is not a ZIP-based workbook"),
        ("bad.parquet", "E103", "the PAR1 marker is missing"),
        ("report.pdf", "E104", "Unsupported file extension '.pdf'"),
        ("doc.docx", "E104", "Unsupported file extension '.docx'"),
        ("array.json", "E104", "Unsupported file extension '.json'"),
        ("noext", "E104", "Unsupported file extension '(none)'"),
        ("array.jsonl", "E106", "JSON array, not one object per line"),
        ("zip.xlsx", "E106", "Could not read"),
    ],
)
def test_ingest_refuses_unusable_files(tmp_path: Path, case: str, code: str, text: str) -> None:
    with pytest.raises(VerbatimError, match=text.replace("(", r"\(").replace(")", r"\)")) as info:
        read_export(_bad_file(tmp_path, case))
    assert info.value.code == code


def test_read_export_hands_over_the_first_comments_before_validating(
    sample_path, tmp_path, monkeypatch
):
    import verbatim.pipelines.io.ingest as ingest

    monkeypatch.setattr(ingest, "HEAD_ROWS", 60)
    heads: list[pd.DataFrame] = []
    result = ingest.read_export(sample_path, on_head=heads.append)
    (head,) = heads
    assert list(head.columns) == ["response_id", "comment", "language"] and len(head) == 60
    # cleaned exactly as the accepted rows of those lines (response_id is the line number)
    kept = result.accepted.set_index("source_line")
    lines = head["response_id"].astype(int)
    assert lines.isin(kept.index).all()

    def texts(values: pd.Series) -> list[str | None]:
        return [None if pd.isna(v) else v for v in values]

    assert texts(head["comment"]) == texts(kept.loc[lines, "comment"])
    assert head["comment"].notna().sum() > 20
    # an export without a comment column has nothing to hand over
    no_comment = tmp_path / "scores.csv"
    no_comment.write_text("id;score\nr1;9\nr2;3\n", encoding="utf-8")
    ingest.read_export(no_comment, on_head=heads.append)
    assert len(heads) == 1
