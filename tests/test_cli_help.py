"""Help people can read: -h, option panels, metavars instead of Python types, examples, whole descriptions."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from summarizer.cli import app

COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]
PANELS = {
    "summarize": ["Input", "Engine & model", "Speed", "Output"],
    "build": ["Input", "Engine & model", "Speed", "Output"],
    "extract": ["Input", "Output"],
    "daily": ["Input", "Engine & model", "Speed", "Output"],
    "eval": ["Input", "Engine & model", "Speed", "Output"],
    "batch": ["Input", "Engine & model", "Speed", "Output"],
    "init": ["Output"],
}


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "-h"])
    assert result.exit_code == 0, result.output
    return result.output


def flat(text: str) -> str:
    """The help without its box drawing and line wrapping."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_the_command_list_shows_each_description_whole() -> None:
    text = flat(help_text())
    assert set(COMMANDS) == set(PANELS)
    for command in COMMANDS.values():
        description = command.short_help or command.help.split("\n\n")[0]
        assert " ".join(description.split()) in text, command.name


@pytest.mark.parametrize("command", sorted(PANELS))
def test_each_command_has_panels_metavars_and_examples(command: str) -> None:
    text = help_text(command)
    assert help_text(command) == CliRunner().invoke(app, [command, "--help"]).output
    for panel in PANELS[command]:
        assert f"─ {panel} ─" in text
    assert "<list[" not in text and "<bool>" not in text and "<str>" not in text
    assert "\x1b[" not in text  # not a terminal: no colour codes
    assert f"Examples: briefing {command} " in flat(text)


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ("build", "--include GLOB"),
        ("build", "--inputs-from FILE"),
        ("build", "--max-points N"),
        ("build", "--out -o FILE"),
        ("build", "--format -f md|html|json"),
        ("summarize", "--format -f text|md|json"),
        ("extract", "--format -f jsonl|json"),
        ("daily", "--config -c FILE"),
        ("daily", "--cache-dir PATH"),
        ("eval", "PAIRS"),
    ],
)
def test_options_show_readable_metavars(command: str, fragment: str) -> None:
    assert fragment in flat(help_text(command))


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ("build", "(default: sshleifer/distilbart-cnn-12-6)"),
        ("build", "Texts per model call. (default: 8)"),
        ("daily", "(default: 4; eval: 3)"),
        ("build", "(default: from --out, else md)"),
    ],
)
def test_help_shows_the_dataclass_defaults(command: str, fragment: str) -> None:
    assert fragment in flat(help_text(command))
