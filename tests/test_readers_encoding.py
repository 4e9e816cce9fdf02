"""Bytes to text: BOMs, UTF-16/32, legacy charsets, gzip, and never a crash on bad bytes."""

from __future__ import annotations

import gzip

import pytest

from summarizer.readers.base import ReadError
from summarizer.readers.encoding import REPLACED_NOTE, declared_charset, decode_bytes, gunzip, maybe_gunzip
from summarizer.readers.textfile import TextReader

TEXT = "Café society: naïve déjà vu in Zürich — “quoted” text.\nSecond line of the article body here."


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-32"),  # with BOM
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no BOM: recognised by its zero bytes
        TEXT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf32-bom", "utf16be-bom", "utf16le-no-bom", "utf16be-no-bom"],
)
def test_unicode_encodings_decode_exactly(encoded: bytes) -> None:
    decoded = decode_bytes(encoded)
    assert decoded.text.lstrip("\ufeff") == TEXT
    assert decoded.note is None


def test_declared_legacy_charset_is_used() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>Привет, мир! Новости дня.</body></html>'
    decoded = decode_bytes(page.encode("cp1251"))
    assert "Привет, мир! Новости дня." in decoded.text
    assert declared_charset(page.encode("cp1251")) == "cp1251"


def test_xml_declaration_charset_is_used() -> None:
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Crème brûlée à la carte</title></rss>'
    assert "Crème brûlée à la carte" in decode_bytes(xml.encode("latin-1")).text


def test_undeclared_legacy_text_is_detected() -> None:
    text = "Die Bürger öffneten die Türen. Später gingen sie über die Brücke und aßen Käse. " * 5
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text


def test_undecodable_bytes_never_crash_and_say_so() -> None:
    data = b"Plain ascii article text " * 20 + b"\xff\xfe\xfa broken \x81\x8d" + b" more text" * 20
    decoded = decode_bytes(data)
    assert "Plain ascii article text" in decoded.text
    assert decoded.note in (None, REPLACED_NOTE)  # detection may find a legacy charset; never an exception


def test_binary_data_is_refused_plainly() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode_bytes(bytes(range(256)) * 40)


def test_text_reader_reads_utf16_file() -> None:
    article = TextReader().read(("Title line\n\n" + TEXT).encode("utf-16"), "a.txt")[0]
    assert article.title == "Title line"
    assert "Zürich" in article.text


def test_gunzip_round_trip_and_limits() -> None:
    assert maybe_gunzip(gzip.compress(b"hello"), 100) == b"hello"
    assert maybe_gunzip(b"plain", 100) == b"plain"
    with pytest.raises(ReadError, match="over"):
        gunzip(gzip.compress(b"x" * 1000), 100)
    with pytest.raises(ReadError, match="truncated|broken"):
        gunzip(gzip.compress(b"some longer text " * 50)[:-20], 10_000)
