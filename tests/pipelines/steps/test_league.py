"""League table of sites on a planted store: the planted worst site is flagged (q < 0.05) and not
the others, with its change and its top detraction theme, in the CLI, the API and the report."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.helpers import assert_documented, verbatim
from tests.planted import SITES, WORST_SITE, build_store, league_rows
from verbatim.pipelines.interfaces.api import create_app
from verbatim.pipelines.interfaces.cli import app
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps.analysis import analyse
from verbatim.pipelines.steps.jobs import report_step

OCTOBER = ["--since", "2026-10-01", "--until", "2026-10-31"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("league")
    url, _ = build_store(tmp, league_rows())
    return url, tmp


def _check_worst(records: list[dict]) -> None:
    by_site = {r["value"]: r for r in records}
    assert set(by_site) == set(SITES)
    worst = by_site[WORST_SITE]
    assert worst["flag"] == "worse" and worst["q_value"] < 0.05 and worst["rank"] == len(SITES)
    assert [s for s, r in by_site.items() if r["flag"]] == [WORST_SITE]
    assert all(r["q_value"] >= 0.05 for s, r in by_site.items() if s != WORST_SITE)
    assert worst["nps"] == -40.0 and worst["previous_nps"] == 25.0 and worst["change"] == -65.0
    assert worst["top_theme_label_en"] == "Late deliveries"
    assert worst["top_theme_detractors"] == 30
    assert worst["top_theme_share"] == pytest.approx(30 / 36)
    # elsewhere more detractors only say they are unhappy: a general theme is never named
    assert {r["top_theme_label_en"] for s, r in by_site.items() if s != WORST_SITE} == {
        "Termination fees"
    }


def test_league_cli_json_flags_the_planted_worst_site(planted):
    url, tmp = planted
    proc = verbatim(
        "nps", "--by-segment", "Agence", *OCTOBER, "--format", "json", "--db", url, cwd=tmp
    )
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    _check_worst(records)
    assert records[0]["period"] == "2026-10-01 → 2026-10-31"
    assert records[0]["previous_period"] == "2026-08-31 → 2026-09-30"


def test_league_cli_table(planted):
    url, _ = planted
    result = CliRunner().invoke(
        app, ["nps", "--by-segment", "Agence", *OCTOBER, "--db", url], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "League table of Agence, 2026-10-01 → 2026-10-31, change vs 2026-08-31" in result.stdout
    assert "worse" in result.stdout


@pytest.mark.parametrize("column", ["Commentaire", "comment", "customer_id", "score", "Nope"])
def test_league_cli_refuses_columns_that_are_not_segments(planted, column):
    url, tmp = planted
    proc = verbatim("nps", "--by-segment", column, "--db", url, cwd=tmp)
    assert proc.returncode == 2
    assert "E302" in proc.stderr and "Allowed segment columns here: Agence" in proc.stderr


def test_league_api(planted):
    url, _ = planted
    client = TestClient(create_app(load_settings(None, db_url=url)), base_url="http://127.0.0.1")
    params = {"segment": "Agence", "since": "2026-10-01", "until": "2026-10-31"}
    res = client.get("/nps/league", params=params)
    assert res.status_code == 200, res.text
    assert_documented(client, res)
    _check_worst(res.json())
    default = client.get("/nps/league", params={"since": "2026-10"})  # the first segment
    assert default.status_code == 200 and default.json()[0]["segment"] == "Agence"
    for column in ("comment", "customer_id", "response_id", "responded_at", "source_file"):
        refused = client.get("/nps/league", params={"segment": column})
        assert refused.status_code == 422, column
        assert refused.json()["code"] == "E302"
        assert "Allowed segment columns here: Agence" in refused.json()["message"]


def test_league_report_section_and_workbook(planted):
    url, tmp = planted
    store = Store(url)
    paths = report_step(store, load_settings(None, db_url=url), output_dir=tmp / "out")["paths"]
    store.dispose()
    page = open(paths["report_html"], encoding="utf-8").read()
    section = re.search(r'<section id="league">.*?</section>', page, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    assert "League table: Agence" in text and "2026-10, change against 2026-09" in text
    assert f"{WORST_SITE} worse" in text and text.count("worse") == 2  # the lead names it too
    league = load_workbook(paths["report_xlsx"])["League"]
    rows = list(league.iter_rows(values_only=True))
    assert rows[0][:3] == ("rank", "segment", "value") and rows[-1][2] == WORST_SITE


@pytest.mark.parametrize("configured", ["Commentaire"])
def test_league_a_configured_segment_that_cannot_be_used_is_named(planted, configured):
    url, _ = planted
    settings = load_settings(None, db_url=url).model_copy()
    settings.report.league_segment = configured
    store = Store(url)
    analysis = analyse(store, settings)
    store.dispose()
    assert analysis.league.empty
    assert f"report.league_segment '{configured}' is not a segment column" in analysis.league_note
