"""Value at risk on a planted store: the theme whose detractors hold the most value tops the value
ranking with the planted sum, in the analysis, `verbatim top-themes --by value`, the API and the
report; retention per theme with its interval; NPS weighted by value as a second headline."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.helpers import assert_documented, verbatim
from tests.planted import VALUE_AT_RISK, VALUE_TOTAL, block, build_store, value_rows
from verbatim.pipelines.interfaces.api import create_app
from verbatim.pipelines.interfaces.cli import app
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps.analysis import analyse
from verbatim.pipelines.steps.jobs import report_step

FEES, LATE, GENERAL = 2, 1, 4


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("value")
    url, _ = build_store(tmp, value_rows())
    return url, tmp


@pytest.fixture(scope="module")
def analysis(planted):
    url, _ = planted
    store = Store(url)
    yield analyse(store, load_settings(None, db_url=url))
    store.dispose()


def test_value_at_risk_planted_theme_tops_the_value_ranking_with_its_sum(analysis):
    top = analysis.top_by_value(10)
    assert top["theme_id"].tolist() == [FEES, LATE]  # general complaint never ranked
    assert top["value_at_risk"].tolist() == pytest.approx(
        [VALUE_AT_RISK[FEES], VALUE_AT_RISK[LATE]]
    )
    assert top.iloc[0]["value_at_risk_share"] == pytest.approx(VALUE_AT_RISK[FEES] / VALUE_TOTAL)
    assert top.iloc[0]["value_detractors"] == 10
    # by impact the late deliveries (30 detractors) come first: the two rankings differ
    assert analysis.top("detractor").iloc[0]["theme_id"] == LATE


def test_value_at_risk_retention_per_theme_on_planted_counts(analysis):
    late = analysis.drivers.set_index("theme_id").loc[LATE]
    assert (late["retention_customers"], late["retention_rest_customers"]) == (30, 90)
    assert late["retention_theme"] == pytest.approx(18 / 30)
    assert late["retention_rest"] == pytest.approx(86 / 90)
    assert late["retention_difference"] == pytest.approx(18 / 30 - 86 / 90)
    assert late["retention_ci_low"] < late["retention_difference"] < late["retention_ci_high"] < 0
    assert late["retention_q_value"] < 0.05


def test_value_at_risk_weighted_nps_is_a_second_headline(analysis):
    h = analysis.headline
    promoters, detractors = 40 * 1000, VALUE_AT_RISK[FEES] + VALUE_AT_RISK[LATE] + 5 * 50_000
    assert h["value_nps"] == pytest.approx(100 * (promoters - detractors) / VALUE_TOTAL)
    assert h["value_total"] == pytest.approx(VALUE_TOTAL) and h["value_responses"] == 125
    assert h["value_nps_ci_low"] < h["value_nps"] < h["value_nps_ci_high"]
    assert h["nps"] == pytest.approx(100 * (40 - 45) / 125)  # the unweighted one stays


def test_value_at_risk_cli_top_themes_by_value_json(planted):
    url, tmp = planted
    proc = verbatim("top-themes", "--by", "value", "--format", "json", "--db", url, cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["theme_id"] for r in records] == [FEES, LATE]
    assert records[0]["value_at_risk"] == pytest.approx(200_000)
    assert records[0]["label_en"] == "Termination fees" and records[0]["rank"] == 1


@pytest.mark.parametrize("args", [["--by", "value"], []])
def test_value_at_risk_cli_tables_show_the_value_columns(planted, args):
    url, _ = planted
    result = CliRunner().invoke(app, ["top-themes", *args, "--db", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "NPS weighted by value -78.8" in result.stdout  # the columns: see the JSON tests


def test_value_at_risk_cli_refuses_value_without_a_value_column(tmp_path):
    url, _ = build_store(tmp_path, block(10, day="2026-10-05", score=3, themes=[1]))
    proc = verbatim("top-themes", "--by", "value", "--db", url, cwd=tmp_path)
    assert proc.returncode == 2
    assert "No response here has a value" in proc.stderr and "--map value=" in proc.stderr
    refused = CliRunner().invoke(
        app, ["top-themes", "--by", "value", "--category", "promoter", "--db", url]
    )
    assert refused.exit_code != 0 and "held by detractors" in str(refused.exception)


def test_value_at_risk_api(planted):
    url, _ = planted
    client = TestClient(create_app(load_settings(None, db_url=url)), base_url="http://127.0.0.1")
    ranked = client.get("/themes/value").json()
    assert [r["theme_id"] for r in ranked] == [FEES, LATE]
    assert ranked[0]["value_at_risk"] == pytest.approx(200_000)
    top = client.get("/themes/top").json()
    assert {"value_at_risk", "retention_difference", "retention_ci_low"} <= set(top[0])


@pytest.mark.parametrize(
    "path",
    ["/themes", "/themes/top", "/themes/value", f"/themes/{FEES}", f"/themes/{FEES}/verbatims"],
)
def test_value_at_risk_api_theme_answers_match_their_documented_models(planted, path):
    url, _ = planted
    client = TestClient(create_app(load_settings(None, db_url=url)), base_url="http://127.0.0.1")
    assert_documented(client, client.get(path))


def test_value_at_risk_report_and_workbook(planted):
    url, tmp = planted
    store = Store(url)
    paths = report_step(store, load_settings(None, db_url=url), output_dir=tmp / "out")["paths"]
    store.dispose()
    page = open(paths["report_html"], encoding="utf-8").read()
    value = re.search(r'<section id="value">.*?</section>', page, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value))
    assert text.index("Termination fees") < text.index("Late deliveries")
    assert "200,000" in text and "General complaint" not in text
    assert "NPS weighted by value" in page
    drivers = load_workbook(paths["report_xlsx"])["Drivers"]
    headers = [c.value for c in drivers[1]]
    assert {"value_at_risk", "value_at_risk_share", "retention_difference"} <= set(headers)
