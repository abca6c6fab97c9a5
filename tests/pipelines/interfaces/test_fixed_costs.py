"""Fixed costs of small and idle work: what a command loads, what a run reads again, what it keeps.

`verbatim --help` loads no data library; a store already at the newest schema opens without
Alembic; `verbatim top-themes` without filters reads the ranking the last run kept, and never
one the store has moved on from; a night handed yesterday's unchanged export reads nothing of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.pipelines.steps.test_rankings import _analysis
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import edits, jobs
from verbatim.pipelines.steps.analysis import save_ranking, stored_ranking

HEAVY = ("pandas", "scipy", "statsmodels", "sklearn", "torch", "sentence_transformers", "prefect")


def _loaded_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {HEAVY + ('alembic',)!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.parametrize("args", [["--help"], ["themes", "--help"], ["top-themes", "--help"]])
def test_fixed_costs_help_loads_no_data_library(args):
    code = (
        "import sys\n"
        f"sys.argv = ['verbatim', *{args!r}]\n"
        "from verbatim.pipelines.interfaces.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    assert _loaded_after(code) == []


def test_fixed_costs_store_at_the_newest_schema_opens_without_alembic(sqlite_url):
    Store(sqlite_url).dispose()  # created and migrated here
    loaded = _loaded_after(
        f"from verbatim.pipelines.io.store import Store\nStore({sqlite_url!r}).themes()"
    )
    assert "alembic" not in loaded


# --------------------------------------------------------------------------- the kept ranking
@pytest.fixture
def ranked(sqlite_url):
    """A store whose last completed run kept the ranking of ``_analysis()``."""
    store = Store(sqlite_url)
    analysis = _analysis()
    store.save_themes(analysis.themes)
    store.upsert_responses(
        pd.DataFrame({"response_id": ["r1"], "score": [9], "responded_at": [pd.NaT]})
    )
    run_id = store.start_run({})
    settings = load_settings(None, db_url=sqlite_url)
    save_ranking(store, analysis, settings)
    store.finish_run(run_id, status="completed", counts={})
    return store, settings, analysis


@pytest.mark.parametrize("level", ["theme", "parent", "all"])
@pytest.mark.parametrize("category", ["detractor", "promoter"])
def test_fixed_costs_kept_ranking_reads_back_equal(ranked, category, level):
    store, settings, analysis = ranked
    kept = stored_ranking(store, settings)
    assert kept is not None and kept.headline == analysis.headline
    pd.testing.assert_frame_equal(
        kept.top(category, level=level), analysis.top(category, level=level)
    )


@pytest.mark.parametrize("change", ["new run", "rename", "merge", "responses", "thresholds"])
def test_fixed_costs_kept_ranking_is_dropped_once_the_store_moves_on(ranked, change):
    store, settings, _ = ranked
    if change == "new run":
        store.start_run({})  # even one still going: its writes may already be in
    elif change == "rename":
        edits.rename(store, 1, label_en="cheerful staff")
    elif change == "merge":
        edits.merge(store, 2, 1)
    elif change == "responses":
        store.upsert_responses(pd.DataFrame({"response_id": ["r2"], "score": [3]}))
    else:
        settings = load_settings(None, db_url=store.url, nps__promoter_min=10)
    assert stored_ranking(store, settings) is None


def test_fixed_costs_top_themes_without_filters_reads_the_kept_ranking(ranked, monkeypatch):
    from verbatim.pipelines.interfaces.cli import app

    store, _, analysis = ranked
    calls = []

    def analyse(*args, **kwargs):
        calls.append(kwargs)
        return analysis

    monkeypatch.setattr("verbatim.pipelines.steps.analysis.analyse", analyse)
    args = ["top-themes", "--category", "promoter", "--format", "json", "--db", store.url]
    kept = CliRunner().invoke(app, args, catch_exceptions=False)
    assert kept.exit_code == 0, kept.output
    assert calls == []
    expected = analysis.top("promoter")["theme_id"].tolist()
    assert [r["theme_id"] for r in json.loads(kept.stdout)] == expected
    filtered = CliRunner().invoke(app, [*args, "--since", "2026-10-01"], catch_exceptions=False)
    assert filtered.exit_code == 0, filtered.output
    assert [c["since"] for c in calls] == ["2026-10-01"]


# --------------------------------------------------------------------------- unchanged exports
EXPORT = (
    "response_id,score,comment,responded_at\nr1,9,Great service,2026-10-01\nr2,3,Slow,2026-10-02\n"
)


def _night(store: Store, paths: list[Path], **options) -> dict:
    run_id = store.start_run({})
    counts = jobs.ingest_step(store, paths, run_id=run_id, say=lambda _: None, **options)
    store.finish_run(run_id, status="completed", counts={"ingest": counts})
    return counts


@pytest.fixture
def export(tmp_path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def test_fixed_costs_an_unchanged_export_is_not_read_again(store, export, monkeypatch):
    first = _night(store, [export])

    def read_export(*_args, **_kwargs):
        raise AssertionError("the unchanged export was read again")

    monkeypatch.setattr(jobs, "read_export", read_export)
    assert jobs.unchanged_inputs(store, [export]) == [export]
    again = _night(store, [export])
    assert (again["files"], again["accepted"], again["rejected"]) == (1, 2, 0)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert again["read"] == first["read"]
    third = _night(store, [export])  # and the night after: still the same record
    assert third["unchanged"] == 2


@pytest.mark.parametrize(
    "change", ["edited file", "other mapping", "id prefix", "failed run", "rejected row", "written"]
)
def test_fixed_costs_an_export_is_read_again_when_reading_it_could_change_something(
    store, export, change
):
    options: dict = {}
    if change == "rejected row":  # a row dated after the run's day may be accepted later
        export.write_text(EXPORT + "r3,8,Fine,2999-01-01\n", encoding="utf-8")
    _night(store, [export])
    if change == "edited file":
        export.write_text(EXPORT + "r3,10,Perfect,2026-10-03\n", encoding="utf-8")
    elif change == "other mapping":
        options["column_map"] = {"comment": "comment"}
    elif change == "id prefix":
        options["id_prefix"] = "W2-"
    elif change == "failed run":
        store.finish_run(store.start_run({}), status="failed", counts={})
    elif change == "written":  # responses written since that run, by anything
        store.upsert_responses(pd.DataFrame({"response_id": ["x"], "score": [5]}))
    assert jobs.unchanged_inputs(store, [export], **options) == []
    again = _night(store, [export], **options)
    assert again["unchanged"] + again["inserted"] + again["updated"] == again["accepted"] > 0
    assert again["inserted"] + again["updated"] > 0 or change not in ("edited file", "id prefix")


# --------------------------------------------------------------------------- Prefect's server
@pytest.mark.slow
def test_fixed_costs_an_api_that_cannot_be_reached_is_said_once_by_the_early_start():
    code = (
        "from verbatim.pipelines.prefect_env import configure_prefect_env, reach_api_in_background\n"
        "configure_prefect_env()\n"
        "try:\n    reach_api_in_background().wait()\n"
        "except Exception as exc:\n    print('raised:', exc)\n"
    )
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}  # nothing listens there
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert "raised:" in done.stdout, done.stdout + done.stderr


# --------------------------------------------------------------------------- early start
@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (["run", "export.csv"], True),
        (["run", "a.csv", "b.csv", "--db", "sqlite:///v.db"], True),
        (["run", "--help"], False),
        (["run", "-h"], False),
        (["nps"], False),
        (["themes", "list"], False),
        (["--help"], False),
        ([], False),
    ],
)
def test_fixed_costs_only_a_run_starts_prefect_before_its_command_line_is_parsed(args, starts):
    from verbatim.pipelines.interfaces.cli import _starts_a_run

    assert _starts_a_run(args) is starts


def test_fixed_costs_one_watcher_per_run_however_often_it_is_asked_for():
    from verbatim.pipelines.orchestration import watchdog

    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        first = watchdog.start(parent.pid)
        assert first is not None and watchdog.start(parent.pid) is first
    finally:
        parent.kill()
        parent.wait()
    first.wait(timeout=10)  # the watcher ends with the process it watched
    assert first.returncode == 0


def _servers_of(prefect_home: Path) -> list[int]:
    """Live processes serving Prefect's API with this Prefect home."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"create_app" in cmdline and f"PREFECT_HOME={prefect_home}".encode() in environ:
            found.append(int(proc.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")
def test_fixed_costs_a_run_refused_for_its_settings_stops_the_server_it_started(tmp_path):
    from tests.helpers import CLI, cli_env

    export = tmp_path / "export.csv"
    export.write_text("score,comment\n9,Great\n", encoding="utf-8")
    config = tmp_path / "verbatim.yaml"
    config.write_text("themes:\n  resolution: high\n", encoding="utf-8")
    env = cli_env(tmp_path)
    done = subprocess.run(
        [*CLI, "run", str(export), "--config", str(config), "--db", f"sqlite:///{tmp_path}/v.db"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("themes.resolution") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert not _servers_of(Path(env["PREFECT_HOME"]))


@pytest.mark.slow
def test_fixed_costs_the_server_started_early_is_the_one_the_run_reaches(tmp_path):
    code = (
        "from verbatim.pipelines import prefect_env\n"
        "prefect_env.configure_prefect_env()\n"
        "prefect_env.start_server_early()\n"
        "server = prefect_env.reach_api_in_background()\n"
        "assert server is prefect_env._early_server, server\n"
        "server.wait()\n"
        "from prefect import get_client\n"
        "with get_client(sync_client=True) as client:\n"
        "    assert str(client.api_url).rstrip('/') == server.api_url, client.api_url\n"
        "    print('healthy:', client.api_healthcheck() is None)\n"
    )
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / ".prefect")}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=180
    )
    assert "healthy: True" in done.stdout, done.stdout + done.stderr
    assert not _servers_of(tmp_path / ".prefect")
