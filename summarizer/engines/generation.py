"""Effective generation settings: model defaults, then the model's summarization params, then the user."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from summarizer.config.engine import GenerationOverrides

DEFAULT_MAX_LENGTH = 142


@dataclass(frozen=True)
class GenerationSettings:
    """Every setting passed to ``generate``, by name. ``max_length`` counts the decoder start token (as HF)."""

    num_beams: int = 1
    length_penalty: float = 1.0
    min_length: int = 0
    max_length: int = DEFAULT_MAX_LENGTH
    no_repeat_ngram_size: int = 0
    early_stopping: bool = False
    prefix: str = ""

    def __post_init__(self) -> None:
        if self.min_length > self.max_length:
            raise ValueError(f"min_length ({self.min_length}) is larger than max_length ({self.max_length})")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


_FIELDS = {
    "num_beams": int,
    "length_penalty": float,
    "min_length": int,
    "max_length": int,
    "no_repeat_ngram_size": int,
    "early_stopping": bool,
    "prefix": str,
}


def _known(values: Mapping[str, Any] | None) -> dict[str, Any]:
    if not values:
        return {}
    return {k: _FIELDS[k](v) for k, v in values.items() if k in _FIELDS and v is not None}


def resolve_settings(
    generation_config: Mapping[str, Any] | None,
    task_params: Mapping[str, Any] | None,
    overrides: GenerationOverrides,
) -> GenerationSettings:
    """Merge, in rising precedence: the model's generation config, its summarization params, user flags.

    A user ``--max-length`` below the model's ``min_length`` lowers ``min_length`` with it, and a user
    ``--min-length`` above the model's ``max_length`` raises ``max_length``: the flag the user gave wins.
    """
    merged: dict[str, Any] = {}
    merged.update(_known(generation_config))
    merged.update(_known(task_params))
    user = {k: v for k, v in asdict(overrides).items() if v is not None}
    merged.update(user)
    min_length = merged.get("min_length", 0)
    max_length = merged.get("max_length", DEFAULT_MAX_LENGTH)
    if min_length > max_length:
        if "max_length" in user and "min_length" not in user:
            merged["min_length"] = max_length
        else:
            merged["max_length"] = min_length
    return GenerationSettings(**merged)
