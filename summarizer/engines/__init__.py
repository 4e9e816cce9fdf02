"""Key-point engines: the protocol every engine follows, and :func:`create_engine` that picks one."""

from __future__ import annotations

import sys

from summarizer.config.engine import EngineConfig
from summarizer.engines.protocol import KeyPointEngine, ModelLoadError

__all__ = ["KeyPointEngine", "ModelLoadError", "create_engine"]


def create_engine(config: EngineConfig) -> KeyPointEngine:
    """Build the engine the configuration asks for (loads the model).

    ``auto``: the seq2seq model when it loads, else the extractive engine, with a one-line notice on stderr.
    """
    from summarizer.engines.extractive import ExtractiveEngine

    if config.engine == "extractive":
        return ExtractiveEngine.load(config)
    from summarizer.engines.seq2seq import Seq2SeqEngine

    if config.engine == "seq2seq":
        return Seq2SeqEngine.load(config)
    from summarizer.engines.hub import is_local_path
    from summarizer.engines.placement import resolve_device

    resolve_device(config.device)  # a device this machine lacks is a usage error, not a reason to fall back
    try:
        return Seq2SeqEngine.load(config)
    except ModelLoadError as exc:
        if is_local_path(config.model):  # the user pointed at a folder: a typo is an error, not a fallback
            raise
        reason = str(exc).strip().splitlines()[0]
        print(
            f"briefing: notice: {reason}; using the extractive engine (key sentences quoted from each article)",
            file=sys.stderr,
        )
        return ExtractiveEngine.load(config, fallback_reason=reason)
