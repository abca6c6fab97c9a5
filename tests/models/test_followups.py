import pandas as pd
import pytest

from verbatim.models.followups import callback_list, chase_list, thank_list


@pytest.fixture
def responses():
    return pd.DataFrame(
        {
            "response_id": ["a", "b", "c", "d", "e", "f", "g", "h"],
            "score": pd.array([3, 0, 3, 10, 9, 10, None, None], dtype="Int64"),
            "comment": ["=slow", "rude", "late", "great", "ok", "love it", None, None],
            "language": ["en", "fr", "en", "en", "fr", "en", None, None],
            "responded_at": pd.to_datetime(
                [
                    "2026-10-01",
                    "2026-09-01",
                    "2026-10-20",
                    "2026-10-02",
                    "2026-10-03",
                    "2026-10-09",
                    "2026-10-05",
                    "2026-10-07",
                ]
            ),
            "customer_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"],
            "channel": ["app", "web", "app", "web", "app", "web", "app", "web"],
        }
    )


@pytest.fixture
def mention_themes():
    return pd.DataFrame(
        {
            "response_id": ["a", "a", "a", "c", "b"],
            "position": [1, 0, 2, 0, 0],
            "theme_id": [2, 1, 1, -1, 3],
        }
    )


@pytest.fixture
def themes():
    return pd.DataFrame(
        {
            "theme_id": [1, 2, 3],
            "label_fr": ["attente", "prix", "accueil"],
            "label_en": ["waiting", "price", None],
        }
    )


def test_followups_callback_order_and_columns(responses, mention_themes, themes):
    before = responses.copy()
    out = callback_list(responses, mention_themes, themes)
    pd.testing.assert_frame_equal(responses, before)
    assert list(out.columns) == [
        "response_id",
        "customer_id",
        "score",
        "category",
        "themes",
        "comment",
        "language",
        "channel",
        "responded_at",
        # added after the historical columns (issue 14)
        "followup_id",
        "owners",
        "owner_reasons",
        "call_rule",
    ]
    # lowest score first, then newest first among equal scores
    assert out["response_id"].tolist() == ["b", "c", "a"]
    assert (out["category"] == "detractor").all()
    # labels in mention order, deduplicated; a missing English label falls back to French
    assert out["themes"].tolist() == ["accueil", "", "waiting; price"]


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "attente; prix"), ("en", "waiting; price")]
)
def test_followups_callback_label_language(responses, mention_themes, themes, language, expected):
    out = callback_list(responses, mention_themes, themes, language=language)
    assert out.set_index("response_id").loc["a", "themes"] == expected


def test_followups_thank_order(responses):
    out = thank_list(responses)
    assert out["response_id"].tolist() == ["f", "d", "e"]
    assert out["themes"].tolist() == ["", "", ""]


def test_followups_promoter_threshold_eight(responses):
    frame = responses.assign(score=pd.array([3, 0, 3, 10, 8, 10, None, None], dtype="Int64"))
    assert thank_list(frame, promoter_min=8)["response_id"].tolist() == ["f", "d", "e"]
    assert thank_list(frame)["response_id"].tolist() == ["f", "d"]


def test_followups_chase_non_respondents(responses):
    out = chase_list(responses)
    assert list(out.columns) == [
        "response_id",
        "customer_id",
        "channel",
        "invited_at",
        "followup_id",
    ]
    assert out["response_id"].tolist() == ["h", "g"]  # newest invitation first


def test_followups_limit(responses):
    assert callback_list(responses, limit=1)["response_id"].tolist() == ["b"]


def test_followups_need_score(responses):
    with pytest.raises(ValueError, match="needs columns 'response_id' and 'score'"):
        chase_list(responses.drop(columns="score"))
