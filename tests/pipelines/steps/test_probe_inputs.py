"""Inputs the reliability probe broke the run with: each now gets through, with nothing lost."""

from __future__ import annotations

import json

import pandas as pd

from verbatim.pipelines.io.store import Store
from verbatim.pipelines.steps.analysis import segment_theme_heatmap
from verbatim.pipelines.steps.jobs import ingest_step


def test_a_lone_surrogate_in_a_jsonl_comment_is_repaired_not_fatal(tmp_path):
    path = tmp_path / "export.jsonl"
    rows = [
        {"id": "1", "score": 3, "comment": "bad \ud800 thing", "Canal": "W\udc00eb"},
        {"id": "2", "score": 9, "comment": "great"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    counts = ingest_step(store, [path], say=lambda _: None)
    assert (counts["accepted"], counts["rejected"]) == (2, 0)
    stored = store.responses().set_index("response_id")
    assert stored.loc["1", "comment"] == "bad \ufffd thing"
    assert stored.loc["1", "Canal"] == "W\ufffdeb"
    store.dispose()


def test_segment_headers_named_like_our_columns_are_kept_apart(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "id;score;comment;theme_id;polarity\n1;3;Trop cher;A;x\n2;9;Super;B;y\n", encoding="utf-8"
    )
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    counts = ingest_step(store, [path], say=lambda _: None)
    assert any("kept as segment 'theme_id (segment)'" in w for w in counts["warnings"])
    columns = store.responses().columns
    assert {"theme_id (segment)", "polarity (segment)"} <= set(columns)
    assert "theme_id" not in columns
    store.dispose()


def test_heatmap_of_a_segment_called_theme_id_in_an_older_store():
    scored = pd.DataFrame(
        {
            "response_id": ["a", "b", "c", "d"],
            "score": [1, 10, 2, 9],
            "category": ["detractor", "promoter", "detractor", "promoter"],
            "theme_id": ["X", "Y", "X", "Y"],  # a segment, stored before such names were renamed
        }
    )
    mention_themes = pd.DataFrame({"response_id": ["a", "b", "c"], "theme_id": [7, 7, 8]})
    heat = segment_theme_heatmap(scored, mention_themes, promoter_min=9, detractor_max=6)
    got = {(r.value, r.theme_id): r.responses for r in heat.itertuples()}
    assert got == {("X", 7): 1, ("X", 8): 1, ("Y", 7): 1}
    assert set(heat["segment"]) == {"theme_id"}


def test_an_unwritable_output_folder_is_refused_before_any_work(tmp_path):
    import pytest

    from verbatim.pipelines.errors import VerbatimError
    from verbatim.pipelines.settings import load_settings
    from verbatim.pipelines.steps.jobs import check_writable

    # a path under a file cannot be created, not even by root (who ignores read-only modes)
    (tmp_path / "report.html").write_text("not a folder")
    settings = load_settings(None, db_url=f"sqlite:///{tmp_path / 'v.db'}")
    settings.output_dir = str(tmp_path / "report.html" / "out")
    with pytest.raises(VerbatimError, match=r"E307.*Cannot write to the output folder.*--output"):
        check_writable(settings)
    assert not (tmp_path / "v.db").exists()  # nothing was run


def test_a_store_disk_too_small_for_the_export_is_refused(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    import pytest

    from verbatim.pipelines.errors import VerbatimError
    from verbatim.pipelines.settings import load_settings
    from verbatim.pipelines.steps import jobs

    export = tmp_path / "export.csv"
    export.write_bytes(b"x" * 1_000_000)
    settings = load_settings(None, db_url=f"sqlite:///{tmp_path / 'db' / 'v.db'}")
    settings.output_dir = str(tmp_path / "out")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**11, 0, 60_000_000))
    jobs.check_writable(settings, [export])  # 60 MB free: enough for 1 MB of export
    export.write_bytes(b"x" * 3_000_000)  # about 90 MB of store
    with pytest.raises(VerbatimError, match=r"E308.*free on the disk.*the store's new rows"):
        jobs.check_writable(settings, [export])
    assert (tmp_path / "out").is_dir() and not list((tmp_path / "out").iterdir())


def test_a_small_export_without_dates_lists_its_comments_in_the_report(tmp_path):
    """No date column, duplicated headers, three comments: the report renders and lists them."""
    import re

    from verbatim.pipelines.settings import load_settings
    from verbatim.pipelines.steps.jobs import prepare_step, report_step

    path = tmp_path / "export.csv"
    path.write_text(
        "id;score;comment;comment;Canal;Canal\n1;3;Trop cher pour ce que c'est;x;Web;Web\n"
        "2;9;Super accueil en boutique;y;App;App\n3;5;Livraison en retard;z;Web;Web\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(url)
    settings = load_settings(None, db_url=url)
    ingest_step(store, [path], say=lambda _: None)
    prepare_step(store, settings, say=lambda _: None)
    paths = report_step(store, settings, output_dir=tmp_path / "o", say=lambda _: None)["paths"]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", open(paths["report_html"]).read()))
    listed = text[text.index("Too few comments to form themes") :]
    for comment in (
        "Trop cher pour ce que c'est",
        "Super accueil en boutique",
        "Livraison en retard",
    ):
        assert comment.replace("'", "&#39;") in listed or comment in listed
    store.dispose()


def test_implausible_dates_are_rejected_and_cannot_empty_the_followup_lists(tmp_path):
    """One 2099-12-31 row cut the callback list from 31 rows to 1: rejected now, with a reason."""
    from datetime import date, timedelta

    from verbatim.pipelines.settings import load_settings
    from verbatim.pipelines.steps.analysis import analyse
    from verbatim.pipelines.steps.jobs import followup_lists

    today = date.today()
    rows = ["id;date;score;comment"]
    rows += [f"D{i};{today - timedelta(days=i):%Y-%m-%d};2;Trop cher" for i in range(1, 6)]
    rows += [
        "F1;2099-12-31;1;Futur",
        f"F2;{today + timedelta(days=3):%Y-%m-%d};1;Dans trois jours",
        "O1;1899-12-30;1;Cellule vide Excel",
        "O2;1678-06-01;1;Très ancien",
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(url)
    counts = ingest_step(store, [path], say=lambda _: None)
    assert (counts["accepted"], counts["rejected"]) == (5, 4)
    reasons = store.rejects().set_index("value")["reason"]
    assert "is in the future" in reasons["2099-12-31"]
    assert "is in the future" in reasons[f"{today + timedelta(days=3):%Y-%m-%d}"]
    assert "before 2000-01-01, the earliest plausible" in reasons["1899-12-30"]
    assert "before 2000-01-01" in reasons["1678-06-01"]
    lists = followup_lists(analyse(store, load_settings(None, db_url=url)))
    assert len(lists["callback_detractors"]) == 5
    store.dispose()


def _wave(path, rows):
    path.write_text("id;score;comment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_second_wave_numbered_from_1_is_flagged_and_id_prefix_keeps_both(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    one = _wave(tmp_path / "wave1.csv", [f"{i};9;Très bien {i}" for i in range(1, 11)])
    two = _wave(tmp_path / "wave2.csv", [f"{i};2;Décevant {i}" for i in range(1, 11)])
    ingest_step(store, [one], say=lambda _: None)
    said: list[str] = []
    counts = ingest_step(store, [two], say=said.append)
    assert counts["updated"] == 10
    warning = next(w for w in counts["warnings"] if "replaced responses" in w)
    assert warning.startswith(
        "wave2.csv: 10 of its 10 rows replaced responses first loaded from wave1.csv"
    )
    assert "--id-prefix" in warning and any("replaced responses" in s for s in said)
    fresh = Store(f"sqlite:///{tmp_path / 'w.db'}")
    ingest_step(fresh, [one], say=lambda _: None)
    counts = ingest_step(fresh, [two], say=lambda _: None, id_prefix="W2-")
    assert (counts["inserted"], counts["updated"]) == (10, 0)
    assert not [w for w in counts["warnings"] if "replaced" in w]
    assert len(fresh.responses()) == 20 and "W2-1" in set(fresh.responses()["response_id"])
    store.dispose()
    fresh.dispose()


def test_an_id_less_file_edited_between_runs_is_flagged(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    path = tmp_path / "export.csv"
    path.write_text("score;comment\n9;Très bien\n3;Trop cher\n", encoding="utf-8")
    first = ingest_step(store, [path], say=lambda _: None)["warnings"]
    assert not [w for w in first if "not in this version" in w]
    path.write_text("score;comment\n9;Très bien\n3;Trop cher, et lent\n", encoding="utf-8")
    counts = ingest_step(store, [path], say=lambda _: None)
    assert counts["inserted"] == 1 and len(store.responses()) == 3  # as before: a new response
    assert any(
        "1 response(s) loaded earlier from export.csv are not in this version" in w
        and "Map an id column" in w
        for w in counts["warnings"]
    )
    store.dispose()


def test_a_failed_write_leaves_yesterdays_outputs_whole(tmp_path, monkeypatch):
    """A full disk mid-write used to leave a truncated report.html in place of yesterday's."""
    import pytest

    from verbatim.pipelines.steps.report import safe
    from verbatim.pipelines.steps.report.safe import write_table

    path = tmp_path / "callback_detractors.csv"
    write_table(pd.DataFrame({"response_id": ["a"], "comment": ["hier"]}), path)
    yesterday = path.read_bytes()

    def full_disk(df, target):
        target.write_text("response_id,comm")  # a part written, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe, "_write_csv", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_table(pd.DataFrame({"response_id": ["b"], "comment": ["aujourd'hui"]}), path)
    assert path.read_bytes() == yesterday
    assert [p.name for p in tmp_path.iterdir()] == ["callback_detractors.csv"]  # no leftover


def test_export_to_a_folder_or_a_new_folder_and_a_malformed_edits_file(tmp_path, sample_path):
    """Each used to end in "Unexpected error … report it"."""
    from tests.helpers import verbatim

    db = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(db)
    ingest_step(store, [sample_path], say=lambda _: None)
    store.dispose()
    to_folder = verbatim("export", "responses", "-o", str(tmp_path), "--db", db, cwd=tmp_path)
    assert to_folder.returncode == 2
    assert "[E309] Cannot write" in to_folder.stderr and "it is a folder" in to_folder.stderr
    target = tmp_path / "new" / "folder" / "responses.csv"
    created = verbatim("export", "responses", "-o", str(target), "--db", db, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert target.read_text(encoding="utf-8-sig").startswith("response_id,")
    for text, detail in (
        ("- action: pin\n  theme_id: 1\n", "the file holds a list"),
        ("edits: {action: pin}\n", "'edits' is a dict, expected a list"),
        ("edits:\n  - 3\n", "edit #1 is not a mapping"),
    ):
        path = tmp_path / "edits.yaml"
        path.write_text(text, encoding="utf-8")
        proc = verbatim("themes", "edits", "--apply", str(path), "--db", db, cwd=tmp_path)
        assert proc.returncode == 2 and detail in proc.stderr, proc.stderr
        assert "Unexpected error" not in proc.stderr


def test_an_empty_db_url_variable_is_refused_not_replaced_by_the_default(monkeypatch):
    import pytest

    from verbatim.pipelines.errors import VerbatimError
    from verbatim.pipelines.settings import load_settings

    monkeypatch.setenv("VERBATIM_DB_URL", "")
    with pytest.raises(VerbatimError, match=r"VERBATIM_DB_URL.*set but empty.*unset it"):
        load_settings(None)
    assert load_settings(None, db_url="sqlite:///x.db").db_url == "sqlite:///x.db"
