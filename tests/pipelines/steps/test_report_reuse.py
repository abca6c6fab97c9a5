"""A night with nothing new reuses the report's content; any change to what it reads computes it again."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.planted import block, build_store
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import edits, jobs
from verbatim.pipelines.steps.report import reuse

REUSED = "its content is reused"


def _rows() -> list[dict]:
    return (
        block(6, day="2026-09-10", score=9, themes=(3,))
        + block(6, day="2026-10-05", score=3, themes=(1, 2))
        + block(4, day="2026-10-06", score=5, themes=(1,))
        + block(4, day="2026-10-07", score=10, themes=(3, 5))
    )


@pytest.fixture
def night(tmp_path, monkeypatch):
    """A planted store, a private cache folder, and a function that runs the report step."""
    monkeypatch.setenv("VERBATIM_HOME", str(tmp_path / "home"))
    url, written = build_store(tmp_path, _rows())
    store = Store(url)

    def report(settings=None, run_id="run-1"):
        said: list[str] = []
        settings = settings or load_settings(None, db_url=url, output_dir=str(tmp_path / "out"))
        result = jobs.report_step(store, settings, run={"run_id": run_id}, say=said.append)
        return result, any(REUSED in line for line in said)

    yield store, report, written, url, tmp_path
    store.dispose()


def test_report_reuse_nothing_new_reuses_the_content_and_writes_the_same_outputs(night):
    store, report, _, _, tmp = night
    first, reused = report(run_id="run-one")
    assert not reused
    lists = {k: open(v, "rb").read() for k, v in first["paths"].items() if "report" not in k}
    html_before = open(first["paths"]["report_html"], encoding="utf-8").read()
    for path in list(lists):  # a night that finds its lists gone writes them again
        (tmp / "out" / f"{path.rsplit('_', 1)[0]}.{path.rsplit('_', 1)[1]}").unlink()
    second, reused = report(run_id="run-two")
    assert reused
    assert second["paths"] == first["paths"]
    assert {k: open(v, "rb").read() for k, v in second["paths"].items() if k in lists} == lists
    html = open(second["paths"]["report_html"], encoding="utf-8").read()
    assert "run-two" in html and "run-one" not in html  # the run's own fields are new
    assert html.replace("run-two", "").count("Late deliveries") == html_before.count(
        "Late deliveries"
    )
    pd.testing.assert_frame_equal(second["top_detractors"], first["top_detractors"])
    assert second["headline"] == first["headline"]


def _new_response(store, written, url):
    store.upsert_responses(pd.DataFrame({"response_id": ["NEW1"], "score": [2]}))


def _changed_score(store, written, url):
    rid = written[0]["response_id"]
    row = store.responses().set_index("response_id").loc[rid]
    store.upsert_responses(
        pd.DataFrame({"response_id": [rid], "score": [0], "responded_at": [row["responded_at"]]})
    )


def _renamed(store, written, url):
    edits.rename(store, 1, label_en="Slow deliveries")


def _merged(store, written, url):
    edits.merge(store, 5, 1)


def _reassigned(store, written, url):
    """Two mentions trade themes (the counts and the plain sums stay the same)."""
    mentions = store.mentions(columns=("mention_id", "theme_id", "similarity"))
    one = mentions[mentions["theme_id"] == 1].iloc[0]
    two = mentions[mentions["theme_id"] == 2].iloc[0]
    store.set_mention_themes(
        pd.DataFrame(
            {
                "mention_id": [one["mention_id"], two["mention_id"]],
                "theme_id": [2, 1],
                "similarity": [0.9, 0.9],
            }
        )
    )


def _outcome(store, written, url):
    store.save_followup_outcomes(
        pd.DataFrame(
            {
                "followup_id": ["f1"],
                "status": ["called"],
                "list_name": ["callback_detractors"],
                "response_id": [written[6]["response_id"]],
                "outcome_date": [pd.Timestamp("2026-10-08")],
                "note": [None],
                "source_file": ["calls.csv"],
                "source_line": [2],
            }
        )
    )


def _owner(store, written, url):
    store.set_owner_rules(
        pd.DataFrame(
            {"match_on": ["theme"], "match_value": ["1"], "owner": ["logistics"], "source": ["cli"]}
        )
    )


CHANGES = {
    "new response": _new_response,
    "changed score": _changed_score,
    "theme renamed": _renamed,
    "themes merged": _merged,
    "mentions reassigned": _reassigned,
    "imported outcome": _outcome,
    "owner rule": _owner,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_report_reuse_a_change_in_the_store_computes_the_report_again(night, change):
    store, report, written, url, _ = night
    report()
    before = reuse.content_key(store, load_settings(None, db_url=url))
    CHANGES[change](store, written, url)
    assert reuse.content_key(store, load_settings(None, db_url=url)) != before
    _, reused = report()
    assert not reused


@pytest.mark.parametrize(
    "overrides",
    [{"nps__promoter_min": 10}, {"followups__callback_max_score": 4}, {"output_dir": "other"}],
)
def test_report_reuse_other_settings_compute_the_report_again(night, overrides):
    store, report, _, url, tmp = night
    report()
    overrides = {"output_dir": str(tmp / "out"), **overrides}
    if overrides["output_dir"] == "other":
        overrides["output_dir"] = str(tmp / "other")
    _, reused = report(load_settings(None, db_url=url, **overrides))
    assert not reused


@pytest.mark.parametrize("part", ["day", "code", "owners file said", "cache entry gone"])
def test_report_reuse_the_key_follows_the_day_the_code_and_the_owners_file(
    night, monkeypatch, part
):
    store, report, _, url, _ = night
    settings = load_settings(None, db_url=url)
    today = dt.date(2026, 10, 9)
    key = reuse.content_key(store, settings, today=today)
    assert reuse.content_key(store, settings, today=today) == key  # nothing changed
    if part == "day":
        assert reuse.content_key(store, settings, today=today + dt.timedelta(days=1)) != key
    elif part == "code":
        monkeypatch.setattr(reuse, "FORMAT", reuse.FORMAT + 1)
        reuse.code_version.cache_clear()
        try:
            assert reuse.content_key(store, settings, today=today) != key
        finally:
            monkeypatch.undo()
            reuse.code_version.cache_clear()
    elif part == "owners file said":
        assert reuse.content_key(store, settings, today=today, extra="not read") != key
    else:
        report()
        for entry in reuse.cache_folder().iterdir():
            (entry / "content.json").write_text("{not json", encoding="utf-8")
        _, reused = report()
        assert not reused


def test_report_reuse_entry_is_data_that_names_no_class_but_its_own(night, tmp_path):
    """Nothing read back is code: JSON only, and an entry naming another class is not read."""
    import json

    store, report, *_ = night
    report(run_id="run-one")
    (entry,) = [p for p in reuse.cache_folder().iterdir() if p.is_dir()]
    doc = json.loads((entry / "content.json").read_text(encoding="utf-8"))
    assert doc["data"]["__verbatim__"] == "dataclass" and doc["data"]["name"] == "ReportData"
    assert reuse.load(entry.name) is not None
    doc["data"]["name"] = "Popen"  # a class an attacker would like built
    (entry / "content.json").write_text(json.dumps(doc), encoding="utf-8")
    assert reuse.load(entry.name) is None
    assert not list(entry.glob("*.pickle"))


@pytest.mark.parametrize(
    "value",
    [
        pd.DataFrame(
            {"a": [1.5, float("nan")], "b": ["x", None]}, index=pd.Index([3, 7], name="k")
        ),
        pd.DataFrame({"when": pd.to_datetime(["2026-10-01", None], utc=True), "n": [1, 2]}),
        {"nested": [pd.Series([1, 2], name="s"), (1, "two")], 3: dt.date(2026, 10, 1)},
    ],
)
def test_report_reuse_values_read_back_equal(value):
    import json

    back = reuse._decode(json.loads(json.dumps(reuse._encode(value), allow_nan=True)))
    assert reuse._same(back, value)


def test_report_reuse_what_would_not_read_back_is_not_kept(tmp_path):
    frame = pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([(1, 2)]))
    kept = reuse.KeptReport(data=frame, lists={}, ranking=None, alerts=None)
    reuse.save("k", kept, tmp_path, folder=tmp_path / "cache")
    assert reuse.load("k", folder=tmp_path / "cache") is None
