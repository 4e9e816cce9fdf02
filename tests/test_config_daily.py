"""briefing.toml: the documented example loads, every key maps where the CLI maps it, bad settings name the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import ConfigError
from summarizer.config.daily import DAILY_FORMATS, load_settings, resolve_source

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "briefing.toml"


def test_the_example_config_loads_with_paths_relative_to_it() -> None:
    settings = load_settings(EXAMPLE)
    examples = EXAMPLE.parent
    assert settings.title == "Morning briefing"
    assert settings.sources == (str(examples / "sources/notes/*.md"),)
    assert [(s.title, s.sources, s.match) for s in settings.sections] == [
        ("World", (str(examples / "sources/world-desk.rss"),), ()),
        ("Science & tech", (str(examples / "sources/science-tech.atom"),), ()),
        ("Sport", (), ("football", "Euro 2024", "Olympics", "Copa America")),
    ]
    assert settings.output.dir == (examples.parent / "briefings").resolve()
    assert set(settings.output.paths) == set(DAILY_FORMATS)
    assert settings.output.path_for("email", "2026-11-29") == settings.output.dir / "email" / "2026-11-29.html"
    assert settings.engine.max_points == 4 and settings.engine.generation.num_beams == 4
    assert settings.grouping.enabled and settings.grouping.threshold == pytest.approx(0.09)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_engine_and_reading_tables_map_onto_the_cli_configs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
sources = ["a.md"]
drop_unsupported = true
[engine]
model = "my/model"
device = "cpu"
cache = false
cache_dir = "cache"
batch_size = 2
[engine.generation]
min_length = 5
max_length = 40
[reading]
exclude = ["*.tmp"]
fetch_timeout = 5
""",
    )
    settings = load_settings(path)
    engine = settings.engine
    assert (engine.model, engine.device, engine.cache, engine.batch_size) == ("my/model", "cpu", False, 2)
    assert engine.cache_dir == tmp_path / "cache"
    assert (engine.generation.min_length, engine.generation.max_length) == (5, 40)
    assert settings.reading.exclude == ("*.tmp",) and settings.reading.fetch_timeout == 5.0
    assert settings.drop_unsupported is True


def test_command_line_values_override_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'sources = ["a.md"]\ntitle = "From file"\n[engine]\nmax_points = 3\nmodel = "file/model"\n')
    settings = load_settings(
        path,
        {"title": "From flag", "since": None},
        {"max_points": 7, "model": None, "num_beams": 2},
        out_dir=tmp_path / "elsewhere",
    )
    assert settings.title == "From flag" and settings.since is None
    assert settings.engine.max_points == 7 and settings.engine.model == "file/model"
    assert settings.engine.generation.num_beams == 2
    assert settings.output.dir == (tmp_path / "elsewhere").resolve()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('sources = ["a.md"]\ncolour = "red"', "unknown key(s) colour"),
        ('sources = ["a.md"]\n[engine]\nmodle = "x"', "[engine]: unknown key(s) modle"),
        ('sources = ["a.md"]\n[engine]\nmax_points = "five"', "[engine] max_points must be int"),
        ('sources = ["a.md"]\n[engine]\nmax_points = 0', "--max-points must be at least 1"),
        ('sources = ["a.md"]\n[engine]\ndevice = "tpu"', "--device must be one of"),
        ('sources = ["a.md"]\n[output.paths]\nhtml = "{day_name}.html"', "unknown placeholder {day_name}"),
        ('sources = ["a.md"]\n[output.paths]\nhtml = "../../etc/{date}.html"', "must stay inside the output folder"),
        ('sources = ["a.md"]\n[output.paths]\npdf = "{date}.pdf"', "'pdf' is not a format"),
        ('sources = ["a.md"]\n[output.paths]\nhtml = "x.html"\nemail = "x.html"', "two formats would write the same"),
        ('sources = ["a.md"]\n[output]\nindex = "{date}.html"', "index must be one fixed file"),
        ('sources = ["a.md"]\n[grouping]\nthreshold = 1.5', "threshold must be between 0 and 1"),
        ('sources = ["a.md"]\nlang = "english!"', "lang must be a language tag"),
        ('sources = ["a.md"]\ntemplate = "nope.j2"', "nope.j2: no such file"),
        ('title = "No sources"', "no sources configured"),
        (
            '[[sections]]\ntitle = "A"\nsources = ["a.md"]\n[[sections]]\ntitle = "Tech"\nmatch = ["AI"]',
            "need the top-level sources",
        ),
        ('sources = ["a.md"]\n[[sections]]\ntitle = "Empty"', "section 'Empty' needs sources, match words"),
        ('sources = ["a.md"]\n[[sections]]\nsources = ["b.md"]', "needs a title"),
        (
            'sources = "a.md"\n[[sections]]\ntitle = "A"\nsources = ["b"]\n[[sections]]\ntitle = "A"\nsources = ["c"]',
            "two sections have the same title",
        ),
        ("sources = [", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nothere.toml: no such file"):
        load_settings(tmp_path / "nothere.toml")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("https://example.org/feed.xml", "https://example.org/feed.xml"),
        ("-", "-"),
        ("notes/*.md", "/base/notes/*.md"),
        ("/abs/feed.rss", "/abs/feed.rss"),
    ],
)
def test_resolve_source(source: str, expected: str) -> None:
    assert resolve_source(source, Path("/base")) == expected
