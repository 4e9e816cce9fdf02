"""Find a model's files on disk without loading it (cheap: no torch, no transformers)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
class ModelFiles:
    """A model folder on disk and a revision string that changes whenever its files do."""

    folder: Path
    revision: str

    def read_json(self, name: str) -> dict[str, Any]:
        """A JSON file of the model (``{}`` when absent or unreadable)."""
        try:
            data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def model_type(self) -> str | None:
        """``config.json``'s ``model_type`` (``bart``, ``t5``...)."""
        value = self.read_json("config.json").get("model_type")
        return value if isinstance(value, str) else None


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


def _hub_snapshot(model: str) -> ModelFiles | None:
    repo = hf_hub_cache() / ("models--" + model.replace("/", "--"))
    try:
        revision = (repo / "refs" / _SNAPSHOT_REF).read_text().strip()
    except OSError:
        return None
    snapshot = repo / "snapshots" / revision
    if not re.fullmatch(r"[0-9a-f]{7,64}", revision) or not (snapshot / "config.json").is_file():
        return None
    return ModelFiles(snapshot, revision)


def locate_model(model: str) -> ModelFiles | None:
    """The model's folder (local path, or its snapshot in the HF cache) and revision; ``None`` if not on disk."""
    if is_local_path(model):
        folder = Path(model).expanduser().resolve()
        if not (folder / "config.json").is_file():
            return None
        return ModelFiles(folder, _local_revision(folder))
    return _hub_snapshot(model)
