"""The default encoder as a sentence-transformers input module, for ``SentenceTransformer`` pipelines.

``SentenceTransformer(modules=[UseModule()])`` embeds like ``verbatim.nlp.embed.load_encoder()`` (the
same vectors). The run itself uses ``verbatim.nlp.embed.UseEncoder``, which does not import
sentence-transformers and torch (~4 s of every process that embeds); this module does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from sentence_transformers.base.modules import InputModule

from verbatim.nlp.embed import USE_DIMENSION, _as_text, new_use, warm_up_use


class UseModule(InputModule):
    """Universal Sentence Encoder multilingual v3 (NumPy) as a sentence-transformers input module.

    ``preprocess`` prepends the prompt and passes the texts on (the package tokenizes inside its
    own micro-batches); ``forward`` puts the 512-dim vectors in ``features["sentence_embedding"]``.
    One BLAS thread by default, as ``verbatim.nlp.embed.UseEncoder``.
    """

    config_keys = ["threads", "denoise"]
    config_file_name = "use_config.json"

    def __init__(self, threads: int = 1, denoise: bool = False) -> None:
        super().__init__()
        self.threads = threads
        self.denoise = denoise
        self._use = new_use(threads, denoise)

    def preprocess(
        self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """Collect the texts of a batch, with the prompt prepended."""
        texts = [_as_text(item, i) for i, item in enumerate(inputs)]
        if prompt:
            texts = self._prepend_prompt(texts, prompt)
        return {"texts": texts}

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Encode the batch's texts into L2-normalised 512-dim vectors."""
        texts = features["texts"]
        vectors = self._use.encode(texts) if texts else np.empty((0, USE_DIMENSION), np.float32)
        features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors))
        return features

    def get_embedding_dimension(self) -> int:
        """Size of the sentence vectors."""
        return USE_DIMENSION

    def warm_up(self) -> None:
        """Load the tokenizer and the weights now (``verbatim.nlp.embed.warm_up_use``)."""
        warm_up_use(self._use)

    def save(self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any):
        """Save the configuration (the weights ship inside the package)."""
        self.save_config(output_path)
