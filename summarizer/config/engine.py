"""Which engine and model write the key points, where they run and how: :class:`EngineConfig`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from summarizer.config import ConfigError, require_positive
from summarizer.config.defaults import (
    BACKENDS,
    COMPUTE_TYPES,
    DEFAULT_MAX_POINTS,
    DEFAULT_MODEL,
    DEVICES,
    DTYPES,
    ENGINES,
)


@dataclass(frozen=True)
class GenerationOverrides:
    """Generation settings the user asked for; ``None`` keeps the model's own value."""

    num_beams: int | None = None
    min_length: int | None = None
    max_length: int | None = None

    def __post_init__(self) -> None:
        require_positive("--num-beams", self.num_beams)
        if self.min_length is not None and self.min_length < 0:
            raise ConfigError(f"--min-length must be 0 or more, got {self.min_length}")
        require_positive("--max-length", self.max_length)
        if self.min_length is not None and self.max_length is not None and self.min_length > self.max_length:
            raise ConfigError(f"--min-length ({self.min_length}) is larger than --max-length ({self.max_length})")


@dataclass(frozen=True)
class EngineConfig:
    """Which model writes the key points, where it runs, and how."""

    model: str = DEFAULT_MODEL
    device: str = "auto"
    generation: GenerationOverrides = field(default_factory=GenerationOverrides)
    max_points: int = DEFAULT_MAX_POINTS
    batch_size: int = 8
    backend: str = "auto"
    compute_type: str = "auto"
    dtype: str = "auto"
    threads: int = 0
    """CPU threads for the model; 0: the CPUs this process may use (``OMP_NUM_THREADS`` when set)."""
    parallel_batches: int = 0
    """CTranslate2 on CPU: batches run at once, each on ``threads / parallel_batches`` threads; 0: auto."""
    cache: bool = True
    cache_dir: Path | None = None
    quiet: bool = False
    engine: str = "auto"

    def __post_init__(self) -> None:
        if not self.model.strip():
            raise ConfigError("--model must name a Hugging Face model id or a local folder")
        if self.engine not in ENGINES:
            raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")
        if self.device not in DEVICES:
            raise ConfigError(f"--device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        require_positive("--max-points", self.max_points)
        require_positive("--batch-size", self.batch_size)
        for flag, count in (("--threads", self.threads), ("--parallel-batches", self.parallel_batches)):
            if count < 0:
                raise ConfigError(f"{flag} must be 0 (auto) or more, got {count}")
        for flag, value, allowed in (
            ("--backend", self.backend, BACKENDS),
            ("--compute-type", self.compute_type, COMPUTE_TYPES),
            ("--dtype", self.dtype, DTYPES),
        ):
            if value not in allowed:
                raise ConfigError(f"{flag} must be one of {', '.join(allowed)}, got {value!r}")
        if self.cache_dir is not None and self.cache_dir.exists() and not self.cache_dir.is_dir():
            raise ConfigError(f"--cache-dir {self.cache_dir}: exists and is not a folder")
