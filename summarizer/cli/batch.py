"""``briefing batch``: summarize many articles on a Ray cluster, one output row per article."""

# No `from __future__ import annotations`: typer reads the commands' signatures at run time, where a string annotation
# costs a compile and an eval each (about 5 ms of every run, issue 13).

from typing import Annotated

import typer

from summarizer.cli import flags as fl
from summarizer.cli import options as o
from summarizer.cli.errors import fail, user_errors
from summarizer.config.defaults import (
    BATCH_ACTORS,
    BATCH_FORMATS,
    BATCH_RAY_ADDRESS,
    BATCH_ROWS_PER_BATCH,
    BATCH_ROWS_PER_FILE,
)
from summarizer.config.engine import EngineConfig
from summarizer.config.mapping import given, with_given
from summarizer.config.reading import ReadOptions

# The options only batch has (the shared ones are declared in options.py).
BatchInputsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="INPUT",
        help="JSONL/Parquet files or globs (local, s3://, gs://...), or the folders and feeds build reads; no stdin.",
        show_default=False,
    ),
]
BatchFormatOpt = Annotated[str | None, o.format_option(BATCH_FORMATS, BATCH_FORMATS[0])]
BatchOutOpt = Annotated[
    str,
    typer.Option(
        "--out",
        "-o",
        metavar="DIR|URL",
        help="Output folder (local, s3://, gs://...), new or empty.",
        rich_help_panel=o.OUTPUT,
    ),
]
SkipExistingOpt = Annotated[
    str | None,
    typer.Option(
        "--skip-existing",
        metavar="DIR|URL",
        help="An earlier batch output: skip the articles it summarized (by cache key).",
        rich_help_panel=o.INPUT,
    ),
]
RayAddressOpt = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        metavar="ADDRESS",
        help=o.with_default("local (start one here), auto, ray://HOST:PORT or HOST:PORT.", BATCH_RAY_ADDRESS),
        rich_help_panel=o.SPEED,
    ),
]
ActorsOpt = Annotated[
    str | None,
    typer.Option(
        "--actors",
        metavar="N|MIN,MAX",
        help=o.with_default("Engine actors (MIN,MAX autoscales).", BATCH_ACTORS),
        rich_help_panel=o.SPEED,
    ),
]
GpusPerActorOpt = Annotated[
    float | None,
    typer.Option(
        "--gpus-per-actor",
        metavar="F",
        help=o.with_default("GPUs per actor (0.5 shares one).", "0"),
        rich_help_panel=o.SPEED,
    ),
]
RowsPerBatchOpt = Annotated[
    int | None,
    typer.Option(
        "--rows-per-batch",
        metavar="N",
        help=o.with_default("Articles per actor call.", BATCH_ROWS_PER_BATCH),
        rich_help_panel=o.SPEED,
    ),
]
RowsPerFileOpt = Annotated[
    int | None,
    typer.Option(
        "--rows-per-file",
        metavar="N",
        help=o.with_default("At least this many rows per file.", BATCH_ROWS_PER_FILE),
        rich_help_panel=o.OUTPUT,
    ),
]

BATCH_EXAMPLES = """Examples:

briefing batch 'in/*.jsonl' notes/ --out out/day1 --engine extractive
briefing batch in.jsonl --out out/day2 --format jsonl --skip-existing out/day1
briefing batch 's3://bucket/in/*.parquet' --out s3://bucket/out/r1 --ray-address auto --actors 2,8 --gpus-per-actor 1

Exit codes: 0 every row done; 1 some rows have an error; 2 usage error, no Ray, or the run stopped.
"""


def batch(
    inputs: BatchInputsArg = None,
    inputs_from: o.InputsFromOpt = None,
    include: o.IncludeOpt = None,
    exclude: o.ExcludeOpt = None,
    fetch: o.FetchOpt = False,
    skip_existing: SkipExistingOpt = None,
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
    ray_address: RayAddressOpt = None,
    actors: ActorsOpt = None,
    gpus_per_actor: GpusPerActorOpt = None,
    rows_per_batch: RowsPerBatchOpt = None,
    out: BatchOutOpt = "",
    format: BatchFormatOpt = None,
    rows_per_file: RowsPerFileOpt = None,
    drop_unsupported: o.DropUnsupportedOpt = False,
    quiet: o.QuietOpt = False,
) -> None:
    """Summarize many articles on Ray (local or a cluster): one Parquet/JSONL row per article."""
    from summarizer.batch import BatchConfig, BatchFailed, RayMissing, parse_actors, run_batch

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
        no_cache=True,  # the SQLite cache is node-local; --skip-existing is the cluster's memory
        quiet=quiet,
    )
    with user_errors():
        config = BatchConfig(
            inputs=tuple(inputs or ()),
            out=out,
            engine=with_given(EngineConfig(), flags),
            actors=parse_actors(actors or BATCH_ACTORS),
            read=with_given(ReadOptions(), fl.read_flags(include, exclude, False, fetch, inputs_from)),
            **given(
                format=format,
                ray_address=ray_address,
                gpus_per_actor=gpus_per_actor,
                rows_per_batch=rows_per_batch,
                rows_per_file=rows_per_file,
                skip_existing=skip_existing,
                drop_unsupported=fl.on(drop_unsupported),
            ),
        )
        try:
            result = run_batch(config)
        except (RayMissing, BatchFailed) as exc:
            fail(str(exc))
    counts = result.counts
    skipped = f", {result.skipped} skipped (already done)" if config.skip_existing else ""
    typer.echo(
        f"briefing: wrote {result.out}: {counts.done} done, {counts.failed} failed{skipped} ({result.seconds:.1f} s)",
        err=True,
    )
    raise typer.Exit(result.exit_code)
