"""A small briefing that touches every field a template can print: user templates are checked against it."""

from __future__ import annotations

from summarizer.records import (
    Article,
    ArticlePoints,
    Briefing,
    BriefingItem,
    EngineInfo,
    InputError,
    PointSources,
    PointSupport,
    TokenCounts,
)


def sample_briefing() -> Briefing:
    """Two sources of one story (one point on which they differ), another story, and an input that failed, with
    points, support and notes: enough for an "In brief" line."""
    lead = Article(
        input="sample/harbour.txt",
        title="Harbour plan approved",
        text="The council approved the harbour plan on Tuesday. Work starts in spring.",
        source="The Sample Gazette",
        url="https://example.org/harbour",
        published="2026-11-29T07:30:00+00:00",
        author="A. Writer",
        notes=("sample note",),
    )
    other = Article(input="sample/harbour-2.txt", title="Council backs harbour works", text="Works backed.")
    points = ("The council approved the harbour plan on Tuesday.", "Work starts in spring.")
    result = ArticlePoints(
        points=points,
        tokens=TokenCounts(14, 14),
        notes=("read in 1 part",),
        support=tuple(PointSupport(p, (p,)) for p in points),
        engine=EngineInfo("sample", "sample-model"),
    )
    differs = ("Sources differ: Tuesday (The Sample Gazette) vs Monday (sample)",)
    item = BriefingItem(
        lead,
        result,
        sources=(lead, other),
        section="Local",
        point_sources=(PointSources(points[0], (lead.id, other.id), differs), PointSources(points[1], (lead.id,))),
    )
    ferry = Article(input="sample/ferry.txt", title="Ferry line to reopen", text="The ferry line reopens in May.")
    second = BriefingItem(ferry, ArticlePoints(("The ferry line reopens in May.",), TokenCounts(6, 6)), section="Local")
    return Briefing(
        title="Sample briefing",
        date="2026-11-29",
        generated_at="2026-11-29T07:30:00+00:00",
        engine=EngineInfo("sample", "sample-model"),
        items=[item, second],
        errors=[InputError("sample/broken.txt", "the file is empty")],
    )
