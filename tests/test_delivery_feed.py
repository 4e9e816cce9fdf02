"""The Atom feed of briefings: valid Atom (read back with feedparser), one entry per day, off with feed = ""."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from tests.delivery_helpers import DATA, make_workspace, run


def test_one_entry_per_day_newest_first_and_valid_atom(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path, "")
    run(folder)
    (folder / "notes" / "late.md").write_text("# Late news\n\nA ferry ran aground near the harbour on Tuesday.\n")
    run(folder)  # the same day again, rebuilt: still one entry for it
    (folder / "notes" / "next.md").write_text("# Next day\n\nThe ferry was towed back to port on Wednesday.\n")
    run(folder, date="2026-11-30")
    path = folder / "out" / "feed.xml"
    root = ET.fromstring(path.read_bytes())  # well-formed XML
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Café briefing — Grüße"
    assert [e.title for e in feed.entries] == [
        "Café briefing — Grüße, 30 Nov 2026",
        "Café briefing — Grüße, 29 Nov 2026",
    ]
    assert [e.link for e in feed.entries] == ["2026-11-30.html", "2026-11-29.html"]
    assert len({e.id for e in feed.entries}) == 2 and all(e.id.startswith("urn:uuid:") for e in feed.entries)
    assert feed.entries[0].summary == "1 story: Next day"
    assert feed.entries[1].summary.startswith("4 stories: ")
    assert "Late news" in feed.entries[1].summary
    assert feed.entries[0].updated == "2026-11-30T00:00:00Z" and feed.feed.updated == "2026-11-30T00:00:00Z"


def test_feed_is_off_with_an_empty_name_and_can_live_in_a_subfolder(tmp_path: Path) -> None:
    off = make_workspace(tmp_path / "off", "")
    toml = (off / "briefing.toml").read_text(encoding="utf-8").replace('dir = "out"', 'dir = "out"\nfeed = ""')
    (off / "briefing.toml").write_text(toml, encoding="utf-8")
    run(off)
    assert not (off / "out" / "feed.xml").exists()

    sub = make_workspace(tmp_path / "sub", "")
    toml = (
        (sub / "briefing.toml")
        .read_text(encoding="utf-8")
        .replace('dir = "out"', 'dir = "out"\nfeed = "feeds/atom.xml"')
    )
    (sub / "briefing.toml").write_text(toml, encoding="utf-8")
    run(sub)
    feed = feedparser.parse((sub / "out" / "feeds" / "atom.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].link == "../2026-11-29.html"


def test_hostile_titles_stay_text(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path, "", title="A & B <script>")
    (folder / "notes" / "hostile.md").write_text((DATA / "hostile.md").read_text(encoding="utf-8"), encoding="utf-8")
    run(folder)
    feed = feedparser.parse((folder / "out" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "A & B <script>"
