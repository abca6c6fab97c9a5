"""Person names masked in comments: rules, the gated French NER, and the prepare path."""

import pandas as pd
import pytest

from verbatim.nlp import names
from verbatim.nlp.names import mask_names, name_spans
from verbatim.nlp.pii import mask_pii
from verbatim.nlp.prepare import prepare_mentions


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a trigger before the name
        ("Merci à Julie du service client", "Merci à [NAME] du service client"),
        ("Merci à Pierre pour sa patience", "Merci à [NAME] pour sa patience"),
        ("Merci Sophie !", "Merci [NAME] !"),
        ("merci a julie pour son aide", "merci a [NAME] pour son aide"),
        ("MERCI À JULIE POUR SON AIDE", "MERCI À [NAME] POUR SON AIDE"),
        ("Le technicien Jean-Pierre est venu", "Le technicien [NAME] est venu"),
        ("la conseillere Nadia a tout compris", "la conseillere [NAME] a tout compris"),
        ("un message de la part d'Inès", "un message de la part d'[NAME]"),
        ("Thanks to John Smith at the desk", "Thanks to [NAME] at the desk"),
        ("the agent named Bob was rude", "the agent named [NAME] was rude"),
        ("I spoke to Tiffany and she sorted it", "I spoke to [NAME] and she sorted it"),
        ("d'après Lucas en boutique, c'est réglé", "d'après [NAME] en boutique, c'est réglé"),
        ("Il s’appelle Kevin", "Il s’appelle [NAME]"),  # raw text: the store masks it too
        # a honorific
        ("le conseiller M. Durand", "le conseiller M. [NAME]"),
        ("Mme Martin très aimable", "Mme [NAME] très aimable"),
        ("Madame DURAND ne rappelle pas", "Madame [NAME] ne rappelle pas"),
        ("Mr. Brown helped me", "Mr. [NAME] helped me"),
        # tokenised exports ("Dr . Chuck") and a honorific written in lower case
        ("Go Dr . Chuck !", "Go Dr . [NAME] !"),
        ("Thank you dr Chuck !", "Thank you dr [NAME] !"),
        # what only follows a person
        ("Julie en boutique a été d'une grande aide", "[NAME] en boutique a été d'une grande aide"),
        ("Kevin au téléphone était très patient", "[NAME] au téléphone était très patient"),
        ("Sophie a été vraiment adorable", "[NAME] a été vraiment adorable"),
        ("Jessica fixed everything in minutes", "[NAME] fixed everything in minutes"),
        ("Karim was very helpful", "[NAME] was very helpful"),
        ("alors nadia au tel a tout réglé", "alors [NAME] au tel a tout réglé"),
        # the NER decides
        ("Brigitte ne répond jamais aux mails", "[NAME] ne répond jamais aux mails"),
        (
            "Grosse déception, Thierry ne rappelle jamais",
            "Grosse déception, [NAME] ne rappelle jamais",
        ),
        ("Andrew Ng is a great teacher", "[NAME] is a great teacher"),
    ],
)
def test_names_masked_in_french_and_english(raw, expected):
    assert mask_pii(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "La Box Internet de Orange ne marche plus",
        "Je suis à Paris depuis lundi",
        "Netflix ne marche pas sur la box",
        "Bouygues est moins cher",
        "Résiliation de ma ligne Bouygues Telecom",
        "Merci à Orange pour la fibre",
        "Thanks to Netflix being included",
        "Appli Orange et TV d'Orange",
        "Disney+ et Canal+ en option",
        "Très bon accueil à la boutique de Lyon",
        "Friendly team at the Bordeaux store",
        "Livraison rapide avec mon Pixel 8",
        "Mon Redmi Note 13 est arrivé cassé",
        "since March 12 no internet",
        "Merci Beaucoup",
        "Thanks Again",
        "Merci à tous",
        "Merci à l'équipe",
        "Thanks to Customer Service",
        "J'ai appelé le SAV",
        "Passé chez Sosh, Red et B&You",
        "Barcelona was lovely",
        "Personnel en boutique au top",
        "le conseiller au téléphone était très patient",
        "Staff were very friendly",
    ],
)
def test_names_leave_brands_places_and_words(text):
    assert mask_pii(text) == text


@pytest.mark.parametrize(
    ("text", "certain", "ambiguous"),
    [
        ("Merci à Julie", ["Julie"], []),
        ("Brigitte ne répond jamais", [], ["Brigitte"]),
        ("Andrew Ng is a great teacher", [], ["Andrew Ng"]),
        ("J'ai appelé Orange, Couldn't care less", [], []),
    ],
)
def test_names_rules_send_only_unknown_capitalised_words_to_the_ner(text, certain, ambiguous):
    found, unsure = name_spans(text)
    assert [text[a:b] for a, b in found] == certain
    assert [text[a:b] for a, b in unsure] == ambiguous


@pytest.mark.parametrize(
    ("text", "rules_only", "without_model"),
    [
        (
            "Brigitte ne répond jamais, merci à Julie",
            "Brigitte ne répond jamais, merci à [NAME]",
            "[NAME] ne répond jamais, merci à [NAME]",
        ),
    ],
)
def test_names_without_ner(monkeypatch, text, rules_only, without_model):
    assert mask_names([text], ner=False) == [rules_only]
    # no French model installed: what the NER would have checked is masked, not shown
    monkeypatch.setattr(names, "_load_ner", lambda: None)
    assert mask_names([text]) == [without_model]


@pytest.mark.parametrize(
    ("comment", "name"),
    [("Merci à Julie du service client", "Julie"), ("Thanks to John Smith at the desk", "Smith")],
)
def test_names_never_reach_a_mention(comment, name):
    responses = pd.DataFrame({"response_id": ["r1"], "comment": [comment]})
    mentions = prepare_mentions(responses)
    assert not mentions["text"].str.contains(name).any()
    assert mentions["text"].str.contains("[NAME]", regex=False).any()
    assert not mentions["lemmas"].str.contains(name.lower()).any()
    assert not mentions["lemmas"].str.split().map(lambda words: "name" in words).any()


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Merci à Julie du service client, Andrew Ng et Mme Martin à Lyon",
        "Brigitte ne répond jamais aux mails de la Box Internet de Orange",
        "Thanks to Barbara Oakley, the course at Stanford was great",
    ],
)
def test_names_fast_ner_loader_tags_like_spacy_load(text):
    import spacy

    reference = spacy.load(names.NER_MODEL, exclude=["parser", "lemmatizer", "morphologizer"])
    ours = names._load_ner()
    assert ours.pipe_names == ["tok2vec", "ner"]
    expected = [(e.start_char, e.end_char, e.label_) for e in reference(text).ents]
    assert [(e.start_char, e.end_char, e.label_) for e in ours(text).ents] == expected
