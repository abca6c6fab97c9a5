import pandas as pd
import pytest

from verbatim.nlp.hashing import mention_id, text_hash
from verbatim.nlp.prepare import (
    MAX_MENTIONS_PER_RESPONSE,
    MENTION_COLUMNS,
    comment_languages,
    prepare_mentions,
)


@pytest.fixture
def responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
            "comment": [
                "Livraison rapide mais SAV injoignable !!! Écrivez-moi à jean@exemple.fr",
                None,
                float("nan"),
                "Great staff, but the app keeps crashing.",
                "Le personnel était très aimable, but the app keeps crashing every single day",
                "😀",
            ],
        }
    )


def test_prepare_mentions_known_answer(responses):
    out = prepare_mentions(responses)
    assert list(out.columns) == MENTION_COLUMNS
    assert out[["response_id", "position", "text", "language"]].values.tolist() == [
        ["r1", 0, "Livraison rapide", "fr"],
        ["r1", 1, "SAV injoignable !", "fr"],
        ["r1", 2, "Écrivez-moi à [EMAIL]", "fr"],
        ["r4", 0, "Great staff", "en"],
        ["r4", 1, "the app keeps crashing", "en"],
        ["r5", 0, "Le personnel était très aimable", "fr"],
        ["r5", 1, "the app keeps crashing every single day", "en"],  # per-clause language
        ["r6", 0, "😀", "other"],
    ]
    assert out["lemmas"].tolist()[:2] == ["livraison rapide", "sav injoignable"]
    assert "email" not in out["lemmas"].iloc[2]  # placeholders are not lemmas
    assert out["lemmas"].iloc[4] == "the app keep crash"
    row = out.iloc[1]
    assert row["mention_id"] == mention_id("r1", 1, "SAV injoignable !")
    assert row["text_hash"] == text_hash("SAV injoignable !")


def test_prepare_mentions_ids_are_stable_and_follow_text(responses):
    first = prepare_mentions(responses)
    pd.testing.assert_frame_equal(first, prepare_mentions(responses))
    changed = responses.assign(
        comment=responses["comment"].replace(
            "Great staff, but the app keeps crashing.", "Great staff, but the app is slow."
        )
    )
    second = prepare_mentions(changed)
    ids = dict(zip(first["text"], first["mention_id"], strict=True))
    new_ids = dict(zip(second["text"], second["mention_id"], strict=True))
    assert new_ids["Great staff"] == ids["Great staff"]
    assert new_ids["the app is slow"] not in set(first["mention_id"])


def test_prepare_mentions_never_mutates_input(responses):
    before = responses.copy()
    prepare_mentions(responses)
    pd.testing.assert_frame_equal(responses, before)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("en", "en"), ("EN", "en"), ("xx", "fr"), (None, "fr")],
)
def test_prepare_mentions_trusts_configured_export_language(given, expected):
    frame = pd.DataFrame({"response_id": [1], "comment": ["Livraison rapide"], "language": [given]})
    assert prepare_mentions(frame)["language"].tolist() == [expected]


def test_prepare_mentions_empty_and_commentless_input():
    frame = pd.DataFrame({"response_id": [1, 2], "comment": [None, "   "]})
    out = prepare_mentions(frame)
    assert out.empty
    assert list(out.columns) == MENTION_COLUMNS


@pytest.mark.parametrize("missing", ["response_id", "comment"])
def test_prepare_mentions_names_missing_column(missing):
    frame = pd.DataFrame({"response_id": [1], "comment": ["ok"]}).drop(columns=missing)
    with pytest.raises(ValueError, match=f"needs column '{missing}'. Columns found"):
        prepare_mentions(frame)


def test_prepare_mentions_rejects_duplicate_response_ids():
    frame = pd.DataFrame({"response_id": [7, 7], "comment": ["Top service", "Bof bof"]})
    with pytest.raises(ValueError, match=r"unique response_id values; repeated: \['7'\]"):
        prepare_mentions(frame)


def test_prepare_comment_languages(responses):
    frame = responses.assign(language=[None, "en", None, None, None, None])
    result = comment_languages(frame)
    assert result.index.name == "response_id"
    assert result.to_dict() == {
        "r1": "fr",
        "r2": "en",
        "r3": None,
        "r4": "en",
        "r5": "fr",
        "r6": "other",
    }


@pytest.mark.parametrize("lemmatize", [False])
def test_prepare_mentions_without_lemmas_keeps_everything_else(responses, lemmatize):
    full = prepare_mentions(responses)
    fast = prepare_mentions(responses, lemmatize=lemmatize)
    assert list(fast.columns) == MENTION_COLUMNS
    assert fast["lemmas"].isna().all()
    pd.testing.assert_frame_equal(fast.drop(columns="lemmas"), full.drop(columns="lemmas"))


@pytest.mark.parametrize(
    "comments",
    [
        [
            "Le personnel était très aimable, but the app keeps crashing every single day",
            "Le personnel était très aimable, but the app keeps crashing every single day",
            "the app keeps crashing every single day",
        ]
    ],
)
def test_prepare_mentions_repeated_texts_get_one_answer(comments):
    frame = pd.DataFrame({"response_id": ["a", "b", "c"], "comment": comments})
    out = prepare_mentions(frame)
    assert out["language"].tolist() == ["fr", "en", "fr", "en", "en"]
    assert out.groupby("text")["text_hash"].nunique().eq(1).all()
    assert out["mention_id"].is_unique


@pytest.mark.parametrize("megabytes", [1])
def test_prepare_mentions_caps_a_huge_comment(megabytes, caplog):
    # one 1 MB comment gave 13,699 mentions; it now gives at most MAX_MENTIONS_PER_RESPONSE
    clause = "La livraison est arrivée en retard et le colis était abîmé. "
    huge = clause * (megabytes * 1_000_000 // len(clause))
    frame = pd.DataFrame(
        {"response_id": ["big", "small"], "comment": [huge, "Livraison rapide, SAV injoignable"]}
    )
    with caplog.at_level("WARNING", logger="verbatim.nlp.prepare"):
        out = prepare_mentions(frame, lemmatize=False)
    per_response = out["response_id"].value_counts()
    assert 0 < per_response["big"] <= MAX_MENTIONS_PER_RESPONSE == 50
    assert out.loc[out["response_id"] == "big", "position"].tolist() == list(
        range(per_response["big"])
    )
    alone = prepare_mentions(frame.iloc[[1]], lemmatize=False)
    assert out.loc[out["response_id"] == "small", "text"].tolist() == alone["text"].tolist()
    assert alone.attrs["capped_responses"] == 0
    assert out.attrs["capped_responses"] == 1
    assert "1 comment(s) cut to their first 50 mentions (or 10000 characters)" in caplog.text
    assert frame["comment"].str.len().tolist()[0] == len(huge)  # the input is left whole
