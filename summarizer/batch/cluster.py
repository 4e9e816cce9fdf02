"""Connecting to Ray: a short-lived local cluster, or an existing one (``auto``, ``ray://``, ``HOST:PORT``)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from summarizer.batch.config import INSTALL_HINT, BatchConfig


class RayMissing(RuntimeError):
    """Ray is not installed; the message says how to install it."""


def import_ray() -> Any:
    """The ``ray`` module, or :class:`RayMissing` with the install hint."""
    try:
        import ray
        import ray.data  # noqa: F401 - the [data] extra must be there too
    except ImportError as exc:
        raise RayMissing(f"{INSTALL_HINT} ({exc})") from None
    return ray


def local_cpus(config: BatchConfig) -> int:
    """CPUs a local cluster advertises: one spare beyond the actors, so reads never wait behind them (ray #44687)."""
    return max(os.cpu_count() or 1, config.actors[1] * max(1, round(config.cpus_per_actor)) + 1)


@contextmanager
def ray_session(config: BatchConfig) -> Iterator[Any]:
    """Ray, connected for the run: a local cluster is started here and shut down after; one already
    initialized by the caller (a library user) is used as it is and left running."""
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    options: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": not config.engine.quiet}
    if config.ray_address == "local":
        # address="local": a new cluster even where RAY_ADDRESS points elsewhere
        options |= {"address": "local", "num_cpus": local_cpus(config), "include_dashboard": False}
    else:
        options["address"] = config.ray_address
    ray.init(**options)
    try:
        yield ray
    finally:
        ray.shutdown()
