"""``briefing eval``: options only; the work happens in :mod:`summarizer.evaluate`."""

# No `from __future__ import annotations`: typer reads the commands' signatures at run time, where a string annotation
# costs a compile and an eval each (about 5 ms of every run, issue 13).

import sys

import typer

from summarizer.cli import flags as fl
from summarizer.cli import options as o
from summarizer.cli.errors import report_written, user_errors
from summarizer.config.commands import EvalConfig
from summarizer.config.mapping import field_default, given, with_given
from summarizer.exit_codes import EXIT_OK, EXIT_PARTIAL

EVAL_EXAMPLES = """Examples:

briefing eval ../shared/eval/news_pairs/dev.jsonl --engine extractive
briefing eval pairs.jsonl --model path/to/model --limit 50 --out predictions.jsonl
"""


def _progress(done: int, total: int) -> None:
    # Redrawn in place on a terminal; a log (CI) gets no carriage returns, only the last count.
    if sys.stderr.isatty():
        typer.echo(f"\rbriefing: eval: {done}/{total} articles", err=True, nl=done == total)
    elif done == total:
        typer.echo(f"briefing: eval: {done}/{total} articles", err=True)


def evaluate_pairs(
    pairs: o.PairsArg,
    limit: o.LimitOpt = None,
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
    out: o.OutOpt = None,
    drop_unsupported: o.DropUnsupportedOpt = False,
    quiet: o.QuietOpt = False,
) -> None:
    """Score key points against reference summaries: ROUGE-1/2/Lsum F1, with Lead-3 in the same run."""
    from summarizer.evaluate import run_eval

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
        quiet=quiet,
    )
    with user_errors():
        # scores measure the engine itself: no summary cache (eval has no cache flags)
        engine = with_given(field_default(EvalConfig, "engine"), {**flags, "cache": False})
        config = EvalConfig(
            pairs=pairs, engine=engine, limit=limit, output=out, **given(drop_unsupported=fl.on(drop_unsupported))
        )
        report, table = run_eval(config, progress=None if quiet else _progress)
    typer.echo(table, nl=False)
    if out is not None:
        report_written(out)
    raise typer.Exit(EXIT_PARTIAL if report.failed else EXIT_OK)
