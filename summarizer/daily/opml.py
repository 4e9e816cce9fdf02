"""OPML feed lists: ``sources = ["feeds.opml"]`` reads as the feeds its ``<outline xmlUrl=...>`` entries name."""

from __future__ import annotations

import xml.parsers.expat
from pathlib import Path
from typing import NoReturn

from summarizer.records import InputError

SUFFIX = ".opml"


class _Refused(Exception):
    """A construct the OPML reader will not parse (a DOCTYPE or an entity declaration)."""


def is_opml(source: str) -> bool:
    """Whether ``source`` is a local OPML file to expand (URLs are read as they are)."""
    return source.lower().endswith(SUFFIX) and "://" not in source


def _refuse(*_: object) -> NoReturn:
    raise _Refused("it declares a DOCTYPE or entities, which a feed list does not need (refused for safety)")


def opml_feeds(path: str) -> tuple[list[str], InputError | None]:
    """The feed URLs (or local paths, relative to the OPML's folder) the OPML at ``path`` lists, nested outlines too.

    Parsed with expat directly, refusing any DOCTYPE or entity declaration, so nothing is ever expanded or fetched.
    A missing, broken or empty list is one :class:`InputError` naming the file and the problem.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return [], InputError(path, f"cannot read the OPML feed list ({exc.strerror})")
    feeds: list[str] = []
    roots: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not roots:
            roots.append(name)
        url = (attrs.get("xmlUrl") or attrs.get("xmlurl") or "").strip()
        if name == "outline" and url:
            feeds.append(url)

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        return [], InputError(path, f"not a usable OPML feed list: {exc}")
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.errors.messages.get(exc.code, str(exc)) if exc.code else str(exc)
        where = f"line {exc.lineno}, column {exc.offset + 1}"
        return [], InputError(path, f"not a readable OPML feed list: the XML is broken at {where} ({reason})")
    if roots != ["opml"]:
        return [], InputError(path, f"not an OPML feed list: its root element is <{roots[0]}>, not <opml>")
    if not feeds:
        return [], InputError(path, "the OPML feed list names no feeds (no <outline> with an xmlUrl)")
    base = Path(path).parent
    return [_resolved(url, base) for url in dict.fromkeys(feeds)], None


def _resolved(url: str, base: Path) -> str:
    if "://" in url and not url.startswith("file://"):
        return url
    local = Path(url.removeprefix("file://")).expanduser()
    return str(local if local.is_absolute() else base / local)
