"""``briefing.toml``: the daily briefing's settings, parsed with tomllib into frozen, validated dataclasses."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from summarizer.config import ConfigError
from summarizer.config import defaults as d
from summarizer.config.commands import parse_date
from summarizer.config.defaults import GROUPING_THRESHOLD
from summarizer.config.engine import EngineConfig, GenerationOverrides
from summarizer.config.reading import ReadOptions

DAILY_FORMATS = ("html", "md", "json", "txt", "email")
PLACEHOLDERS = ("date", "year", "month", "day")
DEFAULT_OUTPUTS = {"html": "{date}.html", "md": "{date}.md", "json": "{date}.json"}
STATE_FILE = ".briefing-state.json"
_PLACEHOLDER = re.compile(r"{([^{}]*)}")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_TOP_KEYS = {
    "title",
    "lang",
    "template",
    "sources",
    "other_title",
    "sections",
    "engine",
    "output",
    "grouping",
    "reading",
    "drop_unsupported",
    "show_sources",
}
_SECTION_KEYS = {"title", "sources", "match"}
_OUTPUT_KEYS = {"dir", "index", "paths"}
_GROUPING_KEYS = {"enabled", "threshold"}


@dataclass(frozen=True)
class SectionSettings:
    """One section of the briefing: its own sources, and/or words an article must contain."""

    title: str
    sources: tuple[str, ...] = ()
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

    dir: Path
    paths: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_OUTPUTS))
    index: str | None = "index.html"

    def __post_init__(self) -> None:
        if not self.paths:
            raise ConfigError("[output.paths] must name at least one format")
        for fmt, pattern in self.paths.items():
            if fmt not in DAILY_FORMATS:
                raise ConfigError(f"[output.paths] {fmt!r} is not a format; use {', '.join(DAILY_FORMATS)}")
            _check_relative(f"[output.paths] {fmt}", pattern)
        if len(set(self.paths.values())) != len(self.paths):
            raise ConfigError("[output.paths]: two formats would write the same file")
        if self.index is not None:
            _check_relative("[output] index", self.index)
            if _PLACEHOLDER.search(self.index):
                raise ConfigError("[output] index must be one fixed file, without placeholders")

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
class GroupingSettings:
    """Same-story grouping: on or off, how similar articles must be to count as one story, and its features.

    Field names are the ``[grouping]`` keys of ``briefing.toml``; the README explains the defaults.
    """

    enabled: bool = True
    threshold: float = GROUPING_THRESHOLD
    attach_threshold: float = d.GROUPING_ATTACH_THRESHOLD
    attach_max_size: int = d.GROUPING_ATTACH_MAX_SIZE
    title_weight: float = d.GROUPING_TITLE_WEIGHT
    name_weight: float = d.GROUPING_NAME_WEIGHT
    time_penalty: float = d.GROUPING_TIME_PENALTY
    time_scale_days: float = d.GROUPING_TIME_SCALE_DAYS
    short_terms: int = d.GROUPING_SHORT_TERMS
    veto_below: float = d.GROUPING_VETO_BELOW
    veto_template: float = d.GROUPING_VETO_TEMPLATE
    neighbours: int = d.GROUPING_NEIGHBOURS
    embedding_weight: float = d.GROUPING_EMBEDDING_WEIGHT
    memory_days: int = d.GROUPING_MEMORY_DAYS
    memory_threshold: float = d.GROUPING_MEMORY_THRESHOLD

    def __post_init__(self) -> None:
        for name in ("threshold", "attach_threshold", "veto_template", "memory_threshold"):
            if not 0.0 < getattr(self, name) < 1.0:
                raise ConfigError(f"[grouping] {name} must be between 0 and 1, got {getattr(self, name)}")
        for name in ("veto_below", "embedding_weight"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"[grouping] {name} must be between 0 and 1, got {getattr(self, name)}")
        for name in ("title_weight", "name_weight", "time_scale_days"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"[grouping] {name} must be above 0, got {getattr(self, name)}")
        for name in ("attach_max_size", "short_terms", "memory_days", "time_penalty"):
            if getattr(self, name) < 0:
                raise ConfigError(f"[grouping] {name} must not be negative, got {getattr(self, name)}")
        if self.neighbours < 1:
            raise ConfigError(f"[grouping] neighbours must be at least 1, got {self.neighbours}")


@dataclass(frozen=True)
class DailySettings:
    """Everything ``briefing daily`` needs, after the config file and the command-line flags are merged."""

    output: OutputSettings
    sources: tuple[str, ...] = ()
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
    date: str = ""
    since: str | None = None
    step_summary: Path | None = None
    config_path: Path | None = None

    def __post_init__(self) -> None:
        if not self.sources and not any(s.sources for s in self.sections):
            raise ConfigError("no sources configured: set sources = [...] or give a section its sources")
        if any(s.match and not s.sources for s in self.sections) and not self.sources:
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


def _unknown_keys(where: str, table: Mapping[str, Any], known: set[str]) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}")


def _typed(where: str, value: Any, kind: type | tuple[type, ...]) -> Any:
    if isinstance(value, bool) and kind in (int, float):
        raise ConfigError(f"{where} must be a number, got {value!r}")
    if not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise ConfigError(f"{where} must be {names}, got {value!r}")
    return value


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    items = _typed(where, value, list)
    return tuple(_typed(f"{where} entry", item, str) for item in items)


def resolve_source(source: str, base: Path) -> str:
    """A source as ``read_inputs`` takes it: URLs and ``-`` unchanged, local paths and globs relative to ``base``."""
    if _URL.match(source) or source == "-":
        return source
    path = Path(source).expanduser()
    return str(path if path.is_absolute() else base / path)


def _annotation_kinds(annotation: Any) -> tuple[type, ...]:
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return tuple(a for a in args if isinstance(a, type))
    return (annotation,) if isinstance(annotation, type) else ()


def _coerce_field(where: str, value: Any, annotation: Any, base: Path) -> Any:
    if typing.get_origin(annotation) is tuple:
        return _strings(where, value)
    kinds = _annotation_kinds(annotation)
    if Path in kinds:
        path = Path(_typed(where, value, str)).expanduser()
        return path if path.is_absolute() else base / path
    if kinds == (float,) or set(kinds) == {float, int}:
        return float(_typed(where, value, (int, float)))
    return _typed(where, value, kinds) if kinds else value


def _dataclass_from_table(where: str, cls: Any, table: Mapping[str, Any], base: Path) -> Any:
    hints = typing.get_type_hints(cls)
    _unknown_keys(where, table, {f.name for f in dataclasses.fields(cls)})
    return cls(**{k: _coerce_field(f"{where} {k}", v, hints[k], base) for k, v in table.items()})


def engine_from_table(table: Mapping[str, Any], base: Path) -> EngineConfig:
    """An :class:`EngineConfig` from the ``[engine]`` table: any EngineConfig field, the same names as the CLI."""
    hints = typing.get_type_hints(EngineConfig)
    known = {f.name for f in dataclasses.fields(EngineConfig)}
    _unknown_keys("[engine]", table, known)
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        if key == "generation":
            gen = _typed("[engine.generation]", value, dict)
            kwargs[key] = _dataclass_from_table("[engine.generation]", GenerationOverrides, gen, base)
        else:
            kwargs[key] = _coerce_field(f"[engine] {key}", value, hints[key], base)
    return EngineConfig(**kwargs)


def _section(index: int, table: Any, base: Path) -> SectionSettings:
    where = f"[[sections]] #{index}"
    table = _typed(where, table, dict)
    _unknown_keys(where, table, _SECTION_KEYS)
    return SectionSettings(
        title=_typed(f"{where} title", table.get("title", ""), str),
        sources=tuple(resolve_source(s, base) for s in _strings(f"{where} sources", table.get("sources", []))),
        match=_strings(f"{where} match", table.get("match", [])),
    )


def _output(table: Mapping[str, Any], base: Path) -> OutputSettings:
    _unknown_keys("[output]", table, _OUTPUT_KEYS)
    folder = Path(_typed("[output] dir", table.get("dir", "briefings"), str)).expanduser()
    paths = _typed("[output.paths]", table.get("paths", dict(DEFAULT_OUTPUTS)), dict)
    index = _typed("[output] index", table.get("index", "index.html"), str)
    return OutputSettings(
        dir=(folder if folder.is_absolute() else base / folder).resolve(),
        paths={str(k): _typed(f"[output.paths] {k}", v, str) for k, v in paths.items()},
        index=index or None,
    )


def settings_from_table(
    table: Mapping[str, Any], base: Path, overrides: Mapping[str, Any] | None = None
) -> DailySettings:
    """Settings from a parsed TOML table (relative paths against ``base``), with command-line ``overrides`` on top."""
    _unknown_keys("config file", table, _TOP_KEYS)
    grouping = _typed("[grouping]", table.get("grouping", {}), dict)
    _unknown_keys("[grouping]", grouping, _GROUPING_KEYS)
    template = table.get("template")
    values: dict[str, Any] = {
        "output": _output(_typed("[output]", table.get("output", {}), dict), base),
        "sources": tuple(resolve_source(s, base) for s in _strings("sources", table.get("sources", []))),
        "sections": tuple(
            _section(i, s, base) for i, s in enumerate(_typed("sections", table.get("sections", []), list), 1)
        ),
        "other_title": _typed("other_title", table.get("other_title", "Other news"), str),
        "title": _typed("title", table.get("title", "Daily briefing"), str),
        "lang": _typed("lang", table.get("lang", "en"), str),
        "template": None if template is None else base / _typed("template", template, str),
        "engine": engine_from_table(_typed("[engine]", table.get("engine", {}), dict), base),
        "reading": _dataclass_from_table(
            "[reading]", ReadOptions, _typed("[reading]", table.get("reading", {}), dict), base
        ),
        "drop_unsupported": _typed("drop_unsupported", table.get("drop_unsupported", False), bool),
        "show_sources": _typed("show_sources", table.get("show_sources", False), bool),
        "grouping": GroupingSettings(
            enabled=_typed("[grouping] enabled", grouping.get("enabled", True), bool),
            threshold=float(
                _typed("[grouping] threshold", grouping.get("threshold", GROUPING_THRESHOLD), (int, float))
            ),
        ),
    }
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return DailySettings(**values)


def override_engine(engine: EngineConfig, overrides: Mapping[str, Any]) -> EngineConfig:
    """``engine`` with the command-line values that were given (``None`` keeps the config file's value)."""
    generation_keys = {f.name for f in dataclasses.fields(GenerationOverrides)}
    given = {k: v for k, v in overrides.items() if v is not None}
    generation = {k: given.pop(k) for k in list(given) if k in generation_keys}
    if generation:
        given["generation"] = dataclasses.replace(engine.generation, **generation)
    return dataclasses.replace(engine, **given)


def load_settings(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    engine_overrides: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
) -> DailySettings:
    """Read ``briefing.toml`` at ``path`` (relative paths in it are relative to its folder), flags on top."""
    table = load_toml(path)
    try:
        settings = settings_from_table(table, path.resolve().parent, overrides)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    engine = override_engine(settings.engine, engine_overrides or {})
    output = settings.output if out_dir is None else dataclasses.replace(settings.output, dir=out_dir.resolve())
    return dataclasses.replace(settings, engine=engine, output=output, config_path=path)
