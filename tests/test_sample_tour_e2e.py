"""The bundled sample shows owners, outcomes, value at risk, the day's one fix and the league table.

The real flow as `make demo` runs it, from the repository root with the sample's settings
(data/sample/verbatim.yaml: the owners file, the league of `Agence`): `verbatim run`, then
`verbatim followups import` of the sample's outcome file, then `verbatim report` so that the
report shows the outcomes. Each of issue 14's "done when" is checked against truth.yaml, through
the CLI (`--format json`), the API on the same store and the report; a daily export of the surge
day alone (20 answers) gets a digest.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import verbatim
from tests.test_end_to_end import _theme_map

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "data/sample/nps_export.csv"  # relative to the repository root, as `make demo` gives them
CONFIG = "data/sample/verbatim.yaml"


@pytest.fixture(scope="module")
def tour(tmp_path_factory, truth):
    """Run the sample, import the outcomes, re-render the report; all under a temporary folder."""
    work = tmp_path_factory.mktemp("tour")
    env = {"VERBATIM_HOME": str(work / "home"), "PREFECT_HOME": str(work / ".prefect")}
    db = f"sqlite:///{work / 'verbatim.db'}"
    out = work / "out"

    def cli(*args: str):
        return verbatim(*args, "--config", CONFIG, "--db", db, cwd=ROOT, env=env)

    first = cli("run", SAMPLE, "--output", str(out))
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
    partner = pd.read_csv(out / "callback_partner.csv", dtype={"customer_id": str})
    callback = pd.read_csv(out / "callback_detractors.csv", dtype={"customer_id": str})
    outcomes = f"data/sample/{truth['followups']['outcomes_file']}"
    imported = cli("followups", "import", outcomes, "--format", "json")
    assert imported.returncode == 0, imported.stderr
    again = cli("report", "--output", str(out / "report.html"))
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-3000:]
    page = (out / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    return {
        "cli": cli,
        "db": db,
        "partner": partner,
        "callback": callback,
        "imported": json.loads(imported.stdout),
        "map": _theme_map(db, truth),
        "page": page,
        "report": text,
    }


def _json(tour, *args):
    proc = tour["cli"](*args, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def api(tour):
    from fastapi.testclient import TestClient

    from verbatim.pipelines.interfaces.api import create_app
    from verbatim.pipelines.settings import load_settings

    app = create_app(load_settings(None, db_url=tour["db"]))
    return TestClient(app, base_url="http://127.0.0.1:8000")


def test_sample_tour_partner_theme_detractors_go_to_the_partner_list(tour, api, truth):
    planted = truth["followups"]
    partner, callback = tour["partner"], tour["callback"]
    assert len(callback) == planted["callback_detractors"]  # every detractor of the last 30 days
    assert partner["owner_reasons"].str.contains("partner ← #").all()
    routed = callback[callback["owners"].fillna("").str.split("; ").map(lambda o: "partner" in o)]
    assert sorted(routed["response_id"]) == sorted(partner["response_id"])
    got, wanted = set(partner["response_id"]), set(planted["callback_partner"])
    # the product's themes are found, not given: most, not all, planted mentions land in them
    assert len(got & wanted) >= 0.7 * len(wanted), (sorted(got), sorted(wanted))
    assert len(got & set(planted["callback_partner_any"])) >= 0.7 * len(got), sorted(got)
    owners = {r["theme_id"]: r["owner"] for r in _json(tour, "owners")}
    late = tour["map"][planted["partner_theme"]][0]
    assert owners[late] == planted["partner_owner"]
    assert {r["theme_id"]: r["owner"] for r in api.get("/owners").json()} == owners
    assert re.search(r"\d+ topic themes? ha(s|ve) no owner", tour["report"])  # left to complete


def test_sample_tour_called_back_detractors_show_in_the_outcome_table(tour, api, truth):
    planted = truth["followups"]
    imported = tour["imported"]
    assert (imported["accepted"], imported["rejected"]) == (planted["outcome_rows"], 0)
    body = _json(tour, "followups", "outcomes")
    assert "not the effect of the call" in body["note"]
    rows = {(r["scope"], r["scope_id"], r["group"]): r for r in body["outcomes"]}
    for group, expected in planted["outcomes"].items():
        got = rows[("all", "all", group)]
        assert {k: got[k] for k in expected} == expected, group
    # each called detractor mentions the partner theme; found themes hold most of those mentions
    called = planted["outcomes"]["called back"]["detractors"]
    by_partner = rows[("owner", planted["partner_owner"], "called back")]
    assert 0.75 * called <= by_partner["detractors"] <= called
    assert api.get("/followups/outcomes").json()["outcomes"] == body["outcomes"]
    assert "Did calling back help?" in tour["report"] and "Observational" in tour["report"]


def test_sample_tour_the_planted_revenue_at_risk_tops_the_value_ranking(tour, api, truth):
    planted = truth["value"]
    key_of = {tid: key for key, (tid, _) in tour["map"].items()}
    top = _json(tour, "top-themes", "--by", "value")
    assert key_of.get(top[0]["theme_id"]) == planted["top_theme"], [
        key_of.get(r["theme_id"]) for r in top
    ]
    # found themes hold most, not all, of the planted mentions (some price complaints sit with
    # billing), so the figure is near the planted one, not equal to it
    assert (
        top[0]["value_at_risk"] >= 0.6 * planted["per_theme"][planted["top_theme"]]["value_at_risk"]
    )
    assert top[0]["retention_ci_high"] < 0  # its customers leave more often
    assert [r["theme_id"] for r in api.get("/themes/value").json()] == [r["theme_id"] for r in top]
    assert "NPS weighted by value" in tour["report"] and "Value at risk" in tour["report"]


def test_sample_tour_the_surge_day_digest_names_the_planted_theme(tour, api, truth):
    day = truth["surge_day"]
    tid = tour["map"][day["theme"]][0]
    data = _json(tour, "digest", "--since", day["day"], "--until", day["day"])
    assert data["status"] == "fix" and data["pick"]["theme_id"] == tid, data
    assert data["responses"] == day["responses"] and data["detractors"] == day["detractors"]
    assert data["pick"]["label_en"] in data["text"] and len(data["pick"]["verbatims"]) == 3
    served = api.get("/digest", params={"since": day["day"], "until": day["day"], "lang": "fr"})
    assert served.status_code == 200 and served.json()["pick"]["theme_id"] == tid
    # the report's section is the newest day's, which is the surge day
    assert f"The day's one fix, on {day['day']}" in tour["report"]
    assert data["pick"]["label_en"] in tour["report"]


def test_sample_tour_the_league_table_flags_the_planted_worst_site(tour, api, truth):
    site = truth["site"]
    league = _json(tour, "nps", "--by-segment", site["column"])
    flags = {r["value"]: r["flag"] for r in league}
    assert flags.pop(site["worst"]) == "worse" and not any(flags.values()), league
    assert league[0]["period"] == site["period"] and league[-1]["value"] == site["worst"]
    worst = league[-1]
    expected = site["per_site"][site["worst"]]
    assert worst["responses"] == expected["responses"]
    assert worst["nps"] == pytest.approx(expected["nps"], abs=0.01)
    served = api.get("/nps/league", params={"segment": site["column"]}).json()
    assert [(r["value"], r["flag"]) for r in served] == [(r["value"], r["flag"]) for r in league]
    assert f"League table: {site['column']}" in tour["report"]
    assert f"{site['worst']} worse" in tour["report"]


def test_sample_tour_a_20_response_daily_export_gets_a_digest(tmp_path, sample_path, truth):
    day = truth["surge_day"]
    with open(sample_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:]
    date = header.index(truth["columns"]["responded_at"])
    shown = pd.Timestamp(day["day"]).strftime("%d/%m/%Y")
    today = [r for r in body if r[date] == shown]
    assert len(today) == day["rows"] == 20  # the sample's last day, as a daily export
    with open(tmp_path / "day.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([header, *today])
    db = f"sqlite:///{tmp_path / 'v.db'}"
    run = verbatim("run", "day.csv", "--db", db, "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    digest = verbatim("digest", "--since", day["day"], "--format", "json", "--db", db, cwd=tmp_path)
    assert digest.returncode == 0 and "Traceback" not in digest.stderr, digest.stderr
    data = json.loads(digest.stdout)
    assert data["responses"] == day["responses"] and data["text"].strip()
    assert data["status"] in ("fix", "nothing", "no_themes"), data
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "The day's one fix" in page
