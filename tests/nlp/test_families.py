import pytest

from verbatim.nlp.concepts import LANGUAGES, topics
from verbatim.nlp.lang.families import FAMILY, family

CONCEPTS = sorted(set(FAMILY) | set(FAMILY.values()))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("concept", CONCEPTS)
def test_families_ids_are_glossary_concepts(concept, language):
    assert concept in topics(language)


@pytest.mark.parametrize(("concept", "parent"), sorted(FAMILY.items()))
def test_families_are_one_level(concept, parent):
    assert parent != concept
    assert parent not in FAMILY, f"{concept} -> {parent} -> {FAMILY.get(parent)}"


@pytest.mark.parametrize(
    ("concept", "parent"),
    [
        ("delivery_time", "delivery"),
        ("tracking", "delivery"),
        ("parcel_problems", "delivery"),
        ("delivery_cost", "delivery"),
        ("phone_wait", "customer_service"),
        ("price_increase", "price"),
        ("staff_friendliness", "staff"),
        ("bed", "room"),
        ("taste", "food"),
        ("internet_speed", "internet_connection"),
    ],
)
def test_families_planted_expectations(concept, parent):
    assert FAMILY[concept] == parent
    assert family(concept) == parent


@pytest.mark.parametrize(
    "concept", ["delivery", "price", "customer_service", "speed", "refund", "not_a_concept"]
)
def test_families_unmapped_concept_is_its_own_family(concept):
    assert concept not in FAMILY
    assert family(concept) == concept


@pytest.mark.parametrize("parent", sorted(set(FAMILY.values())))
def test_families_family_names_are_short_headings(parent):
    for language in LANGUAGES:
        name = topics(language)[parent].name
        assert name[0].isupper() and len(name.split()) <= 3, (parent, language, name)
