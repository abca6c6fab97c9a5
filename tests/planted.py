"""Planted stores for the value, digest and league tests: a real export through the real ingest,
then mentions and themes written as the theme step writes them (no embedding, no clustering), so
every answer is known by construction."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from verbatim.nlp.hashing import mention_id, text_hash
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.steps.jobs import ingest_step

HEADER = [
    "ID",
    "Date",
    "Note",
    "Commentaire",
    "Agence",
    "Chiffre d'affaires",
    "Résilié",
    "ID client",
]

# theme_id: (label_fr, label_en, kind, polarity, what a customer says)
THEMES = {
    1: (
        "Retards de livraison",
        "Late deliveries",
        "topic",
        "complaint",
        "Livré avec une semaine de retard",
    ),
    2: (
        "Frais de résiliation",
        "Termination fees",
        "topic",
        "complaint",
        "Frais de résiliation exorbitants",
    ),
    3: ("Personnel aimable", "Friendly staff", "topic", "praise", "Conseiller très aimable"),
    4: (
        "Mécontentement général",
        "General complaint",
        "general",
        "complaint",
        "Pas content du tout",
    ),
    5: (
        "Erreurs de facturation",
        "Billing errors",
        "topic",
        "complaint",
        "Facture fausse encore une fois",
    ),
}


def block(
    n: int,
    *,
    day: str,
    score: int,
    site: str = "Paris",
    value: str = "",
    churned: str = "",
    themes: Sequence[int] = (),
    customer: str | None = None,
) -> list[dict]:
    """``n`` alike responses (ids are given when the export is written)."""
    return [
        {
            "day": day,
            "score": score,
            "site": site,
            "value": value,
            "churned": churned,
            "themes": tuple(themes),
            "customer": customer,
        }
        for _ in range(n)
    ]


def write_export(path: Path, rows: Iterable[dict]) -> list[dict]:
    """The rows as a French ``;`` CSV export; returns them with their ids and mention texts."""
    out = []
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(HEADER)
        for i, row in enumerate(rows, start=1):
            rid = f"R{i:05d}"
            texts = [f"{THEMES[t][4]} (réponse {i})" for t in row["themes"]]
            day = pd.Timestamp(row["day"])
            writer.writerow(
                [
                    rid,
                    f"{day:%d/%m/%Y}",
                    row["score"],
                    ". ".join(texts),
                    row["site"],
                    row["value"],
                    row["churned"],
                    row["customer"] or "",
                ]
            )
            out.append({**row, "response_id": rid, "texts": texts})
    return out


def build_store(tmp_path: Path, rows: Iterable[dict], *, name: str = "v") -> tuple[str, list]:
    """Ingest the rows (real ingest), then store their mentions and the planted themes."""
    url = f"sqlite:///{tmp_path / f'{name}.db'}"
    export = tmp_path / f"{name}.csv"
    written = write_export(export, rows)
    store = Store(url)
    ingest_step(store, [export], say=lambda _: None)
    mentions, assigned = [], []
    for row in written:
        for position, (theme, text) in enumerate(zip(row["themes"], row["texts"], strict=True)):
            mid = mention_id(row["response_id"], position, text)
            mentions.append(
                {
                    "mention_id": mid,
                    "response_id": row["response_id"],
                    "position": position,
                    "text": text,
                    "language": "fr",
                    "text_hash": text_hash(text),
                }
            )
            assigned.append({"mention_id": mid, "theme_id": theme, "similarity": 0.9})
    prepared = store.responses_to_prepare()[["response_id", "content_hash"]]
    store.save_mentions(pd.DataFrame(mentions), prepared)
    themes = pd.DataFrame(
        [
            {
                "theme_id": tid,
                "label_fr": fr,
                "label_en": en,
                "kind": kind,
                "polarity": polarity,
                "level": "theme",
                "status": "active",
                "size": sum(a["theme_id"] == tid for a in assigned),
                "keywords_fr": [],
                "keywords_en": [],
                "examples": [],
            }
            for tid, (fr, en, kind, polarity, _) in THEMES.items()
        ]
    )
    store.save_themes(themes)
    if assigned:
        store.set_mention_themes(pd.DataFrame(assigned))
    store.dispose()
    return url, written


# ------------------------------------------------------------------------------ datasets
SURGE_DAY, QUIET_DAY = "2026-10-28", "2026-10-29"
SITES = ("Bordeaux", "Lille", "Lyon", "Nantes", "Paris")
WORST_SITE = "Lille"


def value_rows() -> list[dict]:
    """Termination fees: 10 detractors holding 20 000 € each (the planted revenue at risk);
    late deliveries: 30 detractors at 1 234,56 € (the larger impact, less value); general
    complaint: 5 detractors at 50 000 € (never ranked). Retention ("Résilié": yes = left):
    late deliveries 18 of 30 stay, the other customers with an answer 86 of 90."""
    rows = []
    rows += block(12, day="2026-10-05", score=3, value="1 234,56 €", churned="oui", themes=[1])
    rows += block(18, day="2026-10-05", score=4, value="1 234,56 €", churned="non", themes=[1])
    rows += block(10, day="2026-10-06", score=2, value="20 000 €", churned="non", themes=[2])
    rows += block(5, day="2026-10-06", score=1, value="50 000 €", themes=[4])
    rows += block(40, day="2026-10-07", score=10, value="$1,000.00", churned="non", themes=[3])
    rows += block(36, day="2026-10-08", score=8, value="1000", churned="non")
    rows += block(4, day="2026-10-08", score=7, value="1000", churned="oui")
    return rows


VALUE_TOTAL = 30 * 1234.56 + 10 * 20_000 + 5 * 50_000 + 40 * 1000 + 40 * 1000
VALUE_AT_RISK = {1: 30 * 1234.56, 2: 10 * 20_000}


def surge_rows() -> list[dict]:
    """27 ordinary days (10 responses, 3 detractors: one on late deliveries, a billing error
    every 9 days), then the surge day (30 responses: 8 of 12 detractors on billing errors,
    4 saying only they are unhappy), then a quiet day of 20 responses."""
    rows = []
    for day in pd.date_range("2026-10-01", "2026-10-27"):
        d = f"{day:%Y-%m-%d}"
        rows += block(5, day=d, score=9, themes=[3])
        rows += block(2, day=d, score=7)
        rows += block(1, day=d, score=2, themes=[1])
        rows += block(1, day=d, score=3, themes=[5] if day.day % 9 == 0 else [])
        rows += block(1, day=d, score=5)
    rows += block(12, day=SURGE_DAY, score=10, themes=[3])
    rows += block(6, day=SURGE_DAY, score=8)
    rows += block(8, day=SURGE_DAY, score=1, themes=[5])
    rows += block(4, day=SURGE_DAY, score=4, themes=[4])
    rows += block(10, day=QUIET_DAY, score=9)
    rows += block(5, day=QUIET_DAY, score=7)
    rows += block(1, day=QUIET_DAY, score=2, themes=[1])
    rows += block(1, day=QUIET_DAY, score=3, themes=[5])
    rows += block(3, day=QUIET_DAY, score=6)
    return rows


def league_rows() -> list[dict]:
    """September: every site NPS +25 (40 responses). October (60 each): Bordeaux +31.7, Lyon
    +25, Nantes +30, Paris +23.3, and Lille -40, most of its detractors on late deliveries."""
    rows = []
    for site in SITES:
        rows += block(20, day="2026-09-10", score=9, site=site)
        rows += block(10, day="2026-09-11", score=7, site=site)
        rows += block(10, day="2026-09-12", score=3, site=site)
    october = {
        "Bordeaux": (31, 17, 12),
        "Lyon": (30, 15, 15),
        "Nantes": (30, 18, 12),
        "Paris": (28, 18, 14),
        "Lille": (12, 12, 36),
    }
    for site, (pro, pas, det) in october.items():
        rows += block(pro, day="2026-10-12", score=10, site=site, themes=[3])
        rows += block(pas, day="2026-10-13", score=8, site=site)
        if site == WORST_SITE:
            rows += block(30, day="2026-10-14", score=2, site=site, themes=[1])
            rows += block(det - 30, day="2026-10-14", score=3, site=site, themes=[2])
        else:  # more say only that they are unhappy than name a subject
            rows += block(det // 2, day="2026-10-14", score=4, site=site, themes=[4])
            rows += block(det // 3, day="2026-10-14", score=5, site=site, themes=[2])
            rows += block(det - det // 2 - det // 3, day="2026-10-14", score=6, site=site)
    return rows
