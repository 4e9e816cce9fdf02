"""``briefing summarize``, ``build`` and ``extract``: options in, one config, one library call, output out."""

# No `from __future__ import annotations`: typer reads the commands' signatures at run time, where a string annotation
# costs a compile and an eval each (about 5 ms of every run, issue 13).

import typer

from summarizer.cli import flags as fl
from summarizer.cli import options as o
from summarizer.cli.errors import report_errors, report_written, user_errors
from summarizer.config.commands import BuildConfig, ExtractConfig, SummarizeConfig, format_for, parse_date
from summarizer.config.defaults import BUILD_FORMATS, EXTRACT_FORMATS, SUMMARIZE_FORMATS
from summarizer.config.engine import EngineConfig
from summarizer.config.mapping import field_default, given, with_given
from summarizer.config.reading import ReadOptions

SUMMARIZE_EXAMPLES = """Examples:

briefing summarize article.md
briefing summarize a.txt b.md --format md
briefing summarize - < article.txt --format json
briefing summarize https://example.org/news/1 --engine extractive
"""

BUILD_EXAMPLES = """Examples:

briefing build articles/ -o today.html --title "Morning briefing"
briefing build a.md b.txt -o today.md
briefing build inbox/ --exclude 'drafts/*' --backend torch --dtype bf16
briefing build --from-batch out/2026-11-30 -o today.html     # render a briefing batch output, no model
"""

EXTRACT_EXAMPLES = """Examples:

briefing extract inbox/ https://example.org/feed.xml --inputs-from sources.txt
briefing extract inbox/ --format json --exclude 'drafts/*'
"""


def summarize(
    inputs: o.SummarizeInputsArg = None,
    format: o.SummarizeFormatOpt = None,
    inputs_from: o.InputsFromOpt = None,
    strict: o.StrictOpt = False,
    fetch: o.FetchOpt = False,
    engine_kind: o.EngineOpt = None,
    model: o.ModelOpt = None,
    device: o.DeviceOpt = None,
    max_points: o.MaxPointsOpt = None,
    num_beams: o.BeamsOpt = None,
    min_length: o.MinLenOpt = None,
    max_length: o.MaxLenOpt = None,
    backend: o.BackendOpt = None,
    compute_type: o.ComputeTypeOpt = None,
    dtype: o.DtypeOpt = None,
    batch_size: o.BatchOpt = None,
    threads: o.ThreadsOpt = None,
    parallel_batches: o.ParallelBatchesOpt = None,
    no_cache: o.NoCacheOpt = False,
    cache_dir: o.CacheDirOpt = None,
    drop_unsupported: o.DropUnsupportedOpt = False,
    show_sources: o.ShowSourcesOpt = False,
    quiet: o.QuietOpt = False,
) -> None:
    """Print the key points of one or more articles."""
    from summarizer.pipeline import summarize as run_summarize

    flags = fl.engine_flags(
        engine=engine_kind,
        model=model,
        device=device,
        max_points=max_points,
        num_beams=num_beams,
        min_length=min_length,
        max_length=max_length,
        batch_size=batch_size,
        threads=threads,
        parallel_batches=parallel_batches,
        backend=backend,
        compute_type=compute_type,
        dtype=dtype,
        no_cache=no_cache,
        cache_dir=cache_dir,
        quiet=quiet,
    )
    with user_errors():
        config = SummarizeConfig(
            inputs=tuple(inputs or ()),
            engine=with_given(EngineConfig(), flags),
            format=format_for(None, format, SUMMARIZE_FORMATS, field_default(SummarizeConfig, "format")),
            read=with_given(ReadOptions(), fl.read_flags(None, None, strict, fetch, inputs_from)),
            **given(drop_unsupported=fl.on(drop_unsupported), show_sources=fl.on(show_sources)),
        )
        result = run_summarize(config, stdin=fl.stdin_if_needed(inputs or []))
    report_errors(result.briefing.errors)
    if result.briefing.items or config.format == "json":
        typer.echo(result.rendered, nl=False)
    raise typer.Exit(result.exit_code)


def build(
    inputs: o.InputsArg = None,
    from_batch: o.FromBatchOpt = None,
    inputs_from: o.InputsFromOpt = None,
    include: o.IncludeOpt = None,
    exclude: o.ExcludeOpt = None,
    strict: o.StrictOpt = False,
    fetch: o.FetchOpt = False,
    engine_kind: o.EngineOpt = None,
    model: o.ModelOpt = None,
    device: o.DeviceOpt = None,
    max_points: o.MaxPointsOpt = None,
    num_beams: o.BeamsOpt = None,
    min_length: o.MinLenOpt = None,
    max_length: o.MaxLenOpt = None,
    backend: o.BackendOpt = None,
    compute_type: o.ComputeTypeOpt = None,
    dtype: o.DtypeOpt = None,
    batch_size: o.BatchOpt = None,
    threads: o.ThreadsOpt = None,
    parallel_batches: o.ParallelBatchesOpt = None,
    no_cache: o.NoCacheOpt = False,
    cache_dir: o.CacheDirOpt = None,
    out: o.OutOpt = None,
    format: o.BuildFormatOpt = None,
    title: o.TitleOpt = None,
    date: o.DateOpt = None,
    template: o.TemplateOpt = None,
    drop_unsupported: o.DropUnsupportedOpt = False,
    show_sources: o.ShowSourcesOpt = False,
    in_brief: o.InBriefOpt = None,
    quiet: o.QuietOpt = False,
) -> None:
    """Build a briefing (Markdown, HTML, JSON) from many articles."""
    from summarizer.pipeline import build as run_build

    flags = fl.engine_flags(
        engine=engine_kind,
        model=model,
        device=device,
        max_points=max_points,
        num_beams=num_beams,
        min_length=min_length,
        max_length=max_length,
        batch_size=batch_size,
        threads=threads,
        parallel_batches=parallel_batches,
        backend=backend,
        compute_type=compute_type,
        dtype=dtype,
        no_cache=no_cache,
        cache_dir=cache_dir,
        quiet=quiet,
    )
    read_flags = fl.read_flags(include, exclude, strict, fetch, inputs_from)
    with user_errors():
        reading = {k: v for k, v in read_flags.items() if k != "inputs_from"}  # with INPUT: BuildConfig says
        fl.refuse_with_batch_output(from_batch, flags, reading, {"drop_unsupported": fl.on(drop_unsupported)})
        config = BuildConfig(
            inputs=tuple(inputs or ()),
            engine=with_given(EngineConfig(), flags),
            output=out,
            format=format_for(out, format, BUILD_FORMATS, field_default(BuildConfig, "format")),
            date=parse_date(date),
            template=template,
            read=with_given(ReadOptions(), read_flags),
            from_batch=from_batch,
            **given(
                title=title,
                drop_unsupported=fl.on(drop_unsupported),
                show_sources=fl.on(show_sources),
                in_brief=in_brief,
            ),
        )
        result = run_build(config, stdin=fl.stdin_if_needed(inputs or []))
    report_errors(result.briefing.errors)
    for note in result.notes:
        typer.echo(f"briefing: {note}", err=True)
    if result.written_to is None:
        typer.echo(result.rendered, nl=False)
    else:
        report_written(result.written_to, len(result.briefing.items))
    raise typer.Exit(result.exit_code)


def extract(
    inputs: o.InputsArg = None,
    inputs_from: o.InputsFromOpt = None,
    include: o.IncludeOpt = None,
    exclude: o.ExcludeOpt = None,
    strict: o.StrictOpt = False,
    fetch: o.FetchOpt = False,
    out: o.OutOpt = None,
    format: o.ExtractFormatOpt = None,
) -> None:
    """Print the articles exactly as read, no model: id, input, title, source, url, published, text, notes."""
    from summarizer.extract import extract as run_extract

    with user_errors():
        config = ExtractConfig(
            inputs=tuple(inputs or ()),
            format=format_for(None, format, EXTRACT_FORMATS, field_default(ExtractConfig, "format")),
            output=out,
            read=with_given(ReadOptions(), fl.read_flags(include, exclude, strict, fetch, inputs_from)),
        )
        result = run_extract(config, stdin=fl.stdin_if_needed(inputs or []))
    report_errors(result.read.errors)
    if result.written_to is None:
        typer.echo(result.rendered, nl=False)
    else:
        report_written(result.written_to, len(result.read.articles))
    raise typer.Exit(result.exit_code)
