"""The CLI on the bundled sample: NPS by month, rejects, exports, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.jobs import ingest_step
from pipelines.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory, sample_path) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'v.db'}"
    store = Store(url)
    run_id = store.start_run({})
    ingest_step(store, [sample_path], run_id=run_id)
    store.finish_run(run_id, status="completed", counts={})
    store.dispose()
    return url


def _cli(*args: str) -> object:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result


def _wald(p: int, d: int, n: int) -> tuple[float, float]:
    n2 = n + 3
    p2, d2 = (p + 0.75) / n2, (d + 0.75) / n2
    half = 1.959964 * math.sqrt((p2 + d2 - (p2 - d2) ** 2) / n2)
    return 100 * (p2 - d2 - half), 100 * (p2 - d2 + half)


def test_cli_nps_by_month_matches_hand_computation(loaded_db, truth):
    result = _cli("nps", "--by", "month", "--format", "json", "--db", loaded_db)
    assert result.exit_code == 0, result.output
    rows = {r["period"]: r for r in json.loads(result.stdout)}
    assert set(rows) == set(truth["nps_by_month"])
    for month, expected in truth["nps_by_month"].items():
        got = rows[month]
        for key in ("responses", "promoters", "passives", "detractors"):
            assert got[key] == expected[key], (month, key)
        assert got["nps"] == pytest.approx(expected["nps"], abs=0.01)
        low, high = _wald(expected["promoters"], expected["detractors"], expected["responses"])
        assert got["ci_low"] == pytest.approx(low, abs=0.01)
        assert got["ci_high"] == pytest.approx(high, abs=0.01)


def test_cli_nps_table_and_segment(loaded_db, truth):
    result = _cli("nps", "--db", loaded_db)
    assert result.exit_code == 0
    assert f"{truth['counts']['respondents']}" in result.stdout
    seg = _cli("nps", "--segment", "Canal", "--format", "csv", "--db", loaded_db)
    rows = list(csv.DictReader(io.StringIO(seg.stdout)))
    assert {r["segment"] for r in rows} == {f"Canal={v}" for v in truth["segment_values"]["Canal"]}
    assert sum(int(r["responses"]) for r in rows) == truth["counts"]["respondents"]


def test_cli_rejects_list_every_planted_defect(loaded_db, truth):
    result = _cli("rejects", "--format", "json", "--db", loaded_db)
    rejects = json.loads(result.stdout)
    planted = [d for d in truth["defects"] if not d["accepted"]]
    assert len({r["line"] for r in rejects}) == len(planted) == truth["counts"]["rejected"]
    by_line = {r["line"]: r for r in rejects}
    for defect in planted:
        got = by_line[defect["physical_line"]]
        assert defect["reason_keyword"] in got["reason"].lower()
        assert got["file"].endswith("nps_export.csv")


def test_cli_nothing_accepted_is_lost(loaded_db, truth):
    store = Store(loaded_db)
    df = store.responses()
    assert len(df) == truth["counts"]["accepted"]
    assert int(df["score"].isna().sum()) == truth["counts"]["invitations_without_answer"]
    accepted = {d["response_id"]: d for d in truth["defects"] if d["accepted"]}
    by_id = df.set_index("response_id")
    assert by_id.loc["NPS-00100", "score"] == 10  # "10/10"
    assert by_id.loc[accepted["NPS-00701"]["response_id"], "comment"].startswith("=HYPERLINK")


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_cli_export_responses_keeps_contract_columns(loaded_db, tmp_path, fmt):
    target = tmp_path / f"responses.{fmt}"
    result = _cli(
        "export", "responses", "--format", fmt, "--output", str(target), "--db", loaded_db
    )
    assert result.exit_code == 0, result.output
    df = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt](target)
    assert list(df.columns[:6]) == [
        "response_id",
        "score",
        "category",
        "comment",
        "language",
        "responded_at",
    ]
    assert {"Canal", "Produit", "Région"} <= set(df.columns)
    if fmt == "csv":  # formulas neutralised for spreadsheets
        row = df[df["response_id"] == "NPS-00701"].iloc[0]
        assert row["comment"].startswith("'=HYPERLINK")


def test_cli_export_nps_contract_columns(loaded_db):
    result = _cli("export", "nps", "--format", "csv", "--db", loaded_db)
    df = pd.read_csv(io.StringIO(result.stdout))
    assert list(df.columns) == [
        "period",
        "segment",
        "responses",
        "promoters",
        "passives",
        "detractors",
        "nps",
        "ci_low",
        "ci_high",
    ]


@pytest.mark.parametrize(
    "args,message",
    [
        (["run", "missing.csv"], "File not found"),
        (["export", "nosuch"], "Unknown table 'nosuch'"),
        (["nps", "--segment", "Nope"], "Segment columns in the store"),
        (["top-themes", "--since", "yesterday-ish"], "Use YYYY-MM-DD (2026-10-01)"),
    ],
)
def test_cli_errors_are_one_line_with_exit_2(loaded_db, tmp_path, args, message):
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args, "--db", loaded_db],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) <= 2


@pytest.mark.parametrize(
    "command", ["run", "nps", "rejects", "export", "top-themes", "themes", "report", "runs", "api"]
)
def test_cli_every_command_has_help_with_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
