"""One decoder for every settings table, read off the dataclasses, and one precedence: defaults < file < flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from summarizer.config import ConfigError
from summarizer.config.engine import EngineConfig, GenerationOverrides
from summarizer.config.mapping import RESOLVE, TOML, field_default, from_mapping, given, with_given
from summarizer.config.reading import ReadOptions


@dataclass(frozen=True)
class Inner:
    level: int = 1
    ratio: float = 0.5
    on: bool = True


@dataclass(frozen=True)
class Outer:
    name: str
    inner: Inner = field(default_factory=Inner)
    words: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=(), metadata={RESOLVE: lambda s, base: f"{base}/{s}"})
    folder: Path = Path("out")
    file: Path | None = None
    labels: dict[str, str] = field(default_factory=dict)
    items: tuple[Inner, ...] = ()
    run_only: str = field(default="", metadata={TOML: False})


def test_fields_types_and_defaults_come_from_the_dataclass() -> None:
    table = {
        "name": "x",
        "inner": {"level": 3, "ratio": 1},
        "words": "one",
        "sources": ["a.md"],
        "file": "~/f.txt",
        "labels": {"html": "{date}.html"},
        "items": [{"level": 2}, {}],
    }
    outer = from_mapping(Outer, table, "", Path("/base"))
    assert outer.inner == Inner(level=3, ratio=1.0) and isinstance(outer.inner.ratio, float)
    assert outer.words == ("one",) and outer.sources == ("/base/a.md",)
    assert outer.folder == Path("/base/out")  # a relative default is relative to the file's folder too
    assert outer.file == Path("~/f.txt").expanduser()
    assert outer.labels == {"html": "{date}.html"}
    assert outer.items == (Inner(level=2), Inner())


def test_paths_are_relative_to_the_base_and_cleaned() -> None:
    assert from_mapping(Outer, {"name": "x", "folder": "../up"}, "", Path("/base/conf")).folder == Path("/base/up")
    assert from_mapping(Outer, {"name": "x", "file": ""}, "", Path("/base")).file is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"name": "x", "colour": 1}, "config file: unknown key(s) colour; known keys: file, folder, inner, items,"),
        ({"name": "x", "run_only": "no"}, "unknown key(s) run_only"),
        ({"name": "x", "inner": {"levle": 2}}, "[inner]: unknown key(s) levle; known keys: level, on, ratio"),
        ({"name": "x", "inner": {"level": "2"}}, "[inner] level must be int, got '2'"),
        ({"name": "x", "inner": {"level": True}}, "[inner] level must be a number, got True"),
        ({"name": "x", "inner": {"ratio": False}}, "[inner] ratio must be a number"),
        ({"name": "x", "inner": {"on": 1}}, "[inner] on must be bool, got 1"),
        ({"name": "x", "inner": 3}, "[inner] must be dict"),
        ({"name": "x", "words": [1]}, "words entry must be str"),
        ({"name": "x", "labels": {"md": 2}}, "[labels] md must be str"),
        ({"name": "x", "items": [{"level": "a"}]}, "[[items]] #1 level must be int"),
        ({}, "config file needs a name"),
    ],
)
def test_bad_values_name_the_table_and_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_mapping(Outer, table)
    assert message in str(caught.value)


def test_a_field_added_to_a_settings_dataclass_is_read_without_other_edits() -> None:
    @dataclass(frozen=True)
    class Grown(ReadOptions):
        retries_for_feeds: int = 1

    grown = from_mapping(Grown, {"retries_for_feeds": 4, "fetch": True}, "[reading]")
    assert (grown.retries_for_feeds, grown.fetch) == (4, True)
    assert with_given(grown, {"retries_for_feeds": 5}).retries_for_feeds == 5


def test_engine_tables_nest_like_the_toml() -> None:
    table = {"model": "m", "generation": {"num_beams": 2}}
    assert from_mapping(EngineConfig, table, "[engine]") == EngineConfig(
        model="m", generation=GenerationOverrides(num_beams=2)
    )
    with pytest.raises(ConfigError, match=r"\[engine.generation\]: unknown key\(s\) beams"):
        from_mapping(EngineConfig, {"generation": {"beams": 2}}, "[engine]")


@pytest.mark.parametrize(
    ("given_values", "expected"),
    [
        ({}, EngineConfig(model="file", max_points=3)),  # nothing given: the file's values stand
        ({"model": None, "max_points": None}, EngineConfig(model="file", max_points=3)),  # None = not given
        ({"max_points": 7}, EngineConfig(model="file", max_points=7)),
        ({"generation": {"num_beams": 2}}, EngineConfig(model="file", max_points=3, generation=GenerationOverrides(2))),
        ({"num_beams": 2}, EngineConfig(model="file", max_points=3, generation=GenerationOverrides(2))),
        ({"cache": False}, EngineConfig(model="file", max_points=3, cache=False)),
    ],
)
def test_defaults_then_file_then_flags(given_values: dict[str, object], expected: EngineConfig) -> None:
    from_file = from_mapping(EngineConfig, {"model": "file", "max_points": 3}, "[engine]")
    assert with_given(from_file, given_values) == expected


def test_given_values_are_validated_again() -> None:
    with pytest.raises(ConfigError, match="--max-points must be at least 1"):
        with_given(EngineConfig(), {"max_points": 0})


def test_given_drops_what_was_not_given_and_defaults_come_from_the_fields() -> None:
    assert given(a=1, b=None, c=False) == {"a": 1, "c": False}
    assert field_default(EngineConfig, "max_points") == EngineConfig().max_points
    assert field_default(EngineConfig, "generation") == GenerationOverrides()
