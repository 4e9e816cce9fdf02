"""The configuration of each command (build, summarize, extract, eval) and the shared format and date rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.config import ConfigError, require_positive
from summarizer.config.defaults import (
    BUILD_FORMATS,
    DEFAULT_IN_BRIEF,
    EXTRACT_FORMATS,
    SUFFIX_FORMATS,
    SUMMARIZE_FORMATS,
)
from summarizer.config.engine import EngineConfig
from summarizer.config.reading import ReadOptions


def format_for(output: Path | None, requested: str | None, allowed: tuple[str, ...], default: str) -> str:
    """The output format: the one asked for, else the output file's suffix, else the default (stdout).

    A suffix that names no format this command writes is an error, never a silent Markdown file.
    """
    if requested is not None:
        if requested not in allowed:
            raise ConfigError(f"--format must be one of {', '.join(allowed)}, got {requested!r}")
        return requested
    if output is None or output.is_dir():  # a folder is no file name at all: the output check says so
        return default
    fmt = suffix_format(output)
    if fmt in allowed:
        return fmt
    known = ", ".join(s for s, f in SUFFIX_FORMATS.items() if f in allowed)
    raise ConfigError(
        f"--out {output}: cannot tell the format from its name; use a file ending in {known}, or --format"
    )


def suffix_format(path: Path) -> str | None:
    """The format a file name asks for (``.email.html`` before ``.html``), or ``None``."""
    name = path.name.lower()
    return next((fmt for suffix, fmt in SUFFIX_FORMATS.items() if name.endswith(suffix)), None)


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


def check_in_brief(value: int) -> None:
    """``in_brief`` is a count of stories: 0 or more."""
    if value < 0:
        raise ConfigError(f"in_brief (--in-brief) must be 0 or more, got {value}")


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
    from_batch: str | None = None
    """A ``briefing batch`` output (folder or file, local or object store) to render instead of reading inputs."""
    in_brief: int = DEFAULT_IN_BRIEF
    """How many top stories the "In brief" line at the top names (0: no such line)."""

    def __post_init__(self) -> None:
        if self.from_batch is not None:
            if self.inputs or self.read.inputs_from is not None:
                raise ConfigError("give INPUT arguments (or --inputs-from) or --from-batch DIR, not both")
            if not self.from_batch.strip():
                raise ConfigError("--from-batch must name a briefing batch output (a folder or file)")
        elif not self.inputs and self.read.inputs_from is None:
            raise ConfigError("no inputs given: name files, folders, URLs, - for stdin, or use --inputs-from")
        check_in_brief(self.in_brief)
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

    inputs: tuple[str, ...]
    engine: EngineConfig = field(default_factory=EngineConfig)
    format: str = "text"
    read: ReadOptions = field(default_factory=ReadOptions)
    drop_unsupported: bool = False
    show_sources: bool = False

    def __post_init__(self) -> None:
        if not self.inputs and self.read.inputs_from is None:
            raise ConfigError("no input given: name a file, a URL, - for stdin, or use --inputs-from")
        if self.format not in SUMMARIZE_FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(SUMMARIZE_FORMATS)}, got {self.format!r}")


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
        require_positive("--limit", self.limit)
