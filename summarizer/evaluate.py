"""``briefing eval``: score an engine's key points against reference summaries (ROUGE), with Lead-3 alongside."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.config import ConfigError
from summarizer.config.commands import EvalConfig
from summarizer.engines.protocol import KeyPointEngine
from summarizer.records import Article
from summarizer.text.sentences import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
LEAD_SENTENCES = 3
BATCH_ARTICLES = 16
_PTB_BRACKETS = {"-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}"}
_PTB_BRACKET = re.compile("|".join(re.escape(k) for k in _PTB_BRACKETS))
_PTB_QUOTES = re.compile(r"``|''")
_QUOTE_TOKENS = {"``", "''", '"'}


@dataclass(frozen=True)
class Pair:
    """One evaluation case: an article and its human reference summary."""

    id: str
    article: str
    reference: str
    dataset: str = ""


def read_pairs(path: Path, limit: int | None = None) -> list[Pair]:
    """The ``{id, article, reference}`` JSONL lines of ``path`` (at most ``limit``); bad lines are a ConfigError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    pairs: list[Pair] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pairs.append(Pair(str(row["id"]), str(row["article"]), str(row["reference"]), str(row.get("dataset", ""))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{number}: not an {{id, article, reference}} JSON line ({exc})") from None
        if limit is not None and len(pairs) >= limit:
            break
    if not pairs:
        raise ConfigError(f"{path}: no evaluation pairs in it")
    return pairs


def dataset_group(dataset: str) -> str:
    """The row a pair is reported under: CNN/DM, XSum, or its own dataset name."""
    lower = dataset.lower()
    if "cnn" in lower or "dailymail" in lower or "daily_mail" in lower:
        return "CNN/DM"
    if "xsum" in lower:
        return "XSum"
    return dataset or "other"


@lru_cache(maxsize=1)
def _ptb_tokenizer() -> Any:
    from nltk.tokenize import TreebankWordTokenizer

    return TreebankWordTokenizer()


def normalise(text: str) -> str:
    """Lower-case PTB-tokenized text, so tokenized and untokenized sides compare equal ("don't" = "do n't")."""
    text = _PTB_BRACKET.sub(lambda m: _PTB_BRACKETS[m.group(0)], text.lower())
    tokens = _ptb_tokenizer().tokenize(_PTB_QUOTES.sub('"', text))
    return " ".join('"' if token in _QUOTE_TOKENS else token for token in tokens)


def reference_sentences(reference: str) -> list[str]:
    """A reference's sentences: one per line when it has lines (CNN/DM highlights), else split."""
    lines = [line.strip() for line in reference.splitlines() if line.strip()]
    return lines if len(lines) > 1 else split_sentences(reference)


@lru_cache(maxsize=1)
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge(prediction: Sequence[str], reference: Sequence[str]) -> dict[str, float]:
    """ROUGE-1/2/Lsum F1 (0-100) of predicted sentences against reference sentences, both normalised."""
    target = "\n".join(normalise(s) for s in reference)
    candidate = "\n".join(normalise(s) for s in prediction)
    scores = _scorer().score(target, candidate)
    return {name: 100 * scores[name].fmeasure for name in ROUGE_TYPES}


def lead(article: str, n: int = LEAD_SENTENCES) -> list[str]:
    """The baseline: the article's first ``n`` sentences, as they come."""
    return split_sentences(article)[:n]


@dataclass
class Scores:
    """Running ROUGE sums for one system on one group of pairs."""

    n: int = 0
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROUGE_TYPES, 0.0))

    def add(self, scores: dict[str, float]) -> None:
        """Count one pair's scores."""
        self.n += 1
        for name in ROUGE_TYPES:
            self.sums[name] += scores[name]

    def means(self) -> dict[str, float]:
        """Mean F1 per ROUGE type."""
        return {name: self.sums[name] / self.n if self.n else 0.0 for name in ROUGE_TYPES}


@dataclass
class Report:
    """Scores per group (and "all") for the engine and for Lead-3, with faithfulness counts."""

    engine_label: str
    engine: dict[str, Scores] = field(default_factory=dict)
    baseline: dict[str, Scores] = field(default_factory=dict)
    points: int = 0
    flagged: int = 0
    dropped: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, group: str, engine_scores: dict[str, float], lead_scores: dict[str, float]) -> None:
        """Count one pair under its group and under "all"."""
        for key in (group, "all"):
            self.engine.setdefault(key, Scores()).add(engine_scores)
            self.baseline.setdefault(key, Scores()).add(lead_scores)


def evaluate(
    pairs: Sequence[Pair],
    engine: KeyPointEngine,
    *,
    drop_unsupported: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Report, list[dict[str, Any]]]:
    """Score ``engine`` (through the pipeline's summarize step, faithfulness check included) and Lead-3."""
    from summarizer.pipeline import summarize_articles

    info = engine.info
    report = Report(engine_label=f"{info.name} ({info.model})")
    predictions: list[dict[str, Any]] = []
    for start in range(0, len(pairs), BATCH_ARTICLES):
        batch = pairs[start : start + BATCH_ARTICLES]
        articles = [Article(input=p.id, title="", text=p.article, id=p.id) for p in batch]
        items, errors = summarize_articles(engine, articles, drop_unsupported=drop_unsupported)
        by_id = {item.article.id: item for item in items}
        report.failed.extend(e.input for e in errors)
        for pair in batch:
            item = by_id.get(pair.id)
            if item is None:
                continue
            points = list(item.result.points)
            reference = reference_sentences(pair.reference)
            report.add(dataset_group(pair.dataset), rouge(points, reference), rouge(lead(pair.article), reference))
            checked = (*item.result.support, *item.result.dropped)
            report.points += len(checked)
            report.flagged += sum(1 for s in checked if s.unsupported)
            report.dropped += len(item.result.dropped)
            predictions.append({"id": pair.id, "points": points, "engine": report.engine_label})
        if progress is not None:
            progress(min(start + BATCH_ARTICLES, len(pairs)), len(pairs))
    return report, predictions


def _groups(report: Report) -> list[str]:
    named = sorted(g for g in report.engine if g != "all")
    return [*named, "all"] if len(named) > 1 else ["all"]


def format_table(report: Report) -> str:
    """A Markdown table: the engine and Lead-3 per group, with the R1 difference."""
    lines = [
        "| data | n | system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for group in _groups(report):
        ours, base = report.engine[group].means(), report.baseline[group].means()
        rows = [
            (report.engine_label, [f"{ours[k]:.2f}" for k in ROUGE_TYPES]),
            ("Lead-3", [f"{base[k]:.2f}" for k in ROUGE_TYPES]),
            ("difference", [f"{ours[k] - base[k]:+.2f}" for k in ROUGE_TYPES]),
        ]
        lines.extend(f"| {group} | {report.engine[group].n} | {name} | {' | '.join(cells)} |" for name, cells in rows)
    lines.append("")
    lines.append(
        f"key points: {report.points}, flagged as unsupported by the article: {report.flagged}"
        + (f" (dropped: {report.dropped})" if report.dropped else "")
    )
    if report.failed:
        lines.append(f"failed articles (not scored): {len(report.failed)}: {', '.join(report.failed[:10])}")
    return "\n".join(lines) + "\n"


def write_predictions(path: Path, predictions: Iterable[dict[str, Any]]) -> None:
    """Write ``{"id", "points", "engine"}`` JSONL lines."""
    from summarizer.files import write_atomic

    write_atomic(path, "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions))


def run_eval(
    config: EvalConfig, engine: KeyPointEngine | None = None, progress: Callable[[int, int], None] | None = None
) -> tuple[Report, str]:
    """Read the pairs, score the configured engine and Lead-3, write predictions when asked; return the table."""
    from summarizer.engines import create_engine

    pairs = read_pairs(config.pairs, config.limit)
    engine = engine or create_engine(config.engine)
    report, predictions = evaluate(pairs, engine, drop_unsupported=config.drop_unsupported, progress=progress)
    if config.output is not None:
        write_predictions(config.output, predictions)
    return report, format_table(report) + scorer_table(engine)


def scorer_table(engine: KeyPointEngine) -> str:
    """The trained sentence scorer's feature weights, for an engine that ranks with it (else nothing)."""
    if "scorer" not in engine.info.settings:
        return ""
    from summarizer.engines.scoring import format_weights, load_scorer

    return "\n" + format_weights(load_scorer())
