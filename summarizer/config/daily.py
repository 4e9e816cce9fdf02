"""``briefing.toml``: the daily briefing's settings, frozen validated dataclasses read by :func:`from_mapping`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from summarizer.config import ConfigError
from summarizer.config.commands import check_in_brief, parse_date
from summarizer.config.defaults import DAILY_FORMATS, DEFAULT_IN_BRIEF
from summarizer.config.delivery import DeliverySettings
from summarizer.config.engine import EngineConfig
from summarizer.config.grouping import GroupingSettings
from summarizer.config.mapping import RESOLVE, TOML, from_mapping, with_given
from summarizer.config.reading import ReadOptions

LEGACY_FORMAT_NAMES = {"txt": "text"}  # [output.paths] keys of earlier versions, still read
PLACEHOLDERS = ("date", "year", "month", "day")
DEFAULT_OUTPUTS = {"html": "{date}.html", "md": "{date}.md", "json": "{date}.json"}
STATE_FILE = ".briefing-state.json"
_PLACEHOLDER = re.compile(r"{([^{}]*)}")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _current_format_names(paths: Mapping[str, str]) -> dict[str, str]:
    """``paths`` with earlier format names (``txt``) under today's (``text``); both at once is an error."""
    renamed: dict[str, str] = {}
    for fmt, pattern in paths.items():
        name = LEGACY_FORMAT_NAMES.get(fmt, fmt)
        if name in renamed:
            raise ConfigError(f"[output.paths] names the {name} format twice ({fmt!r} is its earlier name)")
        renamed[name] = pattern
    return renamed


def resolve_source(source: str, base: Path) -> str:
    """A source as ``read_inputs`` takes it: URLs and ``-`` unchanged, local paths and globs relative to ``base``."""
    if _URL.match(source) or source == "-":
        return source
    path = Path(source).expanduser()
    return str(path if path.is_absolute() else base / path)


@dataclass(frozen=True)
class SectionSettings:
    """One section of the briefing: its own sources, and/or words an article must contain."""

    title: str
    sources: tuple[str, ...] = field(default=(), metadata={RESOLVE: resolve_source})
    match: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ConfigError("every [[sections]] entry needs a title")
        if not self.sources and not self.match:
            raise ConfigError(f"section {self.title!r} needs sources, match words, or both")
        if any(not word.strip() for word in self.match):
            raise ConfigError(f"section {self.title!r}: match words must not be empty")


@dataclass(frozen=True)
class OutputSettings:
    """Where the day's files go: a folder, one path pattern per format, the index page and the state file."""

    dir: Path = Path("briefings")
    paths: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_OUTPUTS))
    index: str | None = "index.html"
    feed: str | None = "feed.xml"
    """The Atom feed of briefings, in ``dir``; ``""`` or ``None`` turns it off."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "feed", self.feed or None)
        for name, value in (("index", self.index), ("feed", self.feed)):
            if value is not None:
                _check_relative(f"[output] {name}", value)
                if _PLACEHOLDER.search(value):
                    raise ConfigError(f"[output] {name} must be one fixed file, without placeholders")
        if not self.paths:
            raise ConfigError("[output.paths] must name at least one format")
        object.__setattr__(self, "paths", _current_format_names(self.paths))
        for fmt, pattern in self.paths.items():
            if fmt not in DAILY_FORMATS:
                raise ConfigError(f"[output.paths] {fmt!r} is not a format; use {', '.join(DAILY_FORMATS)}")
            _check_relative(f"[output.paths] {fmt}", pattern)
        if len(set(self.paths.values())) != len(self.paths):
            raise ConfigError("[output.paths]: two formats would write the same file")

    @property
    def state_file(self) -> Path:
        """The small JSON file remembering which articles earlier runs already covered."""
        return self.dir / STATE_FILE

    def path_for(self, fmt: str, date: str) -> Path:
        """The output file of ``fmt`` for the briefing of ``date`` (``YYYY-MM-DD``)."""
        return self.dir / self.relative_path(fmt, date)

    def relative_path(self, fmt: str, date: str) -> str:
        """The output path of ``fmt`` for ``date``, relative to the output folder."""
        year, month, day = date.split("-")
        return self.paths[fmt].format(date=date, year=year, month=month, day=day)


@dataclass(frozen=True)
class DailySettings:
    """Everything ``briefing daily`` needs, after the config file and the command-line flags are merged."""

    output: OutputSettings
    sources: tuple[str, ...] = field(default=(), metadata={RESOLVE: resolve_source})
    sections: tuple[SectionSettings, ...] = ()
    other_title: str = "Other news"
    title: str = "Daily briefing"
    lang: str = "en"
    template: Path | None = None
    engine: EngineConfig = field(default_factory=EngineConfig)
    grouping: GroupingSettings = field(default_factory=GroupingSettings)
    reading: ReadOptions = field(default_factory=ReadOptions)
    drop_unsupported: bool = False
    show_sources: bool = False
    in_brief: int = DEFAULT_IN_BRIEF
    """How many top stories the "In brief" line at the top names (0: no such line)."""
    per_source_limit: int | None = None
    """At most this many articles per source (feed, file or folder) in a day's briefing, the newest; None: no limit."""
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    # Values of one run, given on the command line only.
    date: str = field(default="", metadata={TOML: False})
    since: str | None = field(default=None, metadata={TOML: False})
    step_summary: Path | None = field(default=None, metadata={TOML: False})
    config_path: Path | None = field(default=None, metadata={TOML: False})
    dry_run: bool = field(default=False, metadata={TOML: False})
    """Build the briefing and show what would be written and sent, to whom; write and send nothing."""
    from_batch: str | None = field(default=None, metadata={TOML: False})
    """A ``briefing batch`` output whose rows published on ``date`` make the briefing (no source is read)."""

    def __post_init__(self) -> None:
        if self.from_batch is not None:
            if not self.from_batch.strip():
                raise ConfigError("--from-batch must name a briefing batch output (a folder or file)")
            if self.since is not None:
                raise ConfigError("--since does not apply to --from-batch: it renders the rows published on --date")
        elif not self.sources and not any(s.sources for s in self.sections):
            raise ConfigError("no sources configured: set sources = [...] or give a section its sources")
        elif any(s.match and not s.sources for s in self.sections) and not self.sources:
            raise ConfigError("sections that only have match words need the top-level sources = [...] to pick from")
        titles = [s.title for s in self.sections]
        if len(set(titles)) != len(titles):
            raise ConfigError("two sections have the same title")
        if not self.title.strip():
            raise ConfigError("title must not be empty")
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", self.lang):
            raise ConfigError(f"lang must be a language tag such as 'en' or 'pt-BR', got {self.lang!r}")
        if self.template is not None and not self.template.is_file():
            raise ConfigError(f"template {self.template}: no such file")
        if self.date:
            parse_date(self.date)
        check_in_brief(self.in_brief)
        if self.per_source_limit is not None and self.per_source_limit < 1:
            raise ConfigError(f"per_source_limit must be 1 or more, got {self.per_source_limit}")


def _check_relative(name: str, pattern: str) -> None:
    if not pattern.strip():
        raise ConfigError(f"{name} must not be empty")
    for placeholder in _PLACEHOLDER.findall(pattern):
        if placeholder not in PLACEHOLDERS:
            raise ConfigError(
                f"{name} {pattern!r}: unknown placeholder {{{placeholder}}}; use {', '.join(PLACEHOLDERS)}"
            )
    pure = PurePosixPath(pattern.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts:
        raise ConfigError(f"{name} {pattern!r} must stay inside the output folder (no absolute path, no ..)")


def load_toml(path: Path) -> dict[str, Any]:
    """The raw TOML table of ``path``; a missing or broken file is a :class:`ConfigError` naming it."""
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot read it ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path}: not UTF-8 text (byte {exc.start})") from None


def load_settings(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    engine_overrides: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
) -> DailySettings:
    """Read ``briefing.toml`` at ``path`` (paths in it relative to its folder); defaults < file < flags given.

    ``overrides`` are :class:`DailySettings` fields, ``engine_overrides`` :class:`EngineConfig` fields (or
    generation ones such as ``num_beams``); ``None`` means the flag was not given and keeps the file's value.
    """
    table = load_toml(path)
    try:
        settings = from_mapping(DailySettings, table, "", path.resolve().parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    flags = {
        **(overrides or {}),
        "engine": engine_overrides or {},
        "output": {"dir": out_dir.resolve() if out_dir is not None else None},
        "config_path": path,
    }
    return with_given(settings, flags)
