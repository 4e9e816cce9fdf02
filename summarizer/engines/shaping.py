"""What shapes the extractive engine's points, known without loading the engine: its settings, the scorer weights'
identity and the embeddings' number format. The engine info says them and the summary cache keys on them, so a
cache hit needs neither numpy nor the text rules (:mod:`summarizer.engines.extractive` imports them)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

WEIGHTS_FILE = Path(__file__).with_name("scorer_weights.json")
STORY_CANDIDATES = 12  # sentences per article a story of several sources may choose from (daily/merge.py)


class ScorerError(RuntimeError):
    """The scorer's weights file is missing or does not fit the feature extractor."""


def file_identity(raw: bytes) -> str:
    """A short name for a weights file's exact content (it keys the summary cache)."""
    return "scorer-" + hashlib.sha256(raw).hexdigest()[:12]


@lru_cache(maxsize=1)
def shipped_identity() -> str:
    """The shipped weights' identity, from the file's bytes alone (cheap: no numpy, no model)."""
    try:
        return file_identity(WEIGHTS_FILE.read_bytes())
    except OSError as exc:
        raise ScorerError(f"cannot read the scorer weights {WEIGHTS_FILE}: {exc.strerror or exc}") from None


def embedding_precision(compute_type: str) -> str:
    """The embeddings' number format for ``--compute-type``: int8 when asked for, else float32 (also for ``auto``:
    int8 changes the picks of a few articles in a hundred, so it is opt-in)."""
    return "int8" if compute_type in ("int8", "int8_float32") else "float32"


def extractive_settings(max_points: int, precision: str = "float32") -> dict[str, Any]:
    """The settings that shape the extractive engine's points (its engine info, and its summary cache key)."""
    # The weights file's identity (a hash of its bytes): new weights never reuse points the old ones picked.
    settings: dict[str, Any] = {
        "max_points": max_points,
        "scorer": shipped_identity(),
        "story_candidates": STORY_CANDIDATES,
    }
    # Keyed only when not the default, so that float32 points cached before this setting existed stay valid.
    return settings if precision == "float32" else {**settings, "embedding_precision": precision}
