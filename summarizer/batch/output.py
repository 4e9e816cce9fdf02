"""Reading batch outputs back: the done/failed counts of a run, and the cache keys ``--skip-existing`` skips."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.batch.inputs import is_object_store
from summarizer.batch.schema import output_schema


@dataclass(frozen=True)
class Counts:
    """Rows in an output: how many were summarized and how many carry an error."""

    done: int
    failed: int

    def __post_init__(self) -> None:
        if self.done < 0 or self.failed < 0:
            raise ValueError("counts cannot be negative")


def output_dataset(location: str, fmt: str) -> Any:
    """A ``pyarrow.dataset`` over a batch output folder (local or object store), in the output schema."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    schema = output_schema()
    if fmt == "parquet":
        return ds.dataset(location, format="parquet", schema=schema)
    # Arrow's JSON reader cannot parse fixed-size lists: the vector is read as a plain list of floats.
    vector = schema.get_field_index("story_vector")
    return ds.dataset(
        location, format="json", schema=schema.set(vector, pa.field("story_vector", pa.list_(pa.float32())))
    )


def guess_format(location: str) -> str:
    """``parquet`` or ``jsonl``: what an earlier output folder holds (by its files' suffixes)."""
    if is_object_store(location) or not Path(location).is_dir():
        return "parquet"
    return "jsonl" if any(Path(location).rglob("*.json")) else "parquet"


def count_rows(location: str, fmt: str) -> Counts:
    """Done and failed rows in the output at ``location`` (reads the ``error`` column only)."""
    errors = output_dataset(location, fmt).to_table(columns=["error"]).column("error")
    failed = len(errors) - errors.null_count
    return Counts(done=len(errors) - failed, failed=failed)


def done_keys(location: str) -> Any:
    """The cache keys of the rows an earlier output summarized without error (a ``pyarrow`` array)."""
    import pyarrow.compute as pc

    data = output_dataset(location, guess_format(location)).to_table(columns=["cache_key", "error"])
    keys = pc.filter(data.column("cache_key"), pc.is_null(data.column("error")))
    return pc.unique(pc.drop_null(keys.combine_chunks()))
