"""Find and load a Hugging Face seq2seq model: a local folder, the HF cache, or a download when online."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from summarizer.engines import ModelLoadError

HF_ENDPOINT_DEFAULT = "https://huggingface.co"


def resolve_device(requested: str) -> str:
    """The torch device for ``auto|cpu|cuda|mps``; refuses a device this machine does not have."""
    import torch

    if requested == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError("--device cuda: no CUDA device is available on this machine (try --device cpu)")
    if requested == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ModelLoadError("--device mps: the Apple MPS backend is not available here (try --device cpu)")
    return requested


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face hub answers a TCP connection (fast check, avoids minutes of retries)."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", HF_ENDPOINT_DEFAULT))
    host = endpoint.hostname or "huggingface.co"
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def hf_cache_dir() -> str:
    """Where the Hugging Face hub cache lives on this machine."""
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)


def _missing_model_message(model: str, reason: str) -> str:
    return (
        f"cannot load model {model!r}: {reason}\n"
        f"  looked in: the local path {model!r} and the Hugging Face cache ({hf_cache_dir()})\n"
        "  what to do: pass a local model folder with --model PATH (a folder holding config.json and the\n"
        "  weights), or run once on a connected machine to fill the Hugging Face cache."
    )


def load_pretrained(model: str) -> tuple[Any, Any]:
    """Load tokenizer and seq2seq model by hub id or local folder, with one clear error when that fails."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from summarizer.modelfiles import is_local_path

    local = Path(model).expanduser()
    if is_local_path(model):
        if not (local / "config.json").is_file():
            raise ModelLoadError(
                _missing_model_message(model, f"{local} is not a model folder (no config.json in it)")
            )
        return _load(AutoTokenizer, AutoModelForSeq2SeqLM, str(local), local_files_only=True, model=model)
    try:
        return _load(AutoTokenizer, AutoModelForSeq2SeqLM, model, local_files_only=True, model=model)
    except ModelLoadError as cached_error:
        if not hub_reachable():
            raise ModelLoadError(
                _missing_model_message(model, "it is not in the cache and the Hugging Face hub cannot be reached")
            ) from cached_error
    return _load(AutoTokenizer, AutoModelForSeq2SeqLM, model, local_files_only=False, model=model)


def _quiet_transformers() -> None:
    """Silence progress bars and the "sequence longer than the model" warning (we chunk on purpose)."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _load(tokenizer_cls: Any, model_cls: Any, name: str, *, local_files_only: bool, model: str) -> tuple[Any, Any]:
    _quiet_transformers()
    try:
        tokenizer = tokenizer_cls.from_pretrained(name, local_files_only=local_files_only)
        seq2seq = model_cls.from_pretrained(name, local_files_only=local_files_only)
    except (OSError, ValueError, KeyError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelLoadError(_missing_model_message(model, first_line)) from exc
    if not getattr(tokenizer, "is_fast", False):
        raise ModelLoadError(
            f"model {model!r} has no fast tokenizer (tokenizer.json); briefing needs one to chunk long articles"
        )
    return tokenizer, seq2seq
