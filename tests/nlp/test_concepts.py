import pytest

from verbatim.nlp.concepts import (
    LANGUAGES,
    Topic,
    check_topics,
    concept_vocabulary,
    match_concepts,
    topics,
)
from verbatim.nlp.lemmas import quick_lemmas


def _concepts(text: str, language: str) -> tuple[str, ...]:
    # mentions reach the matcher lemmatized by the lookup table (the theme step's lemmas)
    [found] = match_concepts(quick_lemmas([text], [language]), [language])
    return found


def test_concepts_languages_have_identical_keys():
    assert list(topics("fr")) == list(topics("en"))
    assert len(topics("en")) >= 250


def test_concepts_glossary_is_consistent():
    assert check_topics() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_concepts_topics_are_complete(language):
    for cid, topic in topics(language).items():
        assert isinstance(topic, Topic), cid
        assert topic.name[0].isupper() and topic.complaint and topic.praise and topic.terms, cid
        assert topic.complaint != topic.praise, cid


@pytest.mark.parametrize(
    ("text", "language", "concept"),
    [
        ("Le livreur a laissé le colis devant la porte", "fr", "delivery"),
        ("the courier left the parcel at the door", "en", "delivery"),
        ("the app keeps crashing", "en", "bugs"),
        ("l'application a encore un bug", "fr", "bugs"),
        ("prix trop élevé", "fr", "price"),
        ("way too expensive", "en", "price"),
        ("Service client injoignable", "fr", "reachability"),
        ("customer service was unreachable", "en", "reachability"),
        ("Hausse des tarifs chaque année", "fr", "price_increase"),
        ("another price increase this year", "en", "price_increase"),
        ("le temps d'attente en caisse", "fr", "waiting_time"),
        ("the waiting time at the checkout", "en", "waiting_time"),
        ("mon conseiller est très compétent", "fr", "competence"),
        ("the staff were knowledgeable", "en", "competence"),
        ("la batterie ne tient pas la journée", "fr", "battery"),
        ("battery life is poor", "en", "battery"),
        ("le formateur explique bien", "fr", "instructor"),
        ("the instructor is great", "en", "instructor"),
        ("la taille est trop petite", "fr", "size_fit"),
        ("the size runs small", "en", "size_fit"),
        ("remboursement toujours pas reçu", "fr", "refund"),
        ("Le bagel était énorme", "fr", "bread"),
        ("great bagels made the old-fashioned way", "en", "bread"),
        ("still waiting for my refund", "en", "refund"),
        ("la carte des vins est courte", "fr", "wine"),
        ("the wine list is short", "en", "wine"),
        ("impossible de résilier mon abonnement", "fr", "termination"),
        ("I could not cancel my subscription", "en", "termination"),
        ("Génial Hot Dogs !", "fr", "dishes"),
        ("My Chromebook died after a month", "en", "computer"),
        ("mon chromebook est mort", "fr", "computer"),
    ],
)
def test_concepts_match_planted_sentences(text, language, concept):
    assert concept in _concepts(text, language)


@pytest.mark.parametrize(
    ("text", "language", "concept"),
    [
        ("les livraisons", "fr", "delivery"),
        ("les livreurs étaient en retard", "fr", "delivery"),
        ("les écrans", "fr", "screen"),
        ("des serveuses aimables", "fr", "table_service"),
        ("remboursements", "fr", "refund"),
        ("deliveries", "en", "delivery"),
        ("the prices", "en", "price"),
        ("it crashed twice", "en", "bugs"),
        ("the waiters", "en", "table_service"),
        ("batteries", "en", "battery"),
    ],
)
def test_concepts_match_plural_and_inflected_forms(text, language, concept):
    assert concept in _concepts(text, language)


@pytest.mark.parametrize(
    ("text", "language", "concept", "not_concept"),
    [
        ("le service client", "fr", "customer_service", "service"),
        ("the customer service", "en", "customer_service", "service"),
        ("les frais de port", "fr", "delivery_cost", "fees"),
        ("le suivi de commande", "fr", "tracking", "follow_up"),
        ("the hard drive", "en", "storage", "driving"),
        ("les frais sont trop élevés", "fr", "fees", "freshness"),
        ("du poisson frais", "fr", "freshness", "fees"),
        ("great hot dogs", "en", "dishes", "pets"),  # a theme of them read "Pet-friendly"
        ("great hot dogs", "en", "dishes", "temperature"),
    ],
)
def test_concepts_longest_term_wins(text, language, concept, not_concept):
    found = _concepts(text, language)
    assert concept in found
    assert not_concept not in found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will return", "en"),
        ("there is room for improvement", "en"),
        ("I'm a big fan", "en"),
        ("On y retournera", "fr"),
        ("je me suis rendu compte", "fr"),
        ("au cours de la soirée", "fr"),
        ("je m'attendais à mieux", "fr"),
        ("15 fois au cours des trois dernières années", "fr"),  # "au cours des": not a course
        ("cela répond à nos besoins", "fr"),  # meets a need: not a reply
        ("pour mon usage personnel", "fr"),  # personal: not the staff
        ("How do you rate it?", "en"),  # the verb: not a price
        ("the spinach was not frozen", "en"),  # food: not a bug
        ("Cannot fault it", "en"),  # praise: not a defect
        ("very user friendly", "en"),  # usability: not the staff's friendliness
    ],
)
def test_concepts_idioms_signal_nothing(text, language):
    assert _concepts(text, language) == ()


@pytest.mark.parametrize(
    ("text", "language"),
    [("son ordinateur", "fr"), ("il faut suivre", "fr"), ("the", "en")],
)
def test_concepts_stop_words_never_match(text, language):
    found = _concepts(text, language)
    assert "sound" not in found and "follow_up" not in found


@pytest.mark.parametrize("language", ["other", "de"])
def test_concepts_other_languages_use_english_terms(language):
    assert match_concepts(["the delivery", "le colis"], [language, language]) == [
        ("delivery",),
        (),
    ]


@pytest.mark.parametrize(
    ("lemmas", "expected"),
    [
        ("le livraison et le prix", ("delivery", "price")),
        ("le prix de le livraison", ("price", "delivery")),
    ],
)
def test_concepts_keep_order_of_first_occurrence(lemmas, expected):
    assert match_concepts([lemmas], ["fr"]) == [expected]


def test_concepts_reject_mismatched_lengths():
    with pytest.raises(ValueError, match="one language per lemma string: got 2 strings and 1"):
        match_concepts(["a", "b"], ["fr"])


def test_concepts_topics_reject_unknown_language():
    with pytest.raises(ValueError, match="No concept glossary for language 'de'"):
        topics("de")


@pytest.mark.parametrize(
    ("language", "lemma_string", "concept"),
    [("fr", "temps de attente", "waiting_time"), ("en", "customer service", "customer_service")],
)
def test_concepts_vocabulary_maps_lemma_strings(language, lemma_string, concept):
    assert concept_vocabulary(language)[lemma_string] == concept


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I had to return the item twice", "en"),
        ("their return policy is a joke", "en"),
        ("free returns", "en"),
        ("impossible de retourner le colis", "fr"),
        ("le retour gratuit", "fr"),
        ("l'étiquette de retour manquait", "fr"),
    ],
)
def test_concepts_product_returns_are_named_without_the_bare_verb(text, language):
    assert "returns" in _concepts(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We returned for dinner the next day", "en"),
        ("we would return here", "en"),
        ("à notre retour", "fr"),
        ("j'y retournerai avec plaisir", "fr"),
        ("on m'a renvoyé vers un conseiller", "fr"),
    ],
)
def test_concepts_coming_back_is_no_product_return(text, language):
    assert "returns" not in _concepts(text, language)


@pytest.mark.parametrize(
    ("text", "language", "concept", "other_sense"),
    [
        # found by comparing the concepts of M-ABSA sentences with those of their translation
        ("l'hôtel est en travaux", "fr", "upkeep", "Le professeur connaît son travail"),
        ("Personnel adorable", "fr", "staff", "pour mon usage personnel"),
        ("aucun suivi de ma demande", "fr", "follow_up", "le meilleur cours que j'ai suivi"),
        ("les touches du clavier", "fr", "keyboard", "elle a à peine touché à son assiette"),
        ("la réponse est arrivée vite", "fr", "response", "il répond à mes besoins"),
        ("ma demande est restée lettre morte", "fr", "response", "il demande si tout va bien"),
        ("cette enseigne a fermé", "fr", "brand", "Le professeur pratique ce qu'il enseigne"),
        ("les devoirs sont trop longs", "fr", "exercises", "je dois partir tôt"),
        ("la chambre est propre", "fr", "cleanliness", "à son propre rythme"),
        ("un ordinateur très léger", "fr", "size_weight", "un léger retard"),
        ("l'intérieur est bien décoré", "fr", "decor", "à l'intérieur il fait chaud"),
        ("train supprimé sans prévenir", "fr", "cancellations", "mon compte a été supprimé"),
        ("mon vol a été annulé", "fr", "cancellations", "ils ont supprimé la fonction"),
        ("the room rate was fair", "en", "price", "I would rate it five stars"),
        ("the parking was expensive", "en", "parking", "we walked in Central Park"),
        (
            "I complained to the manager",
            "en",
            "complaint_handling",
            "my only complaint is the noise",
        ),
        ("the seats are comfortable", "en", "comfort", "we were seated right away"),
        ("the item was packed well", "en", "packaging", "the place was packed"),
        ("my account was blocked", "en", "account_blocked", "two blocks from the station"),
        ("the store was closed", "en", "store", "it can store all my photos"),
        ("the app keeps freezing up", "en", "bugs", "the spinach was frozen"),
        ("this machine boots fast", "en", "computer", "a coffee machine in the room"),
        ("this machine boots fast", "en", "computer", "a machine learning course"),
        ("the staff were friendly", "en", "staff_friendliness", "a user friendly app"),
    ],
)
def test_concepts_other_senses_of_a_term_do_not_signal_it(text, language, concept, other_sense):
    assert concept in _concepts(text, language)
    assert concept not in _concepts(other_sense, language)
