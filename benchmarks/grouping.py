"""Measure same-story grouping against labels, with the classic baselines in the same run, and its cost at scale.

    .venv/bin/python benchmarks/grouping.py --eval-root ../shared/eval            # everything (MiniLM takes a while)
    .venv/bin/python benchmarks/grouping.py --eval-root ../shared/eval --no-minilm --no-scale   # quick
    .venv/bin/python benchmarks/grouping.py --scale 1000 2000 5000 10000 --eval-root ../shared/eval
    .venv/bin/python benchmarks/grouping.py --eval-root ../shared/eval --no-minilm --no-scale \
        --kinds TAC2009 TAC2010 DUC2003 DUC2006                                 # each collection alone

Datasets: mixed "days" from ``news_clusters/dev.jsonl`` (TAC events and DUC topics scored apart: a DUC topic is
broader than one event; 20 clusters a day, one table per shuffle ``--seeds``; ``--kinds`` names other dataset
prefixes to score apart, such as one collection alone), the hand-made look-alike set in
``benchmarks/data`` and the labelled real TPM feed. A day's JSONL lines become the articles ``briefing daily``
reads from them, through its reader (a title that is no headline replaced from the text, the same text twice read
once and scored in its story twice). Scores: pairwise and B-cubed precision/recall/F1, pooled over the days; the
summary sets ours against the best baseline of the same days. The scale curve groups n articles
sampled from dev (each copy gets a new id and loses one sentence) in a fresh process: wall and CPU seconds, peak RSS.
``--embedding-cost N`` also times MiniLM on N title + leads (what ``embedding_weight`` > 0 would add).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grouping_lookalikes import kept_apart, lookalikes

from summarizer.config.daily import GroupingSettings
from summarizer.daily.stories import bcubed_score, group_stories, pairwise_score
from summarizer.grouping.cluster import LEAD_SENTENCES_CHARS
from summarizer.grouping.memory import StoryMemory
from summarizer.records import Article

DATA = Path(__file__).resolve().parent / "data"
CLUSTERS_PER_DAY = 20
# Steps of 0.005 where the baseline peaks (0.065-0.085 on these days): with steps of 0.01 the best baseline of a
# DUC day set was up to 0.006 lower than it really is, and our margin over it that much too high.
TFIDF_THRESHOLDS = (0.06, 0.065, 0.07, 0.075, 0.08, 0.085, 0.09, 0.10, 0.12, 0.15)
OURS = "**ours (defaults)**"
MINILM_THRESHOLD = 0.35
CENTRAL_DAYS = 30.0  # the opt-in central-name look-alike rule, shown next to the defaults (README: veto_central_days)
CENTRAL = f"ours with veto_central_days = {CENTRAL_DAYS:g}"
_TAG = re.compile(r"<[^>]+>")

Groups = list[list[str]]
Method = Callable[[list[Article]], Groups]
LabelledSet = tuple[str, list[list[Article]], list[Groups]]  # name, days of articles, gold groups per day


DAY_FILE = "day.jsonl"  # the input name a day's articles carry: as if briefing daily read the day from one file
_MERGED: dict[str, list[str]] = {}  # a line's id -> the ids of lines with the same text that were merged into it


def read_lines(rows: Sequence[dict[str, Any]]) -> list[Article]:
    """The articles ``briefing daily`` reads from these JSONL lines, each with its line's id.

    Through the reader itself: a title that is no headline is replaced from the text (an untitled line is titled by
    its first sentence), and lines with the same text become one article; the lines merged into another are
    remembered, and scored in its story as a reader of the briefing would count them.
    """
    from summarizer.readers import merge_duplicates, read_bytes
    from summarizer.readers.dedupe import text_key

    fields = ("title", "text", "source", "published")
    data = "".join(json.dumps({k: r.get(k) for k in fields}) + "\n" for r in rows).encode()
    items = read_bytes(data, DAY_FILE, Path(DAY_FILE)) if rows else []
    articles = []
    for row, item in zip(rows, items, strict=True):
        if not isinstance(item, Article):
            raise SystemExit(f"{row['id']}: {item.error}")
        articles.append(dataclasses.replace(item, id=row["id"]))
    kept = merge_duplicates(articles)
    winner = {text_key(a.text): a.id for a in kept}
    for article in articles:
        if (into := winner[text_key(article.text)]) != article.id:
            _MERGED.setdefault(into, []).append(article.id)
    return kept


def _with_merged(groups: Groups, truth: Groups) -> Groups:
    """Each group with the lines merged into its articles (those of this day)."""
    labelled = {i for g in truth for i in g}
    return [[*g, *(m for i in g for m in _MERGED.get(i, ()) if m in labelled)] for g in groups]


def _gold(rows: Sequence[dict[str, Any]], key: str) -> Groups:
    stories: dict[str, list[str]] = {}
    for row in rows:
        stories.setdefault(row[key], []).append(row["id"])
    return list(stories.values())


def cluster_days(path: Path, prefix: str, seed: int = 0) -> LabelledSet:
    """Clusters whose dataset starts with ``prefix`` (``TAC``, ``DUC``, ``DUC2006``) shuffled with ``seed`` and mixed
    ``CLUSTERS_PER_DAY`` to a day."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["dataset"].startswith(prefix)]
    if not rows:
        raise SystemExit(f"{path}: no cluster's dataset starts with {prefix!r}")
    names = sorted({r["cluster"] for r in rows})
    random.Random(seed).shuffle(names)
    days, gold = [], []
    for start in range(0, len(names), CLUSTERS_PER_DAY):
        chosen = set(names[start : start + CLUSTERS_PER_DAY])
        day = [r for r in rows if r["cluster"] in chosen]
        days.append(read_lines(day))
        gold.append(_gold(day, "cluster"))
    return f"{prefix} mixed days (seed {seed})", days, gold


def items_set(path: Path) -> LabelledSet:
    """The hand-made set: paraphrased reports of real 2024 events, with look-alikes of several of them."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return path.name, [read_lines(rows)], [_gold(rows, "story")]


def feed_set(labels_path: Path, eval_root: Path) -> LabelledSet:
    """Entries of a real feed from the shared evaluation data, with hand-made story labels keyed by entry id."""
    import feedparser

    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    feed = feedparser.parse(str(eval_root / labels["feed"]))
    articles = []
    for entry in feed.entries:
        text = html.unescape(_TAG.sub(" ", entry.get("summary", "")))
        title = html.unescape(entry.title)
        articles.append(
            Article(input=labels["feed"], title=title, text=text, published=entry.get("published"), id=entry.id)
        )
    labelled = {i for ids in labels["stories"].values() for i in ids}
    singles = [[a.id] for a in articles if a.id not in labelled]
    return labels["feed"], [articles], [[*labels["stories"].values(), *singles]]


def ours(settings: GroupingSettings) -> Method:
    """The library's grouping, exactly as ``briefing daily`` calls it."""
    return lambda articles: [[a.id for a in s.articles] for s in group_stories(articles, settings)]


_TREES: dict[tuple[str, ...], Any] = {}  # a day's average-link tree per baseline, cut at each threshold


def _cut(kind: str, articles: list[Article], similarity: Callable[[], Any], threshold: float) -> Groups:
    """Exact average linkage over every pair (SciPy), cut where the average similarity falls below ``threshold``."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(articles) < 2:
        return [[a.id] for a in articles]
    key = (kind, *(a.id for a in articles))
    if key not in _TREES:
        distance = np.maximum(1.0 - np.asarray(similarity(), dtype=np.float64), 0.0)
        np.fill_diagonal(distance, 0.0)
        _TREES[key] = linkage(squareform(distance, checks=False), "average")
    labels = fcluster(_TREES[key], 1.0 - threshold, "distance")
    groups: dict[int, list[str]] = {}
    for article, label in zip(articles, labels.tolist(), strict=True):
        groups.setdefault(label, []).append(article.id)
    return list(groups.values())


def tfidf_baseline(threshold: float) -> Method:
    """Classic: scikit-learn TF-IDF of title + full text (sublinear tf, English stop words), exact average link."""

    def similarity(articles: list[Article]) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [f"{a.title}\n{a.text}" for a in articles]
        vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
        return (vectors @ vectors.T).toarray()

    return lambda articles: _cut("tfidf", articles, lambda: similarity(articles), threshold)


def minilm_baseline(threshold: float) -> Method:
    """MiniLM (all-MiniLM-L6-v2) of title + first 400 characters, exact average link."""

    def similarity(articles: list[Article]) -> Any:
        from summarizer.embeddings import embed

        vectors = embed([f"{a.title}. {a.text[:400]}" for a in articles])
        return vectors @ vectors.T

    return lambda articles: _cut("minilm", articles, lambda: similarity(articles), threshold)


def score(method: Method, labelled: LabelledSet) -> tuple[list[float], float, list[Groups]]:
    """Pooled pairwise P/R/F1 and B-cubed P/R/F1 over the days, the seconds taken, and the predicted groups."""
    _, days, gold = labelled
    hits = got = want = 0
    b_p = b_r = total = 0.0
    predicted, seconds = [], 0.0
    for articles, truth in zip(days, gold, strict=True):
        started = time.perf_counter()
        groups = _with_merged(method(articles), truth)
        seconds += time.perf_counter() - started
        predicted.append(groups)
        pair = pairwise_score(groups, truth)
        hits += round(pair.precision * pair.predicted_pairs)
        got, want = got + pair.predicted_pairs, want + pair.true_pairs
        cubed = bcubed_score(groups, truth)
        b_p, b_r, total = (
            b_p + cubed.precision * len(articles),
            b_r + cubed.recall * len(articles),
            total + len(articles),
        )
    p, r = hits / got if got else 1.0, hits / want if want else 1.0
    bp, br = b_p / total, b_r / total
    return [p, r, _f1(p, r), bp, br, _f1(bp, br)], seconds, predicted


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _cut_at(threshold: float) -> str:
    """A baseline's threshold as its label shows it: 0.065 and 0.07 apart (two decimals would name both 0.07)."""
    text = f"{threshold:.3f}"
    return text[:-1] if text.endswith("0") else text


def methods(args: argparse.Namespace) -> dict[str, Method]:
    """The compared methods, baselines first."""
    found: dict[str, Method] = {f"TF-IDF full text, avg link {_cut_at(t)}": tfidf_baseline(t) for t in TFIDF_THRESHOLDS}
    if not args.no_minilm:
        found[f"MiniLM title+lead, avg link {MINILM_THRESHOLD:.2f}"] = minilm_baseline(MINILM_THRESHOLD)
    found["ours without the time rule"] = ours(GroupingSettings(time_penalty=0.0))
    found["ours without the look-alike vetoes"] = ours(GroupingSettings(veto_below=0.0, veto_story_below=0.0))
    found["ours without the story look-alike rule"] = ours(GroupingSettings(veto_story_below=0.0))
    found[CENTRAL] = ours(GroupingSettings(veto_central_days=CENTRAL_DAYS))
    found[OURS] = ours(GroupingSettings())
    return found


Scores = dict[str, tuple[list[float], list[Groups]]]  # per method: the score() figures and its groups per day


def report(labelled: LabelledSet, compared: dict[str, Method]) -> Scores:
    """One Markdown table for a dataset."""
    name, days, gold = labelled
    stories = sum(len(g) for g in gold)
    print(f"\n### {name}: {sum(map(len, days))} articles in {len(days)} day(s), {stories} labelled stories\n")
    print("| method | pair P | pair R | pair F1 | B³ P | B³ R | B³ F1 | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    out = {}
    for label, method in compared.items():
        values, seconds, groups = score(method, labelled)
        out[label] = (values, groups)
        print(f"| {label} | " + " | ".join(f"{v:.3f}" for v in values) + f" | {seconds:.1f} |")
    return out


def summary(rows: list[tuple[str, Scores]]) -> None:
    """Ours against the best baseline of each dataset (the TF-IDF threshold chosen afterwards, with hindsight)."""
    print("\n### Summary: B-cubed F1 (precision), ours against the best baseline of the same days\n")
    print("| dataset | best baseline | ours (defaults) | ours − best |\n|---|---|---|---:|")
    for name, scores in rows:
        baselines = {k: v[0] for k, v in scores.items() if not k.startswith(("ours", OURS))}
        best = max(baselines, key=lambda k: baselines[k][5])
        mine = scores[OURS][0]
        print(
            f"| {name} | {baselines[best][5]:.3f} ({baselines[best][3]:.3f}) {best} "
            f"| {mine[5]:.3f} ({mine[3]:.3f}) | {mine[5] - baselines[best][5]:+.3f} |"
        )


def cross_day(path: Path, settings: GroupingSettings) -> None:
    """Each TAC cluster split at its median date: does the later half link to the earlier half's story, only to it?"""
    cluster = _clusters(path)
    right = wrong = missed = 0
    for articles in cluster_days(path, "TAC")[1]:
        yesterday, today = _halves(articles, cluster)
        memory = StoryMemory()
        first = group_stories(yesterday, settings)
        memory.link([s.signature for s in first], [s.articles[0].title for s in first], "2000-01-01", 7, 0.5)
        known = {m.id: _majority(s, cluster) for m, s in zip(memory.stories.values(), first, strict=True)}
        second = group_stories(today, settings)
        sigs, titles = [s.signature for s in second], [s.articles[0].title for s in second]
        for story, match in zip(
            second, memory.link(sigs, titles, "2000-01-02", 7, settings.memory_threshold), strict=True
        ):
            if match is None:
                missed += 1
            elif known[match.id] == _majority(story, cluster):
                right += 1
            else:
                wrong += 1
    print(
        f"\n### Across days (TAC clusters split at their median date; memory threshold {settings.memory_threshold})\n"
    )
    total = right + wrong + missed
    print(
        f"Later stories linked to the right earlier story: {right}/{total}; to a wrong one: {wrong}; unlinked: {missed}"
    )


def _clusters(path: Path) -> dict[str, str]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {r["id"]: r["cluster"] for r in rows}


def _majority(story: Any, cluster: dict[str, str]) -> str:
    labels = [cluster[a.id] for a in story.articles]
    return max(sorted(set(labels)), key=labels.count)


def _halves(articles: list[Article], cluster: dict[str, str]) -> tuple[list[Article], list[Article]]:
    by_cluster: dict[str, list[Article]] = {}
    for a in sorted(articles, key=lambda a: (a.published or "", a.id)):
        by_cluster.setdefault(cluster[a.id], []).append(a)
    early = [a for members in by_cluster.values() for a in members[: len(members) // 2]]
    late = [a for members in by_cluster.values() for a in members[len(members) // 2 :]]
    return early, late


def synthetic_day(path: Path, n: int, seed: int = 0) -> list[Article]:
    """``n`` articles sampled from dev with replacement; each copy has a new id and drops one sentence."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    out = []
    for k in range(n):
        row = dict(rng.choice(rows))
        sentences = re.split(r"(?<=[.!?])\s+", row["text"])
        if len(sentences) > 2:
            del sentences[rng.randrange(len(sentences))]
        row.update(id=f"{row['id']}#{k}", text=" ".join(sentences))
        out.extend(read_lines([row]))  # one at a time: two copies with the same text stay two articles
    return out


def scale_one(path: Path, n: int) -> None:
    """Group ``n`` synthetic articles in this process; print the seconds (the parent reads the peak memory)."""
    articles = synthetic_day(path, n)
    cpu = time.process_time()
    import numpy  # noqa: F401  # imported once per process whatever the day's size: timed apart
    import scipy.sparse  # noqa: F401

    imports = time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    stories = group_stories(articles)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"n": n, "seconds": seconds, "cpu": cpu, "imports": imports, "stories": len(stories)}))


def _child(arguments: list[str]) -> tuple[dict[str, Any], float]:
    """Run this script with ``arguments`` in a fresh process: its last JSON line and its own peak RSS in MB."""
    child = subprocess.Popen([sys.executable, __file__, *arguments], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(arguments)} failed with exit code {child.returncode}")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def scale_curve(path: Path, sizes: Sequence[int]) -> None:
    """The time and peak memory of grouping n articles, each size in a fresh process."""
    print("\n### Scale (synthetic days sampled from dev; fresh process per size)\n")
    load = os.getloadavg()[0]
    print(f"(load average {load:.1f} on {os.cpu_count()} CPUs at the start: wall time grows with others' load)\n")
    print("| articles | stories | wall seconds | CPU seconds | + numpy/scipy import CPU s | peak RSS of the process |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        result, peak = _child(["--scale-one", str(n), "--clusters", str(path)])
        print(
            f"| {n} | {result['stories']} | {result['seconds']:.1f} | {result['cpu']:.1f} | {result['imports']:.1f} "
            f"| {peak:.0f} MB |"
        )


def embedding_one(path: Path, n: int) -> None:
    """Embed ``n`` synthetic title + lead texts with MiniLM in this process (what ``embedding_weight`` > 0 adds)."""
    from summarizer.embeddings import embed, embedding_runtime

    articles = synthetic_day(path, n)
    cpu = time.process_time()
    runtime = embedding_runtime()  # loads the model
    load = time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    embed([f"{a.title}. {a.text[:LEAD_SENTENCES_CHARS]}" for a in articles])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"n": n, "seconds": seconds, "cpu": cpu, "load": load, "runtime": runtime}))


def embedding_cost(path: Path, n: int) -> None:
    """What MiniLM title + lead embeddings would add to the grouping (off by default: ``embedding_weight = 0``)."""
    result, peak = _child(["--embedding-one", str(n), "--clusters", str(path)])
    per = result["cpu"] / n
    print(f"\n### MiniLM title + lead embeddings ({result['runtime']}), only with embedding_weight > 0\n")
    print(
        f"{n} articles: {result['seconds']:.1f} s wall, {result['cpu']:.1f} CPU s (+ {result['load']:.1f} to load "
        f"the model), peak RSS {peak:.0f} MB; at that rate 5,000 articles take about {per * 5000:.0f} CPU s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurement."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-root", type=Path, help="the shared evaluation data folder (news clusters, real feed)")
    parser.add_argument("--clusters", type=Path, help="news_clusters dev.jsonl (default: under --eval-root)")
    parser.add_argument("--items", type=Path, default=DATA / "grouping_items.jsonl")
    parser.add_argument("--lookalikes", type=Path, default=DATA / "grouping_lookalikes.json")
    parser.add_argument("--feed-labels", type=Path, default=DATA / "grouping_tpm_labels.json")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="shuffles of clusters into days")
    parser.add_argument(
        "--kinds", nargs="+", default=["TAC", "DUC"], help="dataset prefixes scored apart (TAC2009: that one alone)"
    )
    parser.add_argument("--no-minilm", action="store_true", help="skip the MiniLM baseline (slow on a CPU)")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale curve")
    parser.add_argument("--only-scale", action="store_true", help="only the scale curve")
    parser.add_argument("--scale", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    parser.add_argument("--embedding-cost", type=int, metavar="N", help="also time MiniLM on N title + leads")
    parser.add_argument("--scale-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--embedding-one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    clusters = args.clusters or (args.eval_root / "news_clusters" / "dev.jsonl" if args.eval_root else None)
    needs_clusters = args.scale_one or args.embedding_one or args.only_scale
    if needs_clusters and clusters is None:
        parser.error("the scale curve samples news_clusters: give --eval-root or --clusters")
    if args.scale_one:
        assert clusters is not None
        scale_one(clusters, args.scale_one)
        return 0
    if args.embedding_one:
        assert clusters is not None
        embedding_one(clusters, args.embedding_one)
        return 0
    if args.only_scale:
        assert clusters is not None
        scale_curve(clusters, args.scale)
        if args.embedding_cost:
            embedding_cost(clusters, args.embedding_cost)
        return 0
    compared = methods(args)
    items = items_set(args.items)
    scored = report(items, compared)
    lookalikes(scored[OURS][1], args.items, args.lookalikes, items[1][0])
    pairs, apart = kept_apart(scored[CENTRAL][1], args.items, args.lookalikes)
    print(f"\n{CENTRAL} (opt-in) keeps {sum(apart)} of {len(pairs)} apart")
    if args.eval_root is not None:
        report(feed_set(args.feed_labels, args.eval_root), compared)
    if clusters is not None:
        rows = []
        for kind in args.kinds:
            for seed in args.seeds:
                labelled = cluster_days(clusters, kind, seed)
                rows.append((labelled[0], report(labelled, compared)))
        summary(rows)
        cross_day(clusters, GroupingSettings())
        if not args.no_scale:
            scale_curve(clusters, args.scale)
        if args.embedding_cost:
            embedding_cost(clusters, args.embedding_cost)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
