"""What ``briefing batch`` needs: :class:`BatchConfig` (inputs, output, cluster, actors, engine)."""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.config import ConfigError, require_positive
from summarizer.config.defaults import BATCH_FORMATS, BATCH_RAY_ADDRESS, BATCH_ROWS_PER_BATCH, BATCH_ROWS_PER_FILE
from summarizer.config.engine import EngineConfig
from summarizer.config.reading import ReadOptions

DEFAULT_ROWS_PER_BATCH = BATCH_ROWS_PER_BATCH
INSTALL_HINT = "briefing batch needs Ray: pip install -e '.[ray]' (or pip install 'ray[data]==2.60.0')"


def parse_actors(value: str) -> tuple[int, int]:
    """``N`` (a fixed pool) or ``MIN,MAX`` (an autoscaling pool) as ``(min, max)``."""
    parts = [p.strip() for p in value.split(",")]
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ConfigError(f"--actors must be N or MIN,MAX (whole numbers), got {value!r}") from None
    if len(numbers) == 1:
        numbers *= 2
    if len(numbers) != 2 or numbers[0] < 1 or numbers[1] < numbers[0]:
        raise ConfigError(f"--actors must be N or MIN,MAX with 1 <= MIN <= MAX, got {value!r}")
    return numbers[0], numbers[1]


def is_remote_address(address: str) -> bool:
    """Whether ``--ray-address`` names an existing cluster (anything but ``local``)."""
    return address != "local"


@dataclass(frozen=True)
class BatchConfig:
    """Everything ``briefing batch`` needs."""

    inputs: tuple[str, ...]
    out: str
    engine: EngineConfig = field(default_factory=EngineConfig)
    format: str = BATCH_FORMATS[0]
    ray_address: str = BATCH_RAY_ADDRESS
    actors: tuple[int, int] = (1, 1)
    gpus_per_actor: float = 0.0
    cpus_per_actor: float = 1.0
    rows_per_batch: int = DEFAULT_ROWS_PER_BATCH
    skip_existing: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    drop_unsupported: bool = False
    rows_per_file: int = BATCH_ROWS_PER_FILE
    max_restarts: int = 3

    def __post_init__(self) -> None:
        if not self.inputs and self.read.inputs_from is None:
            raise ConfigError("no inputs given: name JSONL/Parquet files, globs, folders, feeds, or use --inputs-from")
        if "-" in self.inputs:
            raise ConfigError("briefing batch cannot read stdin: name files, globs, folders or feeds")
        if not self.out.strip():
            raise ConfigError("--out must name an output folder (local or s3://, gs://, ...)")
        if self.format not in BATCH_FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(BATCH_FORMATS)}, got {self.format!r}")
        if not self.ray_address.strip():
            raise ConfigError("--ray-address must be local, auto, ray://HOST:PORT or HOST:PORT")
        low, high = self.actors
        if low < 1 or high < low:
            raise ConfigError(f"--actors must be N or MIN,MAX with 1 <= MIN <= MAX, got {low},{high}")
        if self.gpus_per_actor < 0:
            raise ConfigError(f"--gpus-per-actor must be 0 or more, got {self.gpus_per_actor}")
        if self.cpus_per_actor <= 0:
            raise ConfigError(f"CPUs per actor must be positive, got {self.cpus_per_actor}")
        require_positive("--rows-per-batch", self.rows_per_batch)
        require_positive("--rows-per-file", self.rows_per_file)
        if self.max_restarts < 0:
            raise ConfigError(f"actor restarts must be 0 or more, got {self.max_restarts}")
        if self.read.strict:
            raise ConfigError("--strict is not supported by briefing batch: failed articles become error rows")
