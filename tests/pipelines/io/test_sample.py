"""The bundled sample export: regenerates byte for byte, and its planted truth holds on the file.

The file is read here with pandas and plain rules (not with our ingest module), so these tests
check the sample itself; the ingest tests then check that ingest finds the same answers.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[3]
GENERATOR = ROOT / "data" / "make_sample.py"
HEADER = (
    "ID réponse;Date de réponse;Note de recommandation;Commentaire;Canal;Produit;Région;ID client;"
    "Agence;Chiffre d'affaires annuel;Résilié"
)
SCORE_RE = re.compile(r"^(\d{1,2})(?:\.0+|/10)?$")


def _score(raw: str) -> int | None:
    """0-10 from '7', '9.0' or '10/10'; None for an empty score; ValueError otherwise."""
    if raw.strip() == "":
        return None
    m = SCORE_RE.match(raw.strip())
    if not m or not 0 <= int(m.group(1)) <= 10:
        raise ValueError(raw)
    return int(m.group(1))


def _category(score: int) -> str:
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


@pytest.fixture(scope="module")
def export(sample_path: Path) -> pd.DataFrame:
    """Every row of the file as text, with its spreadsheet line and whether it is acceptable."""
    df = pd.read_csv(sample_path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    seen: set[str] = set()
    scores, dates, ok = [], [], []
    for rid, raw_date, raw_score in zip(
        df["ID réponse"], df["Date de réponse"], df["Note de recommandation"], strict=True
    ):
        good = rid not in seen
        seen.add(rid)
        try:
            scores.append(_score(raw_score))
        except ValueError:
            scores.append(None)
            good = False
        try:
            dates.append(dt.datetime.strptime(raw_date, "%d/%m/%Y").date())
        except ValueError:
            dates.append(None)
            good = False
        ok.append(good)
    return df.assign(
        line=range(2, len(df) + 2),
        score=scores,
        date=dates,
        accepted=ok,
        month=[d.strftime("%Y-%m") if d else None for d in dates],
    )


@pytest.fixture(scope="module")
def answered(export: pd.DataFrame) -> pd.DataFrame:
    """Accepted rows with a score, with their NPS category."""
    df = export[export["accepted"] & export["score"].notna()]
    return df.assign(category=[_category(int(s)) for s in df["score"]])


@pytest.fixture(scope="module")
def commented(answered: pd.DataFrame, truth: dict) -> pd.DataFrame:
    """Accepted commented rows with their planted themes."""
    df = answered[answered["Commentaire"].str.strip() != ""]
    return df.assign(themes=[truth["comment_themes"][rid] for rid in df["ID réponse"]])


def _share(df: pd.DataFrame, theme: str) -> float:
    return sum(theme in t for t in df["themes"]) / len(df)


def test_sample_regenerates_byte_for_byte(tmp_path: Path, sample_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for name in ("nps_export.csv", "truth.yaml", "followup_outcomes.csv"):
        assert (tmp_path / name).read_bytes() == (sample_path.parent / name).read_bytes(), name


def test_sample_file_is_a_french_excel_style_export(sample_path: Path) -> None:
    raw = sample_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEADER.encode("utf-8") + b"\r\n")
    text = raw.decode("utf-8-sig")
    assert '"- livraison en retard de 6 jours\n- facture fausse' in text  # quoted multi-line


def test_sample_counts_match_truth(export: pd.DataFrame, answered: pd.DataFrame, truth: dict):
    counts = truth["counts"]
    unanswered = export["accepted"] & (export["Note de recommandation"] == "")
    comments = answered["Commentaire"].str.strip() != ""
    categories = answered["category"].value_counts()
    assert len(export) == counts["rows"] >= 1700
    assert unanswered.sum() == counts["invitations_without_answer"]
    assert 120 <= counts["invitations_without_answer"] <= 180
    assert (export.loc[unanswered, "Commentaire"] == "").all()
    assert (
        export.loc[unanswered, ["ID réponse", "ID client", "Canal", "Date de réponse"]] != ""
    ).all(axis=None)
    assert (~export["accepted"]).sum() == counts["rejected"]
    assert len(answered) == counts["respondents"]
    assert comments.sum() == counts["comments"] == len(truth["comment_themes"])
    assert categories["promoter"] == counts["promoters"]
    assert categories["passive"] == counts["passives"]
    assert categories["detractor"] == counts["detractors"]
    assert 5 <= counts["nps"] <= 20


def test_sample_segments_and_dates_in_range(export: pd.DataFrame, truth: dict) -> None:
    for column, values in truth["segment_values"].items():
        assert set(export[column]) == set(values), column
    dates = export["date"].dropna()
    assert dates.min() == dt.date(2026, 4, 1) and dates.max() == dt.date(2026, 10, 31)


def test_sample_nps_by_month_matches_truth(answered: pd.DataFrame, truth: dict) -> None:
    table = answered.groupby(["month", "category"]).size().unstack(fill_value=0)
    assert sorted(truth["nps_by_month"]) == list(table.index) and len(table) == 7
    for month, expected in truth["nps_by_month"].items():
        p, pa, d = (int(table.loc[month, c]) for c in ("promoter", "passive", "detractor"))
        assert (p, pa, d) == (expected["promoters"], expected["passives"], expected["detractors"])
        assert expected["nps"] == pytest.approx(100 * (p - d) / (p + pa + d), abs=0.01)


@pytest.mark.parametrize(
    ("kind", "accepted", "keyword"),
    [
        ("score_format", True, None),
        ("invalid_score", False, "score"),
        ("invalid_date", False, "date"),
        ("duplicate_id", False, "duplicate"),
        ("control_characters", True, None),
        ("long_comment", True, None),
        ("formula_prefix", True, None),
    ],
)
def test_sample_defect_sits_on_its_line(
    export: pd.DataFrame,
    sample_path: Path,
    truth: dict,
    kind: str,
    accepted: bool,
    keyword: str | None,
) -> None:
    defects = [d for d in truth["defects"] if d["kind"] == kind]
    assert defects, kind
    physical = sample_path.read_text(encoding="utf-8-sig").split("\n")
    for d in defects:
        row = export.iloc[d["line"] - 2]
        assert row["line"] == d["line"] and row["ID réponse"] == d["response_id"]
        if kind == "long_comment":
            assert 4500 <= len(row[d["column"]].encode("utf-8")) <= 6000
        else:
            assert row[d["column"]] == d["value"]
        assert bool(row["accepted"]) is d["accepted"] is accepted
        assert d["reason_keyword"] == keyword
        assert physical[d["physical_line"] - 1].startswith(d["response_id"] + ";")


def test_sample_defects_cover_the_brief(truth: dict) -> None:
    values = {d["value"] for d in truth["defects"]}
    assert {"10/10", "9.0", "N/A", "11", "-1", "31/02/2026", "hier"} <= values
    prefixes = {d["value"][0] for d in truth["defects"] if d["kind"] == "formula_prefix"}
    assert {"=", "+"} <= prefixes
    control = next(d["value"] for d in truth["defects"] if d["kind"] == "control_characters")
    assert any(ord(c) < 32 and c not in "\t\n\r" for c in control)
    duplicate = next(d for d in truth["defects"] if d["kind"] == "duplicate_id")
    assert duplicate["response_id"] in truth["comment_themes"]  # the first occurrence is kept


@pytest.mark.parametrize(
    ("theme", "kind"),
    [
        ("late_delivery", "pain"),
        ("billing_error", "pain"),
        ("app_crash", "pain"),
        ("support_unreachable", "pain"),
        ("price_high", "pain"),
        ("friendly_staff", "praise"),
        ("fast_delivery", "praise"),
        ("easy_app", "praise"),
        ("reliable_network", "praise"),
    ],
)
def test_sample_theme_separates_detractors_from_promoters(
    commented: pd.DataFrame, truth: dict, theme: str, kind: str
) -> None:
    assert {t["key"]: t["kind"] for t in truth["themes"]}[theme] == kind
    among_detractors = _share(commented[commented["category"] == "detractor"], theme)
    among_promoters = _share(commented[commented["category"] == "promoter"], theme)
    if kind == "pain":
        assert among_detractors >= 3 * among_promoters
    else:
        assert among_promoters >= 2 * among_detractors


def test_sample_driver_ranking_matches_truth(answered: pd.DataFrame, truth: dict) -> None:
    themes = [truth["comment_themes"].get(rid, []) for rid in answered["ID réponse"]]

    def nps(cats: pd.Series) -> float:
        return 100 * ((cats == "promoter").sum() - (cats == "detractor").sum()) / len(cats)

    overall = nps(answered["category"])
    impacts = {}
    for key in truth["drivers"]["per_theme"]:
        without = [key not in t for t in themes]
        impacts[key] = overall - nps(answered["category"][without])
        assert impacts[key] == pytest.approx(truth["drivers"]["per_theme"][key]["impact"], abs=0.01)
    pains = [t["key"] for t in truth["themes"] if t["kind"] == "pain"]
    praises = [t["key"] for t in truth["themes"] if t["kind"] == "praise"]
    assert truth["drivers"]["top_detraction"] == sorted(pains, key=impacts.get)
    assert truth["drivers"]["top_promotion"] == sorted(praises, key=impacts.get, reverse=True)
    assert all(impacts[k] < 0 for k in pains) and all(impacts[k] > 0 for k in praises)


def test_sample_bystander_vanishes_once_adjusted(commented: pd.DataFrame, truth: dict) -> None:
    import statsmodels.api as sm

    bystander = truth["bystander"]
    assert bystander["theme"] == "parcel_tracking" and bystander["score_effect"] == 0
    tracked = commented[[bystander["theme"] in t for t in commented["themes"]]]
    cooccurs = sum(bystander["cooccurs_with"] in t for t in tracked["themes"]) / len(tracked)
    assert cooccurs == pytest.approx(bystander["cooccurrence_share"], abs=1e-4)
    assert 0.6 <= cooccurs <= 0.8
    keys = [t["key"] for t in truth["themes"]]
    x = pd.DataFrame({k: [int(k in t) for t in commented["themes"]] for k in keys})
    y = (commented["category"] == "detractor").astype(int).to_numpy()
    lift = y[x[bystander["theme"]] == 1].mean() / y.mean()
    assert lift > 1.5  # looks like a driver on its own...
    fit = sm.Logit(y, sm.add_constant(x)).fit(disp=0)
    low, high = fit.conf_int().loc[bystander["theme"]]
    assert low < 0 < high and fit.pvalues[bystander["theme"]] > 0.2  # ...but is not one
    assert all(fit.pvalues[k] < 0.001 for k in truth["drivers"]["top_detraction"])


def test_sample_app_crash_surges_in_october(commented: pd.DataFrame, truth: dict) -> None:
    surge = truth["surge"]
    shares = {m: _share(g, surge["theme"]) for m, g in commented.groupby("month")}
    for month, share in surge["monthly_shares"].items():
        assert shares[month] == pytest.approx(share, abs=1e-4)
    before = commented[commented["month"] < surge["month"]]
    assert _share(before, surge["theme"]) == pytest.approx(surge["share_before"], abs=1e-4)
    assert shares[surge["month"]] >= 3 * max(s for m, s in shares.items() if m < surge["month"])


@pytest.mark.parametrize("index", [0, 1])
def test_sample_segment_effect_holds(commented: pd.DataFrame, truth: dict, index: int) -> None:
    effect = truth["segment_effects"][index]
    mentions = commented[[effect["theme"] in t for t in commented["themes"]]]
    share = (mentions[effect["segment"]] == effect["value"]).mean()
    assert share == pytest.approx(effect["share_of_theme_mentions"], abs=1e-4)
    assert share > 0.5 and share > 2 * effect["share_of_commented"]


def test_sample_comment_mix_is_realistic(
    answered: pd.DataFrame, commented: pd.DataFrame, truth: dict
) -> None:
    assert 0.55 <= len(commented) / len(answered) <= 0.65
    langs = pd.Series(truth["comment_languages"]).value_counts()
    assert 0.55 <= langs["fr"] / (langs["fr"] + langs["en"]) <= 0.65
    assert all(langs[lang] >= 3 for lang in ("es", "de", "mixed"))
    n_themes = commented["themes"].map(len).value_counts()
    assert 0.15 <= n_themes[2] / len(commented) <= 0.25
    assert n_themes[n_themes.index >= 3].sum() >= 10
    texts = commented["Commentaire"]
    assert {"Nul", "Top", "ok"} <= set(texts)
    assert (texts.str.len() > 300).sum() >= 5
    assert (texts.str.contains("\n")).sum() >= 5
    assert (texts.str.isupper() & (texts.str.len() > 20)).sum() >= 5
    assert texts.str.contains(r"[\U0001F300-\U0001FAFF]").sum() >= 20
    contrast = texts.str.contains(r"\b(?:mais|par contre|en revanche|but|however)\b", case=False)
    assert contrast.sum() >= 100


def test_sample_themed_comments_are_all_different(commented: pd.DataFrame) -> None:
    themed = commented[commented["themes"].map(len) > 0]["Commentaire"]
    assert themed.is_unique


def test_sample_generator_has_many_phrasings_per_theme() -> None:
    spec = importlib.util.spec_from_file_location("make_sample", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_sample", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    for key, by_lang in module.PHRASES.items():
        for lang in ("fr", "en"):
            assert len(set(by_lang[lang])) >= 12, (key, lang)


# ------------------------------------------------------------------ closing the loop, value, sites
# The planted answers of issue 14, recomputed here with the product's statistics (models.*) on the
# file as pandas reads it and on the planted themes, so truth.yaml says what the product computes.


def _amount(cell: str) -> float | None:
    """``12 345,67 €`` as 12345.67; ``NC`` (not known) as None."""
    if cell.strip() == "NC":
        return None
    return float(cell.replace("€", "").replace(" ", "").replace(",", "."))


@pytest.fixture(scope="module")
def scored(answered: pd.DataFrame, truth: dict) -> pd.DataFrame:
    """Answered rows in the product's column names, with value, retention and a date."""
    columns = truth["columns"]
    return pd.DataFrame(
        {
            "response_id": answered["ID réponse"],
            "customer_id": answered["ID client"],
            "score": answered["score"].astype(int),
            "category": answered["category"],
            "responded_at": pd.to_datetime(answered["date"]),
            "value": [_amount(c) for c in answered[columns["value"]]],
            "retained": answered[columns["retention"]].map({"oui": False, "non": True}),
            "Agence": answered[truth["site"]["column"]],
        }
    ).reset_index(drop=True)


@pytest.fixture(scope="module")
def planted_themes(truth: dict) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """The planted themes as a theme table and the mentions of the commented answers."""
    ids = {t["key"]: i for i, t in enumerate(truth["themes"], start=1)}
    themes = pd.DataFrame(
        {
            "theme_id": list(ids.values()),
            "label_fr": [t["label_fr"] for t in truth["themes"]],
            "label_en": [t["label_en"] for t in truth["themes"]],
            "kind": "topic",
            "level": "theme",
            "polarity": [
                "praise" if t["kind"] == "praise" else "complaint" for t in truth["themes"]
            ],
        }
    )
    mentions = pd.DataFrame(
        [
            {"response_id": rid, "theme_id": ids[key]}
            for rid, keys in truth["comment_themes"].items()
            for key in keys
        ]
    )
    return themes, mentions, ids


def test_sample_site_value_and_retention_columns_are_read_by_the_product(
    sample_path: Path, scored: pd.DataFrame, truth: dict
) -> None:
    from verbatim.pipelines.io.ingest import read_export

    result = read_export(sample_path)
    columns = truth["columns"]
    assert result.mapping["value"] == columns["value"]
    assert result.mapping["retention"] == columns["retention"]
    assert not [w for w in result.warnings if "left empty" in w]  # every cell read ("NC" = none)
    read = result.accepted.set_index("response_id")
    assert set(columns["segments"]) <= set(read.columns)
    mine = scored.set_index("response_id")
    assert read.loc[mine.index, "value"].fillna(-1).tolist() == pytest.approx(
        mine["value"].fillna(-1).tolist()
    )
    assert (read.loc[mine.index, "retained"] == mine["retained"]).all()


def test_sample_repeat_answers_and_outcomes_match_the_product_link(
    scored: pd.DataFrame, truth: dict, sample_path: Path
) -> None:
    from verbatim.models.followups import followup_id
    from verbatim.models.outcomes import group_of, link_next_answers, outcome_table

    planted = truth["followups"]
    outcomes = pd.read_csv(
        sample_path.parent / planted["outcomes_file"], sep=";", encoding="utf-8-sig", dtype=str
    )
    assert list(outcomes.columns) == ["followup_id", "status", "date", "note"]
    assert len(outcomes) == planted["outcome_rows"]
    by_id = {c["followup_id"]: c for c in planted["called"]}
    assert set(outcomes["followup_id"]) == set(by_id)
    for fid, called in by_id.items():
        assert followup_id("callback_detractors", called["response_id"]) == fid
    outcomes = outcomes.assign(
        response_id=outcomes["followup_id"].map({fid: c["response_id"] for fid, c in by_id.items()})
    )
    linked = link_next_answers(scored)
    table = outcome_table(linked, group_of(linked, outcomes))
    for rec in table.to_dict("records"):
        expected = planted["outcomes"][rec["group"]]
        assert {k: rec[k] for k in expected} == expected, rec["group"]
    nexts = linked.set_index("response_id")["next_response_id"].astype(object)
    nexts = nexts.where(nexts.notna(), None)
    for called in planted["called"]:
        assert nexts[called["response_id"]] == called["next_response_id"], called
    themes = truth["comment_themes"]
    assert all(planted["partner_theme"] in themes[c["response_id"]] for c in planted["called"])
    assert planted["customers_answering_more_than_once"] >= 50


def test_sample_value_at_risk_and_retention_match_the_product(
    scored: pd.DataFrame, planted_themes, truth: dict
) -> None:
    from verbatim.models.value import retention_table, value_at_risk

    themes, mentions, ids = planted_themes
    planted = truth["value"]
    risk = value_at_risk(scored, mentions)
    retention = retention_table(scored, mentions)
    for key, expected in planted["per_theme"].items():
        got = risk.loc[ids[key]]
        assert got["value_at_risk"] == pytest.approx(expected["value_at_risk"], abs=0.01), key
        assert got["value_detractors"] == expected["value_detractors"], key
        kept = planted["retention"][key]
        assert retention.loc[ids[key], "retention_theme"] == pytest.approx(
            kept["retained"], abs=1e-4
        )
        assert retention.loc[ids[key], "retention_rest"] == pytest.approx(
            kept["rest_retained"], abs=1e-4
        )
    pains = [ids[k] for k in planted["ranking"]]
    ranked = risk.loc[pains, "value_at_risk"].sort_values(ascending=False)
    assert [k for k in planted["ranking"]] == [
        next(key for key, i in ids.items() if i == tid) for tid in ranked.index
    ]
    top, second = ranked.iloc[0], ranked.iloc[1]
    assert planted["ranking"][0] == planted["top_theme"] and top >= 2 * second
    top_key = planted["top_theme"]
    impacts = truth["drivers"]["per_theme"]
    assert truth["drivers"]["top_detraction"][-1] == top_key  # least impact, most value
    assert impacts[top_key]["impact"] > max(
        impacts[k]["impact"] for k in truth["drivers"]["top_detraction"][:-1]
    )
    row = retention.loc[ids[top_key]]
    assert row["retention_ci_high"] < 0 and row["retention_q_value"] < 0.001


def test_sample_league_flags_only_the_planted_worst_site(
    scored: pd.DataFrame, planted_themes, truth: dict
) -> None:
    from verbatim.models.league import league_table

    themes, mentions, _ = planted_themes
    site = truth["site"]
    month = scored["responded_at"].dt.strftime("%Y-%m")
    table = league_table(
        scored[month == site["period"]],
        scored[month == site["previous_period"]],
        mentions,
        themes,
        segment=site["column"],
    )
    flags = dict(zip(table["value"], table["flag"], strict=True))
    assert flags.pop(site["worst"]) == "worse" and not any(flags.values()), flags
    worst = table[table["value"] == site["worst"]].iloc[0]
    expected = site["per_site"][site["worst"]]
    assert (worst["responses"], worst["nps"]) == (
        expected["responses"],
        pytest.approx(expected["nps"], abs=0.01),
    )
    assert worst["change"] < -30 and table["value"].iloc[-1] == site["worst"]
    top = max(site["worst_detractor_themes"], key=site["worst_detractor_themes"].get)
    assert top == "support_unreachable"
    assert set(table["value"]) == set(truth["segment_values"][site["column"]])


def test_sample_surge_day_names_its_theme(
    scored: pd.DataFrame, planted_themes, truth: dict
) -> None:
    from verbatim.models.digest import rank_fixes

    themes, mentions, ids = planted_themes
    day = truth["surge_day"]
    when = pd.Timestamp(day["day"])
    now = scored[scored["responded_at"] == when]
    before = scored[
        (scored["responded_at"] >= when - pd.Timedelta(days=day["baseline_days"]))
        & (scored["responded_at"] < when)
    ]
    assert len(now) == day["responses"] == 20
    assert (now["category"] == "detractor").sum() == day["detractors"]
    ranked = rank_fixes(now, before, mentions, themes)
    best = ranked.iloc[0]
    assert best["theme_id"] == ids[day["theme"]] and best["standout"]
    assert (best["mentions_now"], best["detractors_now"]) == (
        day["theme_detractors"],
        day["detractors"],
    )
    assert (best["mentions_before"], best["detractors_before"]) == (
        day["baseline_theme_detractors"],
        day["baseline_detractors"],
    )
