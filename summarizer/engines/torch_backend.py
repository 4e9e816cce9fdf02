"""Generate summaries with a transformers seq2seq model on torch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.engines.generation import GenerationSettings


@dataclass(frozen=True)
class Generation:
    """One generated summary, and whether generation stopped at ``max_length`` (the text may be cut)."""

    text: str
    hit_max_length: bool


class TorchGenerator:
    """Batched ``model.generate`` under ``torch.inference_mode``, longest inputs batched together."""

    name = "torch"

    def __init__(self, model: Any, tokenizer: Any, settings: GenerationSettings, device: str, batch_size: int):
        self.model = model.to(device).eval()
        self.tokenizer = tokenizer
        self.settings = settings
        self.device = device
        self.batch_size = batch_size
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

    def generate(self, texts: Sequence[str]) -> list[Generation]:
        """Summaries of ``texts`` (prefix already applied), in input order."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        results: dict[int, Generation] = {}
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch_ids = order[start : start + self.batch_size]
                for i, generation in zip(batch_ids, self._generate_batch([texts[i] for i in batch_ids])):
                    results[i] = generation
        return [results[i] for i in range(len(texts))]

    def _generate_batch(self, texts: list[str]) -> list[Generation]:
        encoded = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=False)
        encoded = {k: v.to(self.device) for k, v in encoded.items() if k in ("input_ids", "attention_mask")}
        output = self.model.generate(**encoded, generation_config=self.generation_config)
        pad = self.tokenizer.pad_token_id
        # The first position is the decoder start token, which is the pad token for T5: always count it.
        if pad is None:
            lengths = [output.shape[1]] * len(texts)
        else:
            lengths = ((output[:, 1:] != pad).sum(dim=1) + 1).tolist()
        decoded = self.tokenizer.batch_decode(output, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        return [
            Generation(text, length >= self.settings.max_length) for text, length in zip(decoded, lengths)
        ]
