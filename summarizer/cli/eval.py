"""``briefing eval``: options only; the work happens in :mod:`summarizer.evaluate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.config import ConfigError
from summarizer.config.commands import EvalConfig
from summarizer.config.defaults import DEFAULT_MODEL
from summarizer.config.engine import EngineConfig
from summarizer.exit_codes import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE


def _progress(done: int, total: int) -> None:
    typer.echo(f"\rbriefing: eval: {done}/{total} articles", err=True, nl=done == total)


def evaluate_pairs(
    pairs: Annotated[Path, typer.Argument(help="JSONL file of {id, article, reference} lines (dataset optional).")],
    engine: Annotated[str, typer.Option("--engine", help="auto|seq2seq|extractive")] = "auto",
    model: Annotated[str, typer.Option("--model", help="Hugging Face model id or local model folder.")] = DEFAULT_MODEL,
    device: Annotated[str, typer.Option("--device", help="auto|cpu|cuda|mps")] = "auto",
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N pairs.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write predictions here as JSONL.")] = None,
    max_points: Annotated[
        int, typer.Option("--max-points", help="Key points per article (3, like Lead-3 and CNN/DM highlights).")
    ] = 3,
    drop_unsupported: Annotated[
        bool, typer.Option("--drop-unsupported", help="Score with flagged points dropped.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Score key points against reference summaries: ROUGE-1/2/Lsum F1, with Lead-3 in the same run."""
    from summarizer.engines.protocol import ModelLoadError
    from summarizer.evaluate import run_eval

    try:
        engine_config = EngineConfig(model=model, device=device, max_points=max_points, engine=engine, cache=False)
        config = EvalConfig(
            pairs=pairs, engine=engine_config, limit=limit, output=out, drop_unsupported=drop_unsupported
        )
        report, table = run_eval(config, progress=None if quiet else _progress)
    except (ConfigError, ModelLoadError) as exc:
        typer.echo(f"briefing: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(table, nl=False)
    if out is not None:
        typer.echo(f"briefing: wrote {out}", err=True)
    raise typer.Exit(EXIT_PARTIAL if report.failed else EXIT_OK)
