"""The analyst notebook runs top to bottom against a real store (so it stays true)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import jobs, registry

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def test_notebook_analyst_runs_on_the_sample_store(tmp_path, sample_path, monkeypatch):
    settings = load_settings(None, db_url=f"sqlite:///{tmp_path / 'v.db'}")
    store = Store(settings.db_url)
    jobs.ingest_step(store, [sample_path])
    jobs.prepare_step(store, settings)
    jobs.embed_step(store, settings)
    registry.theme_step(store, settings)
    store.dispose()
    monkeypatch.setenv("VERBATIM_DB_URL", settings.db_url)
    nb = nbformat.read(ROOT / "notebooks" / "analyst.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the charts drew
    text = "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "impact" in text and "label_en" in text
    assert os.environ["VERBATIM_DB_URL"] == settings.db_url
