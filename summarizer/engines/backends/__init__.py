"""Choose and load the generation backend for the seq2seq engine: ``--backend auto|torch|ctranslate2``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from summarizer.config.engine import EngineConfig
from summarizer.engines.generation import GenerationSettings, resolve_settings


@dataclass
class LoadedBackend:
    """A ready generator with the tokenizer, model config and settings the engine needs."""

    tokenizer: Any
    model_config: Any
    settings: GenerationSettings
    generator: Any
    info: dict[str, Any] = field(default_factory=dict)


def _settings_for(config: EngineConfig) -> Any:
    def settings(model_config: Any, generation_config: Any) -> GenerationSettings:
        task_params = (getattr(model_config, "task_specific_params", None) or {}).get("summarization")
        return resolve_settings(generation_config.to_dict(), task_params, config.generation)

    return settings


def load_torch(config: EngineConfig, device: str) -> LoadedBackend:
    """The transformers model on torch, batched, in the dtype ``--dtype`` resolves to."""
    from summarizer.engines.backends.torch import TorchGenerator
    from summarizer.engines.hub import load_pretrained
    from summarizer.engines.placement import resolve_dtype
    from summarizer.engines.protocol import ModelLoadError

    try:
        dtype = resolve_dtype(config.dtype, device)
    except ValueError as exc:
        raise ModelLoadError(str(exc)) from None
    tokenizer, model = load_pretrained(config.model)
    settings = _settings_for(config)(model.config, model.generation_config)
    generator = TorchGenerator(model, tokenizer, settings, device, config.batch_size, dtype=dtype)
    return LoadedBackend(tokenizer, model.config, settings, generator)


def load_ctranslate2(config: EngineConfig, device: str) -> LoadedBackend:
    """The model converted to CTranslate2 (once, then cached) in the compute type ``--compute-type`` resolves to."""
    from summarizer.engines.backends.ctranslate2 import load_ct2

    loaded = load_ct2(config.model, device, config.compute_type, config.batch_size, _settings_for(config))
    info = {"converted_now": True} if loaded.converted else {}
    return LoadedBackend(loaded.tokenizer, loaded.model_config, loaded.generator.settings, loaded.generator, info)


def load_backend(config: EngineConfig, device: str) -> LoadedBackend:
    """The backend ``config.backend`` names (``auto``: CTranslate2 if it can, else torch, saying why), timed."""
    start = time.perf_counter()
    loaded = _load_backend(config, device)
    loaded.info["load_s"] = round(time.perf_counter() - start, 2)
    return loaded


def _load_backend(config: EngineConfig, device: str) -> LoadedBackend:
    from summarizer.engines.backends.ctranslate2 import BackendUnavailable, check_supported
    from summarizer.engines.hub import locate_model

    if config.backend == "torch":
        return load_torch(config, device)
    if config.backend == "ctranslate2":
        return load_ctranslate2(config, device)
    files = locate_model(config.model)
    try:
        check_supported(files.model_type if files else None, device)
        return load_ctranslate2(config, device)
    except BackendUnavailable as exc:
        loaded = load_torch(config, device)
        loaded.info["backend_note"] = f"--backend auto chose torch: {exc}"
        return loaded
