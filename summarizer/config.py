"""Frozen, validated configuration for engines and briefings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"
DEFAULT_MAX_POINTS = 4
DEVICES = ("auto", "cpu", "cuda", "mps")
ENGINES = ("auto", "seq2seq", "extractive")
BACKENDS = ("auto", "torch", "ctranslate2")
DTYPES = ("auto", "fp32", "bf16", "fp16")
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "float32", "float16", "bfloat16")
BUILD_FORMATS = ("md", "html", "json")
SUMMARIZE_FORMATS = ("text", "md", "json")
SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


class ConfigError(ValueError):
    """A configuration the tool cannot run with (exit code 2)."""


def _positive(name: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")


@dataclass(frozen=True)
class GenerationOverrides:
    """Generation settings the user asked for; ``None`` keeps the model's own value."""

    num_beams: int | None = None
    min_length: int | None = None
    max_length: int | None = None

    def __post_init__(self) -> None:
        _positive("--num-beams", self.num_beams)
        if self.min_length is not None and self.min_length < 0:
            raise ConfigError(f"--min-length must be 0 or more, got {self.min_length}")
        _positive("--max-length", self.max_length)
        if (
            self.min_length is not None
            and self.max_length is not None
            and self.min_length > self.max_length
        ):
            raise ConfigError(
                f"--min-length ({self.min_length}) is larger than --max-length ({self.max_length})"
            )


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
        _positive("--max-points", self.max_points)
        _positive("--batch-size", self.batch_size)
        for flag, value, allowed in (
            ("--backend", self.backend, BACKENDS),
            ("--compute-type", self.compute_type, COMPUTE_TYPES),
            ("--dtype", self.dtype, DTYPES),
        ):
            if value not in allowed:
                raise ConfigError(f"{flag} must be one of {', '.join(allowed)}, got {value!r}")
        if self.cache_dir is not None and self.cache_dir.exists() and not self.cache_dir.is_dir():
            raise ConfigError(f"--cache-dir {self.cache_dir}: exists and is not a folder")


def format_for(output: Path | None, requested: str | None, allowed: tuple[str, ...], default: str) -> str:
    """The output format: the one asked for, else the output file's suffix, else the default."""
    if requested is not None:
        if requested not in allowed:
            raise ConfigError(f"--format must be one of {', '.join(allowed)}, got {requested!r}")
        return requested
    if output is not None:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower())
        if fmt in allowed:
            return fmt
    return default


EXTRACT_FORMATS = ("jsonl", "json")


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: folder filters, strictness, fetching, and URL limits."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    strict: bool = False
    fetch: bool = False
    inputs_from: Path | None = None
    fetch_timeout: float = 20.0
    fetch_retries: int = 2
    max_fetch_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        for flag, patterns in (("--include", self.include), ("--exclude", self.exclude)):
            if any(not p.strip() for p in patterns):
                raise ConfigError(f"{flag} needs a glob pattern such as '*.html', got an empty one")
        if self.inputs_from is not None and not self.inputs_from.is_file():
            raise ConfigError(f"--inputs-from {self.inputs_from}: no such file")
        if self.fetch_timeout <= 0:
            raise ConfigError(f"the fetch timeout must be positive, got {self.fetch_timeout}")
        if self.fetch_retries < 0:
            raise ConfigError(f"fetch retries must be 0 or more, got {self.fetch_retries}")
        _positive("the fetch size cap", self.max_fetch_bytes)


@dataclass(frozen=True)
class ExtractConfig:
    """Everything ``briefing extract`` needs."""

    inputs: tuple[str, ...]
    format: str = "jsonl"
    output: Path | None = None
    read: ReadOptions = field(default_factory=ReadOptions)

    def __post_init__(self) -> None:
        if not self.inputs and self.read.inputs_from is None:
            raise ConfigError("no inputs given: name files, folders, URLs, - for stdin, or use --inputs-from")
        if self.format not in EXTRACT_FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(EXTRACT_FORMATS)}, got {self.format!r}")


def parse_date(value: str | None) -> str:
    """Validate a ``YYYY-MM-DD`` date, defaulting to today."""
    if value is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ConfigError(f"--date must be YYYY-MM-DD, got {value!r}") from None


@dataclass(frozen=True)
class BuildConfig:
    """Everything ``briefing build`` needs."""

    inputs: tuple[str, ...]
    engine: EngineConfig = field(default_factory=EngineConfig)
    output: Path | None = None
    format: str = "md"
    title: str = "Briefing"
    date: str = field(default_factory=lambda: dt.date.today().isoformat())
    template: Path | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    drop_unsupported: bool = False
    show_sources: bool = False

    def __post_init__(self) -> None:
        if not self.inputs and self.read.inputs_from is None:
            raise ConfigError("no inputs given: name files, folders, URLs, - for stdin, or use --inputs-from")
        if self.format not in BUILD_FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(BUILD_FORMATS)}, got {self.format!r}")
        if self.template is not None and not self.template.is_file():
            raise ConfigError(f"--template {self.template}: no such file")
        if self.template is not None and self.format == "json":
            raise ConfigError("--template cannot be used with --format json")
        parse_date(self.date)
        if not self.title.strip():
            raise ConfigError("--title must not be empty")


@dataclass(frozen=True)
class SummarizeConfig:
    """Everything ``briefing summarize`` needs."""

    input: str
    engine: EngineConfig = field(default_factory=EngineConfig)
    format: str = "text"
    read: ReadOptions = field(default_factory=ReadOptions)
    drop_unsupported: bool = False
    show_sources: bool = False

    def __post_init__(self) -> None:
        if not self.input and self.read.inputs_from is None:
            raise ConfigError("no input given: name a file, a URL, - for stdin, or use --inputs-from")
        if self.format not in SUMMARIZE_FORMATS:
            raise ConfigError(
                f"--format must be one of {', '.join(SUMMARIZE_FORMATS)}, got {self.format!r}"
            )


@dataclass(frozen=True)
class EvalConfig:
    """Everything ``briefing eval`` needs."""

    pairs: Path
    engine: EngineConfig = field(default_factory=lambda: EngineConfig(max_points=3))
    limit: int | None = None
    output: Path | None = None
    drop_unsupported: bool = False

    def __post_init__(self) -> None:
        if not self.pairs.is_file():
            raise ConfigError(f"{self.pairs}: no such file")
        _positive("--limit", self.limit)
