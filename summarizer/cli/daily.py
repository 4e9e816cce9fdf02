"""``briefing daily``: flags on top of ``briefing.toml``; the work happens in :mod:`summarizer.daily`."""

# No `from __future__ import annotations`: typer reads the commands' signatures at run time, where a string annotation
# costs a compile and an eval each (about 5 ms of every run, issue 13).

from pathlib import Path

import typer

from summarizer.cli import flags as fl
from summarizer.cli import options as o
from summarizer.cli.errors import report_errors, report_written, user_errors
from summarizer.config.commands import parse_date
from summarizer.config.defaults import DAILY_CONFIG

DAILY_EXAMPLES = """Examples:

briefing daily --config examples/briefing.toml
briefing daily --config examples/briefing.toml --since 24h
briefing daily --date 2026-11-29 --step-summary "$GITHUB_STEP_SUMMARY"
briefing daily --from-batch out/2026-11-29 --date 2026-11-29   # a briefing batch output's rows of that day

Exit codes: 0 written; 1 written, but some inputs failed; 2 usage or settings error; 3 nothing new, nothing written;
4 written, but delivery failed (the next run re-sends it).
"""


def daily(
    config: o.ConfigOpt = Path(DAILY_CONFIG),
    since: o.SinceOpt = None,
    from_batch: o.FromBatchOpt = None,
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
    out_dir: o.OutDirOpt = None,
    title: o.TitleOpt = None,
    date: o.DateOpt = None,
    template: o.TemplateOpt = None,
    step_summary: o.StepSummaryOpt = None,
    no_grouping: o.NoGroupingOpt = False,
    drop_unsupported: o.DropUnsupportedOpt = False,
    show_sources: o.ShowSourcesOpt = False,
    in_brief: o.InBriefOpt = None,
    quiet: o.QuietOpt = False,
    dry_run: o.DryRunOpt = False,
) -> None:
    """Build today's briefing from what is new since the last run (settings from briefing.toml)."""
    from summarizer.config.daily import load_settings
    from summarizer.daily.report import nothing_written
    from summarizer.daily.run import run_daily

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
        fl.refuse_with_batch_output(from_batch, flags, {"drop_unsupported": fl.on(drop_unsupported)})
        run_flags = {
            "date": parse_date(date) if date else None,
            "since": since,
            "step_summary": step_summary,
            "title": title,
            "template": template.resolve() if template else None,
            "grouping": {"enabled": False if no_grouping else None},
            "drop_unsupported": fl.on(drop_unsupported),
            "show_sources": fl.on(show_sources),
            "in_brief": in_brief,
            "dry_run": fl.on(dry_run),
            "from_batch": from_batch,
        }
        result = run_daily(load_settings(config, run_flags, flags, out_dir=out_dir))
    report_errors(result.errors)
    if result.briefing is None:
        typer.echo(f"briefing: {nothing_written(since, result.already_seen)}", err=True)
    for path in result.written:
        report_written(path)
    for line in result.left_out:  # per_source_limit: what was left out is said, never silent
        typer.echo(f"briefing: {line}", err=True)
    for line in result.delivery.lines:
        typer.echo(f"briefing: {line}", err=True)
    for failure in result.delivery.failures:
        typer.echo(f"briefing: delivery failed: {failure}", err=True)
    raise typer.Exit(result.exit_code)
