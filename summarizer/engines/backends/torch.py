"""Generate summaries with a transformers seq2seq model on torch."""

from __future__ import annotations

import contextlib
from typing import Any

from summarizer.engines.backends.batching import BatchedGenerator, Generation
from summarizer.engines.generation import GenerationSettings
from summarizer.records import Placement


class TorchGenerator(BatchedGenerator):
    """Batched ``model.generate`` under ``torch.inference_mode``, longest inputs batched together."""

    name = "torch"

    def __init__(self, model: Any, tokenizer: Any, settings: GenerationSettings, placement: Placement):
        import torch

        super().__init__(tokenizer, settings, placement)
        self.device = placement.device
        self.dtype = placement.dtype or "fp32"
        self.torch_dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[self.dtype]
        if self.device == "cpu" and placement.threads:
            torch.set_num_threads(placement.threads)
        # On a GPU the weights themselves go half precision; on CPU bf16 runs under autocast.
        target_dtype = self.torch_dtype if self.device != "cpu" else torch.float32
        self.model = model.to(device=self.device, dtype=target_dtype).eval()
        self.generation_config = self._generation_config()

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

    def generating(self) -> contextlib.AbstractContextManager[Any]:
        """Inference mode, and bf16 autocast on CPU when that dtype was chosen."""
        import torch

        stack = contextlib.ExitStack()
        stack.enter_context(torch.inference_mode())
        if self.device == "cpu" and self.dtype == "bf16":
            stack.enter_context(torch.autocast("cpu", dtype=torch.bfloat16))
        return stack

    def run_batch(self, input_ids: list[list[int]]) -> list[Generation]:
        """One padded batch through ``model.generate``."""
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
