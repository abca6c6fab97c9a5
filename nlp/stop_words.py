"""Stop words per language: spaCy's lists plus survey filler, for key phrases (not for lemmas).

Domain words ("service", "livraison", "prix") and opinion words ("bon", "great", "nul") are
kept on purpose: they are what a theme's label is made of.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _spacy_stop_words(language: str) -> frozenset[str]:
    """``spacy.lang.<language>.stop_words.STOP_WORDS``, read without importing spaCy.

    The module is plain constants, but importing it runs ``spacy/__init__`` and the language
    package (3-4 s on this machine): every nightly process that only routes new mentions paid
    that for two word lists. It is loaded here as a standalone module from spaCy's own file.
    """
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise ImportError("spaCy is not installed: `pip install spacy` (a verbatim dependency).")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / language / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location(f"_verbatim_{language}_stop_words", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


_SPACY_EN = _spacy_stop_words("en")
_SPACY_FR = _spacy_stop_words("fr")

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
