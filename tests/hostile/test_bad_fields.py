"""Class 1: one bad field (an out-of-range date) becomes a note on its article, never the end of the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.timestamps import display_time, iso_time, parse_time
from tests.hostile.conftest import assert_clean, run_cli

BAD_DATES = ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "Fri, 31 Dec 9999 23:59:59 -2359", "9" * 5000]


def _text(n: str) -> str:
    return f"Story {n}: the council of {n} approved its budget on Monday. Critics in {n} said it came far too late."


@pytest.mark.parametrize("value", BAD_DATES)
def test_out_of_range_dates_parse_as_unreadable(value: str) -> None:
    assert parse_time(value) is None
    assert display_time(value) == value.strip()
    assert iso_time(value) == ""


def _inputs(work: Path, date: str) -> list[str]:
    records = [{"title": "Bad date", "text": _text("a"), "published": date}, {"title": "Good", "text": _text("b")}]
    (work / "records.json").write_text(json.dumps(records))
    (work / "front.md").write_text(f"---\ntitle: Front\ndate: {date}\n---\n{_text('c')}\n")
    item = "<item><title>{0}</title><link>http://example.com/{0}</link><pubDate>{1}</pubDate><description>{2}</description></item>"
    feed = "".join(
        item.format(n, d, _text(n)) for n, d in (("feedbad", date), ("feedgood", "Fri, 01 Dec 2023 10:00:00 GMT"))
    )
    (work / "feed.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{feed}</channel></rss>'
    )
    return [str(work / name) for name in ("records.json", "front.md", "feed.rss")]


@pytest.mark.parametrize("date", BAD_DATES[:3])
def test_build_keeps_every_article_and_notes_the_bad_date(work: Path, date: str) -> None:
    run = run_cli(["build", *_inputs(work, date), "--engine", "extractive", "-f", "json", "--quiet"])
    assert_clean(run)
    assert run.code == 0, run.stderr
    items = json.loads(run.stdout)["articles"]
    assert {i["title"] for i in items} == {"Bad date", "Good", "Front", "feedbad", "feedgood"}
    bad = [i for i in items if i["title"] in ("Bad date", "Front")]
    assert all(any("publication date" in n for n in i["notes"]) for i in bad)


def test_build_markdown_and_html_render_the_bad_date_as_given(work: Path) -> None:
    for fmt in ("md", "html"):
        run = run_cli(["build", *_inputs(work, BAD_DATES[0]), "--engine", "extractive", "-f", fmt, "--quiet"])
        assert_clean(run)
        assert run.code == 0 and "9999-12-31T23:59:59-23:59" in run.stdout


def test_bad_front_matter_values_are_a_note_not_a_lost_article(work: Path) -> None:
    (work / "deep.md").write_text("---\ntitle: " + "[" * 5000 + "\n---\n" + _text("d") + "\n")
    (work / "month.md").write_text(f"---\ntitle: Month\ndate: 2026-13-45\n---\n{_text('e')}\n")
    run = run_cli(["extract", str(work / "deep.md"), str(work / "month.md")])
    assert_clean(run)
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.code == 0 and len(rows) == 2
    assert "front matter was ignored" in rows[0]["notes"][0]
    assert rows[1]["title"] == "Month" and rows[1]["published"] == "2026-13-45"
