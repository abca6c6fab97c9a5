"""Where Verbatim keeps its data by default, and what a read-only command never creates."""

from __future__ import annotations

from tests.helpers import verbatim


def test_a_query_without_a_store_creates_none_and_says_how_to_make_one(tmp_path):
    home = tmp_path / "home"
    env = {"VERBATIM_HOME": str(home)}
    for args in (["nps"], ["top-themes"], ["themes"], ["export", "responses"], ["runs"]):
        proc = verbatim(*args, cwd=tmp_path, env=env)
        assert proc.returncode == 2, (args, proc.stderr)
        assert f"[E202] The store at sqlite:///{home / 'verbatim.db'}" in proc.stderr
        assert "verbatim run INPUT" in proc.stderr
    assert not home.exists() and not list(tmp_path.glob("**/*.db"))


def test_the_default_store_and_prefect_home_follow_verbatim_home(tmp_path, monkeypatch):
    import os

    from verbatim.pipelines.prefect_env import PROJECT_ROOT, configure_prefect_env, data_home

    monkeypatch.setenv("VERBATIM_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    assert data_home() == tmp_path
    configure_prefect_env()
    assert os.environ["PREFECT_HOME"] == str(tmp_path / "prefect")
    monkeypatch.delenv("VERBATIM_HOME")
    assert PROJECT_ROOT not in data_home().parents  # never the install folder


def test_a_prefect_home_under_a_missing_folder_is_made(tmp_path, monkeypatch):
    # Prefect makes the last folder only: its temporary server failed to start without the rest
    import os

    from verbatim.pipelines.prefect_env import configure_prefect_env

    home = tmp_path / "not" / "yet" / "prefect"
    monkeypatch.setenv("PREFECT_HOME", str(home))
    configure_prefect_env()
    assert home.is_dir() and os.environ["PREFECT_HOME"] == str(home)
