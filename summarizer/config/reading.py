"""How inputs are read: :class:`ReadOptions`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarizer.config import ConfigError, require_positive


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: folder filters, strictness, fetching, and URL limits."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    strict: bool = False
    fetch: bool = False
    inputs_from: Path | None = None
    fetch_timeout: float = 20.0
    fetch_retries: int = 2
    max_fetch_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        for flag, patterns in (("--include", self.include), ("--exclude", self.exclude)):
            if any(not p.strip() for p in patterns):
                raise ConfigError(f"{flag} needs a glob pattern such as '*.html', got an empty one")
        if self.inputs_from is not None and not self.inputs_from.is_file():
            raise ConfigError(f"--inputs-from {self.inputs_from}: no such file")
        if self.fetch_timeout <= 0:
            raise ConfigError(f"the fetch timeout must be positive, got {self.fetch_timeout}")
        if self.fetch_retries < 0:
            raise ConfigError(f"fetch retries must be 0 or more, got {self.fetch_retries}")
        require_positive("the fetch size cap", self.max_fetch_bytes)
