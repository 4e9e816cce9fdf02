"""The batching core both backends share: length-sorted batches under a token budget, and their figures."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.engines.generation import GenerationSettings
from summarizer.records import Placement

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


class BatchedGenerator:
    """The generate loop both backends share: tokenize, plan length-sorted batches, count them, run each with the
    backend's :meth:`run_batch`, and return the summaries in input order."""

    name = "batched"

    def __init__(self, tokenizer: Any, settings: GenerationSettings, placement: Placement):
        self.tokenizer = tokenizer
        self.settings = settings
        self.placement = placement
        self.batch_size = placement.batch_size
        self.token_budget = placement.token_budget or placement.batch_size * TOKENS_PER_BATCH_SLOT
        self.stats = BatchStats()

    def generate(self, texts: Sequence[str]) -> list[Generation]:
        """Summaries of ``texts`` (prefix already applied), in input order."""
        encoded = self.tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        lengths = [len(ids) for ids in encoded]
        batches = plan_batches(lengths, self.batch_size, self.token_budget)
        for batch in batches:
            self.stats.add([lengths[i] for i in batch])
        with self.generating():
            outputs = self.run_batches([[encoded[i] for i in batch] for batch in batches])
        results: dict[int, Generation] = {}
        for batch, output in zip(batches, outputs, strict=True):
            results.update(zip(batch, output, strict=True))
        return [results[i] for i in range(len(texts))]

    def run_batches(self, batches: list[list[list[int]]]) -> list[list[Generation]]:
        """Summaries of each batch, in the same order: one batch after the other unless a backend runs them at once."""
        return [self.run_batch(batch) for batch in batches]

    def generating(self) -> contextlib.AbstractContextManager[Any]:
        """The context every batch of one :meth:`generate` call runs in (none by default)."""
        return contextlib.nullcontext()

    def run_batch(self, input_ids: list[list[int]]) -> list[Generation]:
        """Summaries of one batch of tokenized inputs, in the same order."""
        raise NotImplementedError
