"""The extractive engine on CNN/DailyMail train articles its scorer never saw, against Lead-3 (ROUGE F1).

    .venv/bin/python benchmarks/scorer_heldout.py ../shared/eval/news_pairs/cnndm_train.jsonl.gz
    .venv/bin/python benchmarks/scorer_heldout.py ../shared/eval/news_pairs/cnndm_train.jsonl.gz --count 300

``training/train_scorer.py`` fits and chooses on the first ``--articles`` (5,000) of a seeded permutation of the
file; this check takes the next ``--count`` articles of the same permutation, so none of them shaped the shipped
weights or selection settings. The text is prepared as for training (lowercased at the source, sentence starts
recased) and scored with ``briefing eval``'s ROUGE. Two Lead-3 rows: the first three sentences as they come (what
``briefing eval`` prints: Daily Mail bylines included) and the first three sentences of the cleaned article (the
fair bar: the cleanup is not the scorer's doing). Rows per source (CNN articles open with "(cnn)"). Embedding the
sentences is the slow part: ~0.25 CPU-s an article.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SYSTEMS = ("extractive", "Lead-3 (as it comes)", "Lead-3 (cleaned)")


def held_out_rows(path: Path, skip: int, count: int, seed: int) -> list[dict[str, Any]]:
    """Articles ``skip`` .. ``skip + count`` of the seeded permutation that training draws its subset from."""
    import numpy as np

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    order = np.random.default_rng(seed).permutation(len(lines))[skip : skip + count]
    return [json.loads(lines[i]) for i in order]


def score_rows(rows: Sequence[dict[str, Any]], max_points: int) -> dict[str, dict[str, list[dict[str, float]]]]:
    """ROUGE of each system on each article, grouped by source ("cnn", "dailymail") and "all"."""
    from summarizer.engines.extractive import ExtractiveEngine
    from summarizer.evaluate import lead, rouge
    from summarizer.records import Article
    from summarizer.text.cleanup import article_sentences
    from training.train_scorer import recase

    engine = ExtractiveEngine(max_points)
    texts = [recase(str(r["article"])) for r in rows]
    results = engine.key_points(
        [Article(input=str(r["id"]), title="", text=t) for r, t in zip(rows, texts, strict=True)]
    )
    groups: dict[str, dict[str, list[dict[str, float]]]] = {}
    for row, text, result in zip(rows, texts, results, strict=True):
        reference = [line.strip() for line in str(row["reference"]).splitlines() if line.strip()]
        scores = {
            SYSTEMS[0]: rouge(list(result.points), reference),
            SYSTEMS[1]: rouge(lead(text), reference),
            SYSTEMS[2]: rouge(list(article_sentences(text)[0][:3]), reference),
        }
        source = "cnn" if "(cnn)" in str(row["article"])[:400] else "dailymail"
        for group in (source, "all"):
            for system, value in scores.items():
                groups.setdefault(group, {}).setdefault(system, []).append(value)
    return groups


def table(groups: dict[str, dict[str, list[dict[str, float]]]]) -> str:
    """A Markdown table: mean ROUGE-1/2/Lsum F1 per source and system, with the differences to each Lead-3."""
    lines = ["| data | n | system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |", "|---|---:|---|---:|---:|---:|"]
    for group in sorted(groups, key=lambda g: (g == "all", g)):
        means = {
            system: {k: sum(s[k] for s in scores) / len(scores) for k in scores[0]}
            for system, scores in groups[group].items()
        }
        n = len(groups[group][SYSTEMS[0]])
        for system, values in means.items():
            lines.append(f"| {group} | {n} | {system} | " + " | ".join(f"{v:.2f}" for v in values.values()) + " |")
        for baseline in SYSTEMS[1:]:
            diff = [means[SYSTEMS[0]][k] - means[baseline][k] for k in means[baseline]]
            lines.append(
                f"| {group} | {n} | extractive minus {baseline} | " + " | ".join(f"{d:+.2f}" for d in diff) + " |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Score the held-out articles and print the table."""
    from training.train_scorer import DEFAULT_ARTICLES, DEFAULT_SEED

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="cnndm_train.jsonl.gz (the file the scorer was trained from)")
    parser.add_argument("--skip", type=int, default=DEFAULT_ARTICLES, help="articles training used (default: 5000)")
    parser.add_argument("--count", type=int, default=1000, help="held-out articles to score")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="training's permutation seed")
    parser.add_argument("--max-points", type=int, default=3, help="as briefing eval (default: 3)")
    args = parser.parse_args(argv)
    clock = time.process_time()
    rows = held_out_rows(args.data, args.skip, args.count, args.seed)
    print(table(score_rows(rows, args.max_points)))
    print(
        f"\n{len(rows)} articles ({args.skip}..{args.skip + len(rows)} of the seed-{args.seed} permutation), "
        f"{time.process_time() - clock:.0f} CPU-s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
