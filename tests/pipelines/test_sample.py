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

ROOT = Path(__file__).resolve().parents[2]
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
