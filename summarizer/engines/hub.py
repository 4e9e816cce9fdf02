"""Where a Hugging Face seq2seq model is (a local folder or the HF cache) and how it loads, with one clear error."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from summarizer.engines.protocol import ModelLoadError

WEIGHT_SUFFIXES = (".safetensors", ".bin")
_SNAPSHOT_REF = "main"


def hf_hub_cache() -> Path:
    """The Hugging Face hub cache folder (honours ``HF_HOME`` / ``HF_HUB_CACHE``)."""
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def is_local_path(model: str) -> bool:
    """Whether ``--model`` names a folder on disk rather than a hub id."""
    return Path(model).expanduser().exists() or model.startswith((".", "/", "~"))


@dataclass(frozen=True)
class ModelLocation:
    """Where the seq2seq model named by ``--model`` is, found once per run and passed to whatever needs it.

    ``folder`` and ``revision`` are ``None`` while the model is not on disk (not downloaded yet, or a missing folder);
    ``revision`` changes whenever the model's files do, so it keys the summary cache and converted copies.
    """

    name: str
    local: bool
    folder: Path | None = None
    revision: str | None = None

    @property
    def on_disk(self) -> bool:
        """Whether the model's files are on this machine."""
        return self.folder is not None

    def read_json(self, name: str) -> dict[str, Any]:
        """A JSON file of the model (``{}`` when absent, unreadable or not on disk)."""
        if self.folder is None:
            return {}
        try:
            data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @cached_property
    def model_type(self) -> str | None:
        """``config.json``'s ``model_type`` (``bart``, ``t5``...), ``None`` when unknown."""
        value = self.read_json("config.json").get("model_type")
        return value if isinstance(value, str) else None

    @cached_property
    def hub_answers(self) -> bool:
        """Whether the Hugging Face hub answers (asked at most once per location, and only when needed)."""
        return hub_reachable()


def _local_revision(folder: Path) -> str:
    """A fingerprint of a local folder: config file contents plus the weights' names, sizes and mtimes."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        if path.suffix == ".json":
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        elif path.suffix in WEIGHT_SUFFIXES:
            stat = path.stat()
            digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return "local-" + digest.hexdigest()[:16]


def _hub_snapshot(model: str) -> tuple[Path, str] | None:
    repo = hf_hub_cache() / ("models--" + model.replace("/", "--"))
    try:
        revision = (repo / "refs" / _SNAPSHOT_REF).read_text().strip()
    except OSError:
        return None
    snapshot = repo / "snapshots" / revision
    if not re.fullmatch(r"[0-9a-f]{7,64}", revision) or not (snapshot / "config.json").is_file():
        return None
    return snapshot, revision


def locate_model(model: str) -> ModelLocation:
    """Where ``model`` is: a local folder (fingerprinted) or its snapshot in the HF cache, or not on disk."""
    if is_local_path(model):
        folder = Path(model).expanduser().resolve()
        if not (folder / "config.json").is_file():
            return ModelLocation(model, local=True)
        return ModelLocation(model, local=True, folder=folder, revision=_local_revision(folder))
    snapshot = _hub_snapshot(model)
    if snapshot is None:
        return ModelLocation(model, local=False)
    return ModelLocation(model, local=False, folder=snapshot[0], revision=snapshot[1])


HF_ENDPOINT_DEFAULT = "https://huggingface.co"


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
    return str(hf_hub_cache())


def _missing_model_message(model: str, reason: str) -> str:
    return (
        f"cannot load model {model!r}: {reason}\n"
        f"  looked in: the local path {model!r} and the Hugging Face cache ({hf_cache_dir()})\n"
        "  what to do: pass a local model folder with --model PATH (a folder holding config.json and the\n"
        "  weights), or run once on a connected machine to fill the Hugging Face cache."
    )


def local_folder_problem(folder: Path) -> str:
    """What is wrong with a ``--model`` folder that holds no model: missing, not a folder, or no config.json."""
    if not folder.exists():
        return f"{folder}: no such folder"
    if not folder.is_dir():
        return f"{folder} is a file, not a model folder"
    return f"{folder} is not a model folder (no config.json in it)"


def not_found_reason(location: ModelLocation) -> str | None:
    """Why ``location``'s model cannot load without trying (``None`` when it may): a folder without
    ``config.json``, or a hub model that is neither cached nor downloadable."""
    if location.on_disk:
        return None
    if location.local:
        return _missing_model_message(location.name, local_folder_problem(Path(location.name).expanduser()))
    if not location.hub_answers:
        return _missing_model_message(
            location.name, "it is not in the cache and the Hugging Face hub cannot be reached"
        )
    return None


def load_pretrained(location: ModelLocation) -> tuple[Any, Any]:
    """Load tokenizer and seq2seq model from disk, or from the hub when it is not there, with one clear error."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    reason = not_found_reason(location)
    if reason is not None:
        raise ModelLoadError(reason)
    model = location.name
    name = str(Path(model).expanduser()) if location.local else model
    return _load(AutoTokenizer, AutoModelForSeq2SeqLM, name, local_files_only=location.on_disk, model=model)


class PretrainedModel:
    """The HF tokenizer and model of a location, loaded on first use and then shared: a CTranslate2 conversion that
    fails hands the already loaded model to the torch fallback instead of loading it twice."""

    def __init__(self, location: ModelLocation):
        self.location = location
        self._loaded: tuple[Any, Any] | None = None

    def get(self) -> tuple[Any, Any]:
        """``(tokenizer, model)``, loaded now if not yet."""
        if self._loaded is None:
            self._loaded = load_pretrained(self.location)
        return self._loaded

    def release(self) -> None:
        """Drop the loaded model (frees its memory once nobody else holds it)."""
        self._loaded = None


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
