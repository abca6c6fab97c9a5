import numpy as np
import pytest

from verbatim.nlp.lexicon import COLUMNS, lexicon_scores


@pytest.mark.parametrize(
    ("text", "language", "sign"),
    [
        ("We were not disappointed at all", "en", 1),  # negation read, not the word alone
        ("The waiter was not friendly at all", "en", -1),
        ("the sound isn ' t great", "en", -1),  # a tokenised export: the contraction is one word
        ("Goûtez la purée aux truffes, un régal !", "fr", 1),
        ("Le service était lent et désagréable", "fr", -1),
    ],
)
def test_lexicon_reads_praise_and_complaint_in_the_column_of_the_language(text, language, sign):
    scores = lexicon_scores([text], [language])
    own, other = COLUMNS.index(language), 1 - COLUMNS.index(language)
    assert np.sign(scores[0, own]) == sign
    assert scores[0, other] == 0


def test_lexicon_other_languages_score_nothing_and_repeats_score_alike():
    scores = lexicon_scores(["Sehr gut", "Great", "Great"], ["de", "en", "en"])
    assert scores.shape == (3, len(COLUMNS)) and scores.dtype == np.float32
    assert (scores[0] == 0).all()
    assert scores[1].tolist() == scores[2].tolist() and scores[1].max() > 0


def test_lexicon_wants_one_language_per_text():
    with pytest.raises(ValueError, match="one language per text: got 2 texts and 1 languages"):
        lexicon_scores(["a", "b"], ["en"])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Je n'ai eu aucun problème avec l'écran tactile", "fr"),
        ("fonctionne sans problème depuis trois mois", "fr"),
        ("Pas le moindre souci", "fr"),
        ("Rien à reprocher au livreur", "fr"),
        ("vous ne pouvez pas battre le prix", "fr"),
        ("no issues so far", "en"),  # VADER alone: -0.30
        ("works without any issues", "en"),  # VADER alone: 0
        ("I haven ' t had any problems with it", "en"),
        ("for the price it is hard to beat", "en"),
        # Pattern reads "déçus" alone: -1.0 here, -0.4 with the praise added on top
        ("Nous y sommes allés par hasard et n'avons pas été déçus !", "fr"),
        ("On y vient souvent et on n'est jamais déçus", "fr"),
        ("N'hésitez pas à pousser la porte", "fr"),
    ],
)
def test_lexicon_reads_an_absent_problem_as_praise(text, language):
    scores = lexicon_scores([text], [language])
    assert scores[0, COLUMNS.index(language)] > 0.3


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Aucun réseau chez moi", "fr"),  # a good thing absent is a complaint
        ("Coupure de courant sans aucune info", "fr"),
        ("plus de problèmes qu'avant", "fr"),
        ("My bill doubled without explanation", "en"),
        ("no signal at home", "en"),
        ("Nous avons été déçus", "fr"),
    ],
)
def test_lexicon_absent_good_things_get_no_praise_bonus(text, language):
    scores = lexicon_scores([text], [language])
    assert scores[0, COLUMNS.index(language)] <= 0.2
