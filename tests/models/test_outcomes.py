import pandas as pd
import pytest

from verbatim.models.outcomes import group_of, link_next_answers, outcome_table


@pytest.fixture
def responses():
    rows = [
        ("a1", "A", 2, "2026-10-01"),
        ("a2", "A", 9, "2026-10-01"),  # the same day: not a later answer
        ("a3", "A", 8, "2026-10-09"),
        ("a4", "A", 10, "2026-10-20"),
        ("b1", "B", 5, "2026-10-02"),
        ("c1", "C", 0, "2026-10-03"),
        ("c2", "C", 4, "2026-10-04"),
        ("d1", None, 1, "2026-10-05"),  # no customer id: not linked
        ("e1", "E", None, "2026-10-01"),  # invited, no answer
    ]
    df = pd.DataFrame(rows, columns=["response_id", "customer_id", "score", "responded_at"])
    return df.assign(
        score=df["score"].astype("Int64"), responded_at=pd.to_datetime(df["responded_at"])
    )


def test_outcomes_link_the_next_answer_of_a_later_day(responses):
    linked = link_next_answers(responses).set_index("response_id")
    assert sorted(linked.index) == ["a1", "b1", "c1", "c2"]
    assert linked["next_response_id"].fillna("none").to_dict() == {
        "a1": "a3",
        "b1": "none",
        "c1": "c2",
        "c2": "none",
    }
    assert linked.loc["a1", "next_category"] == "passive"
    assert linked.loc["c1", "next_category"] == "detractor"


def test_outcomes_table_by_group(responses):
    linked = link_next_answers(responses)
    recorded = pd.DataFrame(
        {"response_id": ["a1", "b1", "c1"], "status": ["reached", "not_reachable", "called"]}
    )
    groups = group_of(linked, recorded)
    assert dict(zip(linked["response_id"], groups, strict=True)) == {
        "a1": "called back",
        "b1": "not reached",
        "c1": "called back",
        "c2": "not called",
    }
    table = outcome_table(linked, groups).set_index("group")
    assert table.loc[
        "called back", ["detractors", "came_back", "to_passive", "still_detractor"]
    ].tolist() == [2, 2, 1, 1]
    assert table.loc["called back", "improved_share"] == 0.5
    assert table.loc["not called", "came_back"] == 0
    assert pd.isna(table.loc["called back", "improved_diff"])  # no not-called detractor came back
