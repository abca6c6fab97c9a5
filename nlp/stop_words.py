"""Stop words per language: spaCy's lists plus survey filler, for key phrases (not for lemmas).

Domain words ("service", "livraison", "prix") and opinion words ("bon", "great", "nul") are
kept on purpose: they are what a theme's label is made of.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS as _SPACY_EN
from spacy.lang.fr.stop_words import STOP_WORDS as _SPACY_FR

# Words survey respondents pad comments with; lemma forms included (the lists are applied
# to lemmas).
SURVEY_FILLER_FR = frozenset(
    """
    vraiment franchement bref voilà voila sinon enfin donc alors ça ca cela ceci c' j' l' d'
    qu' n' s' m' t' etc svp stp assez plutôt plutot chose truc faire aller falloir pouvoir
    vouloir devoir dire mettre rendre avoir être
    """.split()
)
SURVEY_FILLER_EN = frozenset(
    """
    really very just quite pretty also overall anyway basically actually literally etc
    thing things stuff lot lots bit get got make do be have would could should will 's 're 've
    'm 'd 'll n't im ive dont didnt doesnt cant wont isnt u ur pls please
    """.split()
)

# Words spaCy lists as stop words that are topics or opinions in customer feedback
# ("retour" = product returns, "call back", "money back", "nul", "top service").
FEEDBACK_WORDS_FR = frozenset(
    "nul retour ouvert ouverte ouverts longtemps suffisant suffisante".split()
)
FEEDBACK_WORDS_EN = frozenset("call back top empty full serious".split())

STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": (frozenset(_SPACY_FR) | SURVEY_FILLER_FR) - FEEDBACK_WORDS_FR,
    "en": (frozenset(_SPACY_EN) | SURVEY_FILLER_EN) - FEEDBACK_WORDS_EN,
}
ALL_STOP_WORDS: frozenset[str] = frozenset().union(*STOP_WORDS.values())
