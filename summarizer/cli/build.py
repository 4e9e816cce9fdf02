"""``briefing summarize``, ``build`` and ``extract``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.errors import fail, fail_strict, report_errors
from summarizer.cli.options import (
    BackendOpt,
    BatchOpt,
    BeamsOpt,
    CacheDirOpt,
    ComputeTypeOpt,
    DeviceOpt,
    DropUnsupportedOpt,
    DtypeOpt,
    EngineOpt,
    ExcludeOpt,
    FetchOpt,
    IncludeOpt,
    InputsFromOpt,
    MaxLenOpt,
    MaxPointsOpt,
    MinLenOpt,
    ModelOpt,
    NoCacheOpt,
    QuietOpt,
    ShowSourcesOpt,
    StrictOpt,
    engine_config,
    read_options,
    stdin_if_needed,
)
from summarizer.config import ConfigError
from summarizer.config.commands import BuildConfig, ExtractConfig, SummarizeConfig, format_for, parse_date
from summarizer.config.defaults import (
    BUILD_FORMATS,
    DEFAULT_MAX_POINTS,
    DEFAULT_MODEL,
    EXTRACT_FORMATS,
    SUMMARIZE_FORMATS,
)


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
    from summarizer.engines.protocol import ModelLoadError
    from summarizer.pipeline import summarize as run_summarize
    from summarizer.readers import StrictError

    try:
        engine = engine_config(
            model,
            device,
            max_points,
            num_beams,
            min_length,
            max_length,
            batch_size,
            backend=backend,
            compute_type=compute_type,
            dtype=dtype,
            no_cache=no_cache,
            cache_dir=cache_dir,
            quiet=quiet,
            engine=engine_kind,
        )
        config = SummarizeConfig(
            input=input or "",
            engine=engine,
            format=format_for(None, format, SUMMARIZE_FORMATS, "text"),
            read=read_options(None, None, strict, fetch, inputs_from),
            drop_unsupported=drop_unsupported,
            show_sources=show_sources,
        )
        result = run_summarize(config, stdin=stdin_if_needed([input or ""]))
    except (ConfigError, ModelLoadError) as exc:
        fail(str(exc))
    except StrictError as exc:
        fail_strict(exc)
    report_errors(result.briefing.errors)
    if result.briefing.items or config.format == "json":
        typer.echo(result.rendered, nl=False)
    raise typer.Exit(result.exit_code)


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
    from summarizer.engines.protocol import ModelLoadError
    from summarizer.pipeline import build as run_build
    from summarizer.readers import StrictError

    try:
        engine = engine_config(
            model,
            device,
            max_points,
            num_beams,
            min_length,
            max_length,
            batch_size,
            backend=backend,
            compute_type=compute_type,
            dtype=dtype,
            no_cache=no_cache,
            cache_dir=cache_dir,
            quiet=quiet,
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
            read=read_options(include, exclude, strict, fetch, inputs_from),
            drop_unsupported=drop_unsupported,
            show_sources=show_sources,
        )
        result = run_build(config, stdin=stdin_if_needed(inputs or []))
    except (ConfigError, ModelLoadError) as exc:
        fail(str(exc))
    except StrictError as exc:
        fail_strict(exc)
    report_errors(result.briefing.errors)
    if result.written_to is None:
        typer.echo(result.rendered, nl=False)
    else:
        n = len(result.briefing.items)
        typer.echo(f"briefing: wrote {result.written_to} ({n} article{'s' if n != 1 else ''})", err=True)
    raise typer.Exit(result.exit_code)


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
            read=read_options(include, exclude, strict, fetch, inputs_from),
        )
        result = run_extract(config, stdin=stdin_if_needed(inputs or []))
    except ConfigError as exc:
        fail(str(exc))
    except StrictError as exc:
        fail_strict(exc)
    report_errors(result.read.errors)
    if result.written_to is None:
        typer.echo(result.rendered, nl=False)
    else:
        n = len(result.read.articles)
        typer.echo(f"briefing: wrote {result.written_to} ({n} article{'s' if n != 1 else ''})", err=True)
    raise typer.Exit(result.exit_code)
