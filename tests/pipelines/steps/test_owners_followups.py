"""Owners and routing, follow-up ids, outcome import and outcomes (issue 14 items 1-2), on real stores.

Stores are built from planted exports (ingest_step) with planted themes and mention assignments,
so every count below is known in advance.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from fastapi.testclient import TestClient

from tests.helpers import assert_documented, verbatim
from verbatim.models.followups import followup_id
from verbatim.models.outcomes import difference_ci
from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.interfaces.api import create_app
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps import jobs
from verbatim.pipelines.steps.analysis import analyse
from verbatim.pipelines.steps.outcomes import import_outcomes, outcomes
from verbatim.pipelines.steps.owners import owner_table, set_owner

# theme_id: (label_en, label_fr, concept, parent_id, level, kind)
THEMES = {
    10: ("Dealership", "Concession", "dealership", None, "parent", "topic"),
    11: ("Disappointing dealership", "Concession décevante", "dealership", 10, "theme", "topic"),
    20: ("Rude staff", "Personnel désagréable", "staff_friendliness", None, "theme", "topic"),
    30: ("Prices too high", "Prix trop élevés", "price", None, "theme", "topic"),
    40: ("General complaint", "Insatisfaction générale", None, None, "theme", "general"),
}
OWNERS_YAML = {
    "version": 1,
    "themes": {10: "partner"},
    "concepts": {"staff_friendliness": "service"},
}

# response_id, customer id, score, date, theme ids its comment mentions
ROUTING = [
    ("d1", "C1", 2, "2026-10-10", [11]),  # partner, inherited from the parent theme 10
    ("d2", "C2", 5, "2026-10-11", [20]),  # service (concept)
    ("d3", "C3", 6, "2026-10-12", [30]),  # no owner
    ("d4", "C4", 3, "2026-10-13", [11, 20]),  # partner and service
    ("p1", "C5", 10, "2026-10-14", [20]),  # a promoter praising staff: service
    ("n1", "C6", None, "2026-10-15", []),  # invited, no answer
]
# detractors on 1 October, and what the same customers answered on 15 October
OUTCOME_ROWS = [
    ("a10", "C10", 2, "2026-10-01", [11]),
    ("b10", "C10", 10, "2026-10-15", []),
    ("a11", "C11", 3, "2026-10-01", [11]),
    ("b11", "C11", 9, "2026-10-15", []),
    ("a12", "C12", 4, "2026-10-01", [20]),
    ("b12", "C12", 7, "2026-10-15", []),
    ("a13", "C13", 1, "2026-10-01", [20]),  # called back, never answered again
    ("a20", "C20", 2, "2026-10-01", [11]),  # not called
    ("b20", "C20", 3, "2026-10-15", []),
    ("a21", "C21", 5, "2026-10-01", [20]),
    ("b21", "C21", 4, "2026-10-15", []),
    ("a22", "C22", 0, "2026-10-01", [11]),
    ("b22", "C22", 9, "2026-10-15", []),
    ("a23", "C23", 6, "2026-10-01", [30]),
    ("a30", "C30", 4, "2026-10-01", [30]),  # could not be reached
    ("b30", "C30", 8, "2026-10-15", []),
]


def _cb(response_id: str) -> str:
    return followup_id("callback_detractors", response_id)


def _build(tmp_path, rows, *, owners_file: bool = True, extra: str = ""):
    """A store holding ``rows`` (ingested from a CSV), the planted themes and mentions."""
    lines = ["id,customer id,score,comment,date"]
    for rid, customer, score, day, themes in rows:
        comment = f"comment of {rid}" if themes else ""
        lines.append(f"{rid},{customer},{'' if score is None else score},{comment},{day}")
    export = tmp_path / "export.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "verbatim.yaml"
    settings_doc = {"db_url": f"sqlite:///{tmp_path / 'v.db'}", "output_dir": str(tmp_path / "out")}
    if owners_file:
        path = tmp_path / "owners.yaml"
        path.write_text(yaml.safe_dump(OWNERS_YAML), encoding="utf-8")
        settings_doc["followups"] = {"owners_file": str(path)}
    config.write_text(yaml.safe_dump(settings_doc) + extra, encoding="utf-8")
    settings = load_settings(config)
    store = Store(settings.db_url)
    jobs.ingest_step(store, [export], say=lambda _: None)
    store.save_themes(
        pd.DataFrame(
            [
                {
                    "theme_id": tid,
                    "label_en": en,
                    "label_fr": fr,
                    "concept": concept,
                    "parent_id": parent,
                    "level": level,
                    "kind": kind,
                    "size": 1,
                    "keywords_fr": [],
                    "keywords_en": [],
                    "examples": [],
                }
                for tid, (en, fr, concept, parent, level, kind) in THEMES.items()
            ]
        )
    )
    mentions = pd.DataFrame(
        [
            {
                "mention_id": f"m-{rid}-{i}",
                "response_id": rid,
                "position": i,
                "text": f"comment of {rid}",
                "language": "en",
                "text_hash": f"h-{rid}-{i}",
                "lemmas": "",
            }
            for rid, _, _, _, themes in rows
            for i, _ in enumerate(themes)
        ]
    )
    todo = store.responses_to_prepare()
    store.save_mentions(mentions, todo[["response_id", "content_hash"]])
    store.set_mention_themes(
        pd.DataFrame(
            {
                "mention_id": [f"m-{rid}-{i}" for rid, *_, t in rows for i, _ in enumerate(t)],
                "theme_id": [tid for *_, t in rows for tid in t],
                "similarity": 0.9,
            }
        )
    )
    return store, settings, config


@pytest.fixture
def routed(tmp_path):
    store, settings, config = _build(tmp_path, ROUTING)
    yield store, settings, config, tmp_path
    store.dispose()


def _lists(store, settings):
    return jobs.followup_lists(
        analyse(store, settings, comments=False), store=store, settings=settings
    )


@pytest.mark.parametrize("name", ["callback_partner"])
def test_owners_partner_theme_routes_its_detractors_to_the_partner_list(routed, name):
    store, settings, _, tmp_path = routed
    paths = jobs.report_step(store, settings, say=lambda _: None)["paths"]
    partner = pd.read_csv(paths[f"{name}_csv"], encoding="utf-8-sig")
    assert sorted(partner["response_id"]) == ["d1", "d4"]
    reasons = partner.set_index("response_id")["owner_reasons"]
    # d1 mentions the child theme 11, which takes the owner of its parent 10
    assert reasons["d1"] == "partner ← #11 Disappointing dealership (parent #10 Dealership)"
    assert reasons["d4"].startswith("partner ← #11") and "service ← #20 Rude staff" in reasons["d4"]
    callback = pd.read_csv(paths["callback_detractors_csv"], encoding="utf-8-sig")
    assert callback.set_index("response_id")["owners"].fillna("").to_dict() == {
        "d1": "partner",
        "d2": "service",
        "d3": "",
        "d4": "partner; service",
    }
    # the historical columns first, in their order; the new ones after them
    assert list(callback.columns)[:7] == [
        "response_id",
        "customer_id",
        "score",
        "category",
        "themes",
        "comment",
        "language",
    ]
    assert list(callback.columns)[-5:] == [
        "responded_at",
        "followup_id",
        "owners",
        "owner_reasons",
        "call_rule",
    ]
    thanks = pd.read_csv(paths["thank_service_csv"], encoding="utf-8-sig")
    assert thanks["response_id"].tolist() == ["p1"]
    # only owners with rows get a list: no thank_partner, no list for the unowned theme 30
    assert "thank_partner_csv" not in paths
    assert sorted(p.name for p in (tmp_path / "out").glob("callback_*.csv")) == [
        "callback_detractors.csv",
        "callback_partner.csv",
        "callback_service.csv",
    ]


@pytest.mark.parametrize("theme_id", [11])
def test_owners_child_inherits_the_parent_owner_and_its_own_wins(routed, theme_id):
    store, settings, *_ = routed
    table = owner_table(store, settings).set_index("theme_id")
    assert table.loc[theme_id, "owner"] == "partner"
    assert table.loc[theme_id, "owner_source"] == "parent"
    assert table.loc[20, "owner_source"] == "concept" and table.loc[20, "owner"] == "service"
    assert pd.isna(table.loc[30, "owner"])
    assert 40 not in table.index  # general themes have no owner
    set_owner(store, settings, theme_id, "product")  # its own rule now beats the parent's
    table = owner_table(store, settings).set_index("theme_id")
    assert (table.loc[theme_id, "owner"], table.loc[theme_id, "owner_source"]) == (
        "product",
        "theme",
    )


@pytest.mark.parametrize(
    ("rule", "called"),
    [
        ("", ["d1", "d4", "d2", "d3"]),  # default: every detractor, lowest score first
        (
            "  callback_max_score: 4\n  callback_owner_scores: {service: 6}\n",
            ["d1", "d4", "d2"],  # 0-4, and 5-6 about a service theme: not d3 (6, no owner)
        ),
        ("  callback_max_score: 2\n", ["d1"]),
    ],
)
def test_followups_callback_rule_selects_the_planted_rows(tmp_path, rule, called):
    extra = f"\nfollowups:\n  owners_file: {tmp_path / 'owners.yaml'}\n{rule}" if rule else ""
    (tmp_path / "owners.yaml").write_text(yaml.safe_dump(OWNERS_YAML), encoding="utf-8")
    store, settings, _ = _build(tmp_path, ROUTING, owners_file=not rule, extra=extra)
    callback = _lists(store, settings)["callback_detractors"]
    assert callback["response_id"].tolist() == called
    if rule.startswith("  callback_max_score: 4"):
        assert callback.set_index("response_id")["call_rule"].to_dict() == {
            "d1": "score <= 4",
            "d4": "score <= 4",
            "d2": "score <= 6 and a service theme",
        }
    store.dispose()


def test_followups_ids_are_stable_across_runs_and_lists(routed):
    store, settings, *_ = routed
    first = _lists(store, settings)
    again = _lists(store, settings)
    for name in ("callback_detractors", "thank_promoters", "chase_nonrespondents"):
        assert first[name]["followup_id"].tolist() == again[name]["followup_id"].tolist()
        assert first[name]["followup_id"].is_unique
    ids = first["callback_detractors"].set_index("response_id")["followup_id"]
    assert ids["d1"] == _cb("d1") and ids["d1"].startswith("cb-") and len(ids["d1"]) == 19
    assert first["thank_promoters"]["followup_id"].tolist() == [
        followup_id("thank_promoters", "p1")
    ]
    assert first["chase_nonrespondents"]["followup_id"].str.startswith("ch-").all()


def _outcome_file(tmp_path):
    rows = [
        ("followup_id", "status", "date", "note"),
        (_cb("a10"), "reached", "2026-10-05", "rappel, geste commercial"),
        (_cb("a10"), "resolved", "2026-10-06", ""),
        (_cb("a11"), "Appelé", "05/10/2026", ""),
        (_cb("a12"), "reached", "2026-10-06", ""),
        (_cb("a13"), "resolved", "", ""),
        (_cb("a30"), "not reachable", "2026-10-04", "messagerie"),
        ("cb-0000000000000000", "reached", "2026-10-05", ""),  # unknown id
        (_cb("a21"), "maybe", "2026-10-05", ""),  # bad status
        (_cb("a22"), "reached", "2026-13-45", ""),  # bad date
    ]
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def followed(tmp_path):
    store, settings, config = _build(tmp_path, OUTCOME_ROWS)
    jobs.report_step(store, settings, say=lambda _: None)  # replays the owners file
    yield store, settings, config, tmp_path
    store.dispose()


def test_followups_import_rejects_bad_rows_with_the_reason(followed):
    store, settings, _, tmp_path = followed
    path = _outcome_file(tmp_path)
    result = import_outcomes(store, settings, path)
    assert (result["rows"], result["accepted"], result["rejected"]) == (9, 6, 3)
    rejects = store.rejects().set_index("line")
    assert rejects.loc[8, "column"] == "followup_id"
    assert "unknown followup_id 'cb-0000000000000000'" in rejects.loc[8, "reason"]
    assert rejects.loc[9, "reason"] == (
        "status 'maybe' is not one of called, reached, resolved, not_reachable"
    )
    assert (
        rejects.loc[10, "column"] == "date"
        and "'2026-13-45' is not a date" in rejects.loc[10, "reason"]
    )
    stored = store.followup_outcomes()
    assert len(stored) == 6 and set(stored["status"]) == {
        "called",
        "reached",
        "resolved",
        "not_reachable",
    }
    assert stored.set_index("status").loc["called", "response_id"] == "a11"
    again = import_outcomes(store, settings, path)  # importing again changes nothing
    assert (again["inserted"], again["updated"]) == (0, 6) and len(store.followup_outcomes()) == 6
    assert len(store.rejects()) == 3  # the file's rejects replaced, not added


def test_followups_outcomes_count_repeat_customers_and_their_movement(followed):
    store, settings, _, tmp_path = followed
    import_outcomes(store, settings, _outcome_file(tmp_path))
    result = outcomes(store, settings)
    assert "Observational" in result["note"] and "not the effect of the call" in result["note"]
    table = result["table"]
    everyone = table[table["scope"] == "all"].set_index("group")
    got = everyone[["detractors", "came_back", "to_promoter", "to_passive", "still_detractor"]]
    assert got.to_dict("index") == {
        "called back": {
            "detractors": 4,
            "came_back": 3,
            "to_promoter": 2,
            "to_passive": 1,
            "still_detractor": 0,
        },
        "not reached": {
            "detractors": 1,
            "came_back": 1,
            "to_promoter": 0,
            "to_passive": 1,
            "still_detractor": 0,
        },
        # a20-a23, and the later answers b20 and b21, detractors again
        "not called": {
            "detractors": 6,
            "came_back": 3,
            "to_promoter": 1,
            "to_passive": 0,
            "still_detractor": 2,
        },
    }
    called = everyone.loc["called back"]
    assert called["improved_share"] == 1.0
    diff, low, high = difference_ci(3, 3, 1, 3)
    assert called["improved_diff"] == pytest.approx(diff) == pytest.approx(2 / 3)
    assert (called["improved_diff_ci_low"], called["improved_diff_ci_high"]) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    assert low < 0 < high  # three against three: the interval says it may be chance
    partner = table[(table["scope"] == "owner") & (table["scope_id"] == "partner")]
    partner = partner.set_index("group")
    assert partner.loc["called back", ["detractors", "to_promoter"]].tolist() == [2, 2]
    assert partner.loc["not called", ["detractors", "came_back", "to_promoter"]].tolist() == [
        2,
        2,
        1,
    ]
    theme = table[(table["scope"] == "theme") & (table["scope_id"] == "20")].set_index("group")
    assert theme.loc["called back", ["detractors", "came_back", "to_passive"]].tolist() == [2, 1, 1]
    assert theme.loc["called back", "label"] == "Rude staff"


def test_followups_interval_helpers_match_statsmodels():
    from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

    from verbatim.models.outcomes import wilson

    for count, n in ((0, 5), (3, 10), (17, 40), (40, 40)):
        assert wilson(count, n) == pytest.approx(
            proportion_confint(count, n, method="wilson"), abs=1e-6
        )
    for args in ((3, 3, 1, 3), (8, 10, 2, 10), (5, 40, 12, 35)):
        assert difference_ci(*args)[1:] == pytest.approx(
            confint_proportions_2indep(*args, method="newcomb"), abs=1e-6
        )


def test_followups_api_lists_owners_and_outcomes(followed):
    store, settings, _, tmp_path = followed
    import_outcomes(store, settings, _outcome_file(tmp_path))
    run = store.start_run({})
    store.finish_run(run, status="completed", counts={})
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    owners = client.get("/owners")
    assert owners.status_code == 200
    assert_documented(client, owners)
    by_id = {r["theme_id"]: r for r in owners.json()}
    assert by_id[11]["owner"] == "partner" and by_id[11]["owner_source"] == "parent"
    assert [r["theme_id"] for r in client.get("/owners", params={"unowned": True}).json()] == [30]
    res = client.get("/followups/outcomes", params={"scope": "all"})
    assert res.status_code == 200
    assert_documented(client, res)
    body = res.json()
    assert body["note"].startswith("Observational")
    called = next(r for r in body["outcomes"] if r["group"] == "called back")
    assert (called["detractors"], called["came_back"], called["to_promoter"]) == (4, 3, 2)
    bad = client.get("/followups/outcomes", params={"scope": "site"})
    assert bad.status_code == 422 and bad.json()["code"] == "E302"
    assert "rappel" not in res.text  # analysts' notes are never served


def test_followups_cli_import_outcomes_and_owners(followed):
    store, settings, config, tmp_path = followed
    path = _outcome_file(tmp_path)
    done = verbatim("followups", "import", str(path), "--config", str(config), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "6 accepted, 3 rejected" in done.stdout
    assert "status 'maybe' is not one of" in done.stdout
    shown = verbatim(
        "followups", "outcomes", "--format", "json", "--config", str(config), cwd=tmp_path
    )
    body = json.loads(shown.stdout)
    assert body["summary"]["called_back"] == 4
    assert {r["scope"] for r in body["outcomes"]} == {"all", "owner", "theme"}
    listed = verbatim("owners", "--format", "json", "--config", str(config), cwd=tmp_path)
    owners = {r["theme_id"]: r["owner"] for r in json.loads(listed.stdout)}
    assert owners == {10: "partner", 11: "partner", 20: "service", 30: None}
    put = verbatim("owners", "set", "30", "pricing", "--config", str(config), cwd=tmp_path)
    assert put.returncode == 0 and "theme 30: owner pricing" in put.stdout
    bad = verbatim("owners", "set", "30", "Pricing Team", "--config", str(config), cwd=tmp_path)
    assert bad.returncode == 2 and "Invalid owner 'Pricing Team'" in bad.stderr
    exported = tmp_path / "exported.yaml"
    verbatim("owners", "export", str(exported), "--config", str(config), cwd=tmp_path)
    doc = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert doc["themes"] == {10: "partner", 30: "pricing"}
    assert doc["concepts"] == {"staff_friendliness": "service"}
    helped = verbatim("owners", "set", "--help", cwd=tmp_path)
    assert "verbatim owners set 12 partner" in helped.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- 12: partner\n", "the file holds a list, expected a mapping"),
        ("themes: {twelve: partner}\n", "'themes' key 'twelve' is not a theme id"),
        ("concepts: {delivery: Partner Network}\n", "concepts.delivery: Invalid owner"),
        ("owners: {12: partner}\n", "unknown section 'owners'"),
    ],
)
def test_owners_file_of_the_wrong_shape_is_refused_naming_what_differs(tmp_path, text, message):
    from verbatim.pipelines.steps.owners import read_owners_file

    path = tmp_path / "owners.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VerbatimError, match="E301") as err:
        read_owners_file(path)
    assert message in err.value.message


def test_report_lists_themes_without_owner_and_the_outcome_table(followed):
    import re

    store, settings, _, tmp_path = followed
    import_outcomes(store, settings, _outcome_file(tmp_path))
    paths = jobs.report_step(store, settings, say=lambda _: None)["paths"]
    html = open(paths["report_html"], encoding="utf-8").read()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "1 topic theme has no owner : #30 Prices too high / Prix trop élevés" in text
    assert "Did calling back help?" in text and "Observational" in text
    from openpyxl import load_workbook

    sheets = load_workbook(paths["report_xlsx"]).sheetnames
    assert "Owners" in sheets and "Follow-up outcomes" in sheets


def test_store_at_revision_0002_is_upgraded_with_the_new_tables(tmp_path):
    from alembic import command
    from alembic.config import Config

    from verbatim.pipelines.io.store import _MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Store(url, migrate=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    old.dispose()
    store = Store(url)  # migrates: the owners and outcomes tables are created
    assert store.owner_rules().empty and store.followup_outcomes().empty
    store.dispose()


@pytest.mark.parametrize(
    "command",
    [
        ["owners"],
        ["owners", "set"],
        ["owners", "export"],
        ["followups", "import"],
        ["followups", "outcomes"],
    ],
)
def test_cli_owner_and_followup_commands_have_help_with_examples(command):
    from typer.testing import CliRunner

    from verbatim.pipelines.interfaces.cli import app

    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_export_themes_carries_the_owner_column_of_the_data_contract(routed):
    from verbatim.pipelines.interfaces.cli.export import export_frame
    from verbatim.pipelines.steps.report.data import THEME_COLUMNS

    store, settings, *_ = routed
    frame = export_frame(store, settings, "themes")
    assert list(frame.columns) == [*THEME_COLUMNS, "owner"]
    assert frame.set_index("theme_id")["owner"].to_dict() == {
        10: "partner",
        11: "partner",
        20: "service",
        30: None,
        40: None,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "followups: {callback_max_score: 11}",
            "Invalid value for followups.callback_max_score (from verbatim.yaml): 11. "
            "Expected a score from 0 to 10, or null for every detractor.",
        ),
        ("followups: {callback_owner_scores: {service: 12}}", "callback_owner_scores.service"),
        ("followups: {callback_owner_scores: {detractors: 5}}", "'detractors'"),
        ("followups: {owner_file: x.yaml}", "(did you mean 'owners_file'?)"),
    ],
)
def test_settings_followups_section_is_checked(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "verbatim.yaml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(VerbatimError) as err:
        load_settings(None)
    assert message in err.value.message


def test_settings_owners_file_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERBATIM_OWNERS_FILE", "owners.yaml")
    settings = load_settings(None)
    assert settings.followups.owners_file == "owners.yaml"
    assert settings.followups.callback_max_score is None  # every detractor, as before
    assert settings.followups.callback_owner_scores == {}


def test_followup_lists_show_the_detected_language_without_a_language_column(routed):
    # the export has no language column: the lists carry the language found in each comment
    store, settings, _, _ = routed
    lists = _lists(store, settings)
    callback = lists["callback_detractors"].set_index("response_id")
    assert callback.loc[["d1", "d2", "d3", "d4"], "language"].tolist() == ["en"] * 4
    assert lists["thank_promoters"].set_index("response_id").loc["p1", "language"] == "en"
