"""The flags given on the command line as settings: ``None`` for a flag not given, so the defaults or the settings
file decide (applied with :func:`summarizer.config.mapping.with_given`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from summarizer.config import ConfigError


def on(flag: bool) -> bool | None:
    """An on-switch as a setting: ``True`` when given, else ``None`` (not given: the default or the file decides)."""
    return True if flag else None


def engine_flags(
    *,
    engine: str | None = None,
    model: str | None = None,
    device: str | None = None,
    max_points: int | None = None,
    num_beams: int | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    batch_size: int | None = None,
    backend: str | None = None,
    compute_type: str | None = None,
    dtype: str | None = None,
    threads: int | None = None,
    parallel_batches: int | None = None,
    no_cache: bool = False,
    cache_dir: Path | None = None,
    quiet: bool = False,
) -> dict[str, Any]:
    """The engine flags by :class:`EngineConfig` field name; ``None`` = not given (apply with ``with_given``)."""
    return {
        "engine": engine,
        "model": model,
        "device": device,
        "max_points": max_points,
        "generation": {"num_beams": num_beams, "min_length": min_length, "max_length": max_length},
        "batch_size": batch_size,
        "backend": backend,
        "compute_type": compute_type,
        "dtype": dtype,
        "threads": threads,
        "parallel_batches": parallel_batches,
        "cache": False if no_cache else None,  # --no-cache switches the cache off
        "cache_dir": cache_dir,
        "quiet": on(quiet),
    }


def read_flags(
    include: list[str] | None, exclude: list[str] | None, strict: bool, fetch: bool, inputs_from: Path | None
) -> dict[str, Any]:
    """The reading flags by :class:`ReadOptions` field name; ``None`` = not given (apply with ``with_given``)."""
    return {
        "include": tuple(include) if include else None,
        "exclude": tuple(exclude) if exclude else None,
        "strict": on(strict),
        "fetch": on(fetch),
        "inputs_from": inputs_from,
    }


def _given_flags(flags: Mapping[str, Any]) -> list[str]:
    """The flags given in a field-name mapping (``engine_flags``, ``read_flags``), as they are spelled."""
    names = []
    for name, value in flags.items():
        if isinstance(value, Mapping):
            names += _given_flags(value)
        elif value is not None and name != "quiet":
            names.append("--no-cache" if name == "cache" else "--" + name.replace("_", "-"))
    return names


def refuse_with_batch_output(from_batch: str | None, *flag_sets: Mapping[str, Any]) -> None:
    """``--from-batch`` renders the points `briefing batch` wrote and checked: reading and engine flags have nothing
    to act on, so giving them is a usage error (exit 2), never silently ignored."""
    given = [name for flags in flag_sets for name in _given_flags(flags)]
    if from_batch is not None and given:
        raise ConfigError(
            f"{', '.join(given)}: not with --from-batch (briefing batch read the inputs and wrote the key points; "
            "give these options to briefing batch)"
        )


def stdin_if_needed(inputs: list[str]) -> bytes | None:
    """The bytes of stdin (up to the input cap) when one of the inputs is ``-``."""
    from summarizer.readers import read_stdin

    return read_stdin() if "-" in inputs else None
