"""The ``briefing`` command line: parse options, build a config, call one library function."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from summarizer import __version__
from summarizer.cli_daily import daily
from summarizer.cli_eval import evaluate_pairs
from summarizer.config import (
    BUILD_FORMATS,
    DEFAULT_MAX_POINTS,
    DEFAULT_MODEL,
    EXTRACT_FORMATS,
    SUMMARIZE_FORMATS,
    BuildConfig,
    ConfigError,
    EngineConfig,
    ExtractConfig,
    GenerationOverrides,
    ReadOptions,
    SummarizeConfig,
    format_for,
    parse_date,
)
from summarizer.models import InputError

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
BeamsOpt = Annotated[int | None, typer.Option("--num-beams", help="Beam search width (default: the model's).")]
MinLenOpt = Annotated[int | None, typer.Option("--min-length", help="Minimum summary length in tokens.")]
MaxLenOpt = Annotated[
    int | None, typer.Option("--max-length", help="Maximum summary length in tokens (start token included).")
]
BatchOpt = Annotated[int, typer.Option("--batch-size", help="Texts per model call.")]
BackendOpt = Annotated[
    str, typer.Option("--backend", help="auto|torch|ctranslate2 (auto: CTranslate2 when installed and able).")
]
ComputeTypeOpt = Annotated[
    str, typer.Option("--compute-type", help="CTranslate2: auto|int8|int8_float32|float32|bfloat16|float16...")
]
DtypeOpt = Annotated[str, typer.Option("--dtype", help="torch: auto|fp32|bf16|fp16 (auto: bf16 where fast).")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the summary cache.")]
CacheDirOpt = Annotated[
    Path | None, typer.Option("--cache-dir", help="Summary cache folder (default: the user cache folder).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")]
EngineOpt = Annotated[
    str, typer.Option("--engine", help="auto|seq2seq|extractive (auto: the model when it loads, else extractive).")
]
DropUnsupportedOpt = Annotated[
    bool, typer.Option("--drop-unsupported", help="Drop points stating numbers, names or quotes the article lacks.")
]
ShowSourcesOpt = Annotated[
    bool, typer.Option("--show-sources", help="Print each point's source sentence(s) (Markdown and text).")
]
IncludeOpt = Annotated[
    list[str] | None, typer.Option("--include", help="In folders, read only files matching this glob (repeatable).")
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option("--exclude", help="In folders, skip files matching this glob (repeatable).")
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Stop at the first bad input; write nothing (exit 1).")]
FetchOpt = Annotated[
    bool, typer.Option("--fetch", help="For feed entries that carry only a teaser, fetch the linked page.")
]
InputsFromOpt = Annotated[
    Path | None, typer.Option("--inputs-from", help="A file listing inputs (paths or URLs), one per line.")
]


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"briefing: error: {message}", err=True)
    raise typer.Exit(code)


def _engine_config(
    model: str, device: str, max_points: int, num_beams: int | None, min_length: int | None,
    max_length: int | None, batch_size: int, *, backend: str = "auto", compute_type: str = "auto",
    dtype: str = "auto", no_cache: bool = False, cache_dir: Path | None = None, quiet: bool = False,
    engine: str = "auto",
) -> EngineConfig:
    generation = GenerationOverrides(num_beams=num_beams, min_length=min_length, max_length=max_length)
    return EngineConfig(
        model=model, device=device, generation=generation, max_points=max_points, batch_size=batch_size,
        backend=backend, compute_type=compute_type, dtype=dtype, cache=not no_cache, cache_dir=cache_dir,
        quiet=quiet, engine=engine,
    )


def _read_options(
    include: list[str] | None, exclude: list[str] | None, strict: bool, fetch: bool, inputs_from: Path | None
) -> ReadOptions:
    return ReadOptions(
        include=tuple(include or ()), exclude=tuple(exclude or ()), strict=strict, fetch=fetch, inputs_from=inputs_from
    )


def _fail_strict(exc: Exception) -> NoReturn:
    _fail(f"{exc} (--strict: stopped, nothing written)", EXIT_PARTIAL)


def _report_errors(errors: Sequence[InputError]) -> None:
    for error in errors:
        typer.echo(f"briefing: {error.input}: {error.error}", err=True)


def _stdin_if_needed(inputs: list[str]) -> bytes | None:
    return sys.stdin.buffer.read() if "-" in inputs else None


@app.command()
def summarize(
    input: Annotated[
        str | None, typer.Argument(help="An article file (text, HTML, feed, JSON), a URL, or - to read stdin.")
    ] = None,
    model: ModelOpt = DEFAULT_MODEL,
    device: DeviceOpt = "auto",
    format: Annotated[str | None, typer.Option("--format", "-f", help="text|md|json")] = None,
    max_points: MaxPointsOpt = DEFAULT_MAX_POINTS,
    num_beams: BeamsOpt = None,
    min_length: MinLenOpt = None,
    max_length: MaxLenOpt = None,
    batch_size: BatchOpt = 8,
    backend: BackendOpt = "auto",
    compute_type: ComputeTypeOpt = "auto",
    dtype: DtypeOpt = "auto",
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    quiet: QuietOpt = False,
    strict: StrictOpt = False,
    fetch: FetchOpt = False,
    inputs_from: InputsFromOpt = None,
    engine_kind: EngineOpt = "auto",
    drop_unsupported: DropUnsupportedOpt = False,
    show_sources: ShowSourcesOpt = False,
) -> None:
    """Print the key points of one article."""
    from summarizer.briefing import summarize as run_summarize
    from summarizer.engines import ModelLoadError
    from summarizer.readers import StrictError

    try:
        engine = _engine_config(
            model, device, max_points, num_beams, min_length, max_length, batch_size, backend=backend,
            compute_type=compute_type, dtype=dtype, no_cache=no_cache, cache_dir=cache_dir, quiet=quiet,
            engine=engine_kind,
        )
        config = SummarizeConfig(
            input=input or "",
            engine=engine,
            format=format_for(None, format, SUMMARIZE_FORMATS, "text"),
            read=_read_options(None, None, strict, fetch, inputs_from),
            drop_unsupported=drop_unsupported,
            show_sources=show_sources,
        )
        result = run_summarize(config, stdin=_stdin_if_needed([input or ""]))
    except (ConfigError, ModelLoadError) as exc:
        _fail(str(exc))
    except StrictError as exc:
        _fail_strict(exc)
    _report_errors(result.briefing.errors)
    if result.briefing.items or config.format == "json":
        typer.echo(result.rendered, nl=False)
    raise typer.Exit(result.exit_code)


@app.command()
def build(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="Article files (text, HTML, feeds, JSON), folders, URLs, or - for stdin.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="md|html|json (default: from --out)")] = None,
    title: Annotated[str, typer.Option("--title", help="The briefing's title.")] = "Briefing",
    date: Annotated[str | None, typer.Option("--date", help="Briefing date, YYYY-MM-DD (default: today).")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="Your own Jinja template.")] = None,
    model: ModelOpt = DEFAULT_MODEL,
    device: DeviceOpt = "auto",
    max_points: MaxPointsOpt = DEFAULT_MAX_POINTS,
    num_beams: BeamsOpt = None,
    min_length: MinLenOpt = None,
    max_length: MaxLenOpt = None,
    batch_size: BatchOpt = 8,
    backend: BackendOpt = "auto",
    compute_type: ComputeTypeOpt = "auto",
    dtype: DtypeOpt = "auto",
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    quiet: QuietOpt = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    strict: StrictOpt = False,
    fetch: FetchOpt = False,
    inputs_from: InputsFromOpt = None,
    engine_kind: EngineOpt = "auto",
    drop_unsupported: DropUnsupportedOpt = False,
    show_sources: ShowSourcesOpt = False,
) -> None:
    """Build a briefing from many articles."""
    from summarizer.briefing import build as run_build
    from summarizer.engines import ModelLoadError
    from summarizer.readers import StrictError

    try:
        engine = _engine_config(
            model, device, max_points, num_beams, min_length, max_length, batch_size, backend=backend,
            compute_type=compute_type, dtype=dtype, no_cache=no_cache, cache_dir=cache_dir, quiet=quiet,
            engine=engine_kind,
        )
        config = BuildConfig(
            inputs=tuple(inputs or ()),
            engine=engine,
            output=out,
            format=format_for(out, format, BUILD_FORMATS, "md"),
            title=title,
            date=parse_date(date),
            template=template,
            read=_read_options(include, exclude, strict, fetch, inputs_from),
            drop_unsupported=drop_unsupported,
            show_sources=show_sources,
        )
        result = run_build(config, stdin=_stdin_if_needed(inputs or []))
    except (ConfigError, ModelLoadError) as exc:
        _fail(str(exc))
    except StrictError as exc:
        _fail_strict(exc)
    _report_errors(result.briefing.errors)
    if result.written_to is None:
        typer.echo(result.rendered, nl=False)
    else:
        n = len(result.briefing.items)
        typer.echo(f"briefing: wrote {result.written_to} ({n} article{'s' if n != 1 else ''})", err=True)
    raise typer.Exit(result.exit_code)


@app.command()
def extract(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="Article files, folders, feeds, URLs, or - for stdin.")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl|json")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    strict: StrictOpt = False,
    fetch: FetchOpt = False,
    inputs_from: InputsFromOpt = None,
) -> None:
    """Print the articles exactly as read (no model): id, input, title, source, url, published, text, notes."""
    from summarizer.extract import extract as run_extract
    from summarizer.readers import StrictError

    try:
        config = ExtractConfig(
            inputs=tuple(inputs or ()),
            format=format_for(None, format, EXTRACT_FORMATS, "jsonl"),
            output=out,
            read=_read_options(include, exclude, strict, fetch, inputs_from),
        )
        result = run_extract(config, stdin=_stdin_if_needed(inputs or []))
    except ConfigError as exc:
        _fail(str(exc))
    except StrictError as exc:
        _fail_strict(exc)
    _report_errors(result.read.errors)
    if result.written_to is None:
        typer.echo(result.rendered, nl=False)
    else:
        n = len(result.read.articles)
        typer.echo(f"briefing: wrote {result.written_to} ({n} article{'s' if n != 1 else ''})", err=True)
    raise typer.Exit(result.exit_code)


app.command()(daily)
app.command(name="eval")(evaluate_pairs)


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
