"""Load the generation backend the placement chose (torch or CTranslate2) for the seq2seq engine."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from summarizer.config.engine import EngineConfig
from summarizer.engines.generation import GenerationSettings, resolve_settings
from summarizer.engines.hub import ModelLocation, PretrainedModel
from summarizer.records import Placement, RunFigures


@dataclass
class LoadedBackend:
    """A ready generator with the tokenizer, model config and settings the engine needs, and how it loaded."""

    tokenizer: Any
    model_config: Any
    settings: GenerationSettings
    generator: Any
    placement: Placement
    converted_now: bool = False
    load_s: float | None = None

    def figures(self) -> RunFigures:
        """This load's figures, with the generator's batching so far."""
        stats = getattr(self.generator, "stats", None)
        return RunFigures(self.load_s, self.converted_now, stats.to_dict() if stats is not None else None)


def _settings_for(config: EngineConfig) -> Any:
    def settings(model_config: Any, generation_config: Any) -> GenerationSettings:
        task_params = (getattr(model_config, "task_specific_params", None) or {}).get("summarization")
        return resolve_settings(generation_config.to_dict(), task_params, config.generation)

    return settings


def load_torch(
    config: EngineConfig, location: ModelLocation, placement: Placement, pretrained: PretrainedModel | None = None
) -> LoadedBackend:
    """The transformers model on torch, batched, as ``placement`` says (reusing ``pretrained`` when loaded)."""
    from summarizer.engines.backends.torch import TorchGenerator

    tokenizer, model = (pretrained or PretrainedModel(location)).get()
    settings = _settings_for(config)(model.config, model.generation_config)
    generator = TorchGenerator(model, tokenizer, settings, placement)
    return LoadedBackend(tokenizer, model.config, settings, generator, placement)


def load_ctranslate2(
    config: EngineConfig, location: ModelLocation, placement: Placement, pretrained: PretrainedModel | None = None
) -> LoadedBackend:
    """The model converted to CTranslate2 (once, then cached) in the placement's compute type."""
    from summarizer.engines.backends.ctranslate2 import load_ct2

    loaded = load_ct2(location, placement, _settings_for(config), pretrained or PretrainedModel(location))
    generator = loaded.generator
    return LoadedBackend(
        loaded.tokenizer, loaded.model_config, generator.settings, generator, placement, loaded.converted
    )


def load_backend(config: EngineConfig, location: ModelLocation, placement: Placement) -> LoadedBackend:
    """The backend ``placement`` names, timed; under ``--backend auto`` a CTranslate2 load that fails (say, the
    conversion) falls back to torch, saying why, with the model loaded once."""
    start = time.perf_counter()
    loaded = _load_backend(config, location, placement)
    loaded.load_s = round(time.perf_counter() - start, 2)
    return loaded


def _load_backend(config: EngineConfig, location: ModelLocation, placement: Placement) -> LoadedBackend:
    from summarizer.engines.backends.ctranslate2 import BackendUnavailable
    from summarizer.engines.placement import auto_chose_torch, torch_placement

    if placement.backend == "torch":
        return load_torch(config, location, placement)
    pretrained = PretrainedModel(location)
    try:
        return load_ctranslate2(config, location, placement, pretrained)
    except BackendUnavailable as exc:
        if config.backend != "auto":
            raise
        fallback = torch_placement(config, placement.device, auto_chose_torch(exc))
        return load_torch(config, location, fallback, pretrained)
