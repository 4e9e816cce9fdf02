"""Latency of the offline (extractive) path as whole processes, and the lean embeddings' agreement with
sentence-transformers.

    .venv/bin/python benchmarks/latency.py ../shared/eval/news_pairs/dev.jsonl             # latency table
    .venv/bin/python benchmarks/latency.py ../shared/eval/news_pairs/dev.jsonl --agreement # + agreement
    .venv/bin/python benchmarks/latency.py ../shared/eval/news_pairs/dev.jsonl --torch-baseline --cold-runs 1
    .venv/bin/python benchmarks/latency.py ../shared/eval/news_pairs/dev.jsonl --compute-type int8  # opt-in int8

Every run uses a fresh cache folder (XDG_CACHE_HOME), so the first process converts the embedding model; that
one-time cost is its own row. CPU seconds and peak RSS are each child process's own (``os.wait4``), which is
steadier than wall time on a loaded machine. Dev articles are written to a temporary folder, never kept.

The throughput target (issue 13) is the last line: whole ``briefing build --engine extractive --no-cache``
processes on 1 and 60 dev articles (median CPU of ``--build-runs`` each), CPU-s per article beyond one cold start
= (CPU(60) - CPU(1)) / 59. ``benchmarks/stages.py`` shows where that CPU goes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "myanmar-junta-russia-visit.txt"
BRIEFING = [str(Path(sys.executable).parent / "briefing")]


@dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds, peak RSS and what it printed."""

    wall: float
    cpu: float
    rss_mb: float
    stdout: str


def _wait_measured(args: Sequence[str], env: dict[str, str]) -> Run:
    """Like :func:`run`, reaping the child with ``os.wait4`` so its own rusage is known."""
    start = time.perf_counter()
    child = subprocess.Popen([*BRIEFING, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    out = child.stdout.read()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"briefing {' '.join(args)} failed ({child.returncode}): {err.decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode())


def dev_articles(pairs: Path, count: int) -> list[str]:
    """``count`` dev articles taken in turn from each dataset part (CNN/DM train, CNN/DM test, XSum)."""
    parts = list(_by_dataset(pairs, count).values())
    mixed = [part[i] for i in range(count) for part in parts if i < len(part)]
    return mixed[:count]


def _by_dataset(pairs: Path, per_dataset: int) -> dict[str, list[str]]:
    taken: dict[str, list[str]] = {}
    with pairs.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            group = taken.setdefault(str(record.get("dataset")), [])
            if len(group) < per_dataset:
                group.append(record["article"])
    return taken


def article_folder(root: Path, texts: Sequence[str], count: int, seeds: bool = True) -> Path:
    """A folder of ``count`` plain-text articles: the seeds first (unless ``seeds`` is false), then dev articles."""
    folder = root / f"articles-{count}"
    folder.mkdir()
    seed_texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] if seeds else []
    for i, text in enumerate([*seed_texts, *texts][:count]):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


BUILD_SIZES = (1, 8, 60)


def latency_rows(
    pairs: Path, cold_runs: int, build_runs: int = 1, torch_baseline: bool = False, compute_type: str = "auto"
) -> list[tuple[str, Run, str]]:
    """Measure the first run, cold and cached single-file runs (JSON and text), and builds of 1/8/60 dev articles."""
    rows: list[tuple[str, Run, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "xdg"), "PYTHONPATH": str(ROOT)}
        if torch_baseline:
            env["PYTHONPATH"] = f"{_block_ctranslate2(root)}{os.pathsep}{ROOT}"
        single = ["summarize", str(SEED), "--engine", "extractive", "--compute-type", compute_type, "-q"]
        rows.append(("first run ever (converts the model)", _wait_measured([*single, "--no-cache"], env), ""))
        cold = [_wait_measured([*single, "--no-cache"], env) for _ in range(cold_runs)]
        rows.append((f"cold summarize, median of {cold_runs}", _median(cold), ""))
        cached = [*single, "--cache-dir", str(root / "summaries"), "--format", "json"]
        _wait_measured(cached, env)  # fills the cache
        again = [_wait_measured(cached, env) for _ in range(cold_runs)]
        rows.append((f"cached summarize -f json, median of {cold_runs}", _median(again), _cache_note(again[-1].stdout)))
        text = [_wait_measured(cached[:-2], env) for _ in range(cold_runs)]  # the default format: Jinja renders it
        rows.append((f"cached summarize (text), median of {cold_runs}", _median(text), ""))
        texts = dev_articles(pairs, max(BUILD_SIZES))
        for count in BUILD_SIZES:
            folder = article_folder(root, texts, count, seeds=False)
            out = root / f"briefing-{count}.json"
            build = ["build", str(folder), "--engine", "extractive", "--compute-type", compute_type, "--no-cache", "-q"]
            build += ["-o", str(out)]
            result = _median([_wait_measured(build, env) for _ in range(build_runs)])
            rows.append((f"build --no-cache, {count} article(s)", result, f"{result.cpu / count:.3f} CPU-s/article"))
    return rows


def _block_ctranslate2(root: Path) -> Path:
    """A folder whose ``ctranslate2`` cannot be imported: the runs take the sentence-transformers fallback."""
    shim = root / "no-ctranslate2"
    (shim / "ctranslate2").mkdir(parents=True)
    (shim / "ctranslate2" / "__init__.py").write_text('raise ImportError("blocked by benchmarks/latency.py")\n')
    return shim


def _median(runs: Sequence[Run]) -> Run:
    ordered = sorted(runs, key=lambda r: r.wall)
    middle = ordered[len(ordered) // 2]
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs), middle.rss_mb, "")


def _cache_note(stdout: str) -> str:
    cache = json.loads(stdout)["engine"]["generation"].get("cache", {})
    return f"cache hits {cache.get('hits')}, misses {cache.get('misses')}"


def print_latency(rows: Sequence[tuple[str, Run, str]]) -> None:
    """The latency table, Markdown."""
    print("| run | wall s | CPU s | peak RSS MB | note |\n|---|---:|---:|---:|---|")
    for name, result, note in rows:
        print(f"| {name} | {result.wall:.2f} | {result.cpu:.2f} | {result.rss_mb:.0f} | {note} |")
    builds = {name: r for name, r, _ in rows if name.startswith("build")}
    many = max(BUILD_SIZES)
    one, most = builds["build --no-cache, 1 article(s)"], builds[f"build --no-cache, {many} article(s)"]
    print(f"\nCPU-s per article beyond one cold start ({many} vs 1 article): {(most.cpu - one.cpu) / (many - 1):.3f}")


def sample_articles(pairs: Path, per_dataset: int) -> list[str]:
    """A varied sample: the first ``per_dataset`` articles of each part (CNN/DM train, CNN/DM test, XSum)."""
    return [text for group in _by_dataset(pairs, per_dataset).values() for text in group]


HYBRID_MIN_TOKENS = 16  # the hybrid row: int8 for sentences of at least this many tokens, float32 below


def agreement(pairs: Path, per_dataset: int) -> None:
    """Cosine per sentence and picked sentences (3 as in ``briefing eval``, 4 as in ``build``): lean float32, int8
    and an int8/float32 hybrid by sentence length, against sentence-transformers and against the lean float32."""
    import numpy as np

    from summarizer.embedding_runtime import load_lean_encoder
    from summarizer.embeddings import _SentenceTransformersEncoder
    from summarizer.engines.extractive import content_sentences, pick_sentences

    articles = [content_sentences(text) for text in sample_articles(pairs, per_dataset)]
    articles = [a for a in articles if a.texts]
    texts = [t for a in articles for t in a.texts]
    reference = _SentenceTransformersEncoder("benchmark reference")
    expected, reference_cpu = _timed_encode(reference, texts)
    print(f"\n{len(texts)} sentences of {len(articles)} dev articles; sentence-transformers {reference_cpu:.1f} CPU-s")
    print(
        "| runtime | cosine min | cosine mean | sentences < 0.99 | same 3 picks | same 4 picks "
        "| same 3 / 4 picks as float32 | encoder CPU-s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    encoded = {}
    for quantization in ("float32", "int8"):
        encoder = load_lean_encoder(quantization)
        encoded[quantization] = _timed_encode(encoder, texts)
    short = np.array([len(e.ids) < HYBRID_MIN_TOKENS for e in encoder.tokenizer.encode_batch(texts)])
    _, short_cpu = _timed_encode(load_lean_encoder("float32"), [t for t, s in zip(texts, short, strict=True) if s])
    _, long_cpu = _timed_encode(encoder, [t for t, s in zip(texts, short, strict=True) if not s])
    hybrid = np.where(short[:, None], encoded["float32"][0], encoded["int8"][0])
    rows = [(f"ctranslate2 {q}", *encoded[q]) for q in encoded]
    rows.append((f"int8, float32 under {HYBRID_MIN_TOKENS} tokens", hybrid, short_cpu + long_cpu))
    for name, vectors, cpu in rows:
        cosine = (vectors * expected).sum(axis=1)
        same = [_same_picks(articles, vectors, expected, pick_sentences, k) for k in (3, 4)]
        lean = [_same_picks(articles, vectors, encoded["float32"][0], pick_sentences, k) for k in (3, 4)]
        low = int((cosine < 0.99).sum())
        print(
            f"| {name} | {cosine.min():.5f} | {cosine.mean():.5f} | {low} | {same[0]} | {same[1]} "
            f"| {lean[0]} / {lean[1]} | {cpu:.1f} |"
        )


def _timed_encode(encoder: Any, texts: Sequence[str]) -> tuple[Any, float]:
    import numpy as np

    encoder.encode(texts[:8])  # warm-up
    start = time.process_time()
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    return vectors, time.process_time() - start


def _same_picks(articles: Sequence[Any], vectors: Any, expected: Any, pick: Any, k: int) -> str:
    same = offset = 0
    for sentences in articles:
        rows = slice(offset, offset + len(sentences.texts))
        offset += len(sentences.texts)
        same += pick(sentences, vectors[rows], k) == pick(sentences, expected[rows], k)
    return f"{same}/{len(articles)}"


def main() -> None:
    """Parse the arguments and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, help="news_pairs JSONL (dev articles for the builds and agreement)")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--build-runs", type=int, default=1, help="processes per build size (median CPU)")
    parser.add_argument("--agreement", action="store_true", help="also compare with sentence-transformers")
    parser.add_argument(
        "--torch-baseline", action="store_true", help="block ctranslate2: measure the sentence-transformers fallback"
    )
    parser.add_argument("--per-dataset", type=int, default=30, help="agreement: articles per dataset part")
    parser.add_argument("--compute-type", default="auto", help="the runs' --compute-type (int8: int8 embeddings)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print(f"--compute-type {args.compute_type}\n")
    print_latency(latency_rows(args.pairs, args.cold_runs, args.build_runs, args.torch_baseline, args.compute_type))
    if args.agreement:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["XDG_CACHE_HOME"] = tmp
            agreement(args.pairs, args.per_dataset)


if __name__ == "__main__":
    main()
