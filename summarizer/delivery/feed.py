"""The Atom feed of briefings (``feed.xml`` in the output folder): one entry per day, newest first."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from summarizer import __version__
from summarizer.files import write_atomic
from summarizer.timestamps import display_time, parse_time

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 30
TOP_TITLES = 5
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK_ORDER = ("html", "email", "text", "md", "json")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _urn(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "briefing-summarizer:" + "\x00".join(parts)).urn


def _rfc3339(value: str | None, date: str) -> str:
    parsed = parse_time(value) or parse_time(date)
    assert parsed is not None
    return parsed.isoformat().replace("+00:00", "Z")


def _day_json(folder: Path, files: Mapping[str, str]) -> dict[str, Any]:
    """The day's JSON briefing when it was written and still reads; empty otherwise (the entry is then shorter)."""
    if "json" not in files:
        return {}
    try:
        data = json.loads((folder / files["json"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def feed_entries(folder: Path, briefings: Mapping[str, Mapping[str, Any]], title: str) -> list[dict[str, str]]:
    """One entry per day with a file still on disk, newest first: id, title, updated, link and summary."""
    entries = []
    for date, info in sorted(briefings.items(), reverse=True):
        files = {k: str(v) for k, v in dict(info.get("files", {})).items() if (folder / str(v)).is_file()}
        link = next((files[fmt] for fmt in (*_LINK_ORDER, *files) if fmt in files), None)
        if link is None:
            continue
        day = _day_json(folder, files)
        stories = int(info.get("stories", 0))
        titles = [str(a.get("title", "")) for a in day.get("articles", [])[:TOP_TITLES] if isinstance(a, dict)]
        summary = f"{stories} {'story' if stories == 1 else 'stories'}" + (": " + "; ".join(titles) if titles else "")
        day_title = str(info.get("title", title))
        entries.append(
            {
                "id": _urn(day_title, date),
                "title": f"{day_title}, {display_time(date)}",
                "updated": _rfc3339(day.get("generated_at"), date),
                "link": link,
                "summary": summary,
            }
        )
        if len(entries) == MAX_ENTRIES:
            break
    return entries


def atom_feed(title: str, entries: list[dict[str, str]], index: str | None, feed_name: str) -> str:
    """The Atom document; links are relative to the feed's own location (the output folder)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            child.text = _clean(text)
        return child

    add(root, "id", _urn(title))
    add(root, "title", title)
    add(root, "updated", max((e["updated"] for e in entries), default="1970-01-01T00:00:00Z"))
    add(root, "link", rel="self", href=feed_name)
    if index:
        add(root, "link", rel="alternate", type="text/html", href=index)
    add(root, "generator", "briefing-summarizer", version=__version__)
    author = add(root, "author")
    add(author, "name", title)
    for entry in entries:
        item = add(root, "entry")
        add(item, "id", entry["id"])
        add(item, "title", entry["title"])
        add(item, "updated", entry["updated"])
        add(item, "link", rel="alternate", href=entry["link"])
        add(item, "summary", entry["summary"])
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_feed(
    folder: Path, feed_name: str, briefings: Mapping[str, Mapping[str, Any]], title: str, index: str | None
) -> Path:
    """Write the Atom feed of the briefings on disk to ``folder / feed_name``; returns its path."""
    path = folder / feed_name
    # Links are relative to the feed's folder, which may be below the output folder.
    prefix = Path(*[".."] * (len(Path(feed_name).parts) - 1))
    entries = feed_entries(folder, briefings, title)
    for entry in entries:
        entry["link"] = (prefix / entry["link"]).as_posix()
    index_href = (prefix / index).as_posix() if index else None
    write_atomic(path, atom_feed(title, entries, index_href, Path(feed_name).name))
    return path
