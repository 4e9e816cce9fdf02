"""Frozen, validated configuration for engines and briefings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"
DEVICES = ("auto", "cpu", "cuda", "mps")
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
    max_points: int = 5
    batch_size: int = 8

    def __post_init__(self) -> None:
        if not self.model.strip():
            raise ConfigError("--model must name a Hugging Face model id or a local folder")
        if self.device not in DEVICES:
            raise ConfigError(f"--device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        _positive("--max-points", self.max_points)
        _positive("--batch-size", self.batch_size)


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

    def __post_init__(self) -> None:
        if not self.inputs:
            raise ConfigError("no inputs given: name files, folders, or - for stdin")
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

    def __post_init__(self) -> None:
        if self.format not in SUMMARIZE_FORMATS:
            raise ConfigError(
                f"--format must be one of {', '.join(SUMMARIZE_FORMATS)}, got {self.format!r}"
            )
