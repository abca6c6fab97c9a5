"""Emoji-only and other-language comments never form unlabelled "theme N" topic themes."""

from __future__ import annotations

import csv
import re

import pytest

from tests.helpers import verbatim

pytestmark = pytest.mark.slow

EMOJI = ["😡😡😡", "👍👍", "😍😍😍", "🤬", "👎👎👎", "❤️❤️", "😀", "🙄🙄"]
SPANISH = [
    "Muy mal servicio, nunca contestan",
    "El precio es demasiado caro",
    "La entrega llegó tarde otra vez",
    "Muy buena atención al cliente",
]


def test_emoji_and_other_languages_get_no_unlabelled_topic_theme(tmp_path, sample_path):
    from verbatim.pipelines.io.store import Store

    with open(sample_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:401]
    comment, score = header.index("Commentaire"), header.index("Note de recommandation")
    odd = []
    for i in range(64):
        row = list(body[i])
        row[0] = f"ODD-{i}"
        row[comment] = EMOJI[i % len(EMOJI)] if i % 2 else SPANISH[i % len(SPANISH)]
        row[score] = "2" if i % 3 else "10"
        odd.append(row)
    with open(tmp_path / "odd.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([header, *body, *odd])
    db = f"sqlite:///{tmp_path / 'v.db'}"
    proc = verbatim("run", "odd.csv", "--db", db, "--output", str(tmp_path / "o"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    store = Store(db)
    themes = store.themes()
    mentions = store.mentions(columns=("response_id", "theme_id", "text"))
    store.dispose()
    unnamed = re.compile(r"^\s*(theme|thème)\s*\d+\s*$", re.IGNORECASE)
    for label in list(themes["label_en"]) + list(themes["label_fr"]):
        assert isinstance(label, str) and label.strip() and not unnamed.match(label), label
    topic_ids = set(themes.loc[themes["kind"] == "topic", "theme_id"])
    emoji_only = mentions[mentions["text"].isin(EMOJI)]
    assert len(emoji_only) >= 20
    assert not emoji_only["theme_id"].isin(topic_ids).any()  # general, or unassigned with a reason
