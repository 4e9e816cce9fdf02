"""Torch backend: length-sorted batches under a token budget, padding waste, dtype and thread choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.engines.backends.batching import BatchStats, plan_batches
from summarizer.engines.placement import resolve_dtype, sane_thread_count


@pytest.mark.parametrize(
    ("lengths", "max_texts", "budget", "expected"),
    [
        ([5, 50, 20, 48], 8, 1000, [[1, 3, 2, 0]]),
        ([5, 50, 20, 48], 2, 1000, [[1, 3], [2, 0]]),
        ([5, 50, 20, 48], 8, 100, [[1, 3], [2, 0]]),  # 3 x 50 padded tokens would pass the budget
        ([300, 10, 10], 8, 100, [[0], [1, 2]]),  # longer than the budget: a batch of its own
        ([], 4, 100, []),
    ],
)
def test_plan_batches(lengths: list[int], max_texts: int, budget: int, expected: list[list[int]]) -> None:
    assert plan_batches(lengths, max_texts, budget) == expected


def test_plan_batches_respects_limits_and_keeps_every_text() -> None:
    import random

    rng = random.Random(3)
    lengths = [rng.randint(1, 500) for _ in range(200)]
    batches = plan_batches(lengths, 16, 2048)
    assert sorted(i for b in batches for i in b) == list(range(200))
    for batch in batches:
        assert len(batch) <= 16
        widths = [lengths[i] for i in batch]
        assert widths == sorted(widths, reverse=True)
        assert len(batch) == 1 or max(widths) * len(batch) <= 2048


def test_batch_stats_padding_waste() -> None:
    stats = BatchStats()
    stats.add([10, 10])
    stats.add([8, 4])
    assert (stats.texts, stats.batches, stats.real_tokens, stats.padded_tokens) == (4, 2, 32, 36)
    assert stats.padding_waste == pytest.approx(4 / 36)
    assert stats.to_dict()["padding_waste"] == round(4 / 36, 3)


def test_batched_generation_equals_one_at_a_time_and_reports_padding(tiny_bart: Path) -> None:
    from summarizer.config.engine import EngineConfig
    from summarizer.engines.backends import load_torch
    from summarizer.engines.hub import locate_model
    from summarizer.engines.placement import torch_placement

    texts = [
        "Short one here.",
        "A much longer text about the central bank and interest rates and inflation.",
        "Scientists reported images of distant galaxies.",
        "Officials said.",
    ]
    config = EngineConfig(model=str(tiny_bart), batch_size=4)
    generator = load_torch(config, locate_model(config.model), torch_placement(config, "cpu")).generator
    batched = generator.generate(texts)
    single = [generator.generate([t])[0] for t in texts]
    assert batched == single
    described = {"dtype": generator.placement.dtype, "batching": generator.stats.to_dict()}
    assert described["dtype"] in ("fp32", "bf16")
    assert described["batching"]["texts"] == 2 * len(texts)
    assert 0 < described["batching"]["padding_waste"] < 1


@pytest.mark.parametrize(
    ("requested", "device", "fast_bf16", "expected"),
    [
        ("auto", "cpu", False, "fp32"),
        ("auto", "cpu", True, "bf16"),
        ("bf16", "cpu", False, "bf16"),
        ("fp32", "cpu", True, "fp32"),
    ],
)
def test_resolve_dtype_on_cpu(
    requested: str, device: str, fast_bf16: bool, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarizer.engines.placement as torch_backend

    monkeypatch.setattr(torch_backend, "cpu_has_fast_bf16", lambda: fast_bf16)
    assert resolve_dtype(requested, device) == expected


def test_fp16_on_cpu_is_refused() -> None:
    with pytest.raises(ValueError, match="fp16 is for GPUs"):
        resolve_dtype("fp16", "cpu")


@pytest.mark.parametrize(("env", "expected"), [("3", 3), ("", None), ("zero", None)])
def test_thread_count(env: str, expected: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("OMP_NUM_THREADS", env)
    count = sane_thread_count()
    if expected is not None:
        assert count == expected
    else:
        assert 1 <= count <= len(os.sched_getaffinity(0))
