"""English words and phrases that carry only generic sentiment, courtesy or filler.

A mention made only of these (and stop words) names nothing the company could act on
("Great, would recommend!", "Thanks", "Nothing to add"): it goes to a general theme, not a
topic. Lemmas are in the form ``verbatim.nlp.lemmas`` gives them (``spacy.blank("en")`` plus the
lookup lemmatizer: "satisfied" -> "satisfy", "amazing" -> "amaze", "best" -> "well"), with
common surface forms listed too so that a lemmatizer miss does not change the verdict.
Opinion words that name an aspect ("fast", "cheap", "friendly", "late", "rude") are *not*
here: they say what to keep or fix.
"""

# Praise without an object (and the misspellings customers type most: "excelent", "awsome").
_PRAISE = """
    amaze amazing awesome brilliant cool decent excellent exceptional fab fabulous fantastic
    fine flawless glad good great happy impress impressed impressive incredible love lovely
    magnificent marvellous marvelous nice outstanding perfect perfectly phenomenal please
    pleased pleasant pleasure positive satisfied satisfy satisfying satisfactory splendid
    stellar super superb terrific top topnotch well wonderful wow yay like enjoy
    best better appreciate appreciated appreciation favorite favourite fav fun pleasantly beautiful
    gorgeous
    excelent excellant awsome
    surprise surprised surprising
"""

# Complaint without an object, and the advice to stay away ("Avoid!").
_COMPLAINT = """
    abysmal annoy annoying appal appalling atrocious awful bad crap crappy deplorable
    disappoint disappointed disappointing disappointment disaster disastrous disgrace
    disgraceful disgust disgusting dissatisfied dreadful frustrate frustrated frustrating
    garbage hate horrible horrendous lousy mediocre meh negative pathetic poor rubbish
    sad shame shameful shocking shit sucks suck terrible unacceptable acceptable unhappy unsatisfied
    upset useless worse worst wrong
    avoid pity problem problems issue issues
    dissapointed disapointed dissappointed dissapointing disapointing terible horible
"""

# Degree, hedging and overall judgements; ratings ("5 stars", "thumbs up", "Cons:"); the
# lemmas tokenised contractions leave ("wasn", "didn").
_DEGREE = """
    absolutely always completely definitely entirely extremely generally highly hugely
    incredibly okay ok overall rather simply so somewhat totally truly utterly whole
    average alright correct normal ordinary usual probably surely certainly soon
    sure heartily seriously gladly thoroughly ideal entire thx boring bore
    wo wouldn
    special way surprisingly expect expected expectation expectations exceed exceeded
    need want think know feel felt trust real really exactly people
    definately definatly definetly
    wasn weren isn aren didn doesn don couldn shouldn haven hasn win gotta
    pro pros con cons thumb thumbs star stars
"""

# Recommendation, loyalty and the company as a whole, under the names of its kind of business
# ("Great place", "Best restaurant in town", "Lovely shop") or of what it sells as a whole
# ("Great product", "Great course"): on M-ABSA restaurant reviews, 180 such mentions formed a
# topic labelled "Praise: place" ranked among the drivers; on course reviews "Great course!"
# made half of a "Rich course content" theme. A mention that names something besides ("the
# place was too cramped", "the course was too long") keeps that word and stays a topic.
_LOYALTY = """
    recommend recommendation recommended advise brand business company companies
    customer customers client experience experiences firm everything everyone
    anything nothing something year years continue keep loyal loyalty
    thank thanks thankyou cheer cheers
    place places restaurant restaurants establishment venue shop shops store stores hotel hotels
    insurer insurers bank banks provider providers retailer retailers
    product products course courses
    try come work works worked
    recomend reccomend reccommend recommand
"""

# Greetings, courtesy and sign-offs; abbreviated honorifics ("Thanks Dr [NAME]", the name masked,
# thanks a person and names no topic).
COURTESY = frozenset(
    """
    hello hi hey dear regard regards sincerely bye goodbye
    thank thanks thankyou cheers merci bonjour cordialement
    congratulation congratulations congratulate congrats kudos
    mr mrs ms dr prof sir gracias grazie danke guy guys
    """.split()
)

# French words often met in English-detected short comments ("Top!", "Nickel", "Merci").
_LOANWORDS = "bravo génial nickel parfait super top merci"

GENERIC_LEMMAS: frozenset[str] = (
    frozenset(" ".join([_PRAISE, _COMPLAINT, _DEGREE, _LOYALTY, _LOANWORDS]).split()) | COURTESY
)

# Lemma sequences (as ``verbatim.nlp.lemmas`` gives them: "as usual" -> "a usual", "well done" ->
# "good do") that say nothing actionable even though a word in them could ("keep up the good
# *work*", "I will come *back*", "no *comment*").
NO_OPINION_PHRASES: frozenset[str] = frozenset(
    {
        "n a",
        "no comment",
        "no opinion",
        "not applicable",
        "nothing else",
        "nothing much",
        "nothing to add",
        "nothing to report",
        "nothing to say",
    }
)
GENERIC_PHRASES: frozenset[str] = NO_OPINION_PHRASES | {
    "a always",
    "a usual",
    "all in all",
    "be back",
    "come back",
    "go back",
    "comeback",
    "repeat customer",
    "stop in again",
    # coming back to a place, like recommending it, names nothing to keep or fix
    "never return",
    "stay again",
    "stay here again",
    "stay there again",
    "will return",
    "would return",
    "will definitely return",
    "would definitely return",
    "return again",
    "definitely return",
    "go again",
    "come again",
    "visit again",
    "special thank",
    "big thank",
    "many thank",
    # a good time had, with nothing said of what made it
    "a great time",
    "a good time",
    "a wonderful time",
    "a lovely time",
    "a fantastic time",
    "a nice time",
    "a lovely even",
    "a great even",
    "good do",
    "good job",
    "good work",
    "great job",
    "great work",
    "have a good day",
    "have a nice day",
    "keep it up",
    "keep up the good work",
    "nice job",
    "on the whole",
    # overall verdicts with no object, also as the lookup table lemmatizes them
    # (``verbatim.nlp.lemmas.quick_lemmas``, which sorts every mention)
    "can be well",
    "could be better",
    "room for improvement",
    "can not fault",
    "so far",
    # advice to stay away, looking forward to coming back, stock verdicts
    "stay away",
    "let down",
    "check it out",
    "speak for itself",
    "look forward to return",
    "look forward to",
    # a class taken, like a course: "Great class!" is "Super cours !" ("business class" keeps
    # its topic: only these phrases go, never the word)
    "this class",
    "the class",
    "a class",
    "my class",
    "great class",
    "good class",
    "awesome class",
    "excellent class",
    "fantastic class",
    "amazing class",
    # leaving, or telling the company to act, says how bad it is, not what to fix ("Thinking
    # about switching", "Sort it out!" closed 17 of the sample's complaints and sent them to
    # the themes of prices and of friendly staff); what is said besides keeps its topic
    # ("thinking about switching to fibre", "switching provider was easy")
    "think about switch",
    "think of switch",
    "think about leave",
    "think of leave",
    "consider switch",
    "consider leave",
    "look elsewhere",
    "shop elsewhere",
    "go elsewhere",
    # a problem said to come back, with nothing said of which ("Second time this happens")
    "2 time",
    "3 time",
    "second time",
    "third time",
    "this happen",
    "happen again",
    "sort it out",
    "sort this out",
    "get your act together",
    "fix it",
}
