"""Word documents (``.docx``): paragraphs and the document's title, read with python-docx."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from summarizer.readers.base import ReadError, describe_size, title_and_body
from summarizer.readers.sniff import KIND_SUFFIXES
from summarizer.records import Article

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""A DOCX is a zip: one that unpacks to more than this is refused before it is parsed (a zip bomb)."""
MAX_PARAGRAPHS = 20_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLES = ("title", "heading")


class DocxReader:
    """Reads ``.docx`` files (and zips holding ``word/document.xml``): one article per document."""

    name = "docx"
    suffixes = KIND_SUFFIXES["docx"]

    def recognizes(self, head: bytes) -> bool:
        """Whether the first bytes are a Word document's zip."""
        from summarizer.readers.sniff import sniff_kind

        return sniff_kind(head) == "docx"

    def read(self, data: bytes, input_name: str) -> list[Article]:
        """The document's text as one article."""
        return [read_docx(data, input_name)]


def _damaged(exc: BaseException) -> ReadError:
    detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    return ReadError(f"the DOCX file is damaged and cannot be read ({detail})")


def _check_package(data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        raise ReadError(
            "it is not a DOCX zip but an OLE file: a password-protected Word document or an old .doc; "
            "save it as an unprotected .docx"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"the DOCX file is damaged and cannot be read (not a valid zip: {exc})") from None
    if "word/document.xml" not in names:
        raise ReadError("the file is a zip but not a Word document (it has no word/document.xml)")
    if unpacked > MAX_UNPACKED_BYTES:
        cap = describe_size(MAX_UNPACKED_BYTES)
        raise ReadError(f"the DOCX unpacks to {describe_size(unpacked)}, over the {cap} cap; not read")


def _is_heading(paragraph: Any) -> bool:
    try:
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
    except Exception:  # noqa: BLE001 - a missing style only costs the heading
        return False
    return style.lower().startswith(_HEADING_STYLES)


def read_docx(data: bytes, input_name: str) -> Article:
    """One article from a DOCX file's bytes; a plain :class:`ReadError` when it is damaged or holds no text."""
    _check_package(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        everything = document.paragraphs
        paragraphs = [(p.text.strip(), p) for p in everything[:MAX_PARAGRAPHS]]
        meta_title = (document.core_properties.title or "").strip() or None
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds of error on a broken file
        raise _damaged(exc) from None
    kept = [(text, p) for text, p in paragraphs if text]
    if not kept:
        raise ReadError("the document holds no text")
    title = meta_title
    if title is None and _is_heading(kept[0][1]) and len(kept) > 1:
        title = kept[0][0]
        kept = kept[1:]
    title, body = title_and_body("\n\n".join(text for text, _ in kept), title)
    notes: tuple[str, ...] = ()
    if len(everything) > MAX_PARAGRAPHS:
        notes = (f"the document has {len(everything)} paragraphs; only the first {MAX_PARAGRAPHS} were read",)
    return Article(input=input_name, title=title, text=body, notes=notes)
