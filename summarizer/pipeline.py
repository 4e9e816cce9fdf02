"""The pipeline: read articles → key points → briefing → rendered file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.config.commands import BuildConfig, SummarizeConfig
from summarizer.config.engine import EngineConfig
from summarizer.engines import announce_fallback, create_engine, plan_engine
from summarizer.engines.protocol import KeyPointEngine
from summarizer.files import check_output, write_atomic
from summarizer.progress import ProgressCallback
from summarizer.readers import StrictError, read_inputs
from summarizer.records import Article, ArticlePoints, Briefing, BriefingItem, EngineInfo, InputError, ReadResult
from summarizer.render import check_template, render, templates_dir


def summarize_articles(
    engine: KeyPointEngine, articles: Sequence[Article], *, drop_unsupported: bool = False
) -> tuple[list[BriefingItem], list[InputError]]:
    """Key points for all articles in one batched call; on failure, one by one, so a bad article loses nothing else.

    Then the faithfulness check: each point gets its source sentences; unsupported ones are flagged or dropped.
    """
    if not articles:
        return [], []
    errors: list[InputError] = []
    try:
        results = engine.key_points(articles)
        items = [BriefingItem(a, r) for a, r in zip(articles, results, strict=True)]
    except Exception:  # noqa: BLE001 - isolate the failing article below
        items, errors = _one_by_one(engine, articles)
    from summarizer.engines.caching import checks_with_cache

    def check(batch: list[BriefingItem]) -> list[BriefingItem]:
        from summarizer.faithfulness import check_items  # only for points the cache has not seen checked

        return check_items(batch, engine.info, drop_unsupported=drop_unsupported)

    return checks_with_cache(engine, items, check, variant=f"drop_unsupported={drop_unsupported}"), errors


def _one_by_one(engine: KeyPointEngine, articles: Sequence[Article]) -> tuple[list[BriefingItem], list[InputError]]:
    items: list[BriefingItem] = []
    errors: list[InputError] = []
    for article in articles:
        try:
            result: ArticlePoints = engine.key_points([article])[0]
        except Exception as exc:  # noqa: BLE001 - reported per article, the briefing goes on
            errors.append(InputError(article.input, f"summarizing {article.title!r} failed: {exc}"))
            continue
        items.append(BriefingItem(article, result))
    return items, errors


def make_briefing(
    read: ReadResult,
    engine: KeyPointEngine,
    *,
    title: str,
    date: str,
    now: dt.datetime | None = None,
    drop_unsupported: bool = False,
) -> Briefing:
    """Summarize what was read into a :class:`Briefing`."""
    items, errors = summarize_articles(engine, read.articles, drop_unsupported=drop_unsupported)
    generated = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    return Briefing(
        title=title,
        date=date,
        generated_at=generated,
        engine=engine.info,
        items=items,
        errors=[*read.errors, *errors],
    )


class _NoEngine:
    """Stands in when no article could be read, so the model is not loaded for nothing."""

    def __init__(self) -> None:
        self.info = EngineInfo(name="none (no article to summarize)", model="")

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        raise AssertionError("no articles to summarize")


def progress_for(config: EngineConfig) -> ProgressCallback | None:
    """Where progress goes: a bar on stderr (drawn only on a terminal), or nowhere under ``--quiet``."""
    from summarizer.progress import ProgressBar

    return None if config.quiet else ProgressBar()


def engine_for(articles: Sequence[Article], config: EngineConfig) -> KeyPointEngine:
    """The engine ``config`` asks for, behind the summary cache; it loads a model only for an uncached article.

    Which engine runs is decided once, here, before the cache is asked: the cache is keyed on that engine."""
    if not articles:
        return _NoEngine()
    from summarizer.engines.caching import CachingEngine, open_cache

    plan = dataclasses.replace(plan_engine(config), articles=len(articles))
    if plan.fallback_reason is not None:  # said even when every article comes from the cache
        announce_fallback(plan.fallback_reason)
    engine = CachingEngine(plan, lambda: create_engine(plan), open_cache(config), progress_for(config))
    engine.prepare(articles)  # loads the model now if some article is not cached, so load errors surface first
    return engine


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did: the briefing, the rendered text, and where it went."""

    briefing: Briefing
    rendered: str
    written_to: str | None
    notes: tuple[str, ...] = ()
    """What reading a batch output (``--from-batch``) left out or noticed, for stderr."""

    @property
    def exit_code(self) -> int:
        """0 when every input made it in, 1 when some failed."""
        return 1 if self.briefing.errors else 0


def build(config: BuildConfig, engine: KeyPointEngine | None = None, stdin: bytes | None = None) -> BuildResult:
    """Build a briefing from ``config.inputs`` (or a batch output) and write it to ``config.output`` (stdout when
    ``None``)."""
    if config.output is not None:
        check_output(config.output)  # before any work: a bad target must not cost the whole run
    if config.template is not None:
        check_template(config.template, config.format, config.show_sources)  # nor a typo in a template
    notes: tuple[str, ...] = ()
    if config.from_batch is not None:  # the points briefing batch wrote: no input is read, no engine loads
        from summarizer.batch.stored import load_batch_output

        stored = load_batch_output(config.from_batch, text=False)
        briefing, notes = stored.briefing(config.title, config.date), stored.notes
    else:
        read = read_inputs(config.inputs, stdin=stdin, options=config.read)
        engine = engine or engine_for(read.articles, config.engine)
        briefing = make_briefing(
            read, engine, title=config.title, date=config.date, drop_unsupported=config.drop_unsupported
        )
    briefing = dataclasses.replace(briefing, in_brief=config.in_brief)
    if config.read.strict and briefing.errors:
        raise StrictError(briefing.errors[0])
    rendered = render(briefing, config.format, template=config.template, show_sources=config.show_sources)
    if config.output is not None:
        write_atomic(config.output, rendered)
    return BuildResult(briefing, rendered, str(config.output) if config.output else None, notes)


def summarize(config: SummarizeConfig, engine: KeyPointEngine | None = None, stdin: bytes | None = None) -> BuildResult:
    """Key points of one or more articles (files, URLs or ``-`` for stdin), in one engine call, rendered as text,
    Markdown or JSON (one heading, or one ``articles`` entry, per article)."""
    read = read_inputs(list(config.inputs), stdin=stdin, options=config.read)
    engine = engine or engine_for(read.articles, config.engine)
    briefing = make_briefing(
        read, engine, title="", date=dt.date.today().isoformat(), drop_unsupported=config.drop_unsupported
    )
    if config.read.strict and briefing.errors:
        raise StrictError(briefing.errors[0])
    if briefing.items:
        briefing = dataclasses.replace(briefing, title=briefing.items[0].article.title)
    template = {"md": templates_dir() / "summary.md.j2", "text": templates_dir() / "summary.txt.j2"}.get(config.format)
    rendered = render(briefing, config.format, template=template, show_sources=config.show_sources)
    return BuildResult(briefing, rendered, None)
