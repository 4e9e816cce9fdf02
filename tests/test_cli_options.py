"""Every option declared once: each engine and reading flag parses on every command that has it and lands in its
config; a flag not given leaves the dataclass default (or the settings file's value) alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config.commands import EvalConfig
from summarizer.config.engine import EngineConfig
from summarizer.config.mapping import field_default
from summarizer.config.reading import ReadOptions
from tests.fakes import ConfigCatcher

# (the flag and its value on the command line, the EngineConfig attribute path, the value expected there)
ENGINE_FLAGS: list[tuple[list[str], str, Any]] = [
    (["--engine", "extractive"], "engine", "extractive"),
    (["--model", "my/model"], "model", "my/model"),
    (["--device", "cpu"], "device", "cpu"),
    (["--max-points", "2"], "max_points", 2),
    (["--num-beams", "3"], "generation.num_beams", 3),
    (["--min-length", "5"], "generation.min_length", 5),
    (["--max-length", "50"], "generation.max_length", 50),
    (["--batch-size", "3"], "batch_size", 3),
    (["--backend", "torch"], "backend", "torch"),
    (["--compute-type", "int8"], "compute_type", "int8"),
    (["--dtype", "bf16"], "dtype", "bf16"),
    (["--no-cache"], "cache", False),
    (["--cache-dir", "CACHE"], "cache_dir", "CACHE"),
    (["--quiet"], "quiet", True),
    (["-q"], "quiet", True),
]
CACHE_FLAGS = {"--no-cache", "--cache-dir"}  # eval runs without the summary cache, so it has no cache flags
TOML = 'sources = ["notes"]\n[engine]\n'


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Title\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "pairs.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "briefing.toml").write_text(TOML, encoding="utf-8")
    return tmp_path


def attribute(config: Any, path: str) -> Any:
    for name in path.split("."):
        config = getattr(config, name)
    return config


def invoke(monkeypatch: pytest.MonkeyPatch, files: Path, command: str, *args: str) -> Any:
    """Run ``command`` with ``args``, stopping at its library call; return the config it would have run."""
    catcher = ConfigCatcher()
    monkeypatch.setattr("summarizer.pipeline.summarize", catcher)
    monkeypatch.setattr("summarizer.pipeline.build", catcher)
    monkeypatch.setattr("summarizer.extract.extract", catcher)
    monkeypatch.setattr("summarizer.evaluate.run_eval", catcher)
    monkeypatch.setattr("summarizer.daily.run.run_daily", catcher)
    before = {
        "summarize": [str(files / "a.txt")],
        "build": [str(files / "a.txt")],
        "extract": [str(files / "a.txt")],
        "eval": [str(files / "pairs.jsonl")],
        "daily": ["--config", str(files / "briefing.toml")],
    }[command]
    args = tuple(str(files / "cache") if a == "CACHE" else a for a in args)
    result = CliRunner().invoke(app, [command, *before, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return catcher.config


def engine_of(config: Any) -> EngineConfig:
    engine = config.engine
    assert isinstance(engine, EngineConfig)
    return engine


def cases(commands: list[str], table: list[tuple[list[str], str, Any]], lacking: dict[str, set[str]]) -> list[Any]:
    """Every row of ``table`` on every command, except the flags a command lacks on purpose."""
    return [
        pytest.param(command, *row, id=f"{command} {' '.join(row[0])}")
        for command in commands
        for row in table
        if row[0][0] not in lacking.get(command, set())
    ]


@pytest.mark.parametrize(
    ("command", "args", "path", "expected"),
    cases(["summarize", "build", "daily", "eval"], ENGINE_FLAGS, {"eval": CACHE_FLAGS}),
)
def test_every_engine_flag_lands_in_the_engine_config(
    monkeypatch: pytest.MonkeyPatch, files: Path, command: str, args: list[str], path: str, expected: Any
) -> None:
    engine = engine_of(invoke(monkeypatch, files, command, *args))
    if expected == "CACHE":
        expected = files / "cache"
    assert attribute(engine, path) == expected
    assert attribute(EngineConfig(), path) != expected  # the flag, not a default, put it there


@pytest.mark.parametrize("command", ["summarize", "build", "daily"])
def test_engine_flags_not_given_leave_the_defaults(monkeypatch: pytest.MonkeyPatch, files: Path, command: str) -> None:
    assert engine_of(invoke(monkeypatch, files, command)) == EngineConfig()


def test_eval_defaults_are_evals_own_without_the_cache(monkeypatch: pytest.MonkeyPatch, files: Path) -> None:
    engine = engine_of(invoke(monkeypatch, files, "eval"))
    default = field_default(EvalConfig, "engine")
    assert engine.max_points == default.max_points == 3
    assert engine.cache is False and engine.model == default.model


# (the settings file's [engine] line, the flag, the EngineConfig attribute path, the file's value, the flag's value)
OVERRIDES: list[tuple[str, list[str], str, Any, Any]] = [
    ('engine = "seq2seq"', ["--engine", "extractive"], "engine", "seq2seq", "extractive"),
    ('model = "file/model"', ["--model", "flag/model"], "model", "file/model", "flag/model"),
    ('device = "cpu"', ["--device", "cuda"], "device", "cpu", "cuda"),
    ("max_points = 3", ["--max-points", "7"], "max_points", 3, 7),
    ("generation = { num_beams = 2 }", ["--num-beams", "5"], "generation.num_beams", 2, 5),
    ("generation = { min_length = 1 }", ["--min-length", "4"], "generation.min_length", 1, 4),
    ("generation = { max_length = 90 }", ["--max-length", "60"], "generation.max_length", 90, 60),
    ("batch_size = 2", ["--batch-size", "16"], "batch_size", 2, 16),
    ('backend = "torch"', ["--backend", "ctranslate2"], "backend", "torch", "ctranslate2"),
    ('compute_type = "int8"', ["--compute-type", "float32"], "compute_type", "int8", "float32"),
    ('dtype = "fp32"', ["--dtype", "bf16"], "dtype", "fp32", "bf16"),
    ("cache = true", ["--no-cache"], "cache", True, False),
    ("quiet = false", ["--quiet"], "quiet", False, True),
]


@pytest.mark.parametrize(("line", "flag", "path", "from_file", "from_flag"), OVERRIDES, ids=lambda v: str(v)[:20])
def test_a_settings_file_value_survives_when_the_flag_is_not_given_and_loses_when_it_is(
    monkeypatch: pytest.MonkeyPatch, files: Path, line: str, flag: list[str], path: str, from_file: Any, from_flag: Any
) -> None:
    (files / "briefing.toml").write_text(f"{TOML}{line}\n", encoding="utf-8")
    assert attribute(invoke(monkeypatch, files, "daily").engine, path) == from_file
    assert attribute(invoke(monkeypatch, files, "daily", *flag).engine, path) == from_flag


def test_daily_flags_override_the_file_and_leave_the_rest(monkeypatch: pytest.MonkeyPatch, files: Path) -> None:
    text = f'title = "From file"\nshow_sources = true\n{TOML}max_points = 3\n[grouping]\nthreshold = 0.5\n'
    (files / "briefing.toml").write_text(text, encoding="utf-8")
    settings = invoke(monkeypatch, files, "daily", "--title", "From flag", "--no-grouping", "--out-dir", "elsewhere")
    assert settings.title == "From flag" and settings.show_sources is True and settings.engine.max_points == 3
    assert settings.grouping.enabled is False and settings.grouping.threshold == 0.5
    assert settings.output.dir == Path("elsewhere").resolve()
    assert settings.config_path == files / "briefing.toml"


READ_FLAGS: list[tuple[list[str], str, Any]] = [
    (["--include", "*.md", "--include", "*.txt"], "include", ("*.md", "*.txt")),
    (["--exclude", "drafts/*"], "exclude", ("drafts/*",)),
    (["--strict"], "strict", True),
    (["--fetch"], "fetch", True),
    (["--inputs-from", "LIST"], "inputs_from", "LIST"),
]


@pytest.mark.parametrize(
    ("command", "args", "name", "expected"),
    # summarize reads one input: no folder filters
    cases(["summarize", "build", "extract"], READ_FLAGS, {"summarize": {"--include", "--exclude"}}),
)
def test_every_reading_flag_lands_in_the_read_options(
    monkeypatch: pytest.MonkeyPatch, files: Path, command: str, args: list[str], name: str, expected: Any
) -> None:
    (files / "list.txt").write_text("a.txt\n", encoding="utf-8")
    args = [str(files / "list.txt") if a == "LIST" else a for a in args]
    if expected == "LIST":
        expected = files / "list.txt"
    read = invoke(monkeypatch, files, command, *args).read
    assert getattr(read, name) == expected != getattr(ReadOptions(), name)
    assert {k: v for k, v in vars(read).items() if k != name} == {
        k: v for k, v in vars(ReadOptions()).items() if k != name
    }


@pytest.mark.parametrize(
    ("command", "args", "name", "expected"),
    [
        ("summarize", [], "format", "text"),
        ("build", [], "format", "md"),
        ("build", ["-o", "x.html"], "format", "html"),
        ("extract", [], "format", "jsonl"),
        ("build", [], "title", "Briefing"),
        ("build", ["--title", "Mine"], "title", "Mine"),
        ("build", ["--show-sources"], "show_sources", True),
        ("build", [], "in_brief", 5),
        ("build", ["--in-brief", "0"], "in_brief", 0),
        ("daily", ["--in-brief", "3"], "in_brief", 3),
        ("summarize", ["--drop-unsupported"], "drop_unsupported", True),
        ("eval", ["--limit", "5"], "limit", 5),
    ],
)
def test_command_options_land_in_the_command_config(
    monkeypatch: pytest.MonkeyPatch, files: Path, command: str, args: list[str], name: str, expected: Any
) -> None:
    assert getattr(invoke(monkeypatch, files, command, *args), name) == expected
