"""Scheduling: cron/timezone checks, serverless crontab and systemd units, and a real Prefect server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from verbatim.pipelines.orchestration.schedule import (
    cron_line,
    cron_to_oncalendar,
    require_api_url,
    serve_nightly,
    systemd_units,
    validate_cron,
    validate_timezone,
)

ROOT = Path(__file__).resolve().parents[3]


# ------------------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("cron", "message"),
    [
        ("0 25 * * *", "hour is 25, must be 0-23"),
        ("60 2 * * *", "minute is 60, must be 0-59"),
        ("0 2 32 * *", "day of month is 32, must be 1-31"),
        ("0 2 * 13 *", "month is 13, must be 1-12"),
        ("0 2 * * 8", "day of week is 8, must be 0-7"),
        ("0 2 * *", "it has 4 field(s), expected 5"),
        ("", "it is empty"),
        ("x 2 * * *", "minute field has 'x', which is not a number"),
        ("*/0 2 * * *", "minute step must be at least 1"),
        ("0 5-1 * * *", "hour range '5-1' goes backwards"),
        ("0 2 * * H", "day of week field has 'H', which is not a number"),
    ],
)
def test_schedule_invalid_cron_names_the_field(cron: str, message: str) -> None:
    with pytest.raises(ValueError, match="Invalid cron expression") as info:
        validate_cron(cron)
    assert message in str(info.value)
    assert "e.g. '0 2 * * *'" in str(info.value)


@pytest.mark.parametrize(
    "cron", ["0 2 * * *", "30 6 * * 1-5", "*/15 8-18 * * mon-fri", "0 3 1,15 * *", "0 4 * jan sun"]
)
def test_schedule_valid_cron_is_accepted(cron: str) -> None:
    assert validate_cron(f"  {cron} ") == cron


@pytest.mark.parametrize("tz", ["Mars/Olympus", "Europe/Pariss", "", "../etc/passwd"])
def test_schedule_unknown_timezone_is_refused(tz: str) -> None:
    with pytest.raises(
        ValueError, match=r"Unknown timezone .*Use an IANA name such as 'Europe/Paris'"
    ):
        validate_timezone(tz)


@pytest.mark.parametrize("tz", ["Europe/Paris", "UTC", "America/Montreal"])
def test_schedule_known_timezone_is_accepted(tz: str) -> None:
    assert validate_timezone(tz) == tz


def test_schedule_serve_checks_cron_before_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1/api")  # would hang if contacted
    with pytest.raises(ValueError, match="hour is 25"):
        serve_nightly(cron="0 25 * * *", timezone="Europe/Paris", inputs=["x.csv"], db_url=None)
    with pytest.raises(ValueError, match="Unknown timezone 'Mars/Olympus'"):
        serve_nightly(cron="0 2 * * *", timezone="Mars/Olympus", inputs=["x.csv"], db_url=None)


def test_schedule_serve_without_server_says_how_to_start_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with pytest.raises(RuntimeError) as info:
        serve_nightly(cron="0 2 * * *", timezone="Europe/Paris", inputs=["x.csv"], db_url=None)
    text = str(info.value)
    assert "prefect server start --host 127.0.0.1" in text
    assert "PREFECT_API_URL=http://127.0.0.1:4200/api" in text
    assert "--print-cron" in text
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert require_api_url() == "http://127.0.0.1:4200/api"


# ------------------------------------------------------------------------------ serverless
def test_schedule_cron_line_runs_verbatim(tmp_path: Path) -> None:
    export = tmp_path / "exports" / "nightly export.csv"
    line = cron_line(
        cron="0 2 * * *",
        inputs=[export],
        db_url="postgresql+psycopg://cx:p%40ss@db/verbatim",
        verbatim_bin="/opt/verbatim/.venv/bin/verbatim",
        log_file=tmp_path / "run.log",
    )
    assert line.startswith("0 2 * * * /opt/verbatim/.venv/bin/verbatim run ")
    assert f"'{export}'" in line  # quoted: the path has a space
    assert "--db postgresql+psycopg://cx:p\\%40ss@db/verbatim" in line  # crontab eats bare %
    assert line.endswith(f">> {tmp_path / 'run.log'} 2>&1")
    assert "flock" not in line and "\n" not in line


def test_schedule_cron_line_refuses_bad_cron() -> None:
    with pytest.raises(ValueError, match="hour is 25"):
        cron_line(cron="0 25 * * *", inputs=["a.csv"], db_url=None, verbatim_bin="verbatim")


def test_schedule_systemd_units(tmp_path: Path) -> None:
    service, timer = systemd_units(
        cron="30 1 * * 1-5",
        timezone="Europe/Paris",
        inputs=[tmp_path / "a b.csv"],
        db_url="sqlite:////srv/verbatim%.db",
        verbatim_bin="/usr/local/bin/verbatim",
        workdir=tmp_path,
    )
    assert "Type=oneshot" in service
    assert f'ExecStart=/usr/local/bin/verbatim run "{tmp_path / "a b.csv"}" --db ' in service
    assert "sqlite:////srv/verbatim%%.db" in service  # systemd expands bare % specifiers
    assert f"WorkingDirectory={tmp_path}" in service
    assert "OnCalendar=Mon..Fri *-*-* 01:30:00 Europe/Paris" in timer
    assert "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer


@pytest.mark.parametrize(
    ("cron", "calendar"),
    [
        ("0 2 * * *", "*-*-* 02:00:00 Europe/Paris"),
        ("*/15 8-18 * * mon-fri", "Mon..Fri *-*-* 08..18:0/15:00 Europe/Paris"),
        ("0 3 1,15 * *", "*-*-01,15 03:00:00 Europe/Paris"),
        ("5 4 * jan 0", "Sun *-01-* 04:05:00 Europe/Paris"),
    ],
)
def test_schedule_cron_to_oncalendar(cron: str, calendar: str) -> None:
    assert cron_to_oncalendar(cron, "Europe/Paris") == calendar
    if shutil.which("systemd-analyze"):  # systemd itself agrees the value is valid
        check = subprocess.run(
            ["systemd-analyze", "calendar", calendar], capture_output=True, text=True, timeout=10
        )
        assert check.returncode == 0, check.stderr


@pytest.mark.parametrize(
    ("cron", "message"),
    [
        ("0 2 1 * 1", "both the day of month and the day of week"),
        ("0 2 1-9/2 * *", "stepped range '1-9/2'"),
    ],
)
def test_schedule_oncalendar_refuses_what_systemd_cannot_say(cron: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cron_to_oncalendar(cron)


# --------------------------------------------------------------------- real Prefect server
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(what: str, check, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.returncode}")
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.5)
    pytest.fail(f"{what}: not ready after {timeout:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the group of the process this test started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.mark.slow
def test_schedule_serve_runs_nightly_on_a_real_prefect_server(tmp_path: Path) -> None:
    started = time.monotonic()
    phases: dict[str, float] = {}
    export = tmp_path / "export.csv"
    # scores without comments: every task of the flow runs but no encoder is loaded, so this
    # test measures scheduling; themes on real comments are the end-to-end tests' job
    export.write_text(
        "id,score,comment,date\n"
        "r1,10,,2026-10-01\n"
        "r2,3,,2026-10-02\n"
        "r3,8,,2026-10-03\n"
        "r4,9,,2026-10-04\n",
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'verbatim.db'}"
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "HF_HUB_OFFLINE": "1",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_API_URL", None)
    logs = tmp_path / "logs"
    logs.mkdir()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-services",
            "--no-ui",
        ],
        env=env,
        cwd=tmp_path,
        start_new_session=True,
        stdout=(logs / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    served = None
    try:
        _wait(
            "prefect server",
            lambda: urllib.request.urlopen(f"{api_url}/health", timeout=2).status == 200,
            60,
            server,
        )
        phases["server up"] = time.monotonic() - started

        serve_env = {**env, "PREFECT_API_URL": api_url, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
        code = (
            "from verbatim.pipelines.orchestration.schedule import serve_nightly\n"
            f"serve_nightly(cron='0 2 * * *', timezone='Europe/Paris', inputs=[{str(export)!r}],"
            f" db_url={db_url!r}, name='verbatim-test')\n"
        )
        served = subprocess.Popen(
            [sys.executable, "-c", code],
            env=serve_env,
            cwd=ROOT,
            start_new_session=True,
            stdout=(logs / "serve.log").open("w"),
            stderr=subprocess.STDOUT,
        )

        from prefect.client.orchestration import get_client
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            with get_client(sync_client=True) as client:

                def registered() -> bool:
                    return client.read_deployment_by_name("nightly/verbatim-test") is not None

                _wait("deployment", registered, 60, served)
                deployment = client.read_deployment_by_name("nightly/verbatim-test")
            phases["deployment registered"] = time.monotonic() - started
            schedule = deployment.schedules[0].schedule
            assert schedule.cron == "0 2 * * *"
            assert schedule.timezone == "Europe/Paris"
            assert deployment.parameters["inputs"] == [str(export)]

            flow_run = run_deployment("nightly/verbatim-test", timeout=90, poll_interval=1)
        assert flow_run.state is not None
        assert flow_run.state.is_completed(), (
            f"{flow_run.state}\n{(logs / 'serve.log').read_text(errors='replace')[-3000:]}"
        )
        phases["run finished"] = time.monotonic() - started
    finally:
        if served is not None:
            _stop(served)
        _stop(server)
        print("\n" + ", ".join(f"{k} at {v:.1f} s" for k, v in phases.items()))

    from verbatim.pipelines.io.store import Store

    store = Store(db_url)
    runs, responses = store.runs(), store.count("responses")
    store.dispose()
    assert list(runs["status"]) == ["completed"]
    assert responses == 4
    elapsed = time.monotonic() - started
    print(f"total {elapsed:.1f} s")
    assert elapsed < 150
