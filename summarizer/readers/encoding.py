"""Bytes to text: BOMs, UTF-16/32, declared or detected legacy charsets; never a crash on bad bytes."""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from summarizer.readers.base import ReadError, describe_size

GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
MIN_WIDE_TEXT_BYTES = 32
_TIE_PREFERENCE = ("cp1252", "latin_1", "iso8859_15")
REPLACED_NOTE = "some bytes could not be decoded in any known text encoding and were replaced with �"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used, and a note when something was lost."""

    text: str
    encoding: str
    note: str | None = None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(head: bytes) -> str | None:
    """The charset a page or XML file declares in its first bytes (``<meta charset>``, ``<?xml encoding>``)."""
    match = _DECLARED.search(head[:4096])
    return _known_codec(match.group(1).decode("ascii", "replace")) if match else None


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_like_text(text: str) -> bool:
    sample = text[:8192]
    return len(_CONTROL.findall(sample)) <= max(2, len(sample) // 200)


def _detected(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    # Short texts often fit several single-byte code pages equally well; the web's most common one wins a tie.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = next((m for m in tied if m.encoding in _TIE_PREFERENCE), best)
    text = _strict(data, best.encoding)
    if text is None or not _looks_like_text(text):
        return None
    if best.encoding.startswith("utf_16") and not _utf16_pattern(data):
        return None
    if best.encoding.startswith("utf_32") and len(data) < MIN_WIDE_TEXT_BYTES:
        return None
    return Decoded(text, best.encoding)


def _utf16_pattern(data: bytes) -> bool:
    """Whether BOM-less bytes look like UTF-16 text: enough of it, its zero bytes lined up in one column.

    Without this, a few bytes of binary with a zero byte in them decode "successfully" as CJK characters.
    """
    sample = data[:8192]
    if len(sample) < MIN_WIDE_TEXT_BYTES:
        return False
    zeros = [sample[i::2].count(0) for i in range(2)]
    return max(zeros) >= 0.2 * (len(sample) // 2) and min(zeros) <= 0.05 * max(zeros)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes replaced by �, when nearly all its non-ASCII text is valid UTF-8.

    One stray byte must cost one character, not turn every accented letter of the article into mojibake.
    """
    if b"\x00" in data[:8192]:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    # Legacy 8-bit text is almost never valid UTF-8 by accident: its non-ASCII bytes come out mostly invalid.
    return text if good >= 2 and bad <= good and _looks_like_text(text) else None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``: BOM, then UTF-8, then the declared charset, then detection; replacement as a last resort."""
    bom = bom_encoding(data)
    if bom is not None:
        text = data.decode(bom, errors="replace")
        return Decoded(text, bom, REPLACED_NOTE if "\ufffd" in text else None)
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and "\x00" not in utf8[:8192]:
        return Decoded(utf8, "utf-8")
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return Decoded(mostly, "utf-8", REPLACED_NOTE)
    for encoding in (_known_codec(declared), declared_charset(data)):
        candidate = _strict(data, encoding) if encoding else None
        if candidate is not None and encoding is not None and _looks_like_text(candidate):
            return Decoded(candidate, encoding)
    detected = _detected(data)
    if detected is not None:
        return detected
    if b"\x00" in data[:8192]:
        raise ReadError("this looks like a binary file, not text (it contains NUL bytes)")
    text = data.decode("utf-8", errors="replace")
    if not _looks_like_text(text):
        raise ReadError("this looks like a binary file, not text (it is full of control characters)")
    return Decoded(text, "utf-8", REPLACED_NOTE)


def repaired_utf8(data: bytes) -> bytes | None:
    """UTF-8 bytes with a few invalid bytes replaced by �, for parsers that decode by themselves (feedparser would
    otherwise read the whole document as windows-1252); ``None`` when there is nothing to repair."""
    declared = declared_charset(data)
    if bom_encoding(data) is not None or (declared is not None and declared != "utf-8"):
        return None
    if _strict(data, "utf-8") is not None:
        return None
    text = _mostly_utf8(data)
    return text.encode("utf-8") if text is not None else None


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, every member of it, refusing output over ``limit`` bytes (a plain reason when broken)."""
    out: list[bytes] = []
    size = 0
    while data.startswith(GZIP_MAGIC):
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            member = decompressor.decompress(data, limit + 1 - size)
        except zlib.error as exc:
            raise ReadError(f"the gzip data is broken ({exc})") from None
        size += len(member)
        if size > limit:
            raise ReadError(f"it decompresses to over {describe_size(limit)}, over the size cap; not read")
        if not decompressor.eof:
            raise ReadError("the gzip data is truncated")
        out.append(member)
        data = decompressor.unused_data  # `cat a.gz b.gz` is one valid gzip file of two members
    return b"".join(out)


def maybe_gunzip(data: bytes, limit: int) -> bytes:
    """``data`` decompressed when it is gzip, unchanged otherwise."""
    return gunzip(data, limit) if data.startswith(GZIP_MAGIC) else data


__all__ = ["Decoded", "decode_bytes", "declared_charset", "bom_encoding", "gunzip", "maybe_gunzip", "repaired_utf8"]
