"""Article text made inert: Markdown escaping, safe links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

SAFE_URL_SCHEMES = ("http", "https")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_WHITESPACE = re.compile(r"\s+")


class MarkdownSafe(str):
    """A string already valid as Markdown, printed as is by the Markdown templates."""


def escape_markdown(value: Any) -> Any:
    """Make text inert in Markdown: one line, and no character that could start markup, HTML or a link."""
    if value is None or isinstance(value, (MarkdownSafe, int, float, bool)):
        return "" if value is None else value
    text = _WHITESPACE.sub(" ", str(value)).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


def finalize_plain(value: Any) -> Any:
    return "" if value is None else value


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain web link (http/https); ``None`` for anything else, such as ``javascript:``."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_URL_SCHEMES or not parts.netloc:
        return None
    # Percent-encode characters that could end a Markdown link or an HTML attribute early.
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")
