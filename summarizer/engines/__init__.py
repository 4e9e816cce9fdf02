"""Key-point engines: the protocol every engine follows, :func:`plan_engine` that decides which one runs (before any
model loads, where it can), and :func:`create_engine` that builds it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.config.defaults import DEFAULT_MODEL
from summarizer.config.engine import EngineConfig
from summarizer.engines.protocol import KeyPointEngine, ModelLoadError

if TYPE_CHECKING:
    from summarizer.engines.hub import ModelLocation

# Said when a model the user named cannot load (no fallback then).
NAMED_MODEL_ADVICE = "  (no fallback for a model you named: to run offline without it, use --engine extractive)"

__all__ = ["EnginePlan", "KeyPointEngine", "ModelLoadError", "announce_fallback", "create_engine", "plan_engine"]


@dataclass(frozen=True)
class EnginePlan:
    """The engine that will run for ``config`` and where the seq2seq model is: found once, used by the loaders and
    the cache key.

    ``location`` is ``None`` for ``--engine extractive`` (no seq2seq model is looked for); ``fallback_reason`` is set
    when ``--engine auto`` already knows the model cannot load (not on disk, hub unreachable)."""

    config: EngineConfig
    engine: str
    location: ModelLocation | None = None
    fallback_reason: str | None = None
    articles: int | None = None
    """How many articles the run will send, when known: one article runs on all threads at once."""


def plan_engine(config: EngineConfig) -> EnginePlan:
    """Which engine ``config`` will run: cheap (reads the model folder, may ask once whether the hub answers)."""
    if config.engine == "extractive":
        return EnginePlan(config, "extractive")
    from summarizer.engines.hub import locate_model, not_found_reason

    location = locate_model(config.model)
    # Only the default model may be stood in for: a model the user named (a folder, a hub id) that cannot load is an
    # error, or they would not know they did not get it. The load says why.
    reason = not_found_reason(location) if may_fall_back(config) else None
    if reason is not None:
        return EnginePlan(config, "extractive", location, first_line(reason))
    return EnginePlan(config, "seq2seq", location)


def may_fall_back(config: EngineConfig) -> bool:
    """Whether the extractive engine may stand in: ``--engine auto`` with the default model only."""
    return config.engine == "auto" and config.model == DEFAULT_MODEL


def first_line(message: object) -> str:
    """The first line of an error message (the reason, without the advice that follows)."""
    return str(message).strip().splitlines()[0]


def announce_fallback(reason: str) -> None:
    """The one-line notice that the extractive engine stands in for the seq2seq model."""
    print(
        f"briefing: notice: {reason}; using the extractive engine (key sentences quoted from each article)",
        file=sys.stderr,
    )


def create_engine(request: EngineConfig | EnginePlan) -> KeyPointEngine:
    """Build the engine a plan decided on (planned here when given a config), loading its model.

    ``auto``: the seq2seq model when it loads, else the extractive engine with a one-line notice on stderr. A caller
    that passes its own plan announces a fallback the plan already made (it may never create the engine)."""
    from summarizer.engines.extractive import ExtractiveEngine
    from summarizer.engines.placement import resolve_device

    plan = request if isinstance(request, EnginePlan) else _planned_here(request)
    config = plan.config
    if config.engine == "extractive":
        return ExtractiveEngine.load(config)
    device = resolve_device(config.device)  # a device this machine lacks is a usage error, not a reason to fall back
    if plan.fallback_reason is not None or plan.location is None:
        return ExtractiveEngine.load(config, fallback_reason=plan.fallback_reason)
    try:
        return _load_seq2seq(config, plan.location, device, plan.articles)
    except ModelLoadError as exc:
        if config.engine == "seq2seq":
            raise
        if not may_fall_back(config):
            raise ModelLoadError(f"{exc}\n{NAMED_MODEL_ADVICE}") from exc
        announce_fallback(first_line(exc))
        return ExtractiveEngine.load(config, fallback_reason=first_line(exc))


def _planned_here(config: EngineConfig) -> EnginePlan:
    plan = plan_engine(config)
    if plan.fallback_reason is not None:
        announce_fallback(plan.fallback_reason)
    return plan


def _load_seq2seq(config: EngineConfig, location: ModelLocation, device: str, articles: int | None) -> KeyPointEngine:
    from summarizer.engines.placement import resolve_placement
    from summarizer.engines.seq2seq import Seq2SeqEngine

    return Seq2SeqEngine.load(config, location, resolve_placement(config, location.model_type, device, articles))
