"""Which inputs the cluster reads (JSONL and Parquet, local or in object stores, globs allowed) and which the driver
reads the way ``build`` does (folders, feeds, HTML, text, JSON documents, URLs)."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

from summarizer.readers.sniff import is_url
from summarizer.records import InputError

CLUSTER_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class InputPlan:
    """Inputs split by who reads them; globs already expanded, unmatched globs as errors."""

    jsonl: tuple[str, ...] = ()
    parquet: tuple[str, ...] = ()
    driver: tuple[str, ...] = ()
    errors: tuple[InputError, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if set(self.jsonl) & set(self.parquet):
            raise ValueError("an input is planned as both JSONL and Parquet")


def is_object_store(name: str) -> bool:
    """``s3://``, ``gs://``, ``abfs://``... (a pyarrow filesystem URI), not a web URL."""
    scheme = urlsplit(name).scheme
    return len(scheme) > 1 and scheme not in ("http", "https", "file")


def cluster_format(name: str) -> str | None:
    """``jsonl`` or ``parquet`` when the cluster reads this file itself, else ``None``."""
    return CLUSTER_SUFFIXES.get(Path(urlsplit(name).path).suffix.lower())


def plan_inputs(inputs: Sequence[str]) -> InputPlan:
    """Expand globs and route every input: JSONL/Parquet files to the cluster, everything else to the driver."""
    jsonl: list[str] = []
    parquet: list[str] = []
    driver: list[str] = []
    errors: list[InputError] = []
    for name in inputs:
        names = expand_glob(name) if _GLOB_CHARS & set(name) and not is_url(name) else [name]
        if not names:
            errors.append(InputError(name, "no file matches this pattern"))
        for found in names:
            kind = cluster_format(found)
            if kind is not None and not is_url(found):
                (jsonl if kind == "jsonl" else parquet).append(found)
            elif is_object_store(found):
                errors.append(InputError(found, "from object stores only .jsonl, .ndjson and .parquet files are read"))
            else:
                driver.append(found)
    return InputPlan(tuple(jsonl), tuple(parquet), tuple(driver), tuple(errors))


def expand_glob(pattern: str) -> list[str]:
    """Files matching a glob, sorted: local paths with ``glob``, object stores through their pyarrow filesystem."""
    if not is_object_store(pattern):
        return sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(pattern)
    scheme = urlsplit(pattern).scheme
    base = path.split("*")[0].split("?")[0].split("[")[0].rsplit("/", 1)[0]
    selector = fs.FileSelector(base, recursive=True, allow_not_found=True)
    found = [info.path for info in filesystem.get_file_info(selector) if info.type == fs.FileType.File]
    return sorted(f"{scheme}://{p}" for p in found if fnmatch(p, path))
