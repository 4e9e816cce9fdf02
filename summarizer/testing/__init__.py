"""Helpers for tests and benchmarks (tiny models built in-process, never downloaded)."""

from __future__ import annotations
