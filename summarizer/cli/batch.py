"""``briefing batch``: summarize many articles on a Ray cluster, one output row per article."""

from __future__ import annotations

from typing import Annotated

import typer

from summarizer.cli.errors import fail
from summarizer.cli.options import (
    BackendOpt,
    BatchOpt,
    BeamsOpt,
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
    QuietOpt,
    engine_config,
    read_options,
)
from summarizer.config import ConfigError
from summarizer.config.defaults import DEFAULT_MAX_POINTS, DEFAULT_MODEL


def batch(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="JSONL/Parquet files or globs (local, s3://, gs://...), folders, feeds: what build reads."),
    ] = None,
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder (local, s3://, gs://...), new or empty.")] = "",
    format: Annotated[str, typer.Option("--format", "-f", help="parquet|jsonl")] = "parquet",
    ray_address: Annotated[
        str, typer.Option("--ray-address", help="local (start one here), auto, ray://HOST:PORT or HOST:PORT.")
    ] = "local",
    actors: Annotated[str, typer.Option("--actors", help="Engine actors: N, or MIN,MAX to autoscale.")] = "1",
    gpus_per_actor: Annotated[float, typer.Option("--gpus-per-actor", help="GPUs per actor (0.5 shares one).")] = 0.0,
    rows_per_batch: Annotated[int, typer.Option("--rows-per-batch", help="Articles per actor call.")] = 64,
    rows_per_file: Annotated[int, typer.Option("--rows-per-file", help="At least this many rows per file.")] = 10_000,
    skip_existing: Annotated[
        str | None, typer.Option("--skip-existing", help="An earlier output: skip articles it summarized (cache key).")
    ] = None,
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
    quiet: QuietOpt = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    fetch: FetchOpt = False,
    inputs_from: InputsFromOpt = None,
    engine_kind: EngineOpt = "auto",
    drop_unsupported: DropUnsupportedOpt = False,
) -> None:
    """Summarize many articles on Ray (local or a cluster): one Parquet/JSONL row per article."""
    from summarizer.batch import BatchConfig, BatchFailed, RayMissing, parse_actors, run_batch
    from summarizer.engines.protocol import ModelLoadError

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
            no_cache=True,  # the SQLite cache is node-local; --skip-existing is the cluster's memory
            quiet=quiet,
            engine=engine_kind,
        )
        config = BatchConfig(
            inputs=tuple(inputs or ()),
            out=out,
            engine=engine,
            format=format,
            ray_address=ray_address,
            actors=parse_actors(actors),
            gpus_per_actor=gpus_per_actor,
            rows_per_batch=rows_per_batch,
            rows_per_file=rows_per_file,
            skip_existing=skip_existing,
            read=read_options(include, exclude, False, fetch, inputs_from),
            drop_unsupported=drop_unsupported,
        )
        result = run_batch(config)
    except (ConfigError, ModelLoadError, RayMissing, BatchFailed) as exc:
        fail(str(exc))
    counts = result.counts
    skipped = f", {result.skipped} skipped (already done)" if config.skip_existing else ""
    typer.echo(
        f"briefing: wrote {result.out}: {counts.done} done, {counts.failed} failed{skipped} ({result.seconds:.1f} s)",
        err=True,
    )
    raise typer.Exit(result.exit_code)
