"""Measure the second stage: rendering a ``briefing batch`` output (``build``/``daily --from-batch``) against
rebuilding the same briefing from the articles.

    .venv/bin/python benchmarks/from_batch.py --eval-root ../shared/eval            # 1,000 rows, 30 rebuilt

The batch output is written here from ``news_clusters/dev.jsonl`` articles through the batch row code
(``article_row``/``item_row``) with stand-in points (the first three sentences, each its own support) and random
story vectors: rendering does not depend on how the points were made, and no engine runs. Rebuilding is timed on a
sample with the extractive engine (load, then seconds per article) and extrapolated to all rows. CPU seconds are the
figure that least depends on the machine's load; wall seconds are shown beside them.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.batch.rows import article_row, item_row
from summarizer.batch.schema import output_schema, table
from summarizer.records import Article, ArticlePoints, BriefingItem, EngineInfo, PointSupport, TokenCounts
from summarizer.text.sentences import split_sentences

DAY = "2026-11-30"
ENGINE = EngineInfo(name="extractive", model="sentence-transformers/all-MiniLM-L6-v2", settings={"max_points": 3})


def read_articles(source: Path, count: int) -> list[Article]:
    """The first ``count`` articles of ``news_clusters/dev.jsonl``, all published on one day (as one day's batch)."""
    articles = []
    with source.open(encoding="utf-8") as lines:
        for n, line in zip(range(count), lines, strict=False):
            record = json.loads(line)
            title = record.get("title") or " ".join(record["text"].split()[:8])
            published = f"{DAY}T{n % 24:02d}:{n % 60:02d}:00+00:00"
            articles.append(Article("news_clusters.jsonl", title, record["text"], source=record.get("source"),
                                    published=published))  # fmt: skip
    return articles


def output_rows(articles: list[Article]) -> list[dict[str, Any]]:
    """Output rows as ``briefing batch`` writes them, with stand-in points and random unit story vectors."""
    import numpy as np

    rng = np.random.default_rng(0)
    rows = []
    for position, article in enumerate(articles):
        points = tuple(split_sentences(article.text)[:3])
        words = len(article.text.split())
        support = tuple(PointSupport(p, (p,)) for p in points)
        result = ArticlePoints(points, TokenCounts(words, words), 1, support=support, engine=ENGINE)
        vector = rng.standard_normal(384).astype(np.float32)
        row = item_row(BriefingItem(article, result), article_row(article, "bench", position), vector)
        rows.append(row)
    return rows


def write_output(folder: Path, rows: list[dict[str, Any]], fmt: str, per_file: int = 250) -> Path:
    """The rows in files of ``per_file`` rows (Parquet via pyarrow; JSONL via pandas, as Ray's JSON datasink)."""
    import pyarrow.parquet as pq

    folder.mkdir(parents=True)
    for n, start in enumerate(range(0, len(rows), per_file)):
        part = table(rows[start : start + per_file], output_schema())
        if fmt == "parquet":
            pq.write_table(part, folder / f"part-{n}.parquet")
        else:
            part.to_pandas().to_json(folder / f"part-{n}.json", orient="records", lines=True)
    return folder


def timed(work: Callable[[], Any]) -> dict[str, float]:
    """CPU and wall seconds of ``work()`` in this process."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return {"cpu_s": round(time.process_time() - cpu, 3), "wall_s": round(time.perf_counter() - wall, 3)}


def fresh_process(args: list[str]) -> dict[str, float]:
    """A ``briefing`` command in a new process: wall seconds and the child's CPU seconds (imports included)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu_s": round(cpu, 3), "wall_s": round(time.perf_counter() - started, 3), "exit": done.returncode}


def rebuild(articles: list[Article], folder: Path, sizes: tuple[int, int]) -> dict[str, Any]:
    """``build`` with the extractive engine on two samples: engine load (first run minus its articles) and CPU
    seconds per article (the second run, engine loaded)."""
    from summarizer.config.commands import BuildConfig
    from summarizer.config.engine import EngineConfig
    from summarizer.pipeline import build

    engine = EngineConfig(engine="extractive", cache=False, quiet=True)
    figures = []
    for n, size in enumerate(sizes):
        path = folder / f"sample-{n}.jsonl"
        records = [{"title": a.title, "text": a.text, "published": a.published} for a in articles[:size]]
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        config = BuildConfig(inputs=(str(path),), engine=engine, format="html")
        figures.append(timed(functools.partial(build, config)))
    per_article = figures[1]["cpu_s"] / sizes[1]
    return {"first_run_cpu_s": figures[0]["cpu_s"], "load_cpu_s": figures[0]["cpu_s"] - sizes[0] * per_article,
            "per_article_cpu_s": per_article, "sizes": list(sizes)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-root", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rebuild-sizes", default="10,30", help="two sample sizes for the extractive rebuild")
    args = parser.parse_args()
    from summarizer.config.commands import BuildConfig
    from summarizer.pipeline import build

    articles = read_articles(args.eval_root / "news_clusters" / "dev.jsonl", args.rows)
    figures: dict[str, Any] = {"rows": len(articles)}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        rows = output_rows(articles)
        config = folder / "briefing.toml"
        config.write_text('sources = ["none"]\n[output]\ndir = "out"\n[output.paths]\nhtml = "{date}.html"\n')
        vectors = folder / "vectors.toml"  # the same, grouping with the stored vectors too
        vectors.write_text(config.read_text() + "[grouping]\nembedding_weight = 0.3\n")
        for fmt in ("parquet", "jsonl"):
            out = write_output(folder / fmt, rows, fmt)
            size = sum(p.stat().st_size for p in out.iterdir())
            in_process = timed(functools.partial(build, BuildConfig(inputs=(), from_batch=str(out), format="html")))
            cli = fresh_process(["build", "--from-batch", str(out), "-o", str(folder / f"{fmt}.html")])
            daily = {
                name: fresh_process(
                    [
                        "daily",
                        "--config",
                        str(toml),
                        "--from-batch",
                        str(out),
                        "--date",
                        DAY,
                        "--out-dir",
                        str(folder / f"daily-{fmt}-{name}"),
                    ]
                )  # fmt: skip
                for name, toml in (("daily_cli", config), ("daily_cli_with_vectors", vectors))
            }
            figures[fmt] = {"bytes": size, "build_in_process": in_process, "build_cli": cli, **daily}
        low, high = (int(n) for n in args.rebuild_sizes.split(","))
        figures["rebuild_extractive"] = rebuild(articles, folder, (low, high))
    per_article = figures["rebuild_extractive"]["per_article_cpu_s"]
    figures["rebuild_extrapolated_cpu_s"] = round(figures["rebuild_extractive"]["load_cpu_s"] + per_article * len(rows))
    rendered = figures["parquet"]["build_cli"]["cpu_s"]
    figures["rebuild_over_render_cpu_ratio"] = round(figures["rebuild_extrapolated_cpu_s"] / rendered)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
