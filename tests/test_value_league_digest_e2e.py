"""End to end through the real `verbatim run`: the bundled sample with a value, a retention and a
site column planted on it, and a planted surge day. The theme with the planted revenue at risk
tops `top-themes --by value`, the planted worst site is the one flagged, the digest of the surge
day names the surge theme with masked verbatims; a 20-response daily export gets a digest."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest
import yaml

from tests.helpers import verbatim
from tests.test_end_to_end import _theme_map

pytestmark = pytest.mark.slow

RICH = "price_high"  # its detractors hold 25 000 € each; everyone else 300 €
SURGE_THEME, SURGE_DAY = "app_crash", "2026-10-20"
WORST = "Lille"
OTHERS = ("Bordeaux", "Lyon", "Nantes", "Paris")
EMAIL = "jean.dupont@example.com"


def _own_columns(truth) -> set[str]:
    """The sample's own site, value and retention columns, which this module plants afresh."""
    columns = truth["columns"]
    return {columns["value"], columns["retention"], truth["site"]["column"]}


def _planted_export(sample_path, path, truth) -> None:
    with open(sample_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:]
    col = {name: header.index(name) for name in header}
    themes = truth["comment_themes"]
    # the sample has a site, a value and a retention column of its own: planted over here
    kept = [i for i, name in enumerate(header) if name not in _own_columns(truth)]
    out = [[*(header[i] for i in kept), "Chiffre d'affaires", "Résilié", "Agence"]]
    emailed = False
    for i, row in enumerate(body):
        rid, score = row[col["ID réponse"]], row[col["Note de recommandation"]].strip()
        keys = themes.get(rid, [])
        detractor = score.isdigit() and int(score) <= 6
        value = "25 000,00 €" if detractor and RICH in keys else "300 €"
        churned = "oui" if RICH in keys and i % 5 < 3 else "non"
        site = WORST if detractor and i % 3 == 0 else OTHERS[i % 4]
        date = row[col["Date de réponse"]]
        if detractor and SURGE_THEME in keys and date.endswith("/10/2026"):
            date = "20/10/2026"  # October's app crashes all on one day
            if not emailed:
                row[col["Commentaire"]] += f" Écrivez-moi à {EMAIL}"
                emailed = True
        row[col["Date de réponse"]] = date
        out.append([*(row[i] for i in kept), value, churned, site])
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(out)


@pytest.fixture(scope="module")
def planted(tmp_path_factory, sample_path, truth):
    work = tmp_path_factory.mktemp("value_e2e")
    _planted_export(sample_path, work / "export.csv", truth)
    (work / "verbatim.yaml").write_text(yaml.safe_dump({"report": {"league_segment": "Agence"}}))
    db = f"sqlite:///{work / 'verbatim.db'}"
    proc = verbatim("run", "export.csv", "--db", db, "--output", str(work / "out"), cwd=work)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"work": work, "db": db, "map": _theme_map(db, truth)}


def _json(planted, *args):
    proc = verbatim(*args, "--format", "json", "--db", planted["db"], cwd=planted["work"])
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_e2e_value_the_planted_rich_theme_tops_the_value_ranking(planted):
    key_of = {tid: key for key, (tid, _) in planted["map"].items()}
    top = _json(planted, "top-themes", "--by", "value")
    assert key_of.get(top[0]["theme_id"]) == RICH, [key_of.get(r["theme_id"]) for r in top]
    assert top[0]["value_at_risk"] >= 25_000 * 10
    assert top[0]["retention_difference"] < 0 and top[0]["retention_ci_high"] < 0
    by_impact = _json(planted, "top-themes")
    assert "value_at_risk" in by_impact[0]


def test_e2e_value_the_league_flags_the_planted_worst_site(planted):
    league = _json(planted, "nps", "--by-segment", "Agence")
    flagged = {r["value"]: r["flag"] for r in league}
    assert flagged[WORST] == "worse" and not [s for s in OTHERS if flagged.get(s)]
    assert league[-1]["value"] == WORST and league[0]["period"] == "2026-10"


def test_e2e_value_the_surge_day_digest_names_the_surge_theme(planted):
    label = None
    tid = planted["map"][SURGE_THEME][0]
    for lang in ("en", "fr"):
        data = _json(planted, "digest", "--since", SURGE_DAY, "--lang", lang)
        assert data["pick"]["theme_id"] == tid, data
        label = data["pick"][f"label_{lang}"]
        assert label in data["text"] and len(data["pick"]["verbatims"]) == 3
        assert EMAIL not in json.dumps(data)  # mention texts are masked
    text = verbatim(
        "digest",
        "--since",
        SURGE_DAY,
        "--format",
        "text",
        "--db",
        planted["db"],
        cwd=planted["work"],
    ).stdout
    assert label is not None and text.count("\n") == 5  # head, fix, three verbatims


def test_e2e_value_the_report_shows_value_league_and_digest(planted):
    page = (planted["work"] / "out" / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "NPS weighted by value" in text and "Value at risk" in text
    assert "League table: Agence" in text and f"{WORST} worse" in text
    assert "The day's one fix" in text and EMAIL not in page


def test_e2e_value_a_20_response_daily_export_gets_a_digest(tmp_path, sample_path):
    with open(sample_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:]
    score, comment = header.index("Note de recommandation"), header.index("Commentaire")
    date = header.index("Date de réponse")
    day = [r for r in body if r[score].strip().isdigit() and r[comment].strip()][:20]
    for r in day:
        r[date] = "14/10/2026"
    with open(tmp_path / "day.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([header, *day])
    db = f"sqlite:///{tmp_path / 'v.db'}"
    run = verbatim("run", "day.csv", "--db", db, "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    digest = verbatim("digest", "--since", "2026-10-14", "--db", db, cwd=tmp_path)
    assert digest.returncode == 0, digest.stderr
    assert digest.stdout.strip() and "Traceback" not in digest.stderr
    assert pd.Timestamp("2026-10-14").strftime("%Y-%m-%d") in digest.stdout
