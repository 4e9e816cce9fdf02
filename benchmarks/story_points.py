"""Score a story's merged key points against human multi-document summaries, with Lead and LexRank in the same run.

    .venv/bin/python benchmarks/story_points.py ../shared/eval/news_clusters
    .venv/bin/python benchmarks/story_points.py ../shared/eval/news_clusters --datasets DUC2003-task3 --limit 10

Data: the clusters of ``dev.jsonl`` that ``dev_summaries.jsonl`` gives 4 human summaries (DUC2003 task 3: 100
words; DUC2006: 250 words). Each cluster is one story: its articles go through the extractive engine and their
points are merged as ``briefing daily`` merges a story's points (``merge_story``). Every system's text is cut to the
summaries' length in words, as DUC did, and scored with ROUGE-1/2 (rouge-score, Porter stemmer) against each of the
4 summaries (the mean). Systems:
- merged: the story's merged points in their order, as many as fit the length (chosen from each article's best
  ``STORY_CANDIDATES`` sentences by the scorer's probability and cross-source support);
- merged, as briefed: only the points a briefing item shows (``story_points``: ``--max-points`` (4 by default) plus
  one per extra source, at most twice that);
- merged, points only: the articles' own points merged without the candidate pool (what generated points and
  stored batch points get);
- Lead: the opening of the cluster's earliest article;
- LexRank: continuous LexRank (Erkan & Radev 2004) over all the cluster's sentences, MiniLM cosine or TF-IDF cosine,
  power iteration with damping 0.85, sentences taken by score skipping any too like one already taken.
The clusters are also scored in two halves (odd and even position in the file) to show how stable a difference is.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.config.engine import EngineConfig
from summarizer.daily.stories import Story, merge_story, story_points
from summarizer.embeddings import embed_sentences
from summarizer.engines.protocol import KeyPointEngine
from summarizer.pipeline import engine_for
from summarizer.records import Article, ArticlePoints, BriefingItem
from summarizer.text.sentences import split_sentences
from summarizer.timestamps import parse_time

LEXRANK_DAMPING = 0.85
LEXRANK_TFIDF_REDUNDANCY = 0.5  # a sentence this like (cosine) one already taken is skipped
LEXRANK_MINILM_REDUNDANCY = 0.75  # MiniLM cosines run higher than TF-IDF ones for the same pair
MIN_WORDS, MAX_WORDS = 6, 60  # the sentences LexRank may take (the extractive engine's own limits)
_LENGTH = re.compile(r"(\d+)-word")


@dataclass(frozen=True)
class Cluster:
    """One cluster: its articles (earliest first), its human summaries and the length they were written to."""

    name: str
    dataset: str
    articles: list[Article]
    references: list[str]
    words: int


def load_clusters(folder: Path, datasets: Sequence[str] | None, limit: int | None) -> list[Cluster]:
    """The clusters that have human summaries, in the summaries file's order."""
    rows: dict[str, list[dict[str, Any]]] = {}
    with (folder / "dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows.setdefault(row["cluster"], []).append(row)
    clusters = []
    with (folder / "dev_summaries.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            summary = json.loads(line)
            if datasets and summary["dataset"] not in datasets:
                continue
            match = _LENGTH.search(summary["summary_type"])
            words = (
                int(match.group(1)) if match else round(statistics.mean(len(r.split()) for r in summary["references"]))
            )
            articles = sorted((_article(r) for r in rows[summary["cluster"]]), key=_when)
            clusters.append(Cluster(summary["cluster"], summary["dataset"], articles, summary["references"], words))
    by_dataset: dict[str, list[Cluster]] = {}
    for cluster in clusters:
        by_dataset.setdefault(cluster.dataset, []).append(cluster)
    return [c for group in by_dataset.values() for c in (group[:limit] if limit else group)]


def _article(row: dict[str, Any]) -> Article:
    return Article(
        input=row["id"], title=row.get("title") or "", text=row["text"], source=row.get("source"),
        published=row.get("published"), id=row["id"],
    )  # fmt: skip


def _when(article: Article) -> tuple[float, str]:
    published = parse_time(article.published)
    return (published.timestamp() if published else float("inf"), article.id)


def cut(text: str, words: int) -> str:
    """The first ``words`` words of ``text``."""
    return " ".join(text.split()[:words])


def merged_points(cluster: Cluster, results: Sequence[ArticlePoints], pooled: bool) -> list[str]:
    """The cluster's points merged as the daily run merges a story (the earliest article leads); without
    ``pooled``, from the articles' own points only (as for generated points, which have no candidates)."""
    if not pooled:
        results = [dataclasses.replace(r, candidates=()) for r in results]
    items = {a.id: BriefingItem(a, r) for a, r in zip(cluster.articles, results, strict=True)}
    item = merge_story(Story(tuple(cluster.articles)), items, 10_000, None)
    return list(item.result.points)


def lead(cluster: Cluster) -> str:
    """The earliest article's opening."""
    return cluster.articles[0].text


def cluster_sentences(cluster: Cluster) -> list[str]:
    """Every sentence of every article that LexRank may take."""
    found = []
    for article in cluster.articles:
        found += [s for s in (" ".join(x.split()) for x in split_sentences(article.text)) if s]
    return [s for s in dict.fromkeys(found) if MIN_WORDS <= len(s.split()) <= MAX_WORDS]


def lexrank(sentences: list[str], similarities: Any, words: int, redundancy: float) -> str:
    """Continuous LexRank: power iteration on the row-normalised similarity graph, then the best sentences that
    are not too like one already taken, until the length is reached."""
    import numpy as np

    if not sentences:
        return ""
    weights = np.clip(similarities, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    rows = weights.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1.0
    transition = weights / rows
    n = len(sentences)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1 - LEXRANK_DAMPING) / n + LEXRANK_DAMPING * transition.T @ scores
        done = np.abs(updated - scores).sum() < 1e-8
        scores = updated
        if done:
            break
    chosen: list[int] = []
    total = 0
    for i in np.argsort(-scores, kind="stable"):
        if any(similarities[i, j] > redundancy for j in chosen):
            continue
        chosen.append(int(i))
        total += len(sentences[i].split())
        if total >= words:
            break
    return " ".join(sentences[i] for i in chosen)


def minilm_similarities(sentences: list[str]) -> Any:
    """MiniLM cosine similarities (the embeddings the extractive engine uses)."""
    vectors = embed_sentences(sentences)
    return vectors @ vectors.T


def tfidf_similarities(sentences: list[str]) -> Any:
    """TF-IDF cosine similarities (the original LexRank's), IDF over the cluster's sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(sentences)
    return (matrix @ matrix.T).toarray()


class Scorer:
    """ROUGE-1/2 recall and F1 against each reference, averaged over the references."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)

    def __call__(self, text: str, references: Sequence[str], words: int) -> dict[str, float]:
        """Scores of ``text`` cut to ``words`` words."""
        system = cut(text, words)
        scores = [self.scorer.score(cut(ref, words), system) for ref in references]
        return {
            "r1_recall": statistics.mean(s["rouge1"].recall for s in scores),
            "r1_f1": statistics.mean(s["rouge1"].fmeasure for s in scores),
            "r2_recall": statistics.mean(s["rouge2"].recall for s in scores),
            "r2_f1": statistics.mean(s["rouge2"].fmeasure for s in scores),
            "words": float(len(system.split())),
        }


Systems = dict[str, Callable[[Cluster], str]]


def systems(engine: KeyPointEngine, max_points: int) -> Systems:
    """Every system scored, by name (the order of the table)."""

    def lexrank_with(similar: Callable[[list[str]], Any], redundancy: float) -> Callable[[Cluster], str]:
        def run(cluster: Cluster) -> str:
            sentences = cluster_sentences(cluster)
            return lexrank(sentences, similar(sentences), cluster.words, redundancy) if sentences else ""

        return run

    results: dict[str, list[ArticlePoints]] = {}
    merged: dict[tuple[str, bool], list[str]] = {}

    def merged_for(cluster: Cluster, pooled: bool) -> list[str]:
        if cluster.name not in results:
            results.clear()
            results[cluster.name] = engine.key_points(cluster.articles)
        if (cluster.name, pooled) not in merged:
            merged[cluster.name, pooled] = merged_points(cluster, results[cluster.name], pooled)
        return merged[cluster.name, pooled]

    def briefed(cluster: Cluster) -> str:
        return " ".join(merged_for(cluster, True)[: story_points(max_points, len(cluster.articles))])

    return {
        "merged points": lambda c: " ".join(merged_for(c, True)),
        "merged, as briefed": briefed,
        "merged, points only": lambda c: " ".join(merged_for(c, False)),
        "Lead": lead,
        "LexRank (MiniLM)": lexrank_with(minilm_similarities, LEXRANK_MINILM_REDUNDANCY),
        "LexRank (TF-IDF)": lexrank_with(tfidf_similarities, LEXRANK_TFIDF_REDUNDANCY),
    }


def evaluate(clusters: list[Cluster], named: Systems) -> dict[str, list[dict[str, float]]]:
    """Every system's scores, one entry per cluster; also prints the CPU seconds each system took."""
    scorer = Scorer()
    scores: dict[str, list[dict[str, float]]] = {name: [] for name in named}
    seconds = dict.fromkeys(named, 0.0)
    for number, cluster in enumerate(clusters, start=1):
        for name, system in named.items():
            started = time.process_time()
            text = system(cluster)
            seconds[name] += time.process_time() - started
            scores[name].append(scorer(text, cluster.references, cluster.words))
        print(f"  {number}/{len(clusters)} {cluster.name}", file=sys.stderr, flush=True)
    for name, spent in seconds.items():
        print(f"  {name}: {spent:.1f} CPU s", file=sys.stderr)
    return scores


def table(title: str, scores: dict[str, list[dict[str, float]]]) -> str:
    """A Markdown table of the mean scores (×100), with R2 recall on each half of the clusters."""
    lines = [
        f"### {title}",
        "",
        "| system | R1 recall | R1 F1 | R2 recall | R2 F1 | R2 recall, half A | half B | words |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, rows in scores.items():
        mean = {k: 100 * statistics.mean(r[k] for r in rows) for k in ("r1_recall", "r1_f1", "r2_recall", "r2_f1")}
        halves = [100 * statistics.mean(r["r2_recall"] for r in rows[h::2]) if rows[h::2] else 0.0 for h in (0, 1)]
        words = statistics.mean(r["words"] for r in rows)
        lines.append(
            f"| {name} | {mean['r1_recall']:.2f} | {mean['r1_f1']:.2f} | {mean['r2_recall']:.2f} | "
            f"{mean['r2_f1']:.2f} | {halves[0]:.2f} | {halves[1]:.2f} | {words:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every system on every dataset and print one table per dataset."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the news_clusters folder (dev.jsonl, dev_summaries.jsonl)")
    parser.add_argument("--datasets", nargs="*", help="only these datasets (DUC2003-task3, DUC2006)")
    parser.add_argument("--limit", type=int, help="at most this many clusters per dataset")
    parser.add_argument("--max-points", type=int, default=4, help="points per article and per briefed story")
    parser.add_argument("--cache-dir", type=Path, help="keep the engine's points in this summary cache (re-runs)")
    parser.add_argument("--only", nargs="*", help="only the systems whose names start with these words")
    args = parser.parse_args(argv)
    if not (args.folder / "dev_summaries.jsonl").is_file():
        parser.error(f"{args.folder}: no dev_summaries.jsonl (point it at .../eval/news_clusters)")
    clusters = load_clusters(args.folder, args.datasets, args.limit)
    config = EngineConfig(
        engine="extractive", max_points=args.max_points, cache=args.cache_dir is not None, cache_dir=args.cache_dir,
        quiet=True,
    )  # fmt: skip
    engine = engine_for([a for c in clusters for a in c.articles], config)
    named = systems(engine, args.max_points)
    if args.only:
        named = {
            name: run for name, run in named.items() if name.lower().startswith(tuple(w.lower() for w in args.only))
        }
    for dataset in dict.fromkeys(c.dataset for c in clusters):
        chosen = [c for c in clusters if c.dataset == dataset]
        print(f"{dataset}: {len(chosen)} clusters, {sum(len(c.articles) for c in chosen)} articles", file=sys.stderr)
        scores = evaluate(chosen, named)
        print(table(f"{dataset}: {len(chosen)} clusters, {chosen[0].words} words", scores), "\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
