"""Progress bar on stderr (silent when not a TTY or with --quiet) and the speed options' validation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.config import ConfigError
from summarizer.config.engine import EngineConfig
from summarizer.progress import ProgressBar, progress_line
from tests.fakes import FakeEngine


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_tty() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    for done in range(6):
        bar(done, 5)
    assert not bar.enabled
    assert stream.getvalue() == ""


def test_draws_on_a_tty_and_ends_the_line() -> None:
    stream = FakeTTY()
    bar = ProgressBar(stream)
    bar(0, 3)
    bar(3, 3)
    first, last = stream.getvalue().split("\r")[1:]
    assert first.rstrip() == "[------------------------] 0/3 articles"
    assert last.startswith("[########################] 3/3 articles  ") and last.endswith("ETA 0:00\n")


@pytest.mark.parametrize(
    ("done", "total", "rate", "expected"),
    [
        (0, 4, None, "[------------------------] 0/4 articles"),
        (2, 4, 0.5, "[############------------] 2/4 articles  0.50/s  ETA 0:04"),
        (1, 2, 1 / 3700, "[############------------] 1/2 articles  0.00/s  ETA 1:01:40"),
    ],
)
def test_progress_line(done: int, total: int, rate: float | None, expected: str) -> None:
    assert progress_line(done, total, rate) == expected


def test_quiet_turns_progress_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.pipeline as pipeline
    from summarizer.records import Article

    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")
    monkeypatch.setattr(pipeline, "create_engine", lambda config: FakeEngine())
    article = [Article(input="a.txt", title="A", text="One sentence here.")]
    quiet = pipeline.engine_for(article, EngineConfig(model=str(tmp_path / "m"), quiet=True, cache=False))
    loud = pipeline.engine_for(article, EngineConfig(model=str(tmp_path / "m"), cache=False))
    assert quiet.progress is None  # type: ignore[attr-defined]
    assert isinstance(loud.progress, ProgressBar)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("option", "value"), [("backend", "onnx"), ("compute_type", "int4"), ("dtype", "fp8")])
def test_bad_speed_option_is_a_config_error(option: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"--{option.replace('_', '-')} must be one of"):
        EngineConfig(**{option: value})


@pytest.mark.parametrize("command", ["build", "summarize"])
def test_cli_rejects_bad_backend_with_exit_2(command: str, tmp_path: Path) -> None:
    from summarizer.cli import app

    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome text here.\n")
    result = CliRunner().invoke(app, [command, str(article), "--backend", "onnx"])
    assert result.exit_code == 2
    assert "--backend must be one of auto, torch, ctranslate2" in result.output
