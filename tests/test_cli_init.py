"""`briefing init`: a commented starter briefing.toml that `briefing daily` accepts as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config.daily import load_settings
from summarizer.config.starter import starter_text

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "briefing.toml"


def test_init_writes_a_starter_daily_loads(tmp_path: Path) -> None:
    target = tmp_path / "news" / "briefing.toml"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == starter_text()
    assert (tmp_path / "news" / "sources").is_dir()
    assert f"Wrote {target}" in result.stdout
    assert f"Next: briefing daily --config {target}" in result.stdout
    settings = load_settings(target)
    assert settings.sources == (str(tmp_path / "news" / "sources"),)
    assert settings.output.dir == tmp_path / "news" / "briefings"


def test_init_defaults_to_briefing_toml_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "briefing.toml").is_file() and (tmp_path / "sources").is_dir()
    assert result.stdout.splitlines()[-1] == "Next: briefing daily"


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "briefing.toml"
    target.write_text("title = 'mine'\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "title = 'mine'\n"
    result = runner.invoke(app, ["init", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == starter_text()


def test_init_on_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_daily_runs_on_the_starter(tmp_path: Path) -> None:
    target = tmp_path / "briefing.toml"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    (tmp_path / "sources" / "a.txt").write_text(
        "Budget approved\n\nThe council approved the budget on Monday. Critics said it came too late.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["daily", "--config", str(target), "--engine", "extractive", "-q"])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "briefings").glob("*.html"))


def _keys(text: str) -> set[str]:
    return set(re.findall(r"^#? ?(\w+) = ", text, flags=re.MULTILINE))


def test_the_starter_keeps_to_the_example_s_settings() -> None:
    # every key the starter sets or shows is one the full example documents, so the two cannot drift apart
    assert _keys(starter_text()) <= _keys(EXAMPLE.read_text(encoding="utf-8"))
