"""Read articles from files, folders, URLs and stdin. Each input format is a reader module registered here."""

from __future__ import annotations

import dataclasses
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

from summarizer.config.reading import ReadOptions
from summarizer.readers.base import Reader, ReadError, ReadItems, StrictError, describe_size, sanitized
from summarizer.readers.dedupe import merge_duplicates
from summarizer.readers.encoding import maybe_gunzip
from summarizer.readers.sniff import is_url, kind_from_content_type, kind_from_suffix, sniff_kind
from summarizer.readers.verdicts import not_an_article, unfetched_headline, with_headline
from summarizer.records import Article, InputError, ReadResult
from summarizer.terminal import printable_name
from summarizer.timestamps import unreadable_date_note

SNIFF_BYTES = 4096
STDIN = "-"
DEFAULT_OPTIONS = ReadOptions()
MAX_INPUT_BYTES = DEFAULT_OPTIONS.max_input_bytes
UNEXPECTED_ERROR = "could not be read because of an unexpected error in the reader"

__all__ = [
    "ReadError",
    "ReadOptions",
    "Reader",
    "StrictError",
    "read_inputs",
    "read_bytes",
    "reader_named",
    "expand_inputs",
    "load_input_list",
    "read_stdin",
]


def _suffix(path: PurePosixPath | Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".gzip"):
        suffixes.pop()
    return suffixes[-1] if suffixes and len(suffixes[-1]) <= 8 else ""


@cache
def reader_named(kind: str) -> Reader:
    """The reader of one document kind (``feed``, ``json``, ``html``, ``pdf``, ``docx``, ``text``), built once."""
    # Each reader module is imported when a document of its kind is read: a text file (or a re-run answered from the
    # summary cache) never pays for the HTML, feed, PDF and DOCX parsers.
    if kind == "feed":
        from summarizer.readers.feeds import FeedReader

        return FeedReader()
    if kind == "json":
        from summarizer.readers.jsonfile import JsonReader

        return JsonReader()
    if kind == "html":
        from summarizer.readers.html import HtmlReader

        return HtmlReader()
    if kind == "pdf":
        from summarizer.readers.pdf import PdfReader

        return PdfReader()
    if kind == "docx":
        from summarizer.readers.docx import DocxReader

        return DocxReader()
    if kind == "text":
        from summarizer.readers.textfile import TextReader

        return TextReader()
    raise ValueError(f"no reader for documents of kind {kind!r}")


def reader_for(path: PurePosixPath | Path, head: bytes, content_type: str | None = None) -> Reader | None:
    """The reader for a document: by file suffix, else by its first bytes or content type; suffix-less is text."""
    suffix = _suffix(path)
    if suffix:
        by_suffix = kind_from_suffix(suffix)
        if by_suffix == "html" and sniff_kind(head) == "feed":
            return reader_named("feed")  # a feed saved as .html is read as the feed it is, not as a page
        if by_suffix is not None:
            return reader_named(by_suffix)
    kind = sniff_kind(head) or kind_from_content_type(content_type)
    if kind is not None:
        return reader_named(kind)
    return reader_named("text") if not suffix else None


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _selected(path: Path, root: Path, options: ReadOptions) -> bool:
    relative = path.relative_to(root).as_posix()

    def matches(pattern: str) -> bool:
        return fnmatch(relative, pattern) or fnmatch(path.name, pattern)

    if options.include and not any(matches(p) for p in options.include):
        return False
    return not any(matches(p) for p in options.exclude)


def expand_inputs(
    inputs: Sequence[str], options: ReadOptions = DEFAULT_OPTIONS
) -> Iterator[tuple[str, Path | None, bool]]:
    """Yield ``(name, path, explicit)`` per input: folders recurse in sorted order (filtered by --include/--exclude);
    ``-`` (stdin), URLs and a folder with nothing to read in it have no path."""
    for name in inputs:
        if name == STDIN or is_url(name):
            yield name, None, True
            continue
        path = Path(name)
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
            chosen = [c for c in children if _selected(c, path, options)]
            if not chosen:
                yield name, None, False  # read as an empty folder: "no articles found in it"
            for child in chosen:
                yield str(child), child, False
        else:
            yield name, path, True


def load_input_list(path: Path) -> list[str]:
    """The inputs listed in a file, one per line; blank lines and ``#`` comments are ignored."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise ReadError(f"cannot read the input list ({exc.strerror})") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_bytes(
    data: bytes, name: str, path: PurePosixPath | Path, content_type: str | None = None, *, limit: int | None = None
) -> ReadItems:
    """Articles (and per-item errors) from raw bytes, using the reader for ``path`` and the content."""
    data = maybe_gunzip(data, limit or MAX_INPUT_BYTES)
    if not data.strip():
        raise ReadError("the file is empty")
    reader = reader_for(path, data[:SNIFF_BYTES], content_type)
    if reader is None:
        raise ReadError(f"unsupported file type {_suffix(path) or '(no suffix)'!r}")
    items = reader.read(data, name)
    if not items:
        raise ReadError("no article found in it")
    several = len(items) > 1
    return [(not_an_article(i, several) or with_headline(i)) if isinstance(i, Article) else i for i in items]


def _over_cap(size: int | None, limit: int) -> ReadError:
    if size is not None:
        return ReadError(f"the file is {describe_size(size)}, over the {describe_size(limit)} size cap; not read")
    return ReadError(f"it holds more than the {describe_size(limit)} size cap; not read")


def read_capped(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``stream``: enough to tell that it is over the cap without reading it all."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit and (chunk := stream.read(min(1024 * 1024, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_stdin(limit: int = MAX_INPUT_BYTES) -> bytes:
    """Standard input, read up to one byte past ``limit`` (``yes | briefing extract -`` must not fill memory)."""
    return read_capped(sys.stdin.buffer, limit)


def _read_file(path: Path, limit: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError("no such file or folder") from None
    except OSError as exc:
        raise ReadError(f"cannot access it ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("it is a folder that cannot be listed")
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise _over_cap(info.st_size, limit)
    try:
        with path.open("rb") as handle:
            data = read_capped(handle, limit)
    except OSError as exc:
        raise ReadError(f"cannot read it ({exc.strerror})") from None
    if len(data) > limit:  # a device, a pipe, or a file that grew while read
        raise _over_cap(None, limit)
    return data


def _read_url(url: str, options: ReadOptions) -> ReadItems:
    from summarizer.readers.fetch import fetch_with

    fetched = fetch_with(url, options)
    path = PurePosixPath(urlsplit(fetched.url).path or "/")
    if not fetched.data.strip():
        raise ReadError("the server sent an empty document")
    return read_bytes(fetched.data, url, path, fetched.content_type, limit=options.max_input_bytes)


def _read_one(name: str, path: Path | None, explicit: bool, stdin: bytes | None, options: ReadOptions) -> ReadItems:
    limit = options.max_input_bytes
    if name == STDIN:
        data = stdin if stdin is not None else read_stdin(limit)
        if len(data) > limit:
            raise _over_cap(None, limit)
        return read_bytes(data, "<stdin>", Path("stdin"), limit=limit)
    if path is None and not is_url(name):
        raise ReadError(_empty_folder(name, options))
    if path is None:
        return _read_url(name, options)
    if not explicit and reader_for(path, b"") is None:
        raise ReadError(f"skipped: unsupported file type {path.suffix!r}")
    return read_bytes(_read_file(path, limit), name, path, limit=limit)


def _empty_folder(name: str, options: ReadOptions) -> str:
    filtered = " (after --include/--exclude)" if options.include or options.exclude else ""
    return f"no articles found in this folder: it holds no files to read{filtered}"


@dataclass
class _Collector:
    """Gathers articles and errors; under ``--strict`` the first error stops everything."""

    strict: bool
    articles: list[Article]
    errors: list[InputError]

    def add(self, item: Article | InputError) -> None:
        item = sanitized(item)
        if isinstance(item, Article):
            note = unreadable_date_note(item.published)
            self.articles.append(dataclasses.replace(item, notes=(*item.notes, note)) if note else item)
            return
        if self.strict:
            raise StrictError(item)
        self.errors.append(item)


def read_inputs(
    inputs: Sequence[str], stdin: bytes | None = None, options: ReadOptions = DEFAULT_OPTIONS
) -> ReadResult:
    """Read every input; a bad one becomes an :class:`InputError` and never stops the others (unless strict)."""
    collector = _Collector(options.strict, [], [])
    names = list(inputs)
    if options.inputs_from is not None:
        try:
            names += load_input_list(options.inputs_from)
        except ReadError as exc:
            collector.add(InputError(str(options.inputs_from), str(exc)))
    for name, path, explicit in expand_inputs(names, options):
        try:
            items = _read_one(printable_name(name), path, explicit, stdin, options)
        except ReadError as exc:
            collector.add(InputError("<stdin>" if name == STDIN else name, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - a reader bug must not lose the other inputs
            reason = f"{UNEXPECTED_ERROR} ({type(exc).__name__}: {exc})"
            collector.add(InputError("<stdin>" if name == STDIN else name, reason))
            continue
        for item in items:
            collector.add(item)
    articles = collector.articles
    if options.fetch:
        from summarizer.readers.teasers import fetch_full_texts

        articles, fetch_errors = fetch_full_texts(articles, options)
        articles = [a for a in map(sanitized, articles) if isinstance(a, Article)]
        for error in fetch_errors:
            collector.add(error)
    headlines = [unfetched_headline(a, options.fetch) for a in articles]
    for headline in headlines:
        if headline is not None:
            collector.add(headline)
    articles = [a for a, headline in zip(articles, headlines, strict=True) if headline is None]
    return ReadResult(articles=merge_duplicates(articles), errors=collector.errors)
