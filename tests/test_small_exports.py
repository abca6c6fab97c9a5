"""A day with a handful of answers is a normal input: the real `verbatim run` completes on it.

Exports of 0, 1, 2, 6 and 20 comments (rows of the bundled sample) each give the NPS, a report,
the workbook and the follow-up lists; themes when there are enough mentions, otherwise one line
saying so, with the comments listed in the report.
"""

from __future__ import annotations

import csv
import html
import re

import pytest

from tests.helpers import verbatim

pytestmark = pytest.mark.slow


def _export(sample_path, path, n_comments: int) -> list[str]:
    """Write the first ``n_comments`` commented sample rows (plus two without comment)."""
    with open(sample_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:]
    score, comment = header.index("Note de recommandation"), header.index("Commentaire")
    valid = [r for r in body if r[score].strip().isdigit()]
    commented = [r for r in valid if r[comment].strip()][:n_comments]
    silent = [r for r in valid if not r[comment].strip()][:2]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([header, *commented, *silent])
    return [r[comment].strip() for r in commented]


@pytest.mark.parametrize("n_comments", [0, 1, 2, 6, 20])
def test_small_export_completes_with_report_and_lists(tmp_path, sample_path, n_comments):
    comments = _export(sample_path, tmp_path / "day.csv", n_comments)
    out = tmp_path / "out"
    proc = verbatim(
        "run",
        "day.csv",
        "--db",
        f"sqlite:///{tmp_path / 'v.db'}",
        "--output",
        str(out),
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert f"{n_comments + 2} accepted, 0 rejected" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    for name in ("report.html", "report.xlsx", "callback_detractors.csv", "thank_promoters.csv"):
        assert (out / name).is_file(), name
    page = html.unescape(re.sub(r"<[^>]+>", " ", (out / "report.html").read_text("utf-8")))
    page = re.sub(r"\s+", " ", page)
    if n_comments == 0:
        assert "No comments yet: no themes to build" in proc.stdout
    elif "Too few comments to form themes" in proc.stdout:
        assert "Too few comments to form themes" in page
        listed = page[page.index("Too few comments") :]
        for text in comments:  # every comment shown (sample comments carry no PII), as the
            # mentions hold it: normalised (an all-caps comment is shown in sentence case)
            first = re.sub(r"\s+", " ", text)[:25].casefold()
            assert first in listed.casefold(), first
    else:
        # the shares are of all mentions: a mention in no theme is never hidden as "0%"
        summary = re.search(
            r"[1-9]\d* themes over (\d+) mentions \((\d+)% only praise or complain, "
            r"(\d+)% in no theme\)",
            proc.stdout,
        )
        assert summary, proc.stdout
