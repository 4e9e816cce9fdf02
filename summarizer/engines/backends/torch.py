"""Generate summaries with a transformers seq2seq model on torch."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from summarizer.engines.backends.batching import TOKENS_PER_BATCH_SLOT, BatchStats, Generation, plan_batches
from summarizer.engines.generation import GenerationSettings
from summarizer.engines.placement import sane_thread_count


class TorchGenerator:
    """Batched ``model.generate`` under ``torch.inference_mode``, longest inputs batched together."""

    name = "torch"

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        settings: GenerationSettings,
        device: str,
        batch_size: int,
        *,
        dtype: str = "fp32",
        token_budget: int | None = None,
        threads: int | None = None,
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
