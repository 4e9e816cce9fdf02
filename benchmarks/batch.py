"""Measure ``briefing batch`` against the in-process engine on the same articles, and fit the cost model
T(N, A) ≈ init + ready + N·c / A.

    .venv/bin/python benchmarks/batch.py --eval-root ../shared/eval                     # extractive, 16 and 48 articles
    .venv/bin/python benchmarks/batch.py --eval-root ../shared/eval --engine tiny-bart  # seq2seq on a tiny model

In-process: ``create_engine`` (load), then ``summarize_articles`` plus the story vectors, the work an actor does per
article. Ray, one actor, on a local cluster: ``ray.init`` (init), then two runs of N1 and N2 articles; their slope is
c on Ray and their intercept the fixed cost (actor start, engine load and warm-up, pipeline start, write). Numbers are
wall-clock seconds on whatever machine runs this (say how loaded it was when you quote them); the in-process CPU
seconds per article (all threads) are the figure that least depends on the load.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.batch import BatchConfig, run_batch
from summarizer.batch.actor import story_vectors
from summarizer.config.engine import EngineConfig
from summarizer.readers import read_inputs


def write_articles(source: Path, count: int, folder: Path) -> Path:
    """The first ``count`` records of a ``{id, article, ...}`` JSONL file, as a JSONL input."""
    path = folder / f"articles-{count}.jsonl"
    with source.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for _, line in zip(range(count), lines, strict=False):
            out.write(line)
    return path


def in_process(path: Path, engine: EngineConfig) -> dict[str, float]:
    """Load time and seconds per article of the engine in this process (points, faithfulness check, story vectors)."""
    import torch

    from summarizer.engines import create_engine
    from summarizer.pipeline import summarize_articles

    torch.set_num_threads(1)  # as in a 1-CPU actor (Ray sets OMP_NUM_THREADS=1): the same work, the same threads
    articles = read_inputs([str(path)]).articles
    started = time.perf_counter()
    model = create_engine(engine)
    summarize_articles(model, articles[:1])  # warm-up, as the actor does
    loaded, cpu = time.perf_counter(), time.process_time()
    items, _ = summarize_articles(model, articles)
    story_vectors(dict(enumerate(items)))
    done, cpu_s = time.perf_counter(), time.process_time() - cpu
    n = len(articles)
    wall = (done - loaded) / n
    return {"load_s": loaded - started, "per_article_s": wall, "cpu_per_article_s": cpu_s / n, "articles": n}


def on_ray(paths: list[Path], engine: EngineConfig, folder: Path, rows_per_batch: int) -> dict[str, Any]:
    """``ray.init`` time, then one batch run per input file (1 actor): the fitted fixed cost and seconds per article."""
    import ray

    started = time.perf_counter()
    ray.init(
        address="local", num_cpus=2, include_dashboard=False, object_store_memory=512 * 1024**2,
        logging_level="WARNING", log_to_driver=False,
    )  # fmt: skip
    init_s = time.perf_counter() - started
    runs = []
    try:
        for i, path in enumerate(paths):
            config = BatchConfig(
                inputs=(str(path),), out=str(folder / f"out-{engine.engine}-{i}"), engine=engine,
                rows_per_batch=rows_per_batch,
            )  # fmt: skip
            result = run_batch(config)
            runs.append({"articles": result.counts.done + result.counts.failed, "seconds": result.seconds})
    finally:
        ray.shutdown()
    (n1, t1), (n2, t2) = [(r["articles"], r["seconds"]) for r in runs]
    per_article = (t2 - t1) / (n2 - n1)
    return {"init_s": init_s, "runs": runs, "fixed_s": t1 - n1 * per_article, "per_article_s": per_article}


def measure(
    source: Path, engine: EngineConfig, sizes: tuple[int, int], rows_per_batch: int, with_ray: bool = True
) -> dict[str, Any]:
    """In-process and Ray figures for one engine, and the overhead of Ray per article."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        paths = [write_articles(source, n, folder) for n in sizes]
        local = in_process(paths[1], engine)
        if not with_ray:
            return {"engine": engine.engine, "in_process": local}
        ray = on_ray(paths, engine, folder, rows_per_batch)
    overhead = ray["per_article_s"] / local["per_article_s"] - 1
    return {"engine": engine.engine, "in_process": local, "ray_1_actor": ray, "per_article_overhead": overhead}


def cost_model(figures: dict[str, Any], articles: int = 1_000_000, hours: float = 24.0) -> dict[str, float]:
    """Actors needed to summarize ``articles`` within ``hours``, and hours for them on 1, 8 and 64 actors."""
    ray = figures["ray_1_actor"]
    work_s = articles * ray["per_article_s"]
    fixed_s = ray["init_s"] + ray["fixed_s"]
    needed = work_s / (hours * 3600 - fixed_s)
    return {"actors_for_a_day": needed, **{f"hours_on_{a}": (fixed_s + work_s / a) / 3600 for a in (1, 8, 64)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-root", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--sizes", default="16,48", help="the two run sizes N1,N2 (articles)")
    parser.add_argument("--rows-per-batch", type=int, default=16)
    parser.add_argument("--engine", choices=("extractive", "tiny-bart"), default="extractive")
    parser.add_argument("--in-process-only", action="store_true", help="skip the Ray runs")
    args = parser.parse_args()
    source = args.eval_root / "news_pairs" / "dev.jsonl"
    low, high = (int(n) for n in args.sizes.split(","))
    engine = EngineConfig(engine="extractive", cache=False, quiet=True)
    if args.engine == "tiny-bart":
        from summarizer.testing.tiny_models import save_tiny_bart

        model = save_tiny_bart(Path(tempfile.mkdtemp()) / "bart")
        engine = EngineConfig(model=str(model), engine="seq2seq", device="cpu", cache=False, quiet=True)
    figures = measure(source, engine, (low, high), args.rows_per_batch, with_ray=not args.in_process_only)
    if "ray_1_actor" in figures:
        figures["cost_model_1M_a_day"] = cost_model(figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
