"""README.md and examples/briefing.toml document the options and settings the CLI and the dataclasses really have."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import typer.main

from summarizer.cli import app
from summarizer.config.daily import GroupingSettings, OutputSettings
from summarizer.config.engine import EngineConfig, GenerationOverrides
from summarizer.config.reading import ReadOptions

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "examples" / "briefing.toml"
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]
ENGINE_COMMANDS = ("summarize", "build", "daily", "eval")
RUN_ONLY = {"--config", "--since", "--date", "--step-summary", "--from-batch"}  # daily flags for one run, not settings
TABLES = {"engine": EngineConfig, "engine.generation": GenerationOverrides, "reading": ReadOptions}
OTHER_TOOL = re.compile(
    r"\b(?:pip install|ray (?:start|job)|kubectl|helm|docker|pytest)\b|benchmarks/\w+\.py --|training\.train_scorer "
)
TABLES |= {"grouping": GroupingSettings, "output": OutputSettings}


def flags_of(command: str) -> set[str]:
    """The long options of ``command``, as the CLI has them."""
    return {o for p in COMMANDS[command].params for o in p.opts if o.startswith("--") and o != "--help"}


def readme_table() -> dict[str, set[str]]:
    """The README's option table: command -> the flags ticked for it."""
    lines = README[README.index("| Option | What it does |") :].split("\n\n")[0].splitlines()
    commands = [c.strip() for c in lines[0].strip("|").split("|")][2:]
    documented: dict[str, set[str]] = {c: set() for c in commands}
    for line in lines[2:]:
        cells = _cells(line)
        flags = set(re.findall(r"`(--[a-z-]+)", cells[0]))
        for command, tick in zip(commands, cells[2:], strict=True):
            if tick == "✓":
                documented[command] |= flags
    return documented


def _cells(line: str) -> list[str]:
    """The cells of a table row (``\\|`` is a | inside a cell)."""
    return [c.strip().replace("\0", "|") for c in line.replace("\\|", "\0").strip("|").split("|")]


def test_the_readme_table_ticks_exactly_each_commands_options() -> None:
    documented = readme_table()
    assert set(documented) == set(COMMANDS)
    for command, flags in documented.items():
        assert flags == flags_of(command), command


def test_every_flag_the_readme_names_exists() -> None:
    every = set().union(*(flags_of(c) for c in COMMANDS))
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", _without_other_tools(README))) - {"--help"}
    assert named <= every, sorted(named - every)


def _without_other_tools(text: str) -> str:
    """The README without the lines that run other programs (pip, ray, kubectl...), whose flags are theirs."""
    return "\n".join(line for line in text.splitlines() if not OTHER_TOOL.search(line))


def engine_flag(name: str) -> str:
    return "--no-cache" if name == "cache" else "--" + name.replace("_", "-")


@pytest.mark.parametrize("command", ENGINE_COMMANDS)
def test_every_engine_setting_has_a_flag_on_every_engine_command(command: str) -> None:
    names = [f.name for f in dataclasses.fields(EngineConfig) if f.name != "generation"]
    names += [f.name for f in dataclasses.fields(GenerationOverrides)]
    expected = {engine_flag(n) for n in names} - ({"--no-cache", "--cache-dir"} if command == "eval" else set())
    assert expected <= flags_of(command)


def test_the_example_config_lists_the_flags_that_override_it() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    overriding = text[text.index("Command-line flags") : text.index("\ntitle =")]
    listed = set(re.findall(r"--[a-z-]+", overriding))
    assert listed == flags_of("daily") - RUN_ONLY


def example_keys() -> dict[str, set[str]]:
    """Every key of the example's tables, set or commented out (``# key = ...``: it must stay valid too)."""
    keys: dict[str, set[str]] = {}
    table = ""
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if header := re.fullmatch(r"\[+([\w.]+)\]+", line.strip()):
            table = header.group(1)
        elif key := re.match(r"#?\s?(\w+) = ", line):
            keys.setdefault(table, set()).add(key.group(1))
    return keys


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_key_in_the_example_config_is_a_field(table: str) -> None:
    fields = {f.name for f in dataclasses.fields(TABLES[table])}
    keys = example_keys()[table]
    assert keys and keys <= fields, sorted(keys - fields)
