import pandas as pd
import pytest

from verbatim.models.owners import check_owner, response_owners, theme_owners

THEMES = pd.DataFrame(
    {
        "theme_id": [1, 2, 3, 4, 5],
        "label_en": ["Delivery", "Late deliveries", "Rude staff", "Prices", "Parcel tracking"],
        "label_fr": ["Livraison", "Retards de livraison", "Personnel", "Prix", "Suivi"],
        "concept": ["delivery", "delivery", "staff", "price", "tracking"],
        "parent_id": [None, 1, None, None, 1],
    }
)


def _rules(*rows):
    return pd.DataFrame(rows, columns=["match_on", "match_value", "owner"])


def test_owners_most_specific_rule_wins_then_the_parent():
    rules = _rules(
        ("concept", "delivery", "partner"),
        ("label", "late deliveries", "product"),  # a label beats the concept
        ("theme", "3", "service"),
        ("concept", "staff", "digital"),  # the id rule beats it
    )
    got = theme_owners(THEMES, rules).set_index("theme_id")
    assert got["owner"].to_dict() == {
        1: "partner",
        2: "product",
        3: "service",
        4: None,
        5: "partner",
    }
    assert got["owner_source"].to_dict() == {
        1: "concept",
        2: "label",
        3: "theme",
        4: None,
        5: "parent",  # tracking has no rule: the parent's owner
    }
    assert got.loc[5, "owner_theme_id"] == 1


def test_owners_response_owners_in_mention_order_with_reasons():
    owners = theme_owners(
        THEMES, _rules(("concept", "delivery", "partner"), ("theme", "3", "service"))
    )
    labels = dict(zip(THEMES["theme_id"], THEMES["label_en"], strict=True))
    mentions = pd.DataFrame(
        {"response_id": ["a", "a", "a", "b"], "theme_id": [3, 5, 4, 4], "position": [1, 0, 2, 0]}
    )
    got = response_owners(mentions, owners, labels, ["a", "b", "c"]).set_index("response_id")
    assert got["owners"].to_dict() == {"a": "partner; service", "b": "", "c": ""}
    assert got.loc["a", "owner_reasons"] == (
        "partner ← #5 Parcel tracking (parent #1 Delivery); service ← #3 Rude staff (theme id)"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Partner", "partner"), (" service ", "service"), ("b2b_sales", "b2b_sales")],
)
def test_owners_names_are_normalised(name, expected):
    assert check_owner(name) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../etc", "1-32 lowercase letters"),
        ("dealer network", "1-32 lowercase letters"),
        ("detractors", "names a follow-up list itself"),
        ("", "1-32 lowercase letters"),
    ],
)
def test_owners_names_that_would_make_bad_file_names_are_refused(name, message):
    with pytest.raises(ValueError, match=message):
        check_owner(name)
