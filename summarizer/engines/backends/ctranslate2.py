"""Generate summaries with CTranslate2: the HF model converted once (cached beside the HF cache), int8 or float."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.engines.backends.batching import TOKENS_PER_BATCH_SLOT, BatchStats, Generation, plan_batches
from summarizer.engines.generation import GenerationSettings
from summarizer.engines.hub import ModelFiles, hf_hub_cache, locate_model
from summarizer.engines.placement import resolve_compute_type, sane_thread_count
from summarizer.engines.protocol import ModelLoadError

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


def converted_dir(model: str, files: ModelFiles, quantization: str) -> Path:
    """Where the converted copy of this model revision lives, per quantization."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "--", model.strip("/~.") or "model")[-80:]
    return ct2_cache_root() / safe / files.revision / quantization


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


def convert(model: Any, tokenizer: Any, files: ModelFiles, target: Path, quantization: str) -> None:
    """Convert the loaded model into ``target`` (written to a temporary folder, then renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _converter(model, tokenizer, files.folder).convert(str(staging), quantization=quantization, force=True)
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


class Ct2Generator:
    """Beam search in CTranslate2, every HF generation setting passed by hand, batches planned as in torch."""

    name = "ctranslate2"

    def __init__(
        self,
        translator: Any,
        tokenizer: Any,
        settings: GenerationSettings,
        specials: SpecialTokens,
        *,
        compute_type: str,
        batch_size: int,
        threads: int,
        token_budget: int | None = None,
    ):
        self.translator = translator
        self.tokenizer = tokenizer
        self.settings = settings
        self.specials = specials
        self.compute_type = compute_type
        self.batch_size = batch_size
        self.threads = threads
        self.token_budget = token_budget or batch_size * TOKENS_PER_BATCH_SLOT
        self.stats = BatchStats()

    def describe(self) -> dict[str, Any]:
        """Backend settings and batching figures for the engine info."""
        return {
            "compute_type": self.compute_type,
            "threads": self.threads,
            "token_budget": self.token_budget,
            "batching": self.stats.to_dict(),
        }

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

    def generate(self, texts: Sequence[str]) -> list[Generation]:
        """Summaries of ``texts`` (prefix already applied), in input order."""
        encoded = self.tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        lengths = [len(ids) for ids in encoded]
        options = self.decoding_options()
        results: dict[int, Generation] = {}
        for batch in plan_batches(lengths, self.batch_size, self.token_budget):
            self.stats.add([lengths[i] for i in batch])
            source = [self.tokenizer.convert_ids_to_tokens(encoded[i]) for i in batch]
            prefix = [[self.specials.forced_bos] for _ in batch] if self.specials.forced_bos else None
            translated = self.translator.translate_batch(source, target_prefix=prefix, **options)
            for i, result in zip(batch, translated, strict=True):
                results[i] = self._generation(result.hypotheses[0])
        return [results[i] for i in range(len(texts))]

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


def _light_load(files: ModelFiles) -> tuple[Any, Any, Any]:
    """Tokenizer, config and generation config from the model folder, without the weights."""
    from transformers import AutoConfig, AutoTokenizer, GenerationConfig

    from summarizer.engines.hub import _quiet_transformers

    _quiet_transformers()
    folder = str(files.folder)
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model_config = AutoConfig.from_pretrained(folder, local_files_only=True)
    if (files.folder / "generation_config.json").is_file():
        generation_config = GenerationConfig.from_pretrained(folder, local_files_only=True)
    else:
        generation_config = GenerationConfig.from_model_config(model_config)
    return tokenizer, model_config, generation_config


def load_ct2(model: str, device: str, compute_type: str, batch_size: int, settings_for: Any) -> LoadedCt2:
    """Load (converting once if needed) ``model`` for CTranslate2; ``settings_for(model_config,
    generation_config)`` gives the effective generation settings."""
    import ctranslate2

    from summarizer.engines.hub import load_pretrained

    quantization = resolve_compute_type(compute_type, device)
    files = locate_model(model)
    converted = False
    if files is not None:
        check_supported(files.model_type, device)
    if files is not None and (converted_dir(model, files, quantization) / CONVERTED_MARKER).is_file():
        tokenizer, model_config, generation_config = _light_load(files)
    else:
        tokenizer, hf_model = load_pretrained(model)
        files = locate_model(model)
        if files is None:
            raise BackendUnavailable(f"cannot find the files of {model!r} on disk to convert them")
        check_supported(hf_model.config.model_type, device)
        convert(hf_model, tokenizer, files, converted_dir(model, files, quantization), quantization)
        model_config, generation_config = hf_model.config, hf_model.generation_config
        converted = True
        del hf_model
    threads = sane_thread_count()
    translator = ctranslate2.Translator(
        str(converted_dir(model, files, quantization)),
        device=device,
        compute_type=quantization,
        intra_threads=threads if device == "cpu" else 0,
    )
    settings: GenerationSettings = settings_for(model_config, generation_config)
    generator = Ct2Generator(
        translator,
        tokenizer,
        settings,
        _specials(tokenizer, generation_config),
        compute_type=quantization,
        batch_size=batch_size,
        threads=threads,
    )
    return LoadedCt2(tokenizer, model_config, generation_config, generator, converted)
