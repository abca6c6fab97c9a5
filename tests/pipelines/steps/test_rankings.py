"""One ranking of drivers for the CLI, the API and the report: significant first, then by impact.

Built on planted counts (no theme model): a praise theme that turns passives into promoters is
the one significant driver of promotion, though a theme with fewer detractors (and no more
promoters) has a larger impact and a tiny detractor-significant q-value.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from verbatim.models.drivers import driver_table
from verbatim.pipelines.steps.analysis import Analysis

CHEERS, CALM, ANNOYED = 1, 2, 3


def _analysis() -> Analysis:
    # promoters, passives, detractors per block: theme 1 80% promoters (42.5% elsewhere) with
    # the usual share of detractors; theme 2 no detractor and no more promoters (48% vs 52%);
    # theme 3 a complaint theme with twice the usual detractors
    blocks = [
        (CHEERS, (160, 20, 20)),
        (CALM, (240, 260, 0)),
        (ANNOYED, (20, 40, 40)),
        (None, (80, 60, 60)),
    ]
    cats, rows = [], []
    for theme, counts in blocks:
        for category, k in zip(("promoter", "passive", "detractor"), counts, strict=True):
            for _ in range(k):
                if theme is not None:
                    rows.append((f"r{len(cats)}", theme))
                cats.append(category)
    responses = pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(len(cats))],
            "category": cats,
            "responded_at": pd.Timestamp("2026-10-01"),
        }
    )
    mentions = pd.DataFrame(rows, columns=["response_id", "theme_id"])
    themes = pd.DataFrame(
        {
            "theme_id": [CHEERS, CALM, ANNOYED],
            "label_fr": ["accueil chaleureux", "sans souci", "attente"],
            "label_en": ["warm welcome", "no hassle", "waiting"],
            "polarity": ["praise", "mixed", "complaint"],
            "kind": "topic",
            "level": "theme",
        }
    )
    return Analysis(
        responses=responses,
        mention_themes=mentions,
        themes=themes,
        drivers=driver_table(responses, mentions, themes),
        headline={"nps": 30.0, "ci_low": 25.0, "ci_high": 35.0, "responses": len(cats)},
        nps_by_period=pd.DataFrame(),
        alerts=pd.DataFrame(),
        segment_heatmap=pd.DataFrame(),
    )


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return _analysis()


def _tiers_agree(records: list[dict]) -> bool:
    flags = [bool(r["significant"]) for r in sorted(records, key=lambda r: r["rank"])]
    return flags == sorted(flags, reverse=True)


@pytest.mark.parametrize("level", ["theme", "all"])
def test_rankings_promotion_uses_the_promoter_side(analysis, level):
    calm = analysis.drivers.set_index("theme_id").loc[CALM]
    assert calm["impact"] > analysis.drivers.set_index("theme_id").loc[CHEERS, "impact"]
    assert calm["q_value"] < 0.05  # detractor side: significantly *fewer* detractors
    top = analysis.top("promoter", level=level)
    assert top["theme_id"].tolist() == [CHEERS, CALM]
    assert top["significant"].tolist() == [True, False]
    assert top.set_index("theme_id").loc[CHEERS, "promoter_q_value"] < 0.05


def test_rankings_cli_json_agrees_with_the_order(analysis, monkeypatch, sqlite_url):
    from verbatim.pipelines.interfaces.cli import app
    from verbatim.pipelines.io.store import Store

    Store(sqlite_url).dispose()  # a query never creates a store: this one exists
    monkeypatch.setattr(
        "verbatim.pipelines.steps.analysis.analyse", lambda *args, **kwargs: analysis
    )
    for category in ("promoter", "detractor"):
        result = CliRunner().invoke(
            app,
            ["top-themes", "--category", category, "--format", "json", "--db", sqlite_url],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        records = json.loads(result.stdout)
        assert records and _tiers_agree(records)
        if category == "promoter":
            assert [r["theme_id"] for r in records] == [CHEERS, CALM]


def test_rankings_api_agrees_with_the_order(analysis, monkeypatch, sqlite_url):
    from verbatim.pipelines.interfaces.api import create_app
    from verbatim.pipelines.settings import load_settings

    monkeypatch.setattr(
        "verbatim.pipelines.interfaces.api.analyse", lambda *args, **kwargs: analysis
    )
    client = TestClient(
        create_app(load_settings(None, db_url=sqlite_url)), base_url="http://127.0.0.1:8000"
    )
    records = client.get("/themes/top", params={"category": "promoter"}).json()
    assert [r["theme_id"] for r in records] == [CHEERS, CALM]
    assert [r["significant"] for r in records] == [True, False]
    detractors = client.get("/themes/top", params={"category": "detractor"}).json()
    assert [r["theme_id"] for r in detractors] == [ANNOYED] and _tiers_agree(detractors)


def test_rankings_report_charts_agree_with_the_order(analysis):
    from verbatim.pipelines.steps.jobs import report_data

    data = report_data(analysis, {}).normalized()
    for frame in (data.top_promoters, data.top_detractors):
        assert len(frame) and _tiers_agree(frame.to_dict("records"))
    assert data.top_promoters["theme_id"].tolist() == [CHEERS, CALM]
