"""Frozen, validated configuration: defaults, engine, reading, commands and the daily TOML file."""

from __future__ import annotations


class ConfigError(ValueError):
    """A configuration the tool cannot run with (exit code 2)."""


def require_positive(name: str, value: int | None) -> None:
    """Raise :class:`ConfigError` when ``value`` is given and below 1."""
    if value is not None and value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")
