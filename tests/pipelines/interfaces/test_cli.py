"""The CLI on the bundled sample: NPS by month, rejects, exports, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.helpers import verbatim
from verbatim.pipelines.interfaces.cli import app
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.steps.jobs import ingest_step

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
        [sys.executable, "-m", "verbatim.pipelines.interfaces.cli", *args, "--db", loaded_db],
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
    "command",
    ["run", "check", "nps", "rejects", "export", "top-themes", "themes", "report", "runs", "api"],
)
def test_cli_every_command_has_help_with_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


@pytest.mark.parametrize(
    "content,args,message",
    [
        ("id;commentaire\n1;bien\n", [], "Required column 'score' not found"),
        ("note;avis\n9;bien\n", ["--map", "comment=Verbatim"], "Column 'Verbatim' given in --map"),
        ("", [], "is empty (0 bytes)"),
    ],
)
def test_cli_run_bad_input_is_said_once_before_prefect_starts(tmp_path, content, args, message):
    export = tmp_path / "export.csv"
    export.write_text(content, encoding="utf-8")
    proc = verbatim(
        "run",
        str(export),
        *args,
        "--db",
        f"sqlite:///{tmp_path / 'v.db'}",
        cwd=tmp_path,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert output.count(message) == 1, output
    assert "Traceback" not in output and "temporary server" not in output
    assert not (tmp_path / "v.db").exists()


def _hold_lock(url: str) -> None:
    from verbatim.pipelines.orchestration.lock import try_acquire

    store = Store(url)
    assert try_acquire(store, owner="otherhost:4242") is None
    store.dispose()


@pytest.mark.parametrize(
    "case,message",
    [
        ("lock", "holds the lock"),  # raised by the flow itself
        ("model", "is not available offline"),  # raised in the embed task, which retries others
    ],
)
def test_cli_run_error_inside_the_flow_is_said_once(tmp_path, case, message):
    url = f"sqlite:///{tmp_path / 'v.db'}"
    export = tmp_path / "export.csv"
    export.write_text(
        "score;comment\n9;Livraison rapide\n2;Le SAV ne répond jamais\n7;Correct\n",
        encoding="utf-8",
    )
    env = {}
    if case == "lock":
        _hold_lock(url)
    else:
        env["VERBATIM_EMBEDDING_MODEL"] = str(tmp_path / "no-such-model")
    proc = verbatim("run", str(export), "--db", url, cwd=tmp_path, env=env, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert output.count(message) == 1, output
    assert "Traceback" not in output
    assert "Retry" not in output  # a user-fixable error is not retried
    assert "Finished in state Failed" in output  # Prefect still says the run failed


@pytest.mark.parametrize("debug", [False, True])
def test_cli_library_warnings_never_reach_the_user(tmp_path, debug):
    script = (
        "import os, warnings, logging\n"
        "from verbatim.pipelines.interfaces.cli import quiet_libraries\n"
        "quiet_libraries()\n"
        "warnings.warn_explicit('library noise', FutureWarning, 'sklearn/x.py', 1, module='sklearn.x')\n"
        "logging.getLogger('transformers').warning('weights noise')\n"
        "logging.getLogger('verbatim').warning('our own message')\n"
        "print(os.environ.get('PYTHONWARNINGS'))\n"
    )
    env = {"VERBATIM_DEBUG": "1"} if debug else {}
    env = {k: v for k, v in {**os.environ, **env}.items() if k != "PYTHONWARNINGS"}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "our own message" in proc.stderr
    assert ("library noise" in proc.stderr) is debug
    assert ("weights noise" in proc.stderr) is debug
    if not debug:  # the processes a run starts (embedding, Prefect's server) are quiet too
        assert proc.stdout.strip() == "ignore"


@pytest.mark.parametrize("width", [60, 80, 120])
def test_cli_tables_never_fold_a_number_and_say_what_they_leave_out(width, monkeypatch, capsys):
    import importlib

    import pandas as pd

    # the module, not the Typer app the package exports under the same name
    cli_app = importlib.import_module("verbatim.pipelines.interfaces.cli.app")
    frame = pd.DataFrame(
        {
            "rank": [1, 2],
            "label_en": ["Billing errors", "Slow or no responses to complaints"],
            "responses": [145, 101],
            "impact": [-8.16, -6.1],
            "q_value": [5.88e-36, 9.51e-27],
            "adjusted_odds_ratio": [23.55, 24.32],
            "value_at_risk_share": [0.16, 0.04],
        }
    )
    monkeypatch.setattr(cli_app.out, "width", width)
    cli_app.emit(frame, cli_app.Format.table, title="Top detractor drivers")
    printed = capsys.readouterr().out
    table = [line for line in printed.splitlines() if line[:1] in "┏┃┡│└"]
    assert table and all(len(line) <= width for line in table), printed
    assert "Billing errors" in printed
    said = re.search(r"Left out at this width: (.*) \(a wider terminal", printed)
    left = said.group(1).split(", ") if said else []
    assert left == list(frame.columns[len(frame.columns) - len(left) :])  # the rightmost go
    body = "\n".join(table)
    for col in frame.columns:
        if col not in left and col != "label_en":  # every number shown is whole on one line
            for value in frame[col]:
                assert cli_app._cell(value) in body, (col, printed)
    if width == 60:
        assert left, printed
    if width == 120:
        assert not left, printed
    assert "rank" in printed and "label" in printed  # at least the first two always
