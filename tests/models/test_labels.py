"""label_themes on small planted French + English mentions (lemmas written as the lemmatizer does)."""

from __future__ import annotations

import numpy as np
import pytest

from verbatim.models.labels import label_themes
from verbatim.nlp.stop_words import ALL_STOP_WORDS

# (text, lemmas, language, theme)
MENTIONS = [
    ("Livraison en retard", "livraison en retard", "fr", 0),
    ("La livraison était en retard de trois jours", "le livraison être en retard de jour", "fr", 0),
    (
        "Livraison très en retard encore une fois",
        "livraison très en retard encore un fois",
        "fr",
        0,
    ),
    ("Colis livré en retard", "colis livrer en retard", "fr", 0),
    ("Une livraison en retard, colis abîmé", "un livraison en retard colis abîmer", "fr", 0),
    ("Late delivery", "late delivery", "en", 0),
    ("The delivery was late again", "the delivery be late again", "en", 0),
    ("Very late delivery of my parcel", "very late delivery of my parcel", "en", 0),
    ("Late delivery and no tracking", "late delivery and no tracking", "en", 0),
    ("Le service client est injoignable", "le service client être injoignable", "fr", 1),
    ("Service client injoignable au téléphone", "service client injoignable au téléphone", "fr", 1),
    ("Impossible de joindre le service client", "impossible de joindre le service client", "fr", 1),
    ("Service client très lent à répondre", "service client très lent à répondre", "fr", 1),
    ("Customer service never answers", "customer service never answer", "en", 1),
    ("Customer service was unreachable", "customer service be unreachable", "en", 1),
    ("I could not reach customer service", "i could not reach customer service", "en", 1),
    ("The app crashes on login", "the app crash on login", "en", 2),
    ("App crashes every time", "app crash every time", "en", 2),
    ("The mobile app crashes", "the mobile app crash", "en", 2),
    ("Crashes in the app after the update", "crash in the app after the update", "en", 2),
    ("Bof", "bof", "fr", -1),
    ("ok", "ok", "en", -1),
]
COLUMNS = [
    "theme",
    "label_fr",
    "label_en",
    "keywords_fr",
    "keywords_en",
    "size",
    "examples",
    "polarity",
    "praise_share",
    "complaint_share",
    "concept",
    "named",
    "numbered",
]
# every planted mention is a complaint, but for the two "ok"/"bof" ones
POLARITY = ["negative"] * 20 + ["neutral"] * 2


def _planted(seed: int = 0):
    texts, lemmas, languages, labels = (list(col) for col in zip(*MENTIONS, strict=True))
    labels = np.array(labels)
    rng = np.random.RandomState(seed)
    centres = np.eye(4, 16)
    x = centres[np.where(labels >= 0, labels, 3)] + 0.2 * rng.randn(len(labels), 16)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    cents = np.stack([x[labels == c].mean(axis=0) for c in range(3)])
    cents /= np.linalg.norm(cents, axis=1, keepdims=True)
    ids = [f"r{i}" for i in range(len(texts))]
    return texts, lemmas, languages, labels, x, cents, ids


@pytest.fixture(scope="module")
def table():
    texts, lemmas, languages, labels, x, cents, ids = _planted()
    return label_themes(
        texts, lemmas, languages, labels, x, cents, polarity=POLARITY, response_ids=ids
    )


def test_labels_one_row_per_theme_with_contract_columns(table):
    assert list(table.columns) == COLUMNS
    assert table["theme"].tolist() == [0, 1, 2]
    assert table["size"].tolist() == [9, 7, 4]  # unassigned mentions are not counted


@pytest.mark.parametrize(
    ("theme", "concept", "label_fr", "label_en"),
    [
        (0, "delivery", "delivery", "delivery"),
        (1, "customer_service", "customer_service", "customer_service"),
        (2, "bugs", "bugs", "bugs"),
    ],
)
def test_labels_come_from_one_concept_in_both_languages(table, theme, concept, label_fr, label_en):
    from verbatim.nlp.concepts import topics

    row = table.loc[table["theme"] == theme].iloc[0]
    assert row["concept"] == concept
    # a complaint theme gets the glossary's complaint wording, in French and in English
    assert row["polarity"] == "complaint"
    assert row["label_fr"] == topics("fr")[label_fr].complaint
    assert row["label_en"] == topics("en")[label_en].complaint


def test_labels_never_copy_one_language_into_the_other(table):
    row = table.loc[table["theme"] == 2].iloc[0]  # English-only theme: a French label anyway
    assert row["label_fr"] != row["label_en"]
    assert row["keywords_fr"] == []
    assert row["keywords_en"]


@pytest.mark.parametrize(
    ("polarity", "side", "wording"),
    [
        ("positive", "praise", "praise"),
        ("negative", "complaint", "complaint"),
        (None, "mixed", "name"),
    ],
)
def test_labels_follow_the_theme_polarity(polarity, side, wording):
    from verbatim.nlp.concepts import topics

    texts, lemmas, languages, labels, x, cents, _ = _planted()
    pol = [polarity] * len(texts) if polarity else ["positive", "negative"] * (len(texts) // 2)
    out = label_themes(texts, lemmas, languages, labels, x, cents, polarity=pol)
    row = out.loc[out["theme"] == 0].iloc[0]
    assert row["polarity"] == side
    assert row["label_en"] == getattr(topics("en")["delivery"], wording)
    assert row["label_fr"] == getattr(topics("fr")["delivery"], wording)


@pytest.mark.parametrize(
    ("praise", "complaint", "side"),
    [(0.1, 0.8, "complaint"), (0.8, 0.1, "praise"), (0.3, 0.6, "mixed"), (0.2, 0.2, "mixed")],
)
def test_labels_theme_polarity_needs_a_clear_majority(praise, complaint, side):
    from verbatim.models.labels import theme_polarity

    assert theme_polarity(praise, complaint) == side


def test_labels_without_a_glossary_topic_use_customers_words_and_say_what_is_missing():
    texts = [f"Le jacuzzi {w}" for w in ("froid", "glacé", "froid encore", "trop froid")]
    lemmas = [
        "le jacuzzi froid",
        "le jacuzzi glacer",
        "le jacuzzi froid encore",
        "le jacuzzi trop froid",
    ]
    x = np.ones((4, 3)) / np.sqrt(3)
    out = label_themes(
        texts, lemmas, ["fr"] * 4, np.zeros(4, dtype=int), x, x[:1], polarity=["negative"] * 4
    )
    row = out.iloc[0]
    assert row["concept"] is None
    assert "jacuzzi" in row["label_fr"].lower() and row["label_fr"].startswith("Réclamations")
    # no English mention: the English label says so instead of copying the French one
    assert "French only" in row["label_en"]


def test_labels_key_phrases_never_start_or_end_with_a_stop_word(table):
    for column in ("keywords_fr", "keywords_en"):
        for phrases in table[column]:
            assert len(phrases) <= 8
            for phrase in phrases:
                words = phrase.split()
                assert words[0] not in ALL_STOP_WORDS and words[-1] not in ALL_STOP_WORDS


def test_labels_keywords_are_per_language(table):
    row = table.loc[table["theme"] == 0].iloc[0]
    assert "livraison en retard" in row["keywords_fr"]  # as written, not the lemma string
    assert "late delivery" in row["keywords_en"]
    assert not {"late", "delivery"} & set(" ".join(row["keywords_fr"]).split())


def test_labels_examples_cover_both_languages_nearest_first(table):
    texts, _, languages, labels, x, cents, _ = _planted()
    for _, row in table.iterrows():
        examples = row["examples"]
        assert 1 <= len(examples) <= 5
        assert len({e["text"] for e in examples}) == len(examples)
        members = {languages[i] for i in np.flatnonzero(labels == row["theme"])}
        assert {e["language"] for e in examples} == members
        sims = [x[texts.index(e["text"])] @ cents[row["theme"]] for e in examples]
        assert sims == sorted(sims, reverse=True)
        for e in examples:
            assert e["response_id"] == f"r{texts.index(e['text'])}"


@pytest.mark.parametrize("n_examples", [1, 3])
def test_labels_example_count_is_honoured(n_examples):
    texts, lemmas, languages, labels, x, cents, _ = _planted()
    out = label_themes(texts, lemmas, languages, labels, x, cents, n_examples=n_examples)
    assert out["examples"].map(len).max() == n_examples
    assert out["examples"].map(lambda ex: ex[0]["response_id"]).isna().all()


def test_labels_theme_of_stop_words_only_gets_a_numbered_label():
    texts = ["le la les", "the and of", "the a", "de la"]
    lemmas = ["le le le", "the and of", "the a", "de le"]
    languages = ["fr", "en", "en", "fr"]
    x = np.ones((4, 3)) / np.sqrt(3)
    out = label_themes(texts, lemmas, languages, np.zeros(4, dtype=int), x, x[:1])
    assert out.loc[0, "label_fr"] == "Thème 1"
    assert out.loc[0, "label_en"] == "Theme 1"
    assert out.loc[0, "keywords_fr"] == [] and out.loc[0, "keywords_en"] == []
    assert bool(out.loc[0, "numbered"])


def test_labels_a_theme_nothing_names_is_numbered_by_its_stored_id():
    from verbatim.pipelines.steps.registry import label_fields

    texts = ["le la les", "the and of", "the a", "de la", "delivery late", "late delivery"]
    lemmas = ["le le le", "the and of", "the a", "de le", "delivery late", "late delivery"]
    languages = ["fr", "en", "en", "fr", "en", "en"]
    x = np.eye(6, 3)[[0, 0, 0, 0, 1, 1]]
    out = label_themes(texts, lemmas, languages, np.array([0, 0, 0, 0, 1, 1]), x, np.eye(2, 3))
    # row 0 of the labelling pass is stored as theme 15: "Theme 1" would name another theme
    row = label_fields(out, 0, 15)
    assert (row["theme_id"], row["label_en"], row["label_fr"]) == (15, "Theme 15", "Thème 15")
    named = label_fields(out, 1, 16)
    assert not bool(out.loc[1, "numbered"]) and "16" not in named["label_en"]


def test_labels_length_mismatch_is_explained():
    texts, lemmas, languages, labels, x, cents, _ = _planted()
    with pytest.raises(ValueError) as err:
        label_themes(texts, lemmas[:-1], languages, labels, x, cents)
    assert "one lemmas value per text: 21 != 22" in str(err.value)


@pytest.mark.parametrize("means_it", [True, False])
def test_labels_a_glossary_word_names_a_theme_only_when_the_theme_means_it(means_it):
    """'computer' said in "computer science" mentions of a course must not name the theme."""
    from verbatim.models.labels import MEANING_RANK, concept_texts

    texts, lemmas, languages, labels, x, cents, _ = _planted()
    ids = concept_texts()[0]
    rng = np.random.RandomState(1)
    # every topic's vector ~orthogonal to the delivery theme's centroid, but for some decoys at
    # cosine ~0.4: close, yet below the similarity at which a topic is taken by meaning alone
    vectors = rng.randn(len(ids), 16) * 0.05
    decoys = [i for i, c in enumerate(ids) if c != "delivery"][: MEANING_RANK + 5]
    orth = rng.randn(len(decoys), 16)
    orth -= np.outer(orth @ cents[0], cents[0])
    orth /= np.linalg.norm(orth, axis=1, keepdims=True)
    vectors[decoys] = 0.4 * cents[0] + 0.9 * orth
    if means_it:
        vectors[ids.index("delivery")] = cents[0]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    out = label_themes(
        texts,
        lemmas,
        languages,
        labels,
        x,
        cents,
        polarity=POLARITY,
        concept_vectors=(ids, vectors),
    )
    row = out.loc[out["theme"] == 0].iloc[0]
    assert (row["concept"] == "delivery") is means_it
    if not means_it:  # its customers' words instead, in its own language
        assert "Late or failed deliveries" not in row["label_en"]


@pytest.mark.parametrize(("said", "names_it"), [(2, False), (4, True)])
def test_labels_a_topic_few_mentions_say_names_the_theme_only_when_it_is_what_the_theme_means(
    said, names_it
):
    """A course's remarks on what it covers, two of ten about "secure connections", are not
    "Feels safe and secure"; four of ten saying it is the theme's topic."""
    from verbatim.models.labels import FEW_RANK, MEANING_RANK, concept_texts

    ids = concept_texts()[0]
    filler = "it cover the basic of syntax and semantic"
    lemmas = ["we talk about security a lot"] * said + [filler] * (10 - said)
    lemmas += ["the price be too high"] * 10  # a second theme: topics are typical of a theme
    centres = np.eye(2, 16)
    rng = np.random.RandomState(2)
    x = centres[[0] * 10 + [1] * 10] + 0.1 * rng.randn(20, 16)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    # security ranks between FEW_RANK and MEANING_RANK by meaning: near, not the nearest
    vectors = rng.randn(len(ids), 16) * 0.05
    nearer = [i for i, c in enumerate(ids) if c != "security"][: FEW_RANK + 2]
    assert FEW_RANK + 2 < MEANING_RANK
    vectors[nearer] = centres[0] + 0.05 * rng.randn(len(nearer), 16)
    vectors[ids.index("security")] = centres[0] + 0.8 * np.eye(16)[5]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    closeness = vectors @ centres[0]
    rank = int((closeness > closeness[ids.index("security")]).sum())
    assert FEW_RANK <= rank < MEANING_RANK
    out = label_themes(
        lemmas,
        lemmas,
        ["en"] * 20,
        np.repeat([0, 1], 10),
        x,
        centres,
        polarity=["positive"] * 10 + ["negative"] * 10,
        concept_vectors=(ids, vectors),
    )
    row = out.iloc[0]
    assert (row["concept"] == "security") is names_it
    assert ("Feels safe and secure" == row["label_en"]) is names_it


def test_labels_of_a_french_only_theme_are_put_into_english_words():
    """An English reader of a French survey gets English words, marked as translated."""
    from tests.nlp.test_translate import _vector

    def embed(texts):  # "jacuzzi" planted next to the English word "tub"
        return np.stack([_vector("tub" if t == "jacuzzi" else t) for t in texts])

    texts = [f"Le jacuzzi {w}" for w in ("froid", "glacé", "froid encore", "trop froid")]
    lemmas = ["le jacuzzi froid", "le jacuzzi glacer", "le jacuzzi froid encore", "le jacuzzi"]
    x = np.ones((4, 3)) / np.sqrt(3)
    out = label_themes(
        texts,
        lemmas,
        ["fr"] * 4,
        np.zeros(4, dtype=int),
        x,
        x[:1],
        polarity=["negative"] * 4,
        embed=embed,
    )
    row = out.iloc[0]
    assert row["label_fr"] == "Réclamations : jacuzzi froid"
    assert row["label_en"] == "Complaints: cold tub (from French)"


def test_labels_examples_are_said_surely_on_the_themes_side():
    from verbatim.models.labels import pick_examples

    texts = [
        "image TV nickel, jamais de coupure !",  # closest, read as a complaint at 0.63
        "Coupures tous les soirs",
        "Internet keeps dropping",
        "Box qui redémarre sans arrêt",
        "Great connection since the repair",  # praise: off the complaint theme's side
    ]
    languages = ["fr", "fr", "en", "fr", "en"]
    sims = np.array([0.95, 0.8, 0.7, 0.6, 0.9])
    side = np.array([True, True, True, True, False])
    sure = np.array([False, True, True, True, True])
    members = np.arange(5)
    two = pick_examples(members, sims, texts, languages, None, 2, side, sure)
    assert [e["text"] for e in two] == ["Coupures tous les soirs", "Internet keeps dropping"]
    four = pick_examples(members, sims, texts, languages, None, 4, side, sure)
    assert "Great connection since the repair" not in [e["text"] for e in four]
    assert four[0]["text"].startswith("image TV")  # unsure, still on its side: shown last...
    assert len(four) == 4  # ...but shown, ordered by similarity like the others
    # a language with nothing on the theme's side gets no example of its own
    french = ["fr", "fr", "fr", "fr", "en"]  # English says only the praise
    shown = pick_examples(members, sims, texts, french, None, 3, side, sure)
    assert [e["language"] for e in shown] == ["fr", "fr", "fr"], shown


def test_labels_keywords_are_the_words_customers_wrote_never_lemmas():
    texts = [
        "45 minutes d'attente au téléphone",
        "encore 30 minutes d'attente",
        "minutes d'attente interminables",
        "20 minutes d'attente pour rien",
    ]
    from verbatim.nlp.lemmas import quick_lemmas

    lemmas = quick_lemmas(texts, ["fr"] * 4)
    assert "minuter" in " ".join(lemmas)  # the lookup table's reading of "minutes"
    x = np.ones((4, 3)) / np.sqrt(3)
    out = label_themes(
        texts, lemmas, ["fr"] * 4, np.zeros(4, dtype=int), x, x[:1], polarity=["negative"] * 4
    )
    shown = out.iloc[0]["keywords_fr"]
    assert shown and not any("minuter" in k for k in shown), shown
    assert "minutes d'attente" in shown, shown  # the elided article written back


def test_labels_an_attribute_theme_is_named_after_its_subject():
    from verbatim.nlp.concepts import ATTRIBUTES
    from verbatim.nlp.lemmas import quick_lemmas

    assert "speed" in ATTRIBUTES and "delivery" not in ATTRIBUTES
    fast = ["Fast delivery", "fast delivery!", "Livraison rapide", "very fast", "super rapide"]
    fast += ["Delivery was fast", "livraison ultra rapide", "quick delivery"]
    other = ["Prices too high", "Trop cher", "way too expensive", "prix trop élevé"] * 2
    texts = fast + other
    langs = ["en", "en", "fr", "en", "fr", "en", "fr", "en"] + ["en", "fr", "en", "fr"] * 2
    labels = np.array([0] * len(fast) + [1] * len(other))
    x = np.eye(2)[labels]
    out = label_themes(
        texts,
        quick_lemmas(texts, langs),
        langs,
        labels,
        x,
        np.eye(2),
        polarity=["positive"] * len(fast) + ["negative"] * len(other),
    )
    row = out.iloc[0]
    assert row["concept"] == "delivery", row.to_dict()
    assert row["label_en"] == "Fast delivery" and row["label_fr"] == "Livraison rapide"


def test_labels_a_one_sided_themes_key_phrases_are_said_on_its_side():
    from verbatim.nlp.lemmas import quick_lemmas

    praise = ["personnel très aimable", "personnel aimable et patient", "équipe aimable"] * 4
    off = ["attente interminable au guichet", "attente interminable", "attente interminable !"]
    texts = praise + off
    langs = ["fr"] * len(texts)
    polarity = ["positive"] * len(praise) + ["negative"] * len(off)
    x = np.ones((len(texts), 3)) / np.sqrt(3)
    out = label_themes(
        texts,
        quick_lemmas(texts, langs),
        langs,
        np.zeros(len(texts), int),
        x,
        x[:1],
        polarity=polarity,
    )
    row = out.iloc[0]
    assert row["polarity"] == "praise", row.to_dict()
    assert not any("attente" in k for k in row["keywords_fr"]), row["keywords_fr"]
    assert any("aimable" in k for k in row["keywords_fr"]), row["keywords_fr"]


def _first_of_two(first: list[str], second: list[str], side_1: str, side_2: str):
    """The label row of theme 0 (``first``, English, read as ``side_1``) beside theme 1."""
    from verbatim.nlp.lemmas import quick_lemmas

    texts, langs = first + second, ["en"] * (len(first) + len(second))
    labels = np.array([0] * len(first) + [1] * len(second))
    out = label_themes(
        texts,
        quick_lemmas(texts, langs),
        langs,
        labels,
        np.eye(2)[labels],
        np.eye(2),
        polarity=[side_1] * len(first) + [side_2] * len(second),
    )
    return out.iloc[0]


@pytest.mark.parametrize("business", ["restaurant", "clothing"])
def test_labels_a_concept_of_another_business_names_no_theme(business):
    """ "size" in a restaurant's feedback is about bagels, not "True to size, good fit"."""
    from verbatim.nlp.concepts import DOMAIN_MIN_SHARE, DOMAIN_OF

    assert DOMAIN_OF["size_fit"] == "clothing" and "service" not in DOMAIN_OF
    big = ["Huge bagels, great size", "the size of the bagels!", "bagels of a good size"] * 2
    if business == "restaurant":
        other = ["Delicious food", "tasty dishes", "great menu", "the food was lovely"] * 40
    else:
        other = ["Lovely fabric", "nice colours", "the fabric is soft", "great style"] * 40
    # 6 of 166 mentions say "size": too few for a restaurant run to be about clothing
    assert len(big) / (len(big) + len(other)) < DOMAIN_MIN_SHARE
    row = _first_of_two(big, other, "positive", "positive")
    if business == "clothing":
        assert row["concept"] == "size_fit" and row["label_en"] == "True to size, good fit"
    else:
        assert row["concept"] != "size_fit" and "size" not in row["label_en"].lower(), row.to_dict()


@pytest.mark.parametrize(
    ("theme", "concept", "label_en"),
    [
        (
            # meat said 4 times, dishes 3: meat, fish and salads are 12 mentions of dishes
            ["The chicken was dry", "overcooked steak", "tough beef", "the lamb was cold"]
            + ["cold salmon", "the cod was dry", "tiny shrimp", "sad salad", "limp salad"]
            + ["bland dishes", "my dish was cold", "the dish was bland"],
            "dishes",
            "Disappointing dishes",
        ),
        (
            ["The chicken was dry", "overcooked steak", "tough beef", "the lamb was cold"] * 2
            + ["bland dishes", "my dish was cold"],
            "meat",
            "Disappointing meat",
        ),
    ],
)
def test_labels_a_theme_is_named_after_a_kind_only_when_most_of_it_says_that_kind(
    theme, concept, label_en
):
    """Complaints about chicken, salmon and dishes are about dishes, not about meat."""
    from verbatim.nlp.concepts import BROADER

    assert BROADER["meat"] == BROADER["fish_seafood"] == "dishes"
    other = ["Friendly staff", "lovely waiters", "the staff were kind", "great staff"] * 3
    row = _first_of_two(theme, other, "negative", "positive")
    assert row["concept"] == concept and row["label_en"] == label_en, row.to_dict()
