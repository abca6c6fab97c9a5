"""Inputs from the reliability probe (issue 15): title rows, notice sheets, stray bytes, NULs,
stale rejects, comments without a score and JSON keys in another case."""

from __future__ import annotations

import json
import random
from pathlib import Path

import openpyxl
import pytest

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io.ingest import COMMENT_WITHOUT_SCORE, read_export
from verbatim.pipelines.steps import jobs

HEADER = "ID réponse;Date de réponse;Note;Commentaire;Canal"


def _data_lines(n: int, *, start: int = 1) -> list[str]:
    return [
        f"R{i};0{1 + i % 9}/10/2026;{i % 11};Très bien, merci {i};Web" for i in range(start, n + 1)
    ]


def _write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def _counts_add_up(result, data_rows: int) -> None:
    rejected = result.rejects[["file", "line"]].drop_duplicates().shape[0]
    assert len(result.accepted) + rejected == result.rows == data_rows


# ------------------------------------------------------------------------ item 7: header row
@pytest.mark.parametrize(
    ("above", "title"),
    [
        (["Export NPS — octobre 2026", ""], "Export NPS — octobre 2026"),
        (
            ["Enquête de satisfaction;;;;", "Extraction du 03/10/2026;;;;"],
            "Enquête de satisfaction",
        ),
    ],
)
def test_ingest_probe_csv_header_below_a_title(tmp_path: Path, above: list[str], title: str):
    lines = [*above, HEADER, *_data_lines(5), "R6;06/10/2026;11;Trop cher;Web"]
    path = tmp_path / "titled.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_export(path)
    assert result.mapping["score"] == "Note" and result.mapping["comment"] == "Commentaire"
    assert result.details["delimiter"] == "semicolon"
    assert result.warnings[0] == (
        f"header found on line 3; the {sum(bool(a) for a in above)} row(s) above it were "
        f"skipped (a title or notes: '{title}')"
    )
    # line numbers stay the file's own: the header is line 3, data lines 4-9
    assert result.accepted["source_line"].tolist() == [4, 5, 6, 7, 8]
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [9, "score '11' is not an integer from 0 to 10"]
    ]
    _counts_add_up(result, 6)


@pytest.mark.parametrize(
    ("header", "first_row"),
    [
        (HEADER, "R1;01/10/2026;9;Pourquoi pas, bonne note;Web"),
        # a header naming only the score, a data row whose comment names a score and a reason
        ("ID;Date;NPS;Texte libre;Canal", "R1;01/10/2026;9;Pourquoi pas, bonne note;Date"),
        # --map headers that name no known field
        ("Q0;Q1;Q2;Q3;Q4", "R1;01/10/2026;9;Pourquoi pas, la note;Web"),
    ],
)
def test_ingest_probe_csv_header_on_first_line_reads_as_before(
    tmp_path: Path, header: str, first_row: str
):
    lines = [header, first_row, *_data_lines(4, start=2)]
    path = tmp_path / "plain.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = header.split(";")
    mapped = {"score": names[2], "comment": names[3]} if names[0] == "Q0" else None
    result = read_export(path, column_map=mapped)
    assert not any("header found" in w for w in result.warnings)
    assert result.mapping["score"] == names[2]
    assert result.accepted["source_line"].tolist() == [2, 3, 4, 5]
    assert result.accepted["score"].tolist()[0] == 9


@pytest.mark.parametrize("sheet", ["Réponses"])
def test_ingest_probe_xlsx_title_rows_and_notice_sheet(tmp_path: Path, sheet: str):
    rows: list[list[object]] = [
        ["Enquête NPS — export du 03/10/2026"],
        ["Confidentiel"],
        ["ID réponse", "Note", "Commentaire"],
        ["R1", 9, "Très bien"],
        ["R2", "N/A", "Bof"],
        ["R3", 3, "Trop cher"],
    ]
    notice = [["Notice"], ["Ce fichier contient les réponses de l'enquête."], ["Voir l'onglet 2"]]
    path = _write_xlsx(tmp_path / "export.xlsx", {"Notice": notice, sheet: rows})
    result = read_export(path)
    assert result.details["sheet"] == sheet
    assert result.warnings[:2] == [
        "sheet 'Notice' has no header naming a score in its first 20 rows; read sheet "
        f"'{sheet}' (choose with --sheet NAME)",
        f"header found on row 3 of sheet '{sheet}'; the 2 row(s) above it were skipped "
        "(a title or notes: 'Enquête NPS — export du 03/10/2026')",
    ]
    assert result.accepted[["source_line", "score"]].values.tolist() == [[4, 9], [6, 3]]
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [5, "score 'N/A' is not an integer from 0 to 10"]
    ]
    _counts_add_up(result, 3)


@pytest.mark.parametrize("sheets", [("Notice", "Stats")])
def test_ingest_probe_xlsx_without_a_score_header_names_the_sheets(tmp_path: Path, sheets):
    path = _write_xlsx(
        tmp_path / "none.xlsx", {name: [["Lisez-moi"], ["a", "b"]] for name in sheets}
    )
    with pytest.raises(VerbatimError) as info:
        read_export(path)
    assert info.value.code == "E105"
    assert "(in sheet 'Notice' of 'Notice', 'Stats': try --sheet NAME)" in str(info.value)


# ------------------------------------------------------------------------ item 8: encodings
@pytest.mark.parametrize("bad_rows", [1, 3])
def test_ingest_probe_mostly_utf8_with_a_few_cp1252_rows(tmp_path: Path, bad_rows: int):
    good = [line.encode("utf-8") for line in _data_lines(400)]
    bad = [f"X{i};01/10/2026;2;Très déçu;Web".encode("cp1252") for i in range(bad_rows)]
    mixed = "M1;01/10/2026;5;Très moyen ".encode() + b"\xff;Web"  # UTF-8 and a stray byte
    path = tmp_path / "mostly.csv"
    path.write_bytes(b"\n".join([HEADER.encode(), *good, *bad, mixed]) + b"\n")
    result = read_export(path)
    comments = result.accepted.set_index("response_id")["comment"]
    assert comments["R1"] == "Très bien, merci 1"  # not 'TrÃ¨s'
    assert all(comments[f"X{i}"] == "Très déçu" for i in range(bad_rows))
    assert comments["M1"] == "Très moyen \ufffd"
    assert result.details["encoding"] == "utf-8"
    assert (
        f"{bad_rows + 1} line(s) are not valid UTF-8: {bad_rows} read as cp1252 (Windows), 1 "
        "with '�' for the bad bytes; the rest of the file is UTF-8"
    ) in result.warnings
    _counts_add_up(result, 400 + bad_rows + 1)


@pytest.mark.parametrize("nuls", [30])
def test_ingest_probe_nul_bytes_in_one_comment_are_removed(tmp_path: Path, nuls: int):
    lines = [line.encode("utf-8") for line in [HEADER, *_data_lines(500)]]
    lines[250] = b"R250;01/10/2026;4;Colis " + b"\x00" * nuls + "abîmé;Web".encode()
    path = tmp_path / "nuls.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = read_export(path)
    comments = result.accepted.set_index("response_id")["comment"]
    assert comments["R250"] == "Colis abîmé"
    assert f"removed {nuls} NUL byte(s) (a damaged or pasted value) from the text" in (
        result.warnings
    )
    _counts_add_up(result, 500)


@pytest.mark.parametrize("seed", [0, 1])
def test_ingest_probe_binary_content_is_still_refused(tmp_path: Path, seed: int):
    path = tmp_path / "random.csv"
    path.write_bytes(random.Random(seed).randbytes(40_000))
    with pytest.raises(VerbatimError, match="looks binary, not a CSV export") as info:
        read_export(path)
    assert info.value.code == "E103"


# ------------------------------------------------------------------- item 9: stale rejects
@pytest.mark.parametrize("fixed_score", ["7"])
def test_ingest_probe_reingest_replaces_the_files_rejects(tmp_path: Path, store, fixed_score):
    path = tmp_path / "export.csv"
    rows = _data_lines(4)
    path.write_text("\n".join([HEADER, *rows, "R5;05/10/2026;N/A;Bof;Web"]) + "\n", "utf-8")
    first = jobs.ingest_step(store, [path], run_id=store.start_run({}))
    assert (first["accepted"], first["rejected"]) == (4, 1)
    assert store.rejects()["reason"].tolist() == ["score 'N/A' is not an integer from 0 to 10"]

    fixed = f"R5;05/10/2026;{fixed_score};Bof;Web"
    path.write_text("\n".join([HEADER, *rows, fixed]) + "\n", "utf-8")
    second = jobs.ingest_step(store, [path], run_id=store.start_run({}))
    assert (second["accepted"], second["rejected"]) == (5, 0)
    assert store.rejects().empty  # the fixed row's old reject is gone
    assert len(store.responses()) + len(store.rejects()) == 5

    # without a run id too (a notebook, a test), and a file's new reject replaces the old one
    path.write_text("\n".join([HEADER, *rows, "R5;05/10/2026;12;Bof;Web"]) + "\n", "utf-8")
    jobs.ingest_step(store, [path])
    assert store.rejects()["reason"].tolist() == ["score '12' is not an integer from 0 to 10"]


# -------------------------------------------------------------------------- item 13: smaller
@pytest.mark.parametrize("blank", ["", "  "])
def test_ingest_probe_comment_without_a_score_is_rejected(tmp_path: Path, blank: str):
    path = tmp_path / "blank.csv"
    lines = [HEADER, f"R1;01/10/2026;{blank};Service nul;Web", "R2;01/10/2026;;;Web"]
    path.write_text("\n".join([*lines, "R3;01/10/2026;9;Top;Web"]) + "\n", encoding="utf-8")
    result = read_export(path)
    assert COMMENT_WITHOUT_SCORE == (
        "comment without a score (a blank score means invited, no answer; this customer answered)"
    )
    assert result.rejects[["line", "column", "reason"]].values.tolist() == [
        [2, "Note", COMMENT_WITHOUT_SCORE]
    ]
    # a blank score without a comment is still an invited customer who did not answer
    assert result.accepted["response_id"].tolist() == ["R2", "R3"]
    assert result.accepted["score"].isna().tolist() == [True, False]
    _counts_add_up(result, 3)


@pytest.mark.parametrize(("score_key", "comment_key"), [("Score", "Comment"), ("SCORE", "Avis")])
def test_ingest_probe_jsonl_keys_match_whatever_their_case(
    tmp_path: Path, score_key: str, comment_key: str
):
    objects = [
        {score_key: 9, comment_key: "Parfait"},
        {"score": 3, comment_key.lower(): "Trop lent"},
        {score_key.lower(): 8},
    ]
    path = tmp_path / "keys.jsonl"
    path.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objects) + "\n", "utf-8")
    result = read_export(path)
    assert result.mapping["score"] == score_key and result.mapping["comment"] == comment_key
    assert result.accepted["score"].tolist() == [9, 3, 8]
    assert result.accepted["comment"].tolist()[:2] == ["Parfait", "Trop lent"]
    assert list(result.accepted.columns[:6]) == [
        "response_id",
        "score",
        "comment",
        "responded_at",
        "language",
        "customer_id",
    ]
    assert len(result.accepted.columns) == 8  # no 'score (segment)' column beside them
    _counts_add_up(result, 3)
