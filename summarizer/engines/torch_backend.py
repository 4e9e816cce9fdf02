"""Generate summaries with a transformers seq2seq model on torch: length-sorted batches under a token budget."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.engines.generation import GenerationSettings

# Padded input tokens one batch may hold, per text of --batch-size: keeps long-input batches inside memory.
TOKENS_PER_BATCH_SLOT = 512


@dataclass(frozen=True)
class Generation:
    """One generated summary, and whether generation stopped at ``max_length`` (the text may be cut)."""

    text: str
    hit_max_length: bool


@dataclass
class BatchStats:
    """What batching did: how many batches, and how many of the tokens fed to the model were padding."""

    texts: int = 0
    batches: int = 0
    real_tokens: int = 0
    padded_tokens: int = 0

    def add(self, lengths: Sequence[int]) -> None:
        """Count one batch of inputs with these token lengths."""
        self.texts += len(lengths)
        self.batches += 1
        self.real_tokens += sum(lengths)
        self.padded_tokens += max(lengths, default=0) * len(lengths)

    @property
    def padding_waste(self) -> float:
        """The share of input positions that were padding (0.0 = none)."""
        return 1.0 - self.real_tokens / self.padded_tokens if self.padded_tokens else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for the engine info."""
        return {
            "texts": self.texts,
            "batches": self.batches,
            "input_tokens": self.real_tokens,
            "padding_waste": round(self.padding_waste, 3),
        }


def plan_batches(lengths: Sequence[int], max_texts: int, token_budget: int) -> list[list[int]]:
    """Indices grouped into batches, longest first, each with at most ``max_texts`` texts and
    ``token_budget`` padded tokens (a text longer than the budget gets a batch of its own)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # Sorted longest first, so the batch's padded width is the length of its first text.
        width = lengths[current[0]] if current else lengths[i]
        if current and (len(current) >= max_texts or (len(current) + 1) * width > token_budget):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _cgroup_cpu_limit() -> int | None:
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    return max(1, math.ceil(int(quota) / int(period)))


def sane_thread_count() -> int:
    """Threads for inference: ``OMP_NUM_THREADS`` if set, else the CPUs this process may actually use."""
    env = os.environ.get("OMP_NUM_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    limit = _cgroup_cpu_limit()
    return max(1, min(available, limit) if limit else available)


def cpu_has_fast_bf16() -> bool:
    """Whether this CPU multiplies bf16 natively (AMX tiles or AVX512-BF16): there bf16 beats fp32
    (1.6x measured with AVX512-BF16 alone, benchmarks/throughput.py)."""
    import torch

    checks = [getattr(torch.cpu, name, None) for name in ("_is_amx_tile_supported", "_is_avx512_bf16_supported")]
    return any(check is not None and check() for check in checks)


def resolve_dtype(requested: str, device: str) -> str:
    """``fp32``, ``bf16`` or ``fp16`` for ``--dtype auto|fp32|bf16|fp16`` on this device."""
    import torch

    if device == "cuda":
        if requested == "auto":
            return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
        return requested
    if requested == "fp16" and device == "cpu":
        raise ValueError("--dtype fp16 is for GPUs; on CPU use --dtype bf16 or fp32")
    if requested == "auto":
        return "bf16" if device == "cpu" and cpu_has_fast_bf16() else "fp32"
    return requested


class TorchGenerator:
    """Batched ``model.generate`` under ``torch.inference_mode``, longest inputs batched together."""

    name = "torch"

    def __init__(
        self, model: Any, tokenizer: Any, settings: GenerationSettings, device: str, batch_size: int,
        *, dtype: str = "fp32", token_budget: int | None = None, threads: int | None = None,
    ):
        import torch

        self.dtype = dtype
        self.torch_dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[dtype]
        if device == "cpu":
            self.threads = threads or sane_thread_count()
            torch.set_num_threads(self.threads)
        else:
            self.threads = torch.get_num_threads()
        # On a GPU the weights themselves go half precision; on CPU bf16 runs under autocast.
        target_dtype = self.torch_dtype if device != "cpu" else torch.float32
        self.model = model.to(device=device, dtype=target_dtype).eval()
        self.tokenizer = tokenizer
        self.settings = settings
        self.device = device
        self.batch_size = batch_size
        self.token_budget = token_budget or batch_size * TOKENS_PER_BATCH_SLOT
        self.generation_config = self._generation_config()
        self.stats = BatchStats()

    def _generation_config(self) -> Any:
        import copy

        config = copy.deepcopy(self.model.generation_config)
        s = self.settings
        config.num_beams = s.num_beams
        config.length_penalty = s.length_penalty
        config.min_length = s.min_length
        config.max_length = s.max_length
        config.max_new_tokens = None
        config.min_new_tokens = None
        config.no_repeat_ngram_size = s.no_repeat_ngram_size
        config.early_stopping = s.early_stopping
        config.do_sample = False
        return config

    def describe(self) -> dict[str, Any]:
        """Backend settings and batching figures for the engine info."""
        return {
            "dtype": self.dtype,
            "threads": self.threads,
            "token_budget": self.token_budget,
            "batching": self.stats.to_dict(),
        }

    def _autocast(self) -> Any:
        import torch

        if self.device == "cpu" and self.dtype == "bf16":
            return torch.autocast("cpu", dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def generate(self, texts: Sequence[str]) -> list[Generation]:
        """Summaries of ``texts`` (prefix already applied), in input order."""
        import torch

        encoded = self.tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        lengths = [len(ids) for ids in encoded]
        results: dict[int, Generation] = {}
        with torch.inference_mode(), self._autocast():
            for batch in plan_batches(lengths, self.batch_size, self.token_budget):
                self.stats.add([lengths[i] for i in batch])
                generations = self._generate_batch([encoded[i] for i in batch])
                results.update(zip(batch, generations, strict=True))
        return [results[i] for i in range(len(texts))]

    def _generate_batch(self, input_ids: list[list[int]]) -> list[Generation]:
        encoded = self.tokenizer.pad({"input_ids": input_ids}, return_tensors="pt")
        encoded = {k: v.to(self.device) for k, v in encoded.items() if k in ("input_ids", "attention_mask")}
        output = self.model.generate(**encoded, generation_config=self.generation_config)
        pad = self.tokenizer.pad_token_id
        # The first position is the decoder start token, which is the pad token for T5: always count it.
        if pad is None:
            lengths = [output.shape[1]] * len(input_ids)
        else:
            lengths = ((output[:, 1:] != pad).sum(dim=1) + 1).tolist()
        decoded = self.tokenizer.batch_decode(output, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        limit = self.settings.max_length
        return [Generation(text, length >= limit) for text, length in zip(decoded, lengths, strict=True)]
