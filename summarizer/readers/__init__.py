"""Read articles from files, folders and stdin. Each input format is a reader module registered here."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from summarizer.models import Article, InputError, ReadResult
from summarizer.readers.base import Reader, ReadError
from summarizer.readers.textfile import TextReader

MAX_INPUT_BYTES = 50 * 1024 * 1024
SNIFF_BYTES = 4096
STDIN = "-"

READERS: list[Reader] = [TextReader()]

__all__ = ["READERS", "ReadError", "Reader", "read_inputs", "read_bytes", "expand_inputs"]


def reader_for(path: Path, head: bytes) -> Reader | None:
    """The first registered reader that accepts this file."""
    return next((r for r in READERS if r.accepts(path, head)), None)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_inputs(inputs: Iterable[str]) -> Iterator[tuple[str, Path | None, bool]]:
    """Yield ``(name, path, explicit)`` for each file to read; folders recurse in sorted order, ``-`` is stdin."""
    for name in inputs:
        if name == STDIN:
            yield name, None, True
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path)):
                yield str(child), child, False
        else:
            yield name, path, True


def read_bytes(data: bytes, name: str, path: Path) -> list[Article]:
    """Articles from raw bytes, using the reader that accepts ``path``."""
    reader = reader_for(path, data[:SNIFF_BYTES])
    if reader is None:
        raise ReadError(f"unsupported file type {path.suffix or '(no suffix)'!r}")
    articles = reader.read(data, name)
    if not articles:
        raise ReadError("no article found in it")
    return articles


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError("no such file or folder") from None
    except OSError as exc:
        raise ReadError(f"cannot access it ({exc.strerror})") from None
    if size > MAX_INPUT_BYTES:
        raise ReadError(f"the file is {size / 1e6:.0f} MB, over the {MAX_INPUT_BYTES // 10**6} MB limit; not read")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read it ({exc.strerror})") from None


def read_inputs(inputs: Sequence[str], stdin: bytes | None = None) -> ReadResult:
    """Read every input; a bad one becomes an :class:`InputError` and never stops the others."""
    result = ReadResult()
    for name, path, explicit in expand_inputs(inputs):
        try:
            if path is None:
                data = stdin if stdin is not None else sys.stdin.buffer.read()
                articles = read_bytes(data, "<stdin>", Path("stdin"))
            else:
                if not explicit and reader_for(path, b"") is None:
                    result.errors.append(InputError(name, f"skipped: unsupported file type {path.suffix!r}"))
                    continue
                articles = read_bytes(_read_file(path), name, path)
        except ReadError as exc:
            result.errors.append(InputError("<stdin>" if path is None else name, str(exc)))
            continue
        result.articles.extend(articles)
    return result
