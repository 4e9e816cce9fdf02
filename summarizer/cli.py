"""The ``briefing`` command line: parse options, build a config, call one library function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from summarizer import __version__
from summarizer.config import (
    BUILD_FORMATS,
    DEFAULT_MODEL,
    SUMMARIZE_FORMATS,
    BuildConfig,
    ConfigError,
    EngineConfig,
    GenerationOverrides,
    SummarizeConfig,
    format_for,
    parse_date,
)

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="briefing",
    help="Turn a pile of articles into a briefing you read in two minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ModelOpt = Annotated[str, typer.Option("--model", help="Hugging Face model id or local model folder.")]
DeviceOpt = Annotated[str, typer.Option("--device", help="auto|cpu|cuda|mps")]
MaxPointsOpt = Annotated[int, typer.Option("--max-points", help="At most this many key points per article.")]
BeamsOpt = Annotated[Optional[int], typer.Option("--num-beams", help="Beam search width (default: the model's).")]
MinLenOpt = Annotated[Optional[int], typer.Option("--min-length", help="Minimum summary length in tokens.")]
MaxLenOpt = Annotated[
    Optional[int], typer.Option("--max-length", help="Maximum summary length in tokens (start token included).")
]
BatchOpt = Annotated[int, typer.Option("--batch-size", help="Texts per model call.")]


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"briefing: error: {message}", err=True)
    raise typer.Exit(code)


def _engine_config(
    model: str, device: str, max_points: int, num_beams: int | None, min_length: int | None,
    max_length: int | None, batch_size: int,
) -> EngineConfig:
    generation = GenerationOverrides(num_beams=num_beams, min_length=min_length, max_length=max_length)
    return EngineConfig(
        model=model, device=device, generation=generation, max_points=max_points, batch_size=batch_size
    )


def _report_errors(errors: list) -> None:  # type: ignore[type-arg]
    for error in errors:
        typer.echo(f"briefing: {error.input}: {error.error}", err=True)


def _stdin_if_needed(inputs: list[str]) -> bytes | None:
    return sys.stdin.buffer.read() if "-" in inputs else None


@app.command()
def summarize(
    input: Annotated[str, typer.Argument(help="An article file, or - to read stdin.")],
    model: ModelOpt = DEFAULT_MODEL,
    device: DeviceOpt = "auto",
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="text|md|json")] = None,
    max_points: MaxPointsOpt = 5,
    num_beams: BeamsOpt = None,
    min_length: MinLenOpt = None,
    max_length: MaxLenOpt = None,
    batch_size: BatchOpt = 8,
) -> None:
    """Print the key points of one article."""
    from summarizer.briefing import summarize as run_summarize
    from summarizer.engines import ModelLoadError

    try:
        engine = _engine_config(model, device, max_points, num_beams, min_length, max_length, batch_size)
        config = SummarizeConfig(input=input, engine=engine, format=format_for(None, format, SUMMARIZE_FORMATS, "text"))
        result = run_summarize(config, stdin=_stdin_if_needed([input]))
    except (ConfigError, ModelLoadError) as exc:
        _fail(str(exc))
    _report_errors(result.briefing.errors)
    if result.briefing.items or config.format == "json":
        typer.echo(result.rendered, nl=False)
    raise typer.Exit(result.exit_code)


@app.command()
def build(
    inputs: Annotated[list[str], typer.Argument(help="Article files, folders, or - for stdin.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="md|html|json (default: from --out)")] = None,
    title: Annotated[str, typer.Option("--title", help="The briefing's title.")] = "Briefing",
    date: Annotated[Optional[str], typer.Option("--date", help="The briefing's date, YYYY-MM-DD (default: today).")] = None,
    template: Annotated[Optional[Path], typer.Option("--template", help="Your own Jinja template.")] = None,
    model: ModelOpt = DEFAULT_MODEL,
    device: DeviceOpt = "auto",
    max_points: MaxPointsOpt = 5,
    num_beams: BeamsOpt = None,
    min_length: MinLenOpt = None,
    max_length: MaxLenOpt = None,
    batch_size: BatchOpt = 8,
) -> None:
    """Build a briefing from many articles."""
    from summarizer.briefing import build as run_build
    from summarizer.engines import ModelLoadError

    try:
        engine = _engine_config(model, device, max_points, num_beams, min_length, max_length, batch_size)
        config = BuildConfig(
            inputs=tuple(inputs),
            engine=engine,
            output=out,
            format=format_for(out, format, BUILD_FORMATS, "md"),
            title=title,
            date=parse_date(date),
            template=template,
        )
        result = run_build(config, stdin=_stdin_if_needed(inputs))
    except (ConfigError, ModelLoadError) as exc:
        _fail(str(exc))
    _report_errors(result.briefing.errors)
    if result.written_to is None:
        typer.echo(result.rendered, nl=False)
    else:
        n = len(result.briefing.items)
        typer.echo(f"briefing: wrote {result.written_to} ({n} article{'s' if n != 1 else ''})", err=True)
    raise typer.Exit(result.exit_code)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"briefing-summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Turn a pile of articles into a briefing you read in two minutes."""


def main() -> None:
    """Entry point of the ``briefing`` command."""
    app()
