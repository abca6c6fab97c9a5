"""Workbooks as pandas, openpyxl and hostile senders write them: formulas, merged cells, bombs."""

from __future__ import annotations

import time
import zipfile

import openpyxl
import pytest

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io import ingest
from verbatim.pipelines.io.ingest import read_export


def _book(path, rows, merge=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Réponses"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)  # openpyxl saves formulas without their values, as pandas does
    return path


HEADER = ["ID", "Date", "Note", "Commentaire", "Canal"]


def test_formulas_without_saved_values_are_computed_or_rejected_never_blank(tmp_path):
    path = _book(
        tmp_path / "f.xlsx",
        [
            HEADER,
            ["R1", "2026-10-01", "=4+5", "Très bien", '="Web"'],
            ["R2", "2026-10-02", 3, '=CONCAT("Trop"," cher")', "Web"],
            ["R3", "2026-10-03", "=B2*2", "Correct", "Web"],
            ["R4", "2026-10-04", 2, "Nul", "=VLOOKUP(A5,Z:Z,1)"],
        ],
    )
    result = read_export(path)
    got = result.accepted.set_index("response_id")
    assert got.loc["R1", "score"] == 9 and got.loc["R1", "Canal"] == "Web"  # computed
    assert got.loc["R4", "score"] == 2 and got.loc["R4", "Canal"] is None  # segment: blank
    assert set(got.index) == {"R1", "R4"}
    rejects = result.rejects.set_index("line")
    assert rejects.loc[3, "column"] == "Commentaire"
    assert rejects.loc[4, "column"] == "Note" and rejects.loc[4, "value"] == "=B2*2"
    assert "has no saved value" in rejects.loc[4, "reason"]
    assert "open and save it in Excel or LibreOffice" in rejects.loc[4, "reason"]
    assert any(
        "5 formula cell(s) had no saved value" in w and "2 computed" in w for w in result.warnings
    )


def test_merged_cells_give_their_value_to_every_row_they_cover(tmp_path):
    rows = [HEADER] + [
        [f"R{i}", "2026-10-01", 9, "Bien", "Boutique" if i == 1 else None] for i in range(1, 5)
    ]
    result = read_export(_book(tmp_path / "m.xlsx", rows, merge="E2:E4"))
    canal = result.accepted.set_index("response_id")["Canal"]
    assert canal.to_dict() == {"R1": "Boutique", "R2": "Boutique", "R3": "Boutique", "R4": None}
    assert any("2 cell(s) of merged ranges filled" in w for w in result.warnings)


def test_a_workbook_that_expands_far_beyond_its_size_is_refused_before_parsing(
    tmp_path, monkeypatch
):
    path = _book(tmp_path / "bomb.xlsx", [HEADER, ["R1", "2026-10-01", 9, "ok", "Web"]])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.xml", b" " * 20_000_000)  # 20 MB of blanks: ~20 KB compressed
    monkeypatch.setattr(ingest, "XLSX_RATIO_FLOOR", 10_000_000)  # the real floor is 100 MB
    start = time.perf_counter()
    with pytest.raises(VerbatimError, match=r"E111.*expand to 20 MB.*decompression bomb"):
        read_export(path)
    assert time.perf_counter() - start < 1.0


def test_an_ordinary_workbook_passes_the_size_check(tmp_path, sample_path):
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    frame = pd.read_csv(sample_path, sep=";", encoding="utf-8-sig", dtype=str)
    frame = frame.apply(lambda c: c.str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True))
    path = tmp_path / "sample.xlsx"
    frame.to_excel(path, index=False)
    assert len(read_export(path).accepted) > 1000
