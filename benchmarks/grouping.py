"""Measure same-story grouping: pairwise precision/recall/F1 on hand-labelled items, across thresholds.

    .venv/bin/python benchmarks/grouping.py                      # the paraphrased set in benchmarks/data
    .venv/bin/python benchmarks/grouping.py --eval-root ../shared/eval   # plus the labelled real TPM feed

Each labelled set is scored on its own. A pair of articles counts as predicted when the grouping puts both
in one story, and as true when the labels do.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.config.defaults import GROUPING_THRESHOLD
from summarizer.daily import stories as clustering
from summarizer.records import Article

DATA = Path(__file__).resolve().parent / "data"
THRESHOLDS = (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60)
_TAG = re.compile(r"<[^>]+>")

LabelledSet = tuple[str, list[Article], list[list[str]]]


def paraphrased_set(path: Path) -> LabelledSet:
    """Items written for this benchmark (paraphrased reports of real 2024 events), one JSON object a line."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [
        Article(
            input=r["id"], title=r["title"], text=r["text"], source=r["source"], published=r["published"], id=r["id"]
        )
        for r in rows
    ]
    stories: dict[str, list[str]] = {}
    for r in rows:
        stories.setdefault(r["story"], []).append(r["id"])
    return path.name, articles, list(stories.values())


def feed_set(labels_path: Path, eval_root: Path) -> LabelledSet:
    """Entries of a real feed from the shared evaluation data, with hand-made story labels keyed by entry id."""
    import html

    import feedparser

    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    feed = feedparser.parse(str(eval_root / labels["feed"]))
    articles = []
    for entry in feed.entries:
        text = html.unescape(_TAG.sub(" ", entry.get("summary", "")))
        articles.append(Article(input=labels["feed"], title=html.unescape(entry.title), text=text, id=entry.id))
    labelled = {i for ids in labels["stories"].values() for i in ids}
    singles = [[a.id] for a in articles if a.id not in labelled]
    return labels["feed"], articles, [*labels["stories"].values(), *singles]


def measure(name: str, articles: Sequence[Article], gold: list[list[str]], thresholds: Sequence[float]) -> None:
    """Print one Markdown table row per threshold."""
    started = time.perf_counter()
    similarity = clustering.similarity_matrix(articles)
    seconds = time.perf_counter() - started
    true_pairs = len(clustering._pairs(gold))
    print(
        f"\n### {name}: {len(articles)} articles, {len(gold)} stories, {true_pairs} same-story pairs "
        f"(similarities in {seconds:.1f} s)\n"
    )
    print("| threshold | stories found | precision | recall | F1 |")
    print("|---:|---:|---:|---:|---:|")
    for threshold in thresholds:
        groups = clustering.average_linkage(similarity, threshold)
        predicted = [[articles[i].id for i in g] for g in groups]
        score = clustering.pairwise_score(predicted, gold)
        marker = " (default)" if abs(threshold - GROUPING_THRESHOLD) < 1e-9 else ""
        print(
            f"| {threshold:.2f}{marker} | {len(groups)} | {score.precision:.2f} | {score.recall:.2f} | {score.f1:.2f} |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurement."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=Path, default=DATA / "grouping_items.jsonl")
    parser.add_argument("--eval-root", type=Path, help="the shared evaluation data folder (for the real feed set)")
    parser.add_argument("--feed-labels", type=Path, default=DATA / "grouping_tpm_labels.json")
    parser.add_argument("--thresholds", type=float, nargs="+", default=THRESHOLDS)
    args = parser.parse_args(argv)
    sets = [paraphrased_set(args.items)]
    if args.eval_root is not None:
        sets.append(feed_set(args.feed_labels, args.eval_root))
    for name, articles, gold in sets:
        measure(name, articles, gold, args.thresholds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
