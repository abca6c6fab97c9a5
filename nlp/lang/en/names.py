"""What announces a person's name in an English comment, and what never is one.

Read by ``verbatim.nlp.names`` (every language's lists together: masking runs before the comment's
language is known). Compared lower-case and without accents, except abbreviated honorifics,
whose case matters ("Mr Smith", not "mr").
"""

# Honorifics: the capitalised word(s) after them are a name, even a dictionary word
# ("Mrs Baker", "Mr. Brown").
HONORIFICS: frozenset[str] = frozenset(
    {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Prof", "Prof.", "Sir"}
)
HONORIFIC_WORDS: frozenset[str] = frozenset("mister madam doctor professor dr".split())

# After these, a capitalised word is a name unless it is a domain word or a function word
# ("Thanks to Mark", not "Thanks to All"), and a word the dictionary does not know is one
# even in lower case ("thanks to julie").
STRONG_TRIGGERS: tuple[str, ...] = (
    "thanks to", "thank to", "big thanks to", "special thanks to", "kudos to", "shout out to",
    "shoutout to", "named", "name is", "name was", "name's", "ask for", "according to",
)  # fmt: skip

# After these, only a capitalised word the dictionary does not know is a name ("Thanks Sophie",
# but "Thanks Again" stays): without them the NER would decide.
WEAK_TRIGGERS: tuple[str, ...] = (
    "thanks", "thank you", "thank", "cheers", "agent", "advisor", "adviser", "rep",
    "representative", "technician", "engineer", "operator", "manager", "assistant",
    "colleague", "consultant", "salesman", "saleswoman", "salesperson", "cashier", "driver",
    "waiter", "waitress", "host", "hostess", "receptionist", "spoke to", "spoke with",
    "talked to", "talked with", "dealt with", "helped by", "served by", "assisted by", "called",
)  # fmt: skip

# What, right after a capitalised word the dictionary does not know, makes it a name without
# the NER ("Kevin on the phone", "Jessica fixed everything"): staff, where they work, what
# only a person does or is. An adjective may follow a verb and an adverb of these lists
# ("Sophie was really kind").
AFTER_NAME: tuple[str, ...] = (
    "on the phone", "in store", "in the store", "at the store", "at the shop", "in the shop",
    "at the desk", "at reception", "at the counter", "from customer service", "from support",
    "helped me", "helped us", "sorted it", "sorted everything", "sorted me out", "fixed it",
    "fixed everything", "fixed my", "explained everything", "went above and beyond",
    "called me back", "took the time", "was a great help",
)  # fmt: skip
COPULAS: tuple[str, ...] = ("was", "is", "has been", "were", "are")
INTENSIFIERS: tuple[str, ...] = (
    "very", "really", "so", "extremely", "super", "incredibly", "always", "most",
)  # fmt: skip
PERSON_ADJECTIVES: tuple[str, ...] = (
    "helpful", "friendly", "kind", "patient", "polite", "courteous", "knowledgeable", "rude",
    "impolite", "unhelpful", "lovely to deal with",
)  # fmt: skip

# Domain words written with a capital that are not people: brands, products, services,
# places, days, months, interjections. The dictionary (spaCy's lemma tables) knows common
# nouns already; only what it misses or a trigger would take for a name is listed. One word
# per entry: "Help Desk" is covered by "help" and "desk".
NOT_NAMES: frozenset[str] = frozenset(
    """
    customer service support team staff store shop helpdesk desk care
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter
    uk usa us england london manchester birmingham scotland wales ireland dublin europe
    english french covid
    meh hello hi hey wow ok okay lol
    """.split()
)
