"""What a reader is, and the errors it raises."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from summarizer.models import Article


class ReadError(Exception):
    """An input could not be read; the message is the reason in plain words."""


class Reader(Protocol):
    """Turns the bytes of one input into articles. New input formats are new modules implementing this."""

    name: str

    def accepts(self, path: Path, head: bytes) -> bool:
        """Whether this reader handles ``path`` (``head`` holds its first bytes, for sniffing)."""
        ...

    def read(self, data: bytes, input_name: str) -> list[Article]:
        """The articles in ``data``; raise :class:`ReadError` with a plain reason when there are none."""
        ...
