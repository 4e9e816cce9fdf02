"""Text that reaches a terminal or an output file: no control characters, no escape sequences, no lone surrogates."""

from __future__ import annotations

import re

# CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), other two-byte ESC sequences, then any control character
# left: C0 except tab and newline, DEL, and C1 (which some terminals also obey).
_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters (tabs and newlines kept; ``\\r`` becomes a newline)."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def printable_name(name: str) -> str:
    """A file name or URL safe to print and to encode as UTF-8: undecodable bytes become ``�``, controls go."""
    if _SURROGATES.search(name):
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return strip_controls(name)
