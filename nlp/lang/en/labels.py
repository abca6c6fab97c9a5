"""English wording of theme labels that do not come from a topic of the glossary."""

GENERAL_PRAISE = "General praise (no specific topic)"
GENERAL_COMPLAINT = "General complaint (no specific topic)"
# a theme whose topic is not in the glossary: its key phrase, with the side it takes
COMPLAINT = "Complaints: {topic}"
PRAISE = "Praise: {topic}"
# a key phrase found only in the other language's mentions, shown as such, never as a copy
UNTRANSLATED = "{topic} (French only, no English label)"
# a French key phrase put into English words by the encoder (``verbatim.nlp.translate``)
TRANSLATED = "{label} (from French)"
FALLBACK = "Theme {number}"
SEPARATOR = " · "
# words that may join the two words of a key phrase in a label ("waiting time for delivery");
# any other word between them (a verb, a pronoun: "pizza was great") makes it a customer's sentence
JOINERS = frozenset("of for to in on at with without by from the a an and or".split())
