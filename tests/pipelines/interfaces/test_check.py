"""`verbatim check`: what a run would ingest from an export, without running it or storing anything."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

from tests.helpers import verbatim
from verbatim.pipelines.io.ingest import read_export
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.steps.jobs import ingest_step


@pytest.mark.parametrize("fmt", ["json"])
def test_check_sample_counts_match_what_run_ingests(sample_path, tmp_path, truth, fmt):
    db = tmp_path / "untouched.db"
    start = time.perf_counter()
    proc = verbatim(
        "check",
        str(sample_path),
        "--format",
        fmt,
        cwd=tmp_path,
        env={"VERBATIM_DB_URL": f"sqlite:///{db}"},
    )
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert not db.exists()  # no store opened
    store = Store(f"sqlite:///{tmp_path / 'run.db'}")
    ingested = ingest_step(store, [sample_path], say=lambda _: None)
    responses = store.responses()
    store.dispose()
    counts = report["counts"]
    assert counts["accepted"] == ingested["accepted"] == truth["counts"]["accepted"]
    assert counts["rejected"] == ingested["rejected"] == truth["counts"]["rejected"]
    assert counts["rows"] == ingested["rows"]
    assert counts["with_comment"] == int(responses["comment"].notna().sum())
    assert counts["with_comment"] + counts["without_comment"] == counts["accepted"]
    assert counts["without_score"] == truth["counts"]["invitations_without_answer"]
    result = read_export(sample_path)
    assert {c["column"]: c["read_as"] for c in report["columns"] if c["read_as"] != "segment"} == {
        header: field for field, header in result.mapping.items()
    }
    assert report["read"] == {"format": "csv", "encoding": "utf-8-sig", "delimiter": "semicolon"}
    assert report["usable"] is True and report["error"] is None
    assert len(report["rejects"]) == min(10, len(result.rejects))
    assert report["rejects"][0]["reason"] == result.rejects.iloc[0]["reason"]
    assert elapsed < 10, elapsed  # ~1.4 s measured; loose for a loaded machine


@pytest.mark.parametrize("shown", ["3"])
def test_check_table_lists_columns_counts_and_first_rejects(sample_path, tmp_path, truth, shown):
    proc = verbatim(
        "check", str(sample_path), "--rejects", shown, cwd=tmp_path, env={"COLUMNS": "250"}
    )
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "read as csv (encoding utf-8-sig, separator semicolon)" in text
    assert "Note de recommandation" in text and "│ score" in text and "│ segment" in text
    assert f"{truth['counts']['accepted']} accepted, {truth['counts']['rejected']} rejected" in text
    assert "First 3 of the rejects" in text
    assert "score 'N/A' is not an integer from 0 to 10" in text
    assert "Usable" in text


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_check_no_score_column_exits_2_naming_the_columns_found(tmp_path, fmt):
    export = tmp_path / "no_score.csv"
    export.write_text("id;commentaire;canal\n1;bien;web\n2;nul;app\n", encoding="utf-8")
    proc = verbatim("check", str(export), "--format", fmt, cwd=tmp_path)
    assert proc.returncode == 2
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output
    assert output.count("Required column 'score' not found") == 1
    assert "Columns found: 'id', 'commentaire', 'canal'" in output
    if fmt == "json":
        report = json.loads(proc.stdout)
        assert report["usable"] is False and report["code"] == "E105"


@pytest.mark.parametrize("rows", ["note;commentaire\nx;bien\ny;nul\n"])
def test_check_every_row_rejected_is_not_usable(tmp_path, rows):
    export = tmp_path / "bad_scores.csv"
    export.write_text(rows, encoding="utf-8")
    proc = verbatim("check", str(export), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    assert report["usable"] is False
    assert report["counts"]["accepted"] == 0 and report["counts"]["rejected"] == 2
    assert report["error"] == "every one of the 2 rows was rejected"


@pytest.mark.parametrize("sheet", ["Réponses"])
def test_check_follows_sheet_and_map(tmp_path, sheet):
    export = tmp_path / "export.xlsx"
    frame = pd.DataFrame({"Évaluation": [9, 3, 10], "Votre avis": ["Top", "Lent", None]})
    with pd.ExcelWriter(export) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="Notes", index=False)
        frame.to_excel(writer, sheet_name=sheet, index=False)
    args = ("check", str(export), "--sheet", sheet, "--map", "score=Évaluation", "--format", "json")
    proc = verbatim(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["read"] == {"format": "xlsx", "sheet": sheet}
    assert {c["column"]: c["read_as"] for c in report["columns"]} == {
        "Évaluation": "score",
        "Votre avis": "comment",
    }
    assert report["counts"]["with_comment"] == 2 and report["counts"]["without_comment"] == 1
    wrong = verbatim("check", str(export), "--sheet", "Nope", cwd=tmp_path)
    assert wrong.returncode == 2 and "Sheet 'Nope' not found" in wrong.stderr


@pytest.mark.parametrize("limit", [200])
def test_check_first_records_find_file_problems_and_map_the_same(sample_path, limit):
    head = read_export(sample_path, max_records=limit)
    whole = read_export(sample_path)
    assert head.mapping == whole.mapping and head.details == whole.details
    assert len(head.accepted) <= limit
