"""`verbatim digest`: the planted surge day names the planted theme with three verbatims, in
Markdown and plain text, French and English; a quiet day of 20 responses says so in one line."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.helpers import assert_documented, verbatim
from tests.planted import QUIET_DAY, SURGE_DAY, block, build_store, surge_rows
from verbatim.pipelines.interfaces.api import create_app
from verbatim.pipelines.interfaces.cli import app
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import load_settings
from verbatim.pipelines.steps.jobs import report_step

LABELS = {"en": "Billing errors", "fr": "Erreurs de facturation"}
GENERAL = {"en": "General complaint", "fr": "Mécontentement général"}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("digest")
    url, written = build_store(tmp, surge_rows())
    surge = [t for r in written if r["day"] == SURGE_DAY and r["score"] <= 6 for t in r["texts"]]
    return url, tmp, surge


def _digest(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["digest", *args, "--db", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "text"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_digest_of_the_surge_day_names_the_planted_theme(planted, fmt, lang):
    url, _, surge = planted
    text = _digest(url, "--since", SURGE_DAY, "--lang", lang, "--format", fmt)
    assert LABELS[lang] in text and GENERAL[lang] not in text  # general is never the fix
    quotes = [q for q in surge if q in text]
    assert len(quotes) == 3 and len(set(quotes)) == 3  # three verbatims of the day
    assert ("8 of the 12 detractors" if lang == "en" else "8 des 12 détracteurs") in text
    assert ("×18.0" if lang == "en" else "×18,0") in text
    if fmt == "md":
        assert text.count("\n> ") == 3 and "**" in text
    else:
        assert "**" not in text and "> " not in text
    assert len(text) < 1000  # pasteable in a chat message


def test_digest_json_parses_and_carries_the_figures(planted):
    url, tmp, _ = planted
    proc = verbatim("digest", "--since", "28/10/2026", "--format", "json", "--db", url, cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["since"], data["until"], data["status"]) == (SURGE_DAY, SURGE_DAY, "fix")
    pick = data["pick"]
    assert (pick["theme_id"], pick["mentions_now"], pick["detractors_now"]) == (5, 8, 12)
    assert (pick["mentions_before"], pick["detractors_before"]) == (3, 81)
    assert len(pick["verbatims"]) == 3 and pick["label_en"] == LABELS["en"]
    assert data["responses"] == 30 and data["nps"] == 0.0
    assert data["text"].startswith("**The day's one fix, on 2026-10-28**")


def test_digest_of_a_20_response_day_says_nothing_stands_out_in_one_line(planted):
    url, tmp, _ = planted
    proc = verbatim("digest", "--since", QUIET_DAY, "--format", "text", "--db", url, cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1
    assert (
        proc.stdout.startswith("Nothing stands out on 2026-10-29") and "20 responses" in proc.stdout
    )


@pytest.mark.parametrize(
    "args,line",
    [
        (["--since", "2026-11-15"], "No responses on 2026-11-15."),
        (["--since", "2026-11-15", "--lang", "fr"], "Aucune réponse le 15/11/2026."),
    ],
)
def test_digest_a_day_without_responses_is_one_line(planted, args, line):
    url, _, _ = planted
    assert _digest(url, *args) == line + "\n"


def test_digest_a_period_of_several_days(planted):
    url, _, _ = planted
    text = _digest(url, "--since", SURGE_DAY, "--until", QUIET_DAY, "--format", "text")
    assert text.startswith("The period's one fix, from 2026-10-28 to 2026-10-29 · 50 responses")
    assert LABELS["en"] in text


@pytest.mark.parametrize("since", ["28-10-2026", "last week"])
def test_digest_refuses_other_date_forms(planted, since):
    url, tmp, _ = planted
    proc = verbatim("digest", "--since", since, "--db", url, cwd=tmp)
    assert proc.returncode == 2 and "E305" in proc.stderr and "today or yesterday" in proc.stderr


def test_digest_a_store_of_one_small_day_gives_a_digest(tmp_path):
    rows = block(12, day="2026-10-29", score=9) + block(4, day="2026-10-29", score=7)
    rows += block(2, day="2026-10-29", score=2, themes=[1]) + block(2, day="2026-10-29", score=5)
    url, _ = build_store(tmp_path, rows)
    text = _digest(url, "--since", "2026-10-29")
    assert "Late deliveries" in text and "no earlier responses to compare with" in text


def test_digest_api(planted):
    url, _, surge = planted
    client = TestClient(create_app(load_settings(None, db_url=url)), base_url="http://127.0.0.1")
    res = client.get("/digest", params={"since": SURGE_DAY, "lang": "fr"})
    assert_documented(client, res)
    data = res.json()
    assert data["pick"]["theme_id"] == 5 and LABELS["fr"] in data["text"]
    assert sum(q in data["text"] for q in surge) == 3
    refused = client.get("/digest", params={"since": "28/10/2026 OR 1=1"})
    assert refused.status_code == 422 and refused.json()["code"] == "E302"


def test_digest_report_section_shows_the_newest_day(planted):
    url, tmp, _ = planted
    store = Store(url)
    paths = report_step(store, load_settings(None, db_url=url), output_dir=tmp / "out")["paths"]
    store.dispose()
    page = open(paths["report_html"], encoding="utf-8").read()
    section = re.search(r'<section id="digest".*?</section>', page, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    assert "Nothing stands out on 2026-10-29" in text  # the newest day: the quiet one
    assert "Rien ne ressort le 29/10/2026" in text
