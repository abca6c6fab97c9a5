"""Owners, routing and outcome tracking through the real `verbatim run` on the bundled sample.

An owners file maps glossary concepts to owners (delivery to the carrier: ``partner``); the run
writes callback_partner.csv with the reason of each row; six of its detractors are called back
(an outcome file imported) and answer again as promoters in a later export, six detractors not
called answer again as detractors; the outcome table, the CLI, the report and the API say so.
"""

from __future__ import annotations

import csv
import html
import json
import re

import pandas as pd
import pytest
import yaml

from tests.helpers import verbatim

pytestmark = pytest.mark.slow

OWNERS = {
    "version": 1,
    "concepts": {
        "delivery": "partner",  # the carrier: children (tracking, delivery times) inherit it
        "customer_service": "service",
        "staff_friendliness": "service",
        "price": "pricing",
        "mobile_app": "digital",
    },
}


def _read(path):
    return pd.read_csv(path, encoding="utf-8-sig", dtype={"customer_id": str})


@pytest.fixture(scope="module")
def looped(tmp_path_factory, sample_path):
    """Run, pick follow-ups, import outcomes, add the later answers, run again."""
    root = tmp_path_factory.mktemp("owners_e2e")
    (root / "owners.yaml").write_text(yaml.safe_dump(OWNERS), encoding="utf-8")
    config = {
        "db_url": f"sqlite:///{root / 'v.db'}",
        "output_dir": str(root / "out"),
        "followups": {
            "owners_file": "owners.yaml",
            "callback_max_score": 4,
            "callback_owner_scores": {"service": 6},
        },
    }
    (root / "verbatim.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    first = verbatim("run", str(sample_path), cwd=root)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
    out = root / "out"
    callback = _read(out / "callback_detractors.csv")
    partner = _read(out / "callback_partner.csv")
    with open(sample_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    answers = pd.Series([r["ID client"] for r in rows]).value_counts()
    once = set(answers[answers == 1].index)  # customers with one answer in the sample
    called = partner[partner["customer_id"].isin(once)].head(6)
    others = callback[
        callback["customer_id"].isin(once) & ~callback["customer_id"].isin(called["customer_id"])
    ].head(6)
    assert len(called) == 6 and len(others) == 6
    lines = ["followup_id;status;date;note"]
    lines += [f"{fid};reached;2026-11-03;rappel fait" for fid in called["followup_id"]]
    lines += ["cb-ffffffffffffffff;reached;2026-11-03;", f"{others.iloc[0]['followup_id']};oops;;"]
    (root / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = verbatim("followups", "import", "calls.csv", cwd=root)
    header = "ID réponse;Date de réponse;Note de recommandation;Commentaire;ID client"
    later = [header]
    later += [f"L-{c};20/11/2026;10;;{c}" for c in called["customer_id"]]
    later += [f"L-{c};20/11/2026;3;;{c}" for c in others["customer_id"]]
    (root / "later.csv").write_text("\n".join(later) + "\n", encoding="utf-8")
    second = verbatim("run", str(sample_path), "later.csv", cwd=root)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-3000:]
    return {
        "root": root,
        "first_callback": callback,
        "partner": partner,
        "called": called,
        "imported": imported,
    }


def test_e2e_owners_delivery_detractors_go_to_the_partner_list_with_the_reason(looped):
    callback, partner = looped["first_callback"], looped["partner"]
    assert len(partner) >= 6  # of the last 30 days, under the rule
    assert partner["owner_reasons"].str.contains("partner ← #").all()
    # delivery themes, some owned through their parent (tracking, delivery times)
    assert partner["owner_reasons"].str.contains(r"\(concept delivery\)").any()
    assert partner["owner_reasons"].str.contains(r"\(parent #\d+ Delivery\)").any()
    routed = callback[callback["owners"].fillna("").str.split("; ").map(lambda o: "partner" in o)]
    assert sorted(routed["response_id"]) == sorted(partner["response_id"])
    # the rule: scores 0-4, and 5-6 only when a theme of the comment is owned by service
    high = callback[callback["score"] > 4]
    assert len(high) and high["owners"].str.contains("service").all()
    assert set(callback["call_rule"]) <= {"score <= 4", "score <= 6 and a service theme"}
    assert callback["followup_id"].str.match(r"^cb-[0-9a-f]{16}$").all()


def test_e2e_followup_ids_are_the_same_on_the_next_run(looped):
    again = _read(looped["root"] / "out" / "callback_detractors.csv")
    before = looped["first_callback"].set_index("response_id")["followup_id"]
    after = again.set_index("response_id")["followup_id"]
    shared = before.index.intersection(after.index)
    assert len(shared) > 10 and (before[shared] == after[shared]).all()


def test_e2e_outcome_import_rejects_bad_rows_and_the_table_counts_the_planted_customers(looped):
    root, imported = looped["root"], looped["imported"]
    assert imported.returncode == 0, imported.stderr
    assert "6 accepted, 2 rejected" in imported.stdout
    assert "unknown followup_id 'cb-ffffffffffffffff'" in imported.stdout
    shown = verbatim("followups", "outcomes", "--format", "json", cwd=root)
    body = json.loads(shown.stdout)
    assert "not the effect of the call" in body["note"]
    rows = {(r["scope"], r["scope_id"], r["group"]): r for r in body["outcomes"]}
    for scope in (("all", "all"), ("owner", "partner")):
        called = rows[(*scope, "called back")]
        assert (called["detractors"], called["came_back"], called["to_promoter"]) == (6, 6, 6)
    not_called = rows[("all", "all", "not called")]
    assert not_called["still_detractor"] >= 6  # the six planted ones, and natural repeats
    assert not_called["came_back"] >= 6
    report = html.unescape(
        re.sub(r"<[^>]+>", " ", (root / "out" / "report.html").read_text("utf-8"))
    )
    report = re.sub(r"\s+", " ", report)
    assert "Did calling back help?" in report and "Observational" in report
    assert re.search(r"\d+ topic themes? ha(s|ve) no owner", report)
