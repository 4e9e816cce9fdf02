"""``briefing batch``: summarize many articles on a Ray cluster, one output row per article."""

from __future__ import annotations

import typer

from summarizer.cli import options as o
from summarizer.cli.errors import fail, user_errors
from summarizer.config.defaults import BATCH_ACTORS
from summarizer.config.engine import EngineConfig
from summarizer.config.mapping import given, with_given
from summarizer.config.reading import ReadOptions

BATCH_EXAMPLES = """Examples:

briefing batch 'in/*.jsonl' notes/ --out out/day1 --engine extractive
briefing batch in.jsonl --out out/day2 --format jsonl --skip-existing out/day1
briefing batch 's3://bucket/in/*.parquet' --out s3://bucket/out/r1 --ray-address auto --actors 2,8 --gpus-per-actor 1

Exit codes: 0 every row done; 1 some rows have an error; 2 usage error, no Ray, or the run stopped.
"""


def batch(
    inputs: o.InputsArg = None,
    inputs_from: o.InputsFromOpt = None,
    include: o.IncludeOpt = None,
    exclude: o.ExcludeOpt = None,
    fetch: o.FetchOpt = False,
    skip_existing: o.SkipExistingOpt = None,
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
    ray_address: o.RayAddressOpt = None,
    actors: o.ActorsOpt = None,
    gpus_per_actor: o.GpusPerActorOpt = None,
    rows_per_batch: o.RowsPerBatchOpt = None,
    out: o.BatchOutOpt = "",
    format: o.BatchFormatOpt = None,
    rows_per_file: o.RowsPerFileOpt = None,
    drop_unsupported: o.DropUnsupportedOpt = False,
    quiet: o.QuietOpt = False,
) -> None:
    """Summarize many articles on Ray (local or a cluster): one Parquet/JSONL row per article."""
    from summarizer.batch import BatchConfig, BatchFailed, RayMissing, parse_actors, run_batch

    flags = o.engine_flags(
        engine=engine_kind,
        model=model,
        device=device,
        max_points=max_points,
        num_beams=num_beams,
        min_length=min_length,
        max_length=max_length,
        batch_size=batch_size,
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
            read=with_given(ReadOptions(), o.read_flags(include, exclude, False, fetch, inputs_from)),
            **given(
                format=format,
                ray_address=ray_address,
                gpus_per_actor=gpus_per_actor,
                rows_per_batch=rows_per_batch,
                rows_per_file=rows_per_file,
                skip_existing=skip_existing,
                drop_unsupported=o.on(drop_unsupported),
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
