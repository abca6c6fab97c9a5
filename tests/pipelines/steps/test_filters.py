"""Date and segment filters: the forms accepted, the ones refused, and filters matching nothing."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.helpers import verbatim
from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.steps.analysis import date_bounds, filter_responses
from verbatim.pipelines.steps.jobs import ingest_step

TODAY = pd.Timestamp("2026-12-03 15:00")


@pytest.mark.parametrize(
    "value,start,end",
    [
        ("2026-10-01", "2026-10-01", "2026-10-02"),
        ("01/10/2026", "2026-10-01", "2026-10-02"),  # day first, as ingest reads exports
        ("2026-10", "2026-10-01", "2026-11-01"),
        ("today", "2026-12-03", "2026-12-04"),
        ("yesterday", "2026-12-02", "2026-12-03"),
        (" Yesterday ", "2026-12-02", "2026-12-03"),
    ],
)
def test_date_forms_accepted(value, start, end):
    assert date_bounds(value, "--since", today=TODAY) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize(
    "value",
    ["10/1/26", "Oct 1", "2026/10/01", "31/02/2026", "1.10.2026", "", "2026-10-01T00:00+02:00"],
)
def test_ambiguous_or_unknown_dates_are_refused_naming_the_forms(value):
    with pytest.raises(VerbatimError, match=r"E305.*YYYY-MM-DD.*DD/MM/YYYY.*1 October"):
        date_bounds(value, "--since", today=TODAY)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": ["a", "b", "c"],
            "score": [10, 3, 8],
            "responded_at": pd.to_datetime(["2026-09-30 23:59", "2026-10-01 08:00", None]),
            "Canal": ["Web", "Boutique", "Web"],
        }
    )


def test_until_is_inclusive_of_its_whole_day():
    kept = filter_responses(_frame(), since="01/10/2026", until="2026-10-01")
    assert kept["response_id"].tolist() == ["b"]


def test_dates_matching_nothing_name_the_stored_range():
    with pytest.raises(
        VerbatimError, match=r"E306.*--since 2027-01.*dated 2026-09-30 to 2026-10-01"
    ):
        filter_responses(_frame(), since="2027-01")


def test_a_segment_value_matching_nothing_lists_the_values():
    with pytest.raises(
        VerbatimError, match=r"--segment Canal=Webb\. Values of Canal here: Web, Boutique"
    ):
        filter_responses(_frame(), segments={"Canal": "Webb"})
    assert filter_responses(_frame(), segments={"Canal": "web"})["response_id"].tolist() == [
        "a",
        "c",
    ]


def test_cli_filters_exit_2_with_the_fix(tmp_path, sample_path):
    db = f"sqlite:///{tmp_path / 'v.db'}"
    store = Store(db)
    ingest_step(store, [sample_path], say=lambda _: None)
    store.dispose()
    october = verbatim("nps", "--since", "01/10/2026", "--db", db, "--format", "json", cwd=tmp_path)
    iso = verbatim("nps", "--since", "2026-10-01", "--db", db, "--format", "json", cwd=tmp_path)
    assert october.returncode == 0, october.stderr
    assert json.loads(october.stdout) == json.loads(iso.stdout)  # 1 October, not 10 January
    everything = verbatim("nps", "--db", db, "--format", "json", cwd=tmp_path)
    assert (
        json.loads(october.stdout)[0]["responses"] < json.loads(everything.stdout)[0]["responses"]
    )
    typo = verbatim("nps", "--since", "10/1/26", "--db", db, cwd=tmp_path)
    assert typo.returncode == 2 and "[E305]" in typo.stderr + typo.stdout
    nothing = verbatim("nps", "--until", "2020-01-01", "--db", db, cwd=tmp_path)
    assert nothing.returncode == 2
    assert "dated 2026-04-01 to 2026-10-31" in nothing.stderr + nothing.stdout
