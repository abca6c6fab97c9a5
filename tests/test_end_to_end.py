"""End to end: the real `verbatim run` (Prefect flow, spaCy, sentence-transformers) on the sample.

One run is shared by the tests of this module (it takes a minute); each checks what a user relies
on against the planted truth of the sample.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import verbatim

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory, sample_path):
    work = tmp_path_factory.mktemp("e2e")
    db = f"sqlite:///{work / 'verbatim.db'}"
    proc = verbatim("run", str(sample_path), "--db", db, "--output", str(work / "out"), cwd=work)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"work": work, "db": db, "out": work / "out", "stdout": proc.stdout}


def _theme_map(db: str, truth: dict) -> dict[str, tuple[int, float]]:
    """Planted theme key -> (best theme id, F1 over responses)."""
    from verbatim.pipelines.io.store import Store

    store = Store(db)
    mentions = store.mentions()
    store.dispose()
    ours: dict[int, set[str]] = {}
    for rid, tid in zip(mentions["response_id"], mentions["theme_id"], strict=True):
        if pd.notna(tid) and tid >= 0:
            ours.setdefault(int(tid), set()).add(rid)
    planted: dict[str, set[str]] = {}
    for rid, keys in truth["comment_themes"].items():
        for key in keys:
            planted.setdefault(key, set()).add(rid)
    best = {}
    for key, rids in planted.items():
        scores = {tid: 2 * len(rids & got) / (len(rids) + len(got)) for tid, got in ours.items()}
        tid = max(scores, key=scores.get)
        best[key] = (tid, scores[tid])
    return best


def test_e2e_run_reports_counts_and_files(demo, truth):
    assert (
        f"{truth['counts']['accepted']} accepted, {truth['counts']['rejected']} rejected"
        in (demo["stdout"])
    )
    for name in (
        "report.html",
        "report.xlsx",
        "callback_detractors.csv",
        "thank_promoters.xlsx",
        "chase_nonrespondents.csv",
    ):
        assert (demo["out"] / name).exists(), name


def test_e2e_each_planted_theme_has_its_own_theme(demo, truth):
    best = _theme_map(demo["db"], truth)
    print("planted theme -> (theme, F1):", best)  # shown by -rA / on failure
    weak = {k: v for k, v in best.items() if v[1] < 0.5}
    assert not weak, f"planted themes not recovered (F1 < 0.5): {weak}; all: {best}"
    # the bystander co-occurs with late delivery in 76% of its responses: at response level it
    # cannot be told apart, so only pain points and praise must each own a theme
    bystander = truth["bystander"]["theme"]
    owners = Counter(tid for key, (tid, _) in best.items() if key != bystander)
    shared = {tid: n for tid, n in owners.items() if n > 1}
    assert not shared, f"several planted themes share one theme: {best}"


def test_e2e_themes_mix_languages_and_comments_carry_several(demo, truth):
    from verbatim.pipelines.io.store import Store

    store = Store(demo["db"])
    m = store.mentions()
    store.dispose()
    m = m[m["theme_id"] >= 0]
    best = _theme_map(demo["db"], truth)
    for key, (tid, _) in best.items():
        langs = Counter(m.loc[m["theme_id"] == tid, "language"])
        assert langs["fr"] > 0 and langs["en"] > 0, (key, langs)
    per_response = m.groupby("response_id")["theme_id"].nunique()
    multi = [rid for rid, keys in truth["comment_themes"].items() if len(keys) >= 2]
    carried = per_response.reindex(multi).fillna(0)
    assert (carried >= 2).mean() >= 0.6


def test_e2e_unassigned_share_within_target(demo):
    from verbatim.pipelines.io.store import Store

    store = Store(demo["db"])
    m = store.mentions()
    store.dispose()
    assert (m["theme_id"] == -1).mean() <= 0.10


def test_e2e_labels_are_bilingual_and_not_stop_words(demo):
    out = verbatim("themes", "--format", "json", "--db", demo["db"], cwd=demo["work"])
    themes = json.loads(out.stdout)
    from verbatim.nlp.stop_words import ALL_STOP_WORDS

    for t in themes:
        for key in ("label_fr", "label_en"):
            words = [w for w in str(t[key]).lower().split() if w.isalpha()]
            assert words and not all(w in ALL_STOP_WORDS for w in words), t
        assert 1 <= len(t["examples"]) <= 5


def test_e2e_planted_drivers_rank_on_top_with_significance(demo, truth):
    best = _theme_map(demo["db"], truth)
    key_of = {tid: key for key, (tid, _) in best.items()}
    out = verbatim(
        "top-themes",
        "--category",
        "detractor",
        "--limit",
        "5",
        "--format",
        "json",
        "--db",
        demo["db"],
        cwd=demo["work"],
    )
    top = json.loads(out.stdout)
    keys = [key_of.get(r["theme_id"]) for r in top if r["significant"]]
    planted = set(truth["drivers"]["top_detraction"])
    # unplanted themes (a second facet of support, plain disappointment) may rank too
    assert len(set(keys) & planted) >= 3, keys
    assert not set(keys) & set(truth["drivers"]["top_promotion"]), keys
    assert keys[0] in planted, keys
    promo = json.loads(
        verbatim(
            "top-themes",
            "--category",
            "promoter",
            "--limit",
            "4",
            "--format",
            "json",
            "--db",
            demo["db"],
            cwd=demo["work"],
        ).stdout
    )
    pkeys = [key_of.get(r["theme_id"]) for r in promo]
    assert len(set(pkeys) & set(truth["drivers"]["top_promotion"])) >= 3, pkeys


def test_e2e_surge_raises_an_alert(demo, truth):
    from verbatim.pipelines.io.store import Store
    from verbatim.pipelines.settings import load_settings
    from verbatim.pipelines.steps.analysis import analyse

    best = _theme_map(demo["db"], truth)
    settings = load_settings(None, db_url=demo["db"])
    store = Store(demo["db"])
    alerts = analyse(store, settings).alerts
    store.dispose()
    surge_theme = best[truth["surge"]["theme"]][0]
    flagged = alerts[(alerts["theme_id"] == surge_theme)]
    assert len(flagged) == 1 and flagged.iloc[0]["period"] == truth["surge"]["month"]
    html = (demo["out"] / "report.html").read_text(encoding="utf-8")
    assert "Surge" in html or "surge" in html


def test_e2e_pii_masked_in_report(demo):
    html = (demo["out"] / "report.html").read_text(encoding="utf-8")
    assert "06 12 34 56 78" not in html


def test_e2e_second_run_embeds_nothing_and_keeps_theme_ids(demo, sample_path):
    from verbatim.pipelines.io.store import Store

    store = Store(demo["db"])
    before = store.themes()[["theme_id", "label_fr"]]
    store.dispose()
    proc = verbatim(
        "run", str(sample_path), "--db", demo["db"], "--output", str(demo["out"]), cwd=demo["work"]
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    runs = json.loads(
        verbatim("runs", "--format", "json", "--db", demo["db"], cwd=demo["work"]).stdout
    )
    assert runs[0]["status"] == "completed" and runs[0]["embedded"] == 0
    assert runs[0]["accepted"] == runs[1]["accepted"]
    store = Store(demo["db"])
    after = store.themes()[["theme_id", "label_fr"]]
    store.dispose()
    pd.testing.assert_frame_equal(before.reset_index(drop=True), after.reset_index(drop=True))


def test_e2e_api_agrees_with_cli_and_validates(demo):
    from fastapi.testclient import TestClient

    from verbatim.pipelines.interfaces.api import create_app
    from verbatim.pipelines.settings import load_settings

    client = TestClient(
        create_app(load_settings(None, db_url=demo["db"])), base_url="http://127.0.0.1:8000"
    )
    api_top = client.get(
        "/themes/top", params={"category": "detractor", "limit": 5, "since": "2026-07-01"}
    ).json()
    cli_top = json.loads(
        verbatim(
            "top-themes",
            "--category",
            "detractor",
            "--limit",
            "5",
            "--since",
            "2026-07-01",
            "--format",
            "json",
            "--db",
            demo["db"],
            cwd=demo["work"],
        ).stdout
    )
    assert [r["theme_id"] for r in api_top] == [r["theme_id"] for r in cli_top]
    assert [round(r["impact"], 6) for r in api_top] == [round(r["impact"], 6) for r in cli_top]
    tid = api_top[0]["theme_id"]
    assert client.get(f"/themes/{tid}").json()["theme_id"] == tid
    verb = client.get(f"/themes/{tid}/verbatims", params={"category": "detractor"}).json()
    assert verb and all(v["category"] == "detractor" for v in verb)
    assert client.get("/nps", params={"by": "month"}).status_code == 200
    bad = client.get("/themes/top", params={"category": "angry", "limit": 0})
    assert bad.status_code == 422 and "category" in bad.json()["message"]
    assert client.get("/themes/999999").status_code == 404
    assert "/themes/top" in client.get("/openapi.json").json()["paths"]


def test_e2e_topics_apart_from_sentiment_and_never_ranked(demo):
    """General praise/complaint are their own themes, counted in the report, never drivers."""
    themes = json.loads(
        verbatim(
            "export", "themes", "--format", "json", "--db", demo["db"], cwd=demo["work"]
        ).stdout
    )
    general = [t for t in themes if t["kind"] == "general"]
    assert sorted(t["polarity"] for t in general) == ["complaint", "praise"]
    assert all(t["size"] > 0 for t in general)
    general_ids = {t["theme_id"] for t in general}
    for category in ("detractor", "promoter"):
        top = json.loads(
            verbatim(
                "top-themes",
                "--category",
                category,
                "--level",
                "all",
                "--format",
                "json",
                "--db",
                demo["db"],
                cwd=demo["work"],
            ).stdout
        )
        assert top and not {r["theme_id"] for r in top} & general_ids
        opposite = "praise" if category == "detractor" else "complaint"
        side = {t["theme_id"]: t["polarity"] for t in themes}
        assert all(side[r["theme_id"]] != opposite for r in top), top
    html = (demo["out"] / "report.html").read_text(encoding="utf-8")
    assert "only say they are happy" in html and "only say they are unhappy" in html


def test_e2e_labels_agree_across_languages_and_with_polarity(demo, truth):
    from verbatim.nlp.concepts import topics

    themes = json.loads(
        verbatim(
            "export", "themes", "--format", "json", "--db", demo["db"], cwd=demo["work"]
        ).stdout
    )
    fr, en = topics("fr"), topics("en")
    wording = {"complaint": "complaint", "praise": "praise", "mixed": "name"}
    named = [t for t in themes if t["kind"] == "topic" and t.get("concept")]
    assert len(named) >= 0.8 * sum(t["kind"] == "topic" for t in themes)
    for t in named:
        level_side = "mixed" if t["level"] == "parent" else t["polarity"]
        # the two labels are the glossary's two wordings of one concept, on the theme's side
        # (themes that would share a label add their second topic after " · ")
        assert t["label_fr"].split(" · ")[0] == getattr(fr[t["concept"]], wording[level_side]), t
        assert t["label_en"].split(" · ")[0] == getattr(en[t["concept"]], wording[level_side]), t
    # each planted pain point is a complaint theme, each planted praise a praise theme
    best = _theme_map(demo["db"], truth)
    side = {t["theme_id"]: t["polarity"] for t in themes}
    for planted in truth["themes"]:
        if planted["kind"] in ("pain", "praise"):
            tid, _ = best[planted["key"]]
            expected = "complaint" if planted["kind"] == "pain" else "praise"
            assert side[tid] in (expected, "mixed"), (planted["key"], side[tid])


def test_e2e_polarity_per_mention_is_exported_and_follows_the_score(demo):
    mentions = json.loads(
        verbatim(
            "export", "mentions", "--format", "json", "--db", demo["db"], cwd=demo["work"]
        ).stdout
    )
    responses = json.loads(
        verbatim(
            "export", "responses", "--format", "json", "--db", demo["db"], cwd=demo["work"]
        ).stdout
    )
    category = {r["response_id"]: r["category"] for r in responses}
    assert {m["polarity"] for m in mentions} <= {"positive", "negative", "neutral"}
    assert all(0.0 <= m["polarity_confidence"] <= 1.0 for m in mentions)
    by_category = Counter((category.get(m["response_id"]), m["polarity"]) for m in mentions)
    # most mentions of promoters are positive, most of detractors negative
    promoters = sum(v for (c, _), v in by_category.items() if c == "promoter")
    detractors = sum(v for (c, _), v in by_category.items() if c == "detractor")
    assert by_category[("promoter", "positive")] / promoters >= 0.7
    assert by_category[("detractor", "negative")] / detractors >= 0.7


def test_e2e_roll_ups_are_labelled_and_ranked(demo):
    from verbatim.nlp.lang.families import family

    themes = json.loads(
        verbatim(
            "export", "themes", "--format", "json", "--db", demo["db"], cwd=demo["work"]
        ).stdout
    )
    parents = {t["theme_id"]: t for t in themes if t["level"] == "parent"}
    assert parents
    for pid, parent in parents.items():
        children = [t for t in themes if t.get("parent_id") == pid]
        assert len(children) >= 2 and {family(c["concept"]) for c in children} == {
            parent["concept"]
        }
        assert parent["size"] == sum(c["size"] for c in children)
        assert parent["label_fr"] != parent["label_en"]
    drivers = json.loads(
        verbatim(
            "export", "drivers", "--format", "json", "--db", demo["db"], cwd=demo["work"]
        ).stdout
    )
    assert {d["theme_id"] for d in drivers if d["level"] == "parent"} == set(parents)
