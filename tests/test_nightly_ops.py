"""Nightly operations end to end: incremental second night, stable ids and edits, kill and rerun."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.helpers import CLI, cli_env, verbatim
from verbatim.pipelines.io.store import Store

pytestmark = pytest.mark.slow


def _next_day(sample: Path, target: Path, n: int = 40) -> Path:
    """A day of new responses: new ids and dates, comments reworded from the sample's."""
    with sample.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    picked = [r for r in rows if r["Commentaire"].strip()][:n]
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), delimiter=";")
        writer.writeheader()
        for i, r in enumerate(picked):
            writer.writerow(
                {
                    **r,
                    "ID réponse": f"NEW-{i:04d}",
                    "Date de réponse": "01/11/2026",
                    "Commentaire": r["Commentaire"] + " (encore)",
                }
            )
    return target


def _run(db: str, tmp_path: Path, *args: object) -> list[str]:
    """``verbatim run ARGS`` on the test's store, report files in ``tmp_path/o``."""
    return ["run", *map(str, args), "--db", db, "--output", str(tmp_path / "o")]


def test_nightly_second_night_is_incremental_and_keeps_ids_and_edits(tmp_path, sample_path):
    db = f"sqlite:///{tmp_path / 'v.db'}"
    first = verbatim(  # the first night embeds in the background process (forced: small file)
        *_run(db, tmp_path, sample_path), cwd=tmp_path, env={"VERBATIM_EMBEDDING_BACKGROUND": "1"}
    )
    assert first.returncode == 0, first.stderr[-2000:]
    assert "in the background process" in first.stdout + first.stderr
    store = Store(db)
    themes = store.themes()
    tid = int(themes.sort_values("size").iloc[-1]["theme_id"])
    store.dispose()
    renamed = verbatim(
        "themes",
        "rename",
        str(tid),
        "--fr",
        "Mon libellé",
        "--en",
        "My label",
        "--db",
        db,
        cwd=tmp_path,
    )
    assert renamed.returncode == 0, renamed.stderr
    new_day = _next_day(sample_path, tmp_path / "day2.csv")
    second = verbatim(*_run(db, tmp_path, sample_path, new_day), cwd=tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    runs = json.loads(verbatim("runs", "--format", "json", "--db", db, cwd=tmp_path).stdout)
    assert runs[0]["status"] == "completed"
    assert 0 < runs[0]["embedded"] <= 40  # only the new texts
    store = Store(db)
    after = store.themes()
    assert set(themes["theme_id"]) <= set(after["theme_id"])
    row = after[after["theme_id"] == tid].iloc[0]
    assert (row["label_fr"], row["label_en"]) == ("Mon libellé", "My label")
    assert store.mentions()["theme_id"].notna().all()
    store.dispose()
    # a refit keeps ids (matched by centroid) and the analyst's label
    third = verbatim(*_run(db, tmp_path, sample_path, "--refit"), cwd=tmp_path)
    assert third.returncode == 0, third.stderr[-2000:]
    store = Store(db)
    refit = store.themes()
    kept = set(themes["theme_id"]) & set(refit["theme_id"])
    assert len(kept) >= 0.8 * len(themes)
    assert refit.loc[refit["theme_id"] == tid, "label_en"].iloc[0] == "My label"
    store.dispose()


def _stored_responses(path: Path) -> bool:
    """Whether the run has stored responses, read without taking a lock or migrating.

    A ``Store`` migrates when it opens, which may wait on the run's own write transaction
    (SQLite allows one writer): on a loaded CI machine that wait outlasted the whole run.
    """
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)) as conn:
            return conn.execute("SELECT count(*) FROM responses").fetchone()[0] > 0
    except sqlite3.OperationalError:  # no table yet, or locked for a moment
        return False


def test_nightly_killed_run_loses_nothing(tmp_path, sample_path, truth):
    db = f"sqlite:///{tmp_path / 'v.db'}"
    proc = subprocess.Popen(
        [*CLI, *_run(db, tmp_path, sample_path)],
        cwd=tmp_path,
        env={**cli_env(tmp_path), "VERBATIM_EMBEDDING_BACKGROUND": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not _stored_responses(tmp_path / "v.db"):
        assert proc.poll() is None, "the run ended before any response was stored"
        time.sleep(0.2)
    # kill once responses are stored (comments are being prepared or embedded): the run must
    # still be going, or this test would check nothing
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    rerun = verbatim(*_run(db, tmp_path, sample_path), cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-2000:]
    runs = json.loads(verbatim("runs", "--format", "json", "--db", db, cwd=tmp_path).stdout)
    assert runs[0]["status"] == "completed"
    assert runs[-1]["status"] == "failed" and "interrupted" in runs[-1]["error"]
    store = Store(db)
    assert store.count("responses") == truth["counts"]["accepted"]
    assert store.responses_to_prepare().empty
    assert store.mentions()["theme_id"].notna().all()
    store.dispose()
