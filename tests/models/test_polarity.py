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

    texts, labels, _ = polarity_seeds()
    vectors, _ = embed_texts(texts)
    return PolarityModel().fit(vectors, labels)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le colis est arrivé cassé", "negative"),
        ("Staff were lovely", "positive"),
        ("Impossible de joindre le service client depuis 3 semaines", "negative"),
        ("The app crashes every time I open my bills", "negative"),
        ("Livreur très sympathique et ponctuel", "positive"),
        ("Checkout took seconds and the price was fair", "positive"),
    ],
)
def test_polarity_real_encoder_planted_sentences(real_model, text, expected):
    from verbatim.nlp.embed import embed_texts

    vectors, _ = embed_texts([text])
    labels, _ = real_model.predict(vectors)
    assert labels[0] == expected
