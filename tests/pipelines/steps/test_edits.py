"""Analyst edits on a real store: merge, split, pin, the YAML round trip, and a refit honouring them."""

from __future__ import annotations

import pytest

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import edits, jobs, registry

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_path):
    url = f"sqlite:///{tmp_path_factory.mktemp('edits') / 'v.db'}"
    settings = load_settings(None, db_url=url)
    store = Store(url)
    jobs.ingest_step(store, [sample_path])
    jobs.prepare_step(store, settings)
    jobs.embed_step(store, settings)
    registry.theme_step(store, settings)
    return store, settings


def test_edits_merge_split_pin_and_yaml_round_trip(built, tmp_path):
    store, settings = built
    themes = store.themes()
    # topic themes: general ones and roll-ups are kept by kind and subject, not edited here
    themes = themes[(themes["kind"] == "topic") & (themes["level"] == "theme")]
    themes = themes.sort_values("size", ascending=False)
    big, a, b = (int(t) for t in themes["theme_id"].iloc[:3])
    size_a, size_b = (int(themes.set_index("theme_id").loc[t, "size"]) for t in (a, b))

    edits.merge(store, b, a)
    after = store.themes(include_retired=True).set_index("theme_id")
    assert after.loc[b, "status"] == "merged" and after.loc[b, "merged_into"] == a
    assert after.loc[a, "size"] == size_a + size_b
    assert not (store.mentions()["theme_id"] == b).any()

    done = edits.split(store, big, parts=2)
    after = store.themes(include_retired=True).set_index("theme_id")
    assert after.loc[big, "status"] == "retired"
    assert all(
        after.loc[t, "status"] == "new" and after.loc[t, "parent_id"] == big
        for t in done["new_ids"]
    )
    assert all(after.loc[t, "label_fr"] for t in done["new_ids"])

    edits.pin(store, a)
    edits.rename(store, a, label_fr="Facturation", label_en="Billing")
    path = edits.export_edits(store, tmp_path / "theme_edits.yaml")
    assert "Facturation" in path.read_text(encoding="utf-8")
    assert [e["action"] for e in edits.edits(store)] == ["merge", "split", "pin", "rename"]

    counts = registry.theme_step(store, settings, refit=True)
    assert counts["refit"]
    assert edits.apply_edits_file(store, path) >= 2
    a_row = store.themes(include_retired=True).set_index("theme_id").loc[a]
    assert a_row["status"] in ("active", "new") and a_row["pinned"]
    assert (a_row["label_fr"], a_row["label_en"]) == ("Facturation", "Billing")


@pytest.mark.parametrize("action", ["merge-self", "unknown-theme"])
def test_edits_clear_errors(built, action):
    store, _ = built
    tid = int(store.themes()["theme_id"].iloc[0])
    with pytest.raises(VerbatimError, match="E302|E205"):
        if action == "merge-self":
            edits.merge(store, tid, tid)
        else:
            edits.rename(store, 999_999, label_fr="x")
