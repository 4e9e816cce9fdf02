"""PDF documents: the text layer of each page, read with pypdf."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from summarizer.readers.base import ReadError, title_and_body
from summarizer.readers.sniff import KIND_SUFFIXES
from summarizer.records import Article

MAX_PAGES = 300
"""Pages read from one PDF; the rest are left out with a note (a 2,000-page report is not one article)."""
NO_TEXT_LAYER = "no text layer: a scanned PDF needs OCR (run it through an OCR tool first)"
_LINE_END_HYPHEN = re.compile(r"\b([a-z]{2,})-\n([a-z]{2,})\b")
_SPACES = re.compile(r"[ \t\u00a0]+")


class PdfReader:
    """Reads ``.pdf`` files (and anything starting with ``%PDF-``): one article per document."""

    name = "pdf"
    suffixes = KIND_SUFFIXES["pdf"]

    def recognizes(self, head: bytes) -> bool:
        """Whether the first bytes are a PDF header."""
        from summarizer.readers.sniff import sniff_kind

        return sniff_kind(head) == "pdf"

    def read(self, data: bytes, input_name: str) -> list[Article]:
        """The document's text as one article."""
        return [read_pdf(data, input_name)]


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repaired defect as a warning; the reader reports what matters itself."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _damaged(exc: BaseException) -> ReadError:
    detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    return ReadError(f"the PDF is damaged and cannot be read ({detail})")


def _open(data: bytes) -> Any:
    from pypdf import PdfReader as PypdfReader
    from pypdf.errors import DependencyError

    if b"%PDF-" not in data[:1024]:
        raise ReadError("the file is not a PDF (it has no %PDF- header)")
    try:
        document = PypdfReader(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of error on a broken file
        raise _damaged(exc) from None
    if document.is_encrypted:
        try:
            opened = bool(document.decrypt(""))  # many PDFs are "encrypted" with an empty password: readable by anyone
        except DependencyError:
            opened = False
        except Exception as exc:  # noqa: BLE001
            raise _damaged(exc) from None
        if not opened:
            raise ReadError("the PDF is encrypted (password-protected); remove the password and read it again")
    return document


def dehyphenate(text: str) -> str:
    """``exam-\\nple`` → ``example`` where that is obviously safe: lower-case letters on both sides, and the
    document never writes the hyphenated form on one line (so ``well-\\nknown`` stays when ``well-known`` occurs)."""

    def join(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        if f"{first}-{second}" in text:
            return match.group(0)
        return f"{first}{second}\n"

    return _LINE_END_HYPHEN.sub(join, text)


def _tidy(page_text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in page_text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _metadata_title(document: Any) -> str | None:
    try:
        title = document.metadata.title if document.metadata is not None else None
    except Exception:  # noqa: BLE001 - a broken info dictionary only costs the title
        return None
    title = _SPACES.sub(" ", str(title)).strip() if title else ""
    return title or None


def read_pdf(data: bytes, input_name: str) -> Article:
    """One article from a PDF's bytes; a plain :class:`ReadError` when it is encrypted, damaged or a scan."""
    with _quiet_pypdf():
        document = _open(data)
        try:
            total = len(document.pages)
        except Exception as exc:  # noqa: BLE001
            raise _damaged(exc) from None
        if total == 0:
            raise ReadError("the PDF has no pages")
        pages: list[str] = []
        for index in range(min(total, MAX_PAGES)):
            try:
                text = document.pages[index].extract_text() or ""
            except Exception as exc:  # noqa: BLE001
                if index == 0 and not pages:
                    raise _damaged(exc) from None
                continue  # one unreadable page does not lose the others
            if tidy := _tidy(text):
                pages.append(tidy)
        title = _metadata_title(document)
    if not pages:
        raise ReadError(NO_TEXT_LAYER)
    text = dehyphenate("\n\n".join(pages))
    notes: tuple[str, ...] = ()
    if total > MAX_PAGES:
        notes = (f"the PDF has {total} pages; only the first {MAX_PAGES} were read",)
    title, body = title_and_body(text, title)
    return Article(input=input_name, title=title, text=body, notes=notes)
