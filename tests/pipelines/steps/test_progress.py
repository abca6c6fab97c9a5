"""Progress of long steps: a rich bar in a terminal, log lines with counts and time left elsewhere."""

from __future__ import annotations

import re

from verbatim.pipelines.steps import progress as progress_module
from verbatim.pipelines.steps.progress import progress


def test_without_a_terminal_progress_is_logged_with_counts_and_time_left(monkeypatch):
    monkeypatch.delenv("VERBATIM_PROGRESS", raising=False)
    monkeypatch.setattr(progress_module, "LOG_EVERY_S", 0.0)
    lines: list[str] = []
    with progress("Embedding", 5_000, say=lines.append) as advance:
        for _ in range(5):
            advance(1_000)
    assert re.fullmatch(r"Embedding: 1,000/5,000 \(20%\), about \d+ s left", lines[0]), lines
    assert lines[-1].startswith("Embedding: 5,000/5,000 in ")
    assert len(lines) == 5  # four on the way (not at 100%), one at the end


def test_in_a_terminal_a_rich_bar_shows_done_and_total(monkeypatch, capsys):
    monkeypatch.setenv("VERBATIM_PROGRESS", "1")
    lines: list[str] = []
    with progress("Preparing comments", 3_000, say=lines.append) as advance:
        advance(3_000)
    err = capsys.readouterr().err
    assert "Preparing comments" in err and "3000/3000" in err
    assert not lines  # the bar replaces the log lines


def test_small_work_and_progress_off_show_nothing(monkeypatch, capsys):
    lines: list[str] = []
    with progress("Embedding", 10, say=lines.append) as advance:
        advance(10)
    monkeypatch.setenv("VERBATIM_PROGRESS", "0")
    with progress("Embedding", 50_000, say=lines.append) as advance:
        advance(50_000)
    assert not lines and not capsys.readouterr().err


def test_prepare_step_reports_its_progress(tmp_path, sample_path, monkeypatch):
    from verbatim.pipelines.io.store import Store
    from verbatim.pipelines.settings import load_settings
    from verbatim.pipelines.steps import jobs

    monkeypatch.delenv("VERBATIM_PROGRESS", raising=False)
    monkeypatch.setattr(progress_module, "LOG_EVERY_S", 0.0)
    monkeypatch.setattr(progress_module, "MIN_TOTAL", 100)
    monkeypatch.setattr(jobs, "PREPARE_CHUNK", 500)
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(url)
    jobs.ingest_step(store, [sample_path], say=lambda _: None)
    said: list[str] = []
    jobs.prepare_step(store, load_settings(None, db_url=url), say=said.append)
    steps = [s for s in said if s.startswith("Preparing comments: ")]
    assert re.match(r"Preparing comments: 500/[\d,]+ \(\d+%\), about \d+ s left", steps[0])
    assert re.match(r"Preparing comments: ([\d,]+)/\1 in ", steps[-1])
    store.dispose()
