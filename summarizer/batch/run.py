"""``briefing batch`` on Ray Data: read → parse → skip what is done → summarize in an actor pool → write."""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.batch.actor import KeyPointActor
from summarizer.batch.cluster import ray_session
from summarizer.batch.config import BatchConfig
from summarizer.batch.inputs import InputPlan, is_object_store, plan_inputs
from summarizer.batch.output import Counts, count_rows, done_keys
from summarizer.batch.rows import batch_engine_key, file_rows, read_rows, record_rows
from summarizer.batch.schema import article_schema, table
from summarizer.config import ConfigError
from summarizer.readers import read_inputs
from summarizer.records import ReadResult

READ_CPUS = 0.25  # reading and parsing are light: fractional CPUs keep them from waiting behind the actors


class BatchFailed(RuntimeError):
    """The cluster run stopped (an actor that cannot start, a batch that kept killing its actor, a lost cluster)."""


@dataclass(frozen=True)
class BatchResult:
    """What a batch run wrote: where, how many rows done and failed, how many skipped as already done."""

    out: str
    counts: Counts
    skipped: int
    seconds: float

    @property
    def exit_code(self) -> int:
        """0 when every article was summarized, 1 when some rows carry an error."""
        return 1 if self.counts.failed else 0


def check_output(config: BatchConfig) -> None:
    """A local output folder must be new or empty: rows of two runs must never mix."""
    if is_object_store(config.out):
        return
    path = Path(config.out)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ConfigError(f"--out {config.out}: exists and is not an empty folder (give a new folder per run)")


def run_batch(config: BatchConfig, actor_cls: type = KeyPointActor) -> BatchResult:
    """Summarize every input article on Ray and write one row per article to ``config.out``."""
    check_output(config)
    started = time.perf_counter()
    engine_key = batch_engine_key(config.engine)
    plan = plan_inputs(config.inputs)
    with ray_session(config) as ray:
        _quiet_progress(config)
        dataset, total = _articles(ray, config, plan, engine_key)
        summarized = _summarized(ray, dataset, config, actor_cls)
        writer = summarized.write_parquet if config.format == "parquet" else summarized.write_json
        try:
            writer(config.out, min_rows_per_file=config.rows_per_file)
        except Exception as exc:  # noqa: BLE001 - Ray wraps what failed where; one line for the user, the cause kept
            raise BatchFailed(f"the run stopped, {config.out} may hold part of the rows: {_reason(exc)}") from exc
    counts = count_rows(config.out, config.format)
    skipped = total - counts.done - counts.failed if total is not None else 0
    return BatchResult(config.out, counts, skipped, time.perf_counter() - started)


def _reason(exc: Exception) -> str:
    """The root error in what Ray raised (it wraps the actor's traceback): ``ModelLoadError: cannot load ...``."""
    lines = [line.strip() for line in str(exc).splitlines()]
    raised = [line for line in lines if re.match(r"^[\w.]+(Error|Exception): ", line)]
    ours = [line for line in raised if not line.startswith("ray.")]
    name, _, message = (ours or raised or [f"{type(exc).__name__}: {lines[0] if lines else ''}"])[0].partition(":")
    return f"{name.rsplit('.', 1)[-1]}:{message}"


def _summarized(ray: Any, dataset: Any, config: BatchConfig, actor_cls: type) -> Any:
    """The actor-pool stage; a crashed actor is restarted and its batch retried, a bounded number of times."""
    with warnings.catch_warnings():
        # Ray 2.60 has no named parameter for restarts; its default (retry forever) would loop on a poison batch.
        warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
        return dataset.map_batches(
            actor_cls,
            fn_constructor_kwargs={"engine": config.engine, "drop_unsupported": config.drop_unsupported},
            batch_size=config.rows_per_batch,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(min_size=config.actors[0], max_size=config.actors[1]),
            num_cpus=config.cpus_per_actor,
            num_gpus=config.gpus_per_actor or None,
            max_restarts=config.max_restarts,
            max_task_retries=config.max_restarts,
        )


def _quiet_progress(config: BatchConfig) -> None:
    if config.engine.quiet:
        from ray.data import DataContext

        context = DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False


def _articles(ray: Any, config: BatchConfig, plan: InputPlan, engine_key: str) -> tuple[Any, int | None]:
    """One dataset of article rows from every input, minus (with ``--skip-existing``) those done before;
    and, with ``--skip-existing``, how many rows there were before skipping."""
    parts = []
    if plan.jsonl:  # whole files, as build reads them: every row knows its line (position, error labels)
        files = ray.data.read_binary_files(list(plan.jsonl), include_paths=True, num_cpus=READ_CPUS)
        parts.append(files.map_batches(_file_parser(engine_key), batch_format="pyarrow", num_cpus=READ_CPUS))
    if plan.parquet:
        rows = ray.data.read_parquet(list(plan.parquet), include_paths=True, num_cpus=READ_CPUS)
        parts.append(rows.map_batches(_parser(engine_key), batch_format="pyarrow", num_cpus=READ_CPUS))
    read = ReadResult()
    if plan.driver or config.read.inputs_from:
        read = read_inputs(plan.driver, options=config.read)
    driver_rows = read_rows([*read.articles, *plan.errors, *read.errors], engine_key)
    if driver_rows:
        size = config.rows_per_batch
        blocks = [table(driver_rows[i : i + size], article_schema()) for i in range(0, len(driver_rows), size)]
        parts.append(ray.data.from_arrow(blocks))
    if not parts:
        parts.append(ray.data.from_arrow(table([], article_schema())))
    dataset = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    if plan.jsonl or plan.parquet:  # one block per file: cut into batches so every actor gets work
        dataset = dataset.repartition(target_num_rows_per_block=config.rows_per_batch)
    if config.skip_existing is None:
        return dataset, None
    keys_ref = ray.put(done_keys(config.skip_existing))
    total = dataset.count()  # one extra read and parse pass: cheap next to summarizing
    return dataset.map_batches(_skipper(keys_ref), batch_format="pyarrow", num_cpus=READ_CPUS), total


def _parser(engine_key: str) -> Callable[[Any], Any]:
    """Parquet rows → article rows (Ray does not say a row's place in its file: their position stays null)."""

    def parse(batch: Any) -> Any:
        paths = batch.column("path").to_pylist()
        records = batch.drop_columns(["path"]).to_pylist()
        return table(record_rows(zip(records, paths, strict=True), engine_key), article_schema())

    return parse


def _file_parser(engine_key: str) -> Callable[[Any], Any]:
    """Whole JSONL files (``bytes``, ``path``) → article rows, numbered in file order."""

    def parse(batch: Any) -> Any:
        files = zip(batch.column("bytes").to_pylist(), batch.column("path").to_pylist(), strict=True)
        return table([row for data, path in files for row in file_rows(data, path, engine_key)], article_schema())

    return parse


def _skipper(keys_ref: Any) -> Callable[[Any], Any]:
    """Drops rows whose cache key an earlier output already summarized."""

    def skip(batch: Any) -> Any:
        import pyarrow.compute as pc
        import ray

        done = pc.is_in(batch.column("cache_key"), value_set=ray.get(keys_ref))
        return batch.filter(pc.invert(pc.fill_null(done, False)))

    return skip
