"""``briefing daily``: options on top of ``briefing.toml``; the work happens in :mod:`summarizer.daily`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.config import ConfigError
from summarizer.config.commands import parse_date
from summarizer.exit_codes import EXIT_USAGE


def daily(
    config: Annotated[Path, typer.Option("--config", "-c", help="The settings file.")] = Path("briefing.toml"),
    date: Annotated[str | None, typer.Option("--date", help="Briefing date, YYYY-MM-DD (default: today).")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Take articles published in this window (24h, 2d, 2026-11-28) instead of "
            "those new since the last run.",
        ),
    ] = None,
    step_summary: Annotated[
        Path | None,
        typer.Option("--step-summary", help="Append a Markdown summary of the run here (e.g. $GITHUB_STEP_SUMMARY)."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Overrides the config's title.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Overrides [output] dir.")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="Your own Jinja template for the HTML.")] = None,
    no_grouping: Annotated[
        bool, typer.Option("--no-grouping", help="One item per article, no story grouping.")
    ] = False,
    drop_unsupported: Annotated[
        bool, typer.Option("--drop-unsupported", help="Leave out points the article does not support.")
    ] = False,
    show_sources: Annotated[
        bool, typer.Option("--show-sources", help="Show each point's supporting sentences.")
    ] = False,
    engine_name: Annotated[str | None, typer.Option("--engine", help="auto|seq2seq|extractive")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Hugging Face model id or local folder.")] = None,
    device: Annotated[str | None, typer.Option("--device", help="auto|cpu|cuda|mps")] = None,
    max_points: Annotated[int | None, typer.Option("--max-points", help="At most this many points per item.")] = None,
    num_beams: Annotated[int | None, typer.Option("--num-beams", help="Beam search width.")] = None,
    min_length: Annotated[int | None, typer.Option("--min-length", help="Minimum summary length in tokens.")] = None,
    max_length: Annotated[int | None, typer.Option("--max-length", help="Maximum summary length in tokens.")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Texts per model call.")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="auto|torch|ctranslate2")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the summary cache.")] = False,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Summary cache folder.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written and sent; do neither.")
    ] = False,
) -> None:
    """Build today's briefing from what is new since the last run (settings from briefing.toml).

    Exit codes: 0 written; 1 written, but some inputs failed; 2 usage or settings error; 3 nothing new, nothing written;
    4 written, but delivery failed (the next run re-sends).
    """
    from summarizer.config.daily import GroupingSettings, load_settings
    from summarizer.daily.run import run_daily
    from summarizer.engines.protocol import ModelLoadError

    try:
        overrides = {
            "date": parse_date(date) if date else None,
            "since": since,
            "step_summary": step_summary,
            "title": title,
            "template": template.resolve() if template else None,
            "grouping": GroupingSettings(enabled=False) if no_grouping else None,
            "drop_unsupported": True if drop_unsupported else None,
            "show_sources": True if show_sources else None,
            "dry_run": True if dry_run else None,
        }
        engine = {
            "model": model,
            "device": device,
            "max_points": max_points,
            "num_beams": num_beams,
            "min_length": min_length,
            "max_length": max_length,
            "batch_size": batch_size,
            "backend": backend,
            "cache": False if no_cache else None,
            "cache_dir": cache_dir,
            "quiet": True if quiet else None,
            "engine": engine_name,
        }
        settings = load_settings(config, overrides, engine, out_dir=out_dir)
        result = run_daily(settings)
    except (ConfigError, ModelLoadError) as exc:
        typer.echo(f"briefing: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    for error in result.errors:
        typer.echo(f"briefing: {error.input}: {error.error}", err=True)
    if result.briefing is None:
        typer.echo(
            f"briefing: nothing new since the last run ({result.already_seen} article(s) already covered); "
            "nothing written",
            err=True,
        )
    for path in result.written:
        typer.echo(f"briefing: wrote {path}", err=True)
    for line in result.delivery.lines:
        typer.echo(f"briefing: {line}", err=True)
    for failure in result.delivery.failures:
        typer.echo(f"briefing: delivery failed: {failure}", err=True)
    raise typer.Exit(result.exit_code)
