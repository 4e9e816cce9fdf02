"""``briefing daily``: the day's briefing from what is new since the last run, in every configured format."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.config.commands import parse_date
from summarizer.config.daily import DailySettings
from summarizer.daily.report import _append_step_summary, step_summary, write_index
from summarizer.daily.select import Selection, limit_per_source, parse_since, read_sections, select_articles
from summarizer.daily.state import load_day_articles, load_state, save_day_articles, save_state, seen_key, state_lock
from summarizer.daily.stories import Story, group_stories, merge_story, order_items
from summarizer.delivery import DeliveryOutcome, deliver
from summarizer.delivery.feed import write_feed
from summarizer.engines.protocol import KeyPointEngine
from summarizer.exit_codes import EXIT_DELIVERY_FAILED, EXIT_NOTHING_NEW, EXIT_OK, EXIT_PARTIAL
from summarizer.files import write_atomic
from summarizer.grouping.cluster import Embedder
from summarizer.grouping.memory import Remembered, StoryMemory, load_memory, save_memory
from summarizer.pipeline import engine_for, summarize_articles
from summarizer.records import Article, Briefing, BriefingItem, InputError
from summarizer.render import check_template, render

if TYPE_CHECKING:
    from summarizer.batch.day import StoredDay


def _story_section(story: Story, sections: dict[str, str | None], order: Sequence[str | None]) -> str | None:
    """The section most of the story's articles came from (the earlier section on a tie)."""
    votes = [sections[a.id] for a in story.articles]
    return min(set(votes), key=lambda s: (-votes.count(s), order.index(s) if s in order else len(order)))


def developing_note(earlier: Remembered) -> str:
    """The note on an item that continues a story an earlier briefing covered."""
    return f"developing: first seen {earlier.first_seen}"


def _with_note(item: BriefingItem, note: str) -> BriefingItem:
    return dataclasses.replace(item, result=dataclasses.replace(item.result, notes=(note, *item.result.notes)))


def _continued(stories: Sequence[Story], memory: StoryMemory | None, date: str, settings: DailySettings) -> list[str]:
    """Per story, the developing note when it continues a story an earlier day briefed (else an empty string)."""
    if memory is None or not date:
        return ["" for _ in stories]
    grouping = settings.grouping
    titles = [s.articles[0].title for s in stories]
    earlier = memory.link([s.signature for s in stories], titles, date, grouping.memory_days, grouping.memory_threshold)
    return [developing_note(e) if e is not None else "" for e in earlier]


def build_items(
    articles: Sequence[Article],
    sections: dict[str, str | None],
    settings: DailySettings,
    engine: KeyPointEngine,
    memory: StoryMemory | None = None,
    date: str = "",
    stored: Mapping[str, BriefingItem] | None = None,
    embedder: Embedder | None = None,
) -> tuple[list[BriefingItem], list[InputError]]:
    """Group into stories, summarize every article once, merge each story into one item, and order them.

    With a story ``memory``, a story that continues one briefed on an earlier day carries a "developing" note.
    ``stored`` items (by article id, ``--from-batch``) are used as they are: no engine runs.
    """
    order = [s.title for s in settings.sections] + [settings.other_title if settings.sections else None]
    if settings.grouping.enabled:
        stories = group_stories(articles, settings.grouping, embedder)
    else:
        stories = [Story((a,)) for a in sorted(articles, key=lambda a: a.id)]
    notes = _continued(stories, memory, date, settings)
    todo = [a for s in stories for a in s.articles]
    if stored is None:
        summarized, errors = summarize_articles(engine, todo, drop_unsupported=settings.drop_unsupported)
    else:
        summarized, errors = [stored[a.id] for a in todo], []
    by_id = {item.article.id: item for item in summarized}
    items = [
        merge_story(story, by_id, settings.engine.max_points, _story_section(story, sections, order))
        for story in stories
        if any(a.id in by_id for a in story.articles)
    ]
    kept_notes = [
        note for story, note in zip(stories, notes, strict=True) if any(a.id in by_id for a in story.articles)
    ]
    items = [_with_note(item, note) if note else item for item, note in zip(items, kept_notes, strict=True)]
    return order_items(items, order), errors


def _dropped_since_earlier_run(
    placed: Sequence[tuple[Article, str | None]], settings: DailySettings, date: str
) -> list[tuple[Article, str | None]]:
    """Articles an earlier run today covered that the sources no longer list: the day's briefing keeps them."""
    present = {seen_key(a) for a, _ in placed}
    return [(a, s) for a, s in load_day_articles(settings.output.dir, date) if seen_key(a) not in present]


def _generated_at(settings: DailySettings, now: dt.datetime) -> str:
    # An explicit --date fixes the timestamp too, so reruns for that date are byte-identical.
    if settings.date:
        return settings.date
    return now.replace(microsecond=0).isoformat()


def write_outputs(briefing: Briefing, settings: DailySettings) -> list[Path]:
    """Every configured format of the briefing, each written atomically."""
    written = []
    for fmt in settings.output.paths:
        path = settings.output.path_for(fmt, briefing.date)
        template = settings.template if fmt == "html" else None
        write_atomic(path, render(briefing, fmt, template=template, show_sources=settings.show_sources))
        written.append(path)
    return written


def run_daily(
    settings: DailySettings, engine: KeyPointEngine | None = None, now: dt.datetime | None = None
) -> DailyResult:
    """Build the day's briefing from what is new; write every format, the state and the index (exit 3: nothing new)."""
    if settings.template is not None:  # before any work: a typo in the template must not cost the run
        check_template(settings.template, "html", settings.show_sources)
    if settings.dry_run:  # writes nothing, so it need not wait for a run that does (nor create the folder to lock)
        return _run_daily(settings, engine, now)
    with state_lock(settings.output.state_file):  # runs at the same time take turns: no day lost from the state
        return _run_daily(settings, engine, now)


def _run_daily(settings: DailySettings, engine: KeyPointEngine | None, now: dt.datetime | None) -> DailyResult:
    now = now or dt.datetime.now(dt.UTC)
    date = parse_date(settings.date or None)
    since = parse_since(settings.since, now) if settings.since else None
    state = load_state(settings.output.state_file)
    stored = _stored_day(settings, date)
    if stored is not None:  # --from-batch: the day's rows stand in for reading the sources
        placed, errors, origins = list(stored.placed), list(stored.errors), dict(stored.origins)
    else:
        placed, errors, origins = read_sections(settings)
    if since is None and stored is None:
        placed += _dropped_since_earlier_run(placed, settings, date)
    selection = select_articles(placed, state, date, since)
    limit_per_source(selection, origins, settings.per_source_limit)  # left out: not recorded, so not "covered"
    selection.left_out[:0] = stored.left_out if stored is not None else []
    nothing_new = not selection.articles if since is not None else not selection.new_keys
    if nothing_new:
        summary = step_summary(settings, date, None, errors, selection, ())
        if not settings.dry_run:
            _append_step_summary(settings, summary)
        resent = deliver(settings.output.dir, settings.delivery, None, settings.dry_run)  # what a failed run left
        code = EXIT_DELIVERY_FAILED if resent.failed else EXIT_OK if resent.lines else EXIT_NOTHING_NEW
        return DailyResult(
            None, (), tuple(errors), 0, selection.already_seen, summary, code, resent, tuple(selection.left_out)
        )
    if stored is not None:
        engine = stored.engine
    engine = engine or engine_for(selection.articles, settings.engine)
    memory = load_memory(settings.output.dir) if settings.grouping.enabled else None
    items, summarize_errors = build_items(
        selection.articles,
        selection.sections,
        settings,
        engine,
        memory,
        date,
        stored.items if stored is not None else None,
        stored.embedder if stored is not None else None,
    )
    errors += summarize_errors
    briefing = Briefing(
        title=settings.title,
        date=date,
        generated_at=_generated_at(settings, now),
        engine=engine.info,
        items=items,
        errors=errors,
        lang=settings.lang,
        in_brief=settings.in_brief,
    )
    if settings.dry_run:
        return _dry_run(briefing, settings, selection, errors)
    written = write_outputs(briefing, settings)
    summarized = {s.id for item in items for s in item.sources}
    state.record(date, {seen_key(a) for a in selection.articles if a.id in summarized}, settings, briefing)
    if since is None and stored is None:  # a batch output keeps the day's rows itself
        save_day_articles(settings.output.dir, date, [(a, selection.sections[a.id]) for a in selection.articles])
    save_state(settings.output.state_file, state, date)  # before the index: a kill between them loses no day
    if settings.output.index:
        written.append(write_index(state, settings))
    if settings.output.feed:
        written.append(
            write_feed(
                settings.output.dir, settings.output.feed, state.briefings, settings.title, settings.output.index
            )
        )
    if memory is not None:
        save_memory(settings.output.dir, memory, date, settings.grouping.memory_days)
    summary = step_summary(settings, date, briefing, errors, selection, written)
    _append_step_summary(settings, summary)
    # Files and state are written first: a failed delivery stays in the outbox and the next run only re-sends it.
    delivered = deliver(settings.output.dir, settings.delivery, briefing)
    code = EXIT_DELIVERY_FAILED if delivered.failed else EXIT_PARTIAL if errors else EXIT_OK
    new = len(selection.new_keys)
    return DailyResult(
        briefing,
        tuple(written),
        tuple(errors),
        new,
        selection.already_seen,
        summary,
        code,
        delivered,
        tuple(selection.left_out),
    )


def _stored_day(settings: DailySettings, date: str) -> StoredDay | None:
    """The day's rows of the batch output ``--from-batch`` names (``None`` when the sources are read)."""
    if settings.from_batch is None:
        return None
    from summarizer.batch.day import load_day

    return load_day(settings, date)


def _dry_run(
    briefing: Briefing, settings: DailySettings, selection: Selection, errors: list[InputError]
) -> DailyResult:
    """Say which files would be written and what would be sent, to whom; write and send nothing."""
    paths = [settings.output.path_for(fmt, briefing.date) for fmt in settings.output.paths]
    paths += [settings.output.dir / name for name in (settings.output.index, settings.output.feed) if name]
    outcome = deliver(settings.output.dir, settings.delivery, briefing, dry_run=True)
    lines = (*(f"would write {p}" for p in paths), *outcome.lines)
    summary = step_summary(settings, briefing.date, briefing, errors, selection, ())
    code = EXIT_PARTIAL if errors else EXIT_OK
    new = len(selection.new_keys)
    return DailyResult(
        briefing,
        (),
        tuple(errors),
        new,
        selection.already_seen,
        summary,
        code,
        DeliveryOutcome(lines, outcome.failures),
        tuple(selection.left_out),
    )


@dataclass(frozen=True)
class DailyResult:
    """What a daily run did; ``briefing`` is ``None`` when nothing was new and nothing was written."""

    briefing: Briefing | None
    written: tuple[Path, ...]
    errors: tuple[InputError, ...]
    new_articles: int
    already_seen: int
    step_summary: str
    exit_code: int
    delivery: DeliveryOutcome = DeliveryOutcome()
    """What was sent (or, in a dry run, would be written and sent) and what failed ("delivery failed: ...")."""
    left_out: tuple[str, ...] = ()
    """What ``per_source_limit`` left out, one line per source; also in the step summary."""
