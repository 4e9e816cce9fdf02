"""Class 2: one wall-clock deadline per URL, a cap on Retry-After, and a clear per-URL error."""

from __future__ import annotations

import time

import pytest

from summarizer.config import ConfigError
from summarizer.config.reading import ReadOptions
from summarizer.readers import read_inputs

FAST = {"fetch_timeout": 5.0, "fetch_deadline": 1.5, "fetch_retries": 0}


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/trickle-body", "gave up: no complete answer within the 1.5 s deadline for one URL"),
        ("/trickle-headers", "gave up: no complete answer within the 1.5 s deadline for one URL"),
    ],
)
def test_slow_servers_cost_at_most_the_deadline(hostile_base: str, path: str, reason: str) -> None:
    start = time.monotonic()
    result = read_inputs([hostile_base + path], options=ReadOptions(**FAST, max_retry_after=10.0))
    assert time.monotonic() - start < 4
    assert [(e.input, e.error) for e in result.errors] == [(hostile_base + path, reason)]


def test_retry_after_is_capped_even_with_retries_left(hostile_base: str) -> None:
    start = time.monotonic()
    options = ReadOptions(fetch_timeout=5.0, fetch_deadline=30.0, fetch_retries=3, max_retry_after=2.0)
    result = read_inputs([hostile_base + "/retry-after"], options=options)
    assert time.monotonic() - start < 4
    assert "over the 2 s cap" in result.errors[0].error


def test_an_endless_body_stops_at_the_size_cap(hostile_base: str) -> None:
    options = ReadOptions(fetch_timeout=5.0, fetch_deadline=10.0, max_fetch_bytes=200_000)
    result = read_inputs([hostile_base + "/endless"], options=options)
    assert [e.error for e in result.errors] == ["the document is over the 0.2 MB size cap; not read"]


@pytest.mark.parametrize(
    ("field", "value"), [("fetch_deadline", 0), ("fetch_deadline", float("nan")), ("max_retry_after", -1)]
)
def test_limits_are_validated(field: str, value: float) -> None:
    with pytest.raises(ConfigError):
        ReadOptions(**{field: value})
