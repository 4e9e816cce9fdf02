"""Generate summaries with CTranslate2: the HF model converted once (cached beside the HF cache), int8 or float."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.engines.backends.batching import BatchedGenerator, Generation
from summarizer.engines.backends.ct2_runtime import load_runtime, save_runtime
from summarizer.engines.generation import GenerationSettings
from summarizer.engines.hub import ModelLocation, PretrainedModel, hf_hub_cache, locate_model
from summarizer.engines.placement import keep_freed_memory
from summarizer.engines.protocol import ModelLoadError
from summarizer.records import Placement

# Seq2seq model types CTranslate2 4.x converts (its loaders for these configs).
SUPPORTED_MODEL_TYPES = frozenset({"bart", "mbart", "marian", "pegasus", "t5", "mt5", "umt5"})
CONVERTED_MARKER = "model.bin"


class BackendUnavailable(ModelLoadError):
    """CTranslate2 cannot run this model here (not installed, unsupported model or device)."""


def ctranslate2_installed() -> bool:
    """Whether the ctranslate2 package can be imported (checked without importing it)."""
    return importlib.util.find_spec("ctranslate2") is not None


def check_supported(model_type: str | None, device: str) -> None:
    """Raise :class:`BackendUnavailable` with the reason when CTranslate2 cannot run this model on ``device``."""
    if not ctranslate2_installed():
        raise BackendUnavailable("the ctranslate2 package is not installed (pip install ctranslate2)")
    if device not in ("cpu", "cuda"):
        raise BackendUnavailable(f"CTranslate2 runs on cpu or cuda, not {device}")
    if model_type is not None and model_type not in SUPPORTED_MODEL_TYPES:
        raise BackendUnavailable(f"CTranslate2 cannot convert {model_type!r} models")


def ct2_cache_root() -> Path:
    """Where converted models are kept: beside the Hugging Face hub cache (``~/.cache/huggingface/ctranslate2``)."""
    return hf_hub_cache().parent / "ctranslate2"


def converted_dir(location: ModelLocation, quantization: str) -> Path:
    """Where the converted copy of this model revision lives, per quantization (the model must be on disk)."""
    assert location.revision is not None, "only a model on disk has a converted copy"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "--", location.name.strip("/~.") or "model")[-80:]
    return ct2_cache_root() / safe / location.revision / quantization


def _converter(model: Any, tokenizer: Any, folder: Path) -> Any:
    """A TransformersConverter that reuses the already loaded model and tokenizer (no second load)."""
    from ctranslate2.converters import TransformersConverter

    class _LoadedModelConverter(TransformersConverter):
        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            # transformers 5 dropped BartConfig.normalize_before (BART is post-norm); CTranslate2 4.8 still reads it.
            if model.config.model_type in ("bart", "mbart") and not hasattr(model.config, "normalize_before"):
                model.config.normalize_before = False
            return model

        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return tokenizer

    return _LoadedModelConverter(str(folder))


def convert(model: Any, tokenizer: Any, folder: Path, target: Path, quantization: str) -> None:
    """Convert the loaded model into ``target`` (written to a temporary folder, then renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _converter(model, tokenizer, folder).convert(str(staging), quantization=quantization, force=True)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackendUnavailable(f"CTranslate2 could not convert the model: {exc}") from exc
    try:
        staging.rename(target)
    except OSError:  # another process converted it first: keep theirs
        shutil.rmtree(staging, ignore_errors=True)
        if not (target / CONVERTED_MARKER).is_file():
            raise


@dataclass(frozen=True)
class SpecialTokens:
    """Decoder tokens HF adds on its own: the forced first token (BART's ``<s>``) and the forced final EOS."""

    forced_bos: str | None
    forced_eos: bool


class Ct2Generator(BatchedGenerator):
    """Beam search in CTranslate2, every HF generation setting passed by hand, batches planned as in torch."""

    name = "ctranslate2"

    def __init__(
        self,
        translator: Any,
        tokenizer: Any,
        settings: GenerationSettings,
        specials: SpecialTokens,
        placement: Placement,
    ):
        super().__init__(tokenizer, settings, placement)
        self.translator = translator
        self.specials = specials

    def decoding_options(self) -> dict[str, Any]:
        """``translate_batch`` options equal to HF ``generate``'s for the same settings."""
        s = self.settings
        # HF max_length/min_length count the decoder start token; CTranslate2 counts generated tokens only.
        max_steps = s.max_length - 1 - (1 if self.specials.forced_eos else 0)
        return {
            "beam_size": s.num_beams,
            "length_penalty": s.length_penalty,
            "no_repeat_ngram_size": s.no_repeat_ngram_size,
            "max_decoding_length": max(max_steps, 1),
            "min_decoding_length": min(max(s.min_length - 1, 0), max(max_steps, 1)),
            "max_input_length": 0,  # never truncate: the engine already chunked the input to fit
            "return_end_token": True,
            "return_scores": False,
        }

    def run_batches(self, batches: list[list[list[int]]]) -> list[list[Generation]]:
        """Every batch posted at once (asynchronously): CTranslate2's workers (``inter_threads``) take them in turn,
        as many at a time as there are workers; the results are collected in order."""
        posted = [self._post(input_ids) for input_ids in batches]
        return [[self._generation(result.result().hypotheses[0]) for result in batch] for batch in posted]

    def run_batch(self, input_ids: list[list[int]]) -> list[Generation]:
        """One batch through ``translate_batch``, as tokens, with BART's forced first token as target prefix."""
        return self.run_batches([input_ids])[0]

    def _post(self, input_ids: list[list[int]]) -> list[Any]:
        source = [self.tokenizer.convert_ids_to_tokens(ids) for ids in input_ids]
        prefix = [[self.specials.forced_bos] for _ in input_ids] if self.specials.forced_bos else None
        options = self.decoding_options()
        return list(self.translator.translate_batch(source, target_prefix=prefix, asynchronous=True, **options))

    def _generation(self, tokens: list[str]) -> Generation:
        ids = self.tokenizer.convert_tokens_to_ids(tokens)
        ended = bool(ids) and ids[-1] == self.tokenizer.eos_token_id
        # Length as HF counts it: decoder start + tokens (+ the EOS HF forces when the limit is reached).
        length = 1 + len(ids) + (1 if self.specials.forced_eos and not ended else 0)
        text = self.tokenizer.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        return Generation(text, length >= self.settings.max_length)


def _specials(tokenizer: Any, generation_config: Any) -> SpecialTokens:
    forced_bos = getattr(generation_config, "forced_bos_token_id", None)
    forced_eos = getattr(generation_config, "forced_eos_token_id", None)
    return SpecialTokens(
        forced_bos=tokenizer.convert_ids_to_tokens(forced_bos) if forced_bos is not None else None,
        forced_eos=forced_eos is not None,
    )


@dataclass
class LoadedCt2:
    """What the seq2seq engine needs from a CTranslate2 load."""

    tokenizer: Any
    model_config: Any
    generation_config: Any
    generator: Ct2Generator
    converted: bool


def _light_load(location: ModelLocation) -> tuple[Any, Any, Any]:
    """Tokenizer, config and generation config from the model folder, without the weights."""
    from transformers import AutoConfig, AutoTokenizer, GenerationConfig

    from summarizer.engines.hub import _quiet_transformers

    assert location.folder is not None
    _quiet_transformers()
    folder = str(location.folder)
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model_config = AutoConfig.from_pretrained(folder, local_files_only=True)
    if (location.folder / "generation_config.json").is_file():
        generation_config = GenerationConfig.from_pretrained(folder, local_files_only=True)
    else:
        generation_config = GenerationConfig.from_model_config(model_config)
    return tokenizer, model_config, generation_config


def _runtime_load(location: ModelLocation, folder: Path) -> tuple[Any, Any, Any]:
    """Tokenizer, config and generation config from the runtime files beside the converted weights (no
    transformers, no torch); the first run without them loads through transformers and writes them."""
    stored = load_runtime(folder)
    if stored is not None:
        return stored
    tokenizer, model_config, generation_config = _light_load(location)
    with contextlib.suppress(OSError):  # a read-only cache: later runs load through transformers too
        save_runtime(folder, tokenizer, model_config, generation_config)
    return tokenizer, model_config, generation_config


def _quantization(placement: Placement) -> str:
    assert placement.compute_type is not None, "a CTranslate2 placement has a compute type"
    return placement.compute_type


def _convert_pretrained(location: ModelLocation, pretrained: PretrainedModel, placement: Placement) -> ModelLocation:
    """Convert the HF model (loaded once, shared with a torch fallback); the location once it is on disk."""
    tokenizer, hf_model = pretrained.get()
    if not location.on_disk:  # downloaded just now: find its files, and check the model type nobody knew before
        location = locate_model(location.name)
        check_supported(hf_model.config.model_type, placement.device)
    if location.folder is None:
        raise BackendUnavailable(f"cannot find the files of {location.name!r} on disk to convert them")
    quantization = _quantization(placement)
    convert(hf_model, tokenizer, location.folder, converted_dir(location, quantization), quantization)
    return location


def translator_options(placement: Placement) -> dict[str, Any]:
    """``ctranslate2.Translator`` options for ``placement``: on CPU, ``parallel_batches`` workers
    (``inter_threads``) sharing ``threads`` between them (``intra_threads`` each)."""
    options: dict[str, Any] = {"device": placement.device, "compute_type": _quantization(placement)}
    if placement.device == "cpu":
        workers = placement.parallel_batches or 1
        options.update(inter_threads=workers, intra_threads=max(1, (placement.threads or workers) // workers))
    return options


def load_ct2(
    location: ModelLocation, placement: Placement, settings_for: Any, pretrained: PretrainedModel
) -> LoadedCt2:
    """Load (converting once if needed) the model for CTranslate2 as ``placement`` says; ``settings_for(model_config,
    generation_config)`` gives the effective generation settings. A conversion that fails leaves ``pretrained``
    loaded, for the torch fallback."""
    import ctranslate2

    quantization = _quantization(placement)
    converted = not (location.on_disk and (converted_dir(location, quantization) / CONVERTED_MARKER).is_file())
    if converted:
        location = _convert_pretrained(location, pretrained, placement)
        tokenizer, hf_model = pretrained.get()
        model_config, generation_config = hf_model.config, hf_model.generation_config
        del hf_model
        pretrained.release()  # free the torch weights before CTranslate2 loads its copy
        save_runtime(converted_dir(location, quantization), tokenizer, model_config, generation_config)
    else:
        tokenizer, model_config, generation_config = _runtime_load(location, converted_dir(location, quantization))
    if placement.device == "cpu":
        keep_freed_memory()
    translator = ctranslate2.Translator(str(converted_dir(location, quantization)), **translator_options(placement))
    settings: GenerationSettings = settings_for(model_config, generation_config)
    generator = Ct2Generator(translator, tokenizer, settings, _specials(tokenizer, generation_config), placement)
    return LoadedCt2(tokenizer, model_config, generation_config, generator, converted)
