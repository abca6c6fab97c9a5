import numpy as np
import pytest

from verbatim.models.polarity import PolarityModel


def _fake_embeddings(labels, *, dim=16, seed=0):
    """Unit vectors near one axis per class: positive 0, negative 1, neutral 2."""
    rng = np.random.default_rng(seed)
    axis = {"positive": 0, "negative": 1, "neutral": 2}
    X = rng.normal(scale=0.3, size=(len(labels), dim)).astype(np.float32)
    for i, label in enumerate(labels):
        X[i, axis[label]] += 2.0
    return X / np.linalg.norm(X, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def seeds():
    labels = np.array(["positive", "negative", "neutral"] * 30)
    return _fake_embeddings(labels), labels


@pytest.mark.parametrize("label", ["positive", "negative", "neutral"])
def test_polarity_predicts_planted_class(seeds, label):
    X_seeds, y_seeds = seeds
    model = PolarityModel(neutral_prior=None).fit(X_seeds, y_seeds)
    labels, confidence = model.predict(_fake_embeddings([label] * 20, seed=1))
    assert (labels == label).mean() >= 0.9
    assert ((confidence >= 0) & (confidence <= 1)).all()


@pytest.mark.parametrize("n", [500])
def test_polarity_learns_from_scores_without_seed_signal(n):
    # seeds cover only neutral; the positive/negative direction comes from NPS scores alone
    rng = np.random.default_rng(0)
    truth = rng.choice(["positive", "negative"], size=n)
    X = _fake_embeddings(truth, seed=2)
    scores = np.where(truth == "positive", 10.0, 2.0)
    scores[rng.random(n) < 0.15] = np.nan  # unknown scores are ignored
    X_seeds = _fake_embeddings(["neutral"] * 10, seed=3)
    model = PolarityModel().fit(X_seeds, ["neutral"] * 10, X=X, scores=scores)
    labels, _ = model.predict(X)
    assert (labels == truth).mean() >= 0.9
    assert model.n_weak_ == int(np.isfinite(scores).sum())


@pytest.mark.parametrize("max_weak", [50])
def test_polarity_weak_rows_prefer_single_mentions(seeds, max_weak):
    X_seeds, y_seeds = seeds
    X = _fake_embeddings(["positive"] * 200, seed=4)
    single = np.arange(200) < 60
    model = PolarityModel(max_weak=max_weak)
    _, _, weights = model._weak_rows(X, np.full(200, 10.0), single, X.shape[1])
    assert len(weights) == max_weak and (weights == 1.0).all()


@pytest.mark.parametrize("neutral_prior", [0.02])
def test_polarity_neutral_prior_lowers_neutral_share(seeds, neutral_prior):
    X_seeds, y_seeds = seeds
    X = _fake_embeddings(["positive", "negative", "neutral"] * 50, seed=5)
    X = X + np.random.default_rng(6).normal(scale=0.5, size=X.shape).astype(np.float32)
    free = PolarityModel(neutral_prior=None).fit(X_seeds, y_seeds).predict(X)[0]
    low = PolarityModel(neutral_prior=neutral_prior).fit(X_seeds, y_seeds).predict(X)[0]
    assert (low == "neutral").mean() < (free == "neutral").mean()


@pytest.mark.parametrize("margin", [1.0 - 1e-9])
def test_polarity_neutral_margin_makes_everything_neutral(seeds, margin):
    X_seeds, y_seeds = seeds
    model = PolarityModel(neutral_margin=margin).fit(X_seeds, y_seeds)
    labels, confidence = model.predict(_fake_embeddings(["positive"] * 5, seed=7))
    assert (labels == "neutral").all()
    assert (confidence > 0).all()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"C": 0}, "The 'C' parameter of PolarityModel must be a float in the range (0.0, inf)"),
        ({"max_weak": -1}, "The 'max_weak' parameter of PolarityModel must be an int"),
        ({"promoter_min": 6}, "'promoter_min' parameter of PolarityModel must be greater"),
    ],
)
def test_polarity_rejects_bad_params(seeds, params, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PolarityModel(**params).fit(*seeds)


@pytest.mark.parametrize("labels", [["positive", "bad"]])
def test_polarity_rejects_unknown_seed_labels(labels):
    with pytest.raises(ValueError, match="Seed labels must be one of"):
        PolarityModel().fit(_fake_embeddings(["positive", "negative"]), labels)


@pytest.mark.parametrize("n", [200_000])
def test_polarity_predicts_in_chunks_quickly(seeds, n):
    import time

    model = PolarityModel().fit(*seeds)
    X = np.tile(seeds[0], (n // len(seeds[0]) + 1, 1))[:n]
    start = time.perf_counter()
    labels, confidence = model.predict(X)
    assert len(labels) == len(confidence) == n
    assert time.perf_counter() - start < 5


@pytest.fixture(scope="module")
def real_model():
    from verbatim.nlp.embed import embed_texts
    from verbatim.nlp.lang import polarity_seeds

    texts, labels, languages = polarity_seeds()
    vectors, _ = embed_texts(texts)
    return PolarityModel().fit(vectors, labels, seed_texts=texts, seed_languages=languages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le colis est arrivé cassé", "negative"),
        ("Staff were lovely", "positive"),
        ("Impossible de joindre le service client depuis 3 semaines", "negative"),
        ("The app crashes every time I open my bills", "negative"),
        ("Livreur très sympathique et ponctuel", "positive"),
        ("Checkout took seconds and the price was fair", "positive"),
        # the encoder alone read these four the other way (the lexicon columns)
        ("We were not disappointed at all", "positive"),
        ("The waiter was not friendly at all", "negative"),
        ("Goûtez la purée aux truffes, un régal !", "positive"),
        ("Le service était lent et désagréable", "negative"),
    ],
)
def test_polarity_real_encoder_planted_sentences(real_model, text, expected):
    from verbatim.nlp.embed import embed_texts
    from verbatim.nlp.language import detect_languages

    vectors, _ = embed_texts([text])
    labels, _ = real_model.predict(vectors, texts=[text], languages=detect_languages([text]))
    assert labels[0] == expected


# ------------------------------------------------------------------------------ phrases read
def test_polarity_phrase_key_ignores_case_accents_punctuation_and_emoji():
    from verbatim.models.polarity import phrase_key

    assert phrase_key("Rien à redire. 😊") == phrase_key("RIEN A REDIRE !") == "rien a redire"
    assert phrase_key("Continuez comme ça 👍") == phrase_key("continuez  comme ca")
    assert phrase_key("Not acceptable") != phrase_key("Acceptable")


def _negative_looking(n, dim=16):
    """Rows that sit exactly on the negative seeds' direction (axis 1, see _fake_embeddings)."""
    x = np.zeros((n, dim), np.float32)
    x[:, 1] = 1.0
    return x


def test_polarity_a_seed_said_word_for_word_keeps_the_seeds_label(seeds):
    x_seeds, y = seeds
    texts = [f"seed {i}" for i in range(len(y))]
    texts[0] = "Rien à redire"
    y = np.array(y, dtype=object)
    y[0] = "positive"
    model = PolarityModel().fit(x_seeds, y, seed_texts=texts)
    vectors = np.repeat(x_seeds[[i for i, v in enumerate(y) if v == "negative"][:1]], 3, axis=0)
    labels, confidence = model.predict(vectors, texts=["rien a redire !", "Rien à redire", "x"])
    assert labels[:2].tolist() == ["positive", "positive"] and confidence[:2].tolist() == [1, 1]
    assert labels[2] == "negative"  # the same vector with other words: the encoder's reading
    assert model.predict(vectors)[0].tolist() == ["negative"] * 3  # no texts: vectors only


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([10, 10, 9, 10, 10], ("positive", 1.0)),  # five promoters, alone in their response
        ([10, 10, 9, 10, 3], ("positive", 0.8)),  # four in five: one side still
        ([8, 7, 7, 8, 8, 7], ("neutral", 1.0)),  # passives: "nothing to report"
        ([0, 2, 5, 6, 6], ("negative", 1.0)),
        ([10, 10, 10, 10], None),  # said four times: too few to read
        ([10, 10, 10, 3, 3], None),  # three in five: no side
    ],
)
def test_polarity_a_phrase_the_run_repeats_takes_the_side_of_who_says_it(seeds, scores, expected):
    x_seeds, y = seeds
    n = len(scores)
    texts = ["Rien à redire. 😊"] * n + ["other"] * 20
    x = np.vstack([_negative_looking(n, x_seeds.shape[1]), x_seeds[:20]])
    all_scores = np.array(scores + [5] * 20, dtype=float)
    model = PolarityModel().fit(x_seeds, y, X=x, scores=all_scores, texts=texts)
    assert model.phrases_.get("rien a redire") == expected
    labels, confidence = model.predict(x[:1], texts=["rien à redire"])
    if expected is not None:
        assert (labels[0], confidence[0]) == pytest.approx(expected)
    else:  # not read: the encoder's reading of its vector
        assert labels[0] == "negative"


def test_polarity_only_mentions_alone_in_their_response_are_evidence(seeds):
    x_seeds, y = seeds
    texts = ["Top"] * 6
    x = _negative_looking(6, x_seeds.shape[1])
    scores = np.full(6, 10.0)
    single = np.array([True, True, True, True, False, False])
    model = PolarityModel().fit(x_seeds, y, X=x, scores=scores, single=single, texts=texts)
    assert "top" not in model.phrases_  # four alone: a detractor's "Top" beside a complaint
    model = PolarityModel().fit(x_seeds, y, X=x, scores=scores, texts=texts)
    assert model.phrases_["top"] == ("positive", 1.0)


def test_polarity_the_run_overrides_a_seed_and_the_state_keeps_both(seeds):
    x_seeds, y = seeds
    seed_texts = ["Not bad"] + [f"seed {i}" for i in range(1, len(y))]
    y = np.array(y, dtype=object)
    y[0] = "negative"
    x = _negative_looking(5, x_seeds.shape[1])
    model = PolarityModel().fit(
        x_seeds, y, X=x, scores=np.full(5, 9.0), texts=["not bad!"] * 5, seed_texts=seed_texts
    )
    assert model.phrases_["not bad"] == ("positive", 1.0)
    back = PolarityModel.from_state(model.to_state())
    assert back.phrases_ == model.phrases_
    assert back.predict(x, texts=["Not bad"] * 5)[0].tolist() == ["positive"] * 5
    old = model.to_state()
    del old["phrases_"]  # saved before phrases were kept
    assert PolarityModel.from_state(old).phrases_ == {}
    bad = model.to_state()
    bad["phrases_"] = {"not bad": ["glowing", 1.0]}
    with pytest.raises(ValueError, match="unknown label or share"):
        PolarityModel.from_state(bad)


# ------------------------------------------------------------------------------ lexicon columns
LEXICON_SEEDS = [
    ("The staff were wonderful and friendly", "en", "positive"),
    ("Great service, really pleasant", "en", "positive"),
    ("Le personnel était charmant et agréable", "fr", "positive"),
    ("Un service excellent, parfait", "fr", "positive"),
    ("The staff were rude and useless", "en", "negative"),
    ("Terrible service, really awful", "en", "negative"),
    ("Le personnel était désagréable et odieux", "fr", "negative"),
    ("Un service horrible, mauvais", "fr", "negative"),
] * 5


def test_polarity_lexicon_columns_read_what_the_vectors_do_not(seeds):
    # vectors of pure noise: only the texts' lexicon scores tell praise from complaint
    rng = np.random.default_rng(11)
    texts, languages, y = (list(c) for c in zip(*LEXICON_SEEDS, strict=True))
    x = rng.normal(size=(len(texts), 16)).astype(np.float32)
    model = PolarityModel(neutral_prior=None, C=10.0).fit(
        x, y, seed_texts=texts, seed_languages=languages
    )
    assert model.n_lexicon_ == 2 and model.coef_.shape == (2, 18)
    new = ["What a wonderful, pleasant stay", "Un accueil horrible et désagréable"]
    x_new = rng.normal(size=(2, 16)).astype(np.float32)
    labels, _ = model.predict(x_new, texts=new, languages=["en", "fr"])
    assert labels.tolist() == ["positive", "negative"]
    # the state keeps the columns: the model read back says the same
    back = PolarityModel.from_state(model.to_state())
    assert back.predict(x_new, texts=new, languages=["en", "fr"])[0].tolist() == labels.tolist()
    # without the seeds' languages, or with weight 0, the vectors alone are read
    assert PolarityModel().fit(x, y, seed_texts=texts).n_lexicon_ == 0
    off = PolarityModel(lexicon_weight=0).fit(x, y, seed_texts=texts, seed_languages=languages)
    assert off.n_lexicon_ == 0 and off.coef_.shape[1] == 16


def test_polarity_state_saved_before_the_lexicon_reads_the_vectors_alone(seeds):
    x_seeds, y = seeds
    state = PolarityModel().fit(x_seeds, y).to_state()
    del state["n_lexicon_"]
    back = PolarityModel.from_state(state)
    assert back.n_lexicon_ == 0
    assert back.predict(x_seeds[:3], texts=["a", "b", "c"], languages=["en"] * 3)[0].shape == (3,)
    state["n_lexicon_"] = 16  # as many as the coefficients: no vector left
    with pytest.raises(ValueError, match="16 lexicon columns for 16 coefficients per class"):
        PolarityModel.from_state(state)


def test_polarity_predict_wants_one_text_per_row(seeds):
    x_seeds, y = seeds
    model = PolarityModel().fit(x_seeds, y, seed_texts=[f"s{i}" for i in range(len(y))])
    with pytest.raises(ValueError, match="one text per row: got 1 texts for 2 rows"):
        model.predict(x_seeds[:2], texts=["s1"])


# ------------------------------------------------------------------------------ theme evidence
def _read(groups, labels, scores, single):
    """Each group's side from its responses, then the mentions read by it, as at a fit."""
    from verbatim.models.polarity import apply_sides, theme_sides

    sides = theme_sides(groups, scores, single)
    return apply_sides(groups, labels, np.full(len(labels), 0.6), scores, sides)


def _theme(labels, scores, single=None):
    n = len(labels)
    return _read(
        np.zeros(n, int),
        np.array(labels, dtype=object),
        np.array(scores, dtype=float),
        np.ones(n, bool) if single is None else np.array(single),
    )


def test_polarity_a_theme_of_promoters_is_not_read_as_complaints():
    # "Not a single outage since I joined", said by promoters, read as complaints
    labels, confidence, corrected = _theme(["negative"] * 5, [10, 9, 10, 10, 9])
    assert labels.tolist() == ["positive"] * 5 and corrected == 5
    assert confidence.tolist() == [1.0] * 5


def test_polarity_theme_evidence_leaves_mentions_whose_own_score_agrees():
    labels, _, corrected = _theme(
        ["negative", "negative", "negative", "negative", "negative", "negative"],
        [10, 10, 10, 10, 3, 10],  # 5 of 6 promoters: one side; the detractor keeps its complaint
        single=[True, True, True, True, True, True],
    )
    assert labels.tolist() == ["positive"] * 4 + ["negative", "positive"] and corrected == 5


@pytest.mark.parametrize(
    ("labels", "scores", "single"),
    [
        (["negative"] * 4, [10, 10, 10, 10], None),  # too few responses to read
        (["negative"] * 5, [10, 10, 10, 3, 3], None),  # 60% promoters: no side
        (["negative"] * 5, [10, 10, 10, 10, 10], [True, True, True, True, False]),  # 4 alone
        (["positive"] * 5, [10, 10, 10, 10, 10], None),  # already praise
        (["neutral"] * 5, [0, 1, 2, 3, 4], None),  # neutral is never turned
    ],
)
def test_polarity_theme_evidence_needs_enough_one_sided_responses(labels, scores, single):
    out, _, corrected = _theme(labels, scores, single)
    assert out.tolist() == labels and corrected == 0


def test_polarity_a_theme_of_detractors_is_not_read_as_praise():
    labels, _, corrected = _theme(["positive"] * 3 + ["negative"] * 2, [0, 2, 6, 5, 1])
    assert labels.tolist() == ["negative"] * 5 and corrected == 3


def test_polarity_theme_evidence_is_per_theme_and_skips_unassigned():
    from verbatim.models.polarity import apply_sides, theme_sides

    groups = np.array([0] * 5 + [1] * 5 + [-1] * 5)
    scores = np.array([10] * 5 + [2] * 5 + [10] * 5, dtype=float)
    labels, _, corrected = _read(
        groups, np.array(["negative"] * 15, dtype=object), scores, np.ones(15, bool)
    )
    assert labels.tolist() == ["positive"] * 5 + ["negative"] * 10 and corrected == 5
    with pytest.raises(
        ValueError, match="apply_sides needs one group, label, confidence, score per mention"
    ):
        apply_sides(groups, labels[:3], np.ones(15), scores, {0: ("positive", 1.0)})
    with pytest.raises(
        ValueError, match="theme_sides needs one group, score, single flag per mention"
    ):
        theme_sides(groups, scores[:3], np.ones(15, bool))


def test_polarity_passives_are_evidence_of_neither_side_and_keep_their_reading():
    # the sample's outage theme: 8 promoters, 3 passives, 1 detractor said it alone
    labels, _, corrected = _theme(["negative"] * 12, [10, 9, 9, 10, 10, 9, 10, 10, 8, 8, 8, 4])
    assert labels.tolist() == ["positive"] * 8 + ["negative"] * 4 and corrected == 8


def test_polarity_a_promoter_saying_more_is_read_by_the_themes_evidence_too():
    # five promoters said it alone; a sixth promoter said it beside something else
    labels, _, corrected = _theme(
        ["negative"] * 7, [10, 10, 9, 10, 10, 9, 3], single=[True] * 5 + [False, False]
    )
    assert labels.tolist() == ["positive"] * 6 + ["negative"] and corrected == 6
