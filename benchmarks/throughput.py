"""Throughput of the naive transformers loop vs the project's pipeline, on distilbart-cnn-12-6's shape.

Random weights (no download), a tokenizer trained in-process, output length pinned (min = max new tokens).
Every configuration runs in its own process, so peak RSS and model load time are its own.

    .venv/bin/python benchmarks/throughput.py            # full run (many minutes on 2 cores)
    .venv/bin/python benchmarks/throughput.py --quick    # small smoke run
    .venv/bin/python benchmarks/throughput.py --skip-table --briefing-n 50 --naive-n 10   # the whole-build figure
    .venv/bin/python benchmarks/throughput.py --skip-table --briefing-n 12 --naive-n 12 \\
        --articles-from ../shared/eval/news_pairs/dev.jsonl --cut 2400                    # real articles, cut

The whole-build figure: ``briefing build`` of N articles as a user runs it (process start and model load
included) against the naive loop on the same articles (every k-th when ``--naive-n`` < N, its time per article
scaled to N), in the same run; the machine's load average is printed next to it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from distilbart_shape import (  # noqa: E402
    BEAMS,
    NEW_TOKENS,
    flops_per_article,
    make_articles,
    real_articles,
    save_model,
)


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_naive(model_dir: Path, paths: list[Path]) -> dict[str, Any]:
    """One article at a time, ``model.generate``, fp32: what a first script would do."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    start, cpu = time.perf_counter(), time.process_time()
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
    load, load_cpu = time.perf_counter() - start, time.process_time() - cpu
    texts, out_tokens = [], 0
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        text = path.read_text().split("\n\n", 1)[1]
        enc = tokenizer(text, return_tensors="pt", truncation=True, max_length=1024)
        with torch.no_grad():
            output = model.generate(
                **enc,
                num_beams=BEAMS,
                no_repeat_ngram_size=3,
                length_penalty=2.0,
                early_stopping=True,
                min_new_tokens=NEW_TOKENS,
                max_new_tokens=NEW_TOKENS,
            )
        out_tokens += output.shape[1] - 1
        texts.append(tokenizer.decode(output[0], skip_special_tokens=True))
    return {
        "load_s": load,
        "load_cpu_s": load_cpu,
        "gen_s": time.perf_counter() - start,
        "gen_cpu_s": time.process_time() - cpu,
        "out_tokens": out_tokens,
        "texts": texts,
    }


def run_pipeline(model_dir: Path, paths: list[Path], backend: str, setting: str, batch: int) -> dict[str, Any]:
    """The project's seq2seq engine (chunking, batching, backend) on the same articles."""
    from summarizer.config.engine import EngineConfig, GenerationOverrides
    from summarizer.engines.seq2seq import Seq2SeqEngine
    from summarizer.readers import read_inputs

    articles = read_inputs([str(p) for p in paths]).articles
    overrides = GenerationOverrides(num_beams=BEAMS, min_length=NEW_TOKENS + 1, max_length=NEW_TOKENS + 1)
    extra = {"compute_type": setting} if backend == "ctranslate2" else {"dtype": setting}
    config = EngineConfig(model=str(model_dir), backend=backend, generation=overrides, batch_size=batch, **extra)
    if backend == "ctranslate2":
        Seq2SeqEngine.load(config)  # converts once (cached on disk): not part of the figures
    start = time.perf_counter()
    engine = Seq2SeqEngine.load(config)
    load = time.perf_counter() - start
    texts: list[str] = []
    original = engine.generator.generate

    def recording(batch_texts: Any) -> Any:
        generations = original(batch_texts)
        texts.extend(g.text for g in generations)
        return generations

    engine.generator.generate = recording  # type: ignore[method-assign]
    start = time.perf_counter()
    engine.key_points(articles)
    gen = time.perf_counter() - start
    info = engine.info.generation
    return {
        "load_s": load,
        "gen_s": gen,
        "out_tokens": len(articles) * (NEW_TOKENS - 1),
        "texts": texts,
        "padding_waste": info.get("batching", {}).get("padding_waste"),
    }


def child(args: argparse.Namespace) -> None:
    """Run one configuration and print its figures as JSON."""
    paths = sorted(Path(args.articles).glob("*.txt"))[: args.n]
    if args.kind == "naive":
        result = run_naive(Path(args.model), paths)
    else:
        result = run_pipeline(Path(args.model), paths, args.kind, args.setting, args.batch)
    result["peak_rss_mb"] = _peak_rss_mb()
    result["articles"] = len(paths)
    print("RESULT " + json.dumps(result))


def run_child(work: Path, kind: str, setting: str, batch: int, n: int, articles: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", "--kind", kind, "--setting", setting, "--batch", str(batch)]
    cmd += ["--n", str(n), "--model", str(work / "model"), "--articles", str(articles)]
    env = {**os.environ, "HF_HOME": str(work / "hf")}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"{kind}/{setting} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(line[len("RESULT ") :]))


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process (its own rusage, through ``os.wait4``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def load_average() -> str:
    """The 1-minute load average, as ``uptime`` prints it, with the CPUs usable."""
    return f"load {os.getloadavg()[0]:.1f} on {len(os.sched_getaffinity(0))} CPUs"


def matmul_peak() -> dict[str, float]:
    """Measured matmul throughput (GFLOP/s) in fp32 and bf16 at this process's thread count."""
    import torch

    from summarizer.engines.placement import sane_thread_count

    torch.set_num_threads(sane_thread_count())
    result = {}
    for name, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16)):
        a, b = torch.randn(512, 1024, dtype=dtype), torch.randn(1024, 4096, dtype=dtype)
        for _ in range(3):
            a @ b
        reps, start = 20, time.perf_counter()
        for _ in range(reps):
            a @ b
        result[name] = 2 * 512 * 1024 * 4096 * reps / (time.perf_counter() - start) / 1e9
    return result


def agreement(a: list[Any], b: list[Any]) -> str:
    same = sum(x == y for x, y in zip(a, b, strict=False))
    return f"{same}/{min(len(a), len(b))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--kind", default="naive")
    parser.add_argument("--setting", default="")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--n", type=int, default=16, help="articles per pipeline configuration")
    parser.add_argument("--naive-n", type=int, default=4, help="articles for the (slow) naive loop")
    parser.add_argument("--torch-n", type=int, default=8, help="articles for the (slow) torch configurations")
    parser.add_argument("--briefing-n", type=int, default=50, help="articles in the whole-process briefing run")
    parser.add_argument("--model", default="")
    parser.add_argument("--articles", default="")
    parser.add_argument("--articles-from", default="", help="whole-build articles from this JSONL ({article})")
    parser.add_argument("--cut", type=int, default=2400, help="with --articles-from: characters kept per article")
    parser.add_argument("--skip-table", action="store_true", help="only the whole-build figure")
    parser.add_argument("--agreement", action="store_true", help="with --skip-table: CTranslate2 int8 vs float32")
    parser.add_argument("--threads", type=int, default=0, help="threads for both sides (0: each one's default)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check the script works")
    parser.add_argument("--work", default="", help="working folder (default: a temporary one)")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if args.quick:
        args.n, args.naive_n, args.torch_n, args.briefing_n = 2, 1, 1, 3
    work = Path(args.work or tempfile.mkdtemp(prefix="briefing-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"working folder: {work}  ({load_average()})", flush=True)
    if not (work / "model" / "config.json").is_file():
        start = time.perf_counter()
        save_model(work / "model")
        print(f"built and saved the random distilbart-cnn-12-6-shaped model in {time.perf_counter() - start:.1f}s")
    if args.threads:  # both sides: torch and CTranslate2 (through sane_thread_count) read it
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    if not args.skip_table:
        table(work, args)
    elif args.agreement:
        float_agreement(work, args)
    whole_process(work, args)


def float_agreement(work: Path, args: argparse.Namespace) -> None:
    """The summaries of CTranslate2 int8 and float32 on the same articles: how many are the same text."""
    articles = make_articles(work, args.n, seed=1)[0].parent
    results = {ct: run_child(work, "ctranslate2", ct, 8, args.n, articles) for ct in ("float32", "int8")}
    rates = ", ".join(f"{ct} {r['articles'] / r['gen_s']:.3f} articles/s" for ct, r in results.items())
    same = agreement(results["int8"]["texts"], results["float32"]["texts"])
    print(f"same summary text, ctranslate2 int8 vs float32: {same} ({rates}; {load_average()})")


def table(work: Path, args: argparse.Namespace) -> None:
    """Each backend and setting on the same articles, generation only, against the naive loop."""
    bench_paths = make_articles(work, max(args.n, args.naive_n), seed=1)
    articles_dir = bench_paths[0].parent
    configs = [
        ("naive", "fp32", 1),
        ("torch", "fp32", 8),
        ("torch", "bf16", 8),
        ("ctranslate2", "float32", 8),
        ("ctranslate2", "int8", 8),
        ("ctranslate2", "int8", 16),
    ]
    results: dict[str, dict[str, Any]] = {}
    for kind, setting, batch in configs:
        n = {"naive": args.naive_n, "torch": args.torch_n}.get(kind, args.n)
        label = f"{kind} {setting} b{batch}"
        results[label] = run_child(work, kind, setting, batch, n, articles_dir)
        r = results[label]
        print(f"  done: {label}: {r['articles'] / r['gen_s']:.3f} articles/s ({load_average()})", flush=True)

    naive = results["naive fp32 b1"]
    naive_rate = naive["articles"] / naive["gen_s"]
    print(f"\n{NEW_TOKENS} new tokens pinned, beam {BEAMS}, no_repeat_ngram_size 3, articles 300-900 tokens\n")
    print("| configuration | articles/s | out tokens/s | x naive | load s | peak RSS MB | padding waste |")
    print("|---|---|---|---|---|---|---|")
    for label, r in results.items():
        rate = r["articles"] / r["gen_s"]
        waste = r.get("padding_waste")
        print(
            f"| {label} | {rate:.3f} | {r['out_tokens'] / r['gen_s']:.1f} | {rate / naive_rate:.2f}x | "
            f"{r['load_s']:.1f} | {r['peak_rss_mb']:.0f} | {'-' if waste is None else f'{waste:.1%}'} |"
        )
    ct2_f32 = results["ctranslate2 float32 b8"]["texts"]
    int8 = results["ctranslate2 int8 b8"]["texts"]
    print(
        f"\nsame summary text: ctranslate2 int8 vs float32 {agreement(int8, ct2_f32)}"
        f", torch bf16 vs fp32 {agreement(results['torch bf16 b8']['texts'], results['torch fp32 b8']['texts'])}"
        f", ctranslate2 float32 vs torch fp32 {agreement(ct2_f32, results['torch fp32 b8']['texts'])}"
    )
    compute_limit(work, bench_paths, results)


def every_kth(paths: list[Path], k: int, folder: Path) -> Path:
    """A folder holding ``k`` of ``paths``, evenly spaced (all of them when ``k`` >= their number)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    k = min(k, len(paths))
    for i in range(k):
        source = paths[i * len(paths) // k]
        shutil.copy(source, folder / source.name)
    return folder


def token_lengths(work: Path, paths: list[Path]) -> list[int]:
    """The input length of each article, in tokens."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(work / "model")
    return [len(tokenizer(p.read_text().split("\n\n", 1)[1])["input_ids"]) for p in paths]


def token_figures(lengths: list[int]) -> str:
    """Mean and longest input in tokens, and how many pass the model's 1,024 (the naive loop truncates those;
    ``briefing`` reads them in parts)."""
    over = sum(length > 1024 for length in lengths)
    return f"mean {sum(lengths) / len(lengths):.0f}, longest {max(lengths)}, {over} over 1,024"


def whole_process(work: Path, args: argparse.Namespace) -> None:
    """``briefing build`` as a user runs it (process start and model load included) against the naive loop on the
    same articles, in the same run; then the cached re-run and ``--help``."""
    n = args.briefing_n
    if args.articles_from:
        paths = real_articles(work, Path(args.articles_from), n, args.cut)
        kind = f"real articles from {Path(args.articles_from).name} cut to {args.cut} characters"
    else:
        paths = make_articles(work, n, seed=2)
        kind = "synthetic articles of 300-900 tokens"
    n = len(paths)
    folder = paths[0].parent
    lengths = dict(zip(paths, token_lengths(work, paths), strict=True))
    # Evenly spaced through the articles sorted by length, so the naive loop's share is as long as the whole.
    subset = every_kth(sorted(paths, key=lengths.__getitem__), args.naive_n, work / f"naive-{folder.name}")
    briefing = str(Path(sys.executable).with_name("briefing"))
    env = {**os.environ, "HF_HOME": str(work / "hf")}
    model = ["--model", str(work / "model")]
    settings = ["--num-beams", str(BEAMS), "--min-length", str(NEW_TOKENS + 1), "--max-length", str(NEW_TOKENS + 1)]
    common = [briefing, "build", str(folder), *model, *settings, "--quiet", "--backend", "ctranslate2"]
    warm = [briefing, "build", str(paths[0]), *model, "--no-cache", "--quiet", "--backend", "ctranslate2"]
    measured([*warm, "--compute-type", "int8", "-o", str(work / "warm.md")], env)  # converts once, not timed

    threads = f"{args.threads} thread(s) each" if args.threads else "default threads"
    naive_count = len(list(subset.iterdir()))
    print(f"\nwhole build: {n} {kind}; naive loop on {naive_count} of them; {threads} ({load_average()})")
    naive_tokens = token_figures([lengths[folder / p.name] for p in subset.iterdir()])
    print(f"  input tokens: {token_figures(list(lengths.values()))} (the naive loop's: {naive_tokens})")
    naive = run_child(work, "naive", "fp32", 1, n, subset)
    per_article, cpu_per_article = naive["gen_s"] / naive["articles"], naive["gen_cpu_s"] / naive["articles"]
    print(f"  naive loop: load {naive['load_s']:.1f}s, {per_article:.2f}s ({cpu_per_article:.2f} CPU-s) per article")
    cache = work / f"cache-{time.time_ns()}"
    first_json = work / "first.json"
    before = load_average()
    wall, cpu = measured([*common, "--compute-type", "int8", "--cache-dir", str(cache), "-o", str(first_json)], env)
    print(f"  briefing build (int8): {wall:.1f}s wall, {cpu:.1f} CPU-s ({before} -> {load_average()})")
    naive_gen, naive_cpu = per_article * n, cpu_per_article * n
    print(
        f"\n=> {wall / n:.2f}s per article: {naive_gen / wall:.2f}x the naive loop's generation time "
        f"({naive_gen:.0f}s for {n}); {(naive_gen + naive['load_s']) / wall:.2f}x with the naive model load too; "
        f"CPU: {naive_cpu / cpu:.2f}x ({(naive_cpu + naive['load_cpu_s']) / cpu:.2f}x with load)"
    )
    again_json = work / "again.json"
    again, _ = measured([*common, "--compute-type", "int8", "--cache-dir", str(cache), "-o", str(again_json)], env)
    cache_use = json.loads(again_json.read_text())["engine"]["generation"].get("cache")
    print(f"cached re-run: {again:.2f}s = {wall / again:.0f}x faster than the first run (cache: {cache_use})")
    helps = [measured([briefing, "--help"], env)[0] for _ in range(3)]
    print(f"`briefing --help`: {min(helps):.3f}s (best of 3)")


def compute_limit(work: Path, paths: list[Path], results: dict[str, dict[str, Any]]) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(work / "model")
    lengths = [len(tokenizer(p.read_text())["input_ids"]) for p in paths]
    flops = sum(flops_per_article(n) for n in lengths) / len(lengths)
    peak = matmul_peak()
    best_label, best = max(results.items(), key=lambda kv: kv[1]["articles"] / kv[1]["gen_s"])
    best_s = best["gen_s"] / best["articles"]
    print(f"\nFLOPs per article (mean input {sum(lengths) / len(lengths):.0f} tokens): {flops / 1e9:.0f} GFLOP")
    for name, gflops in peak.items():
        limit = flops / (gflops * 1e9)
        print(f"matmul peak {name}: {gflops:.0f} GFLOP/s -> {limit:.2f} s/article at the compute limit")
    print(
        f"best measured: {best_label}: {best_s:.2f} s/article "
        f"({flops / best_s / 1e9:.0f} GFLOP/s effective; int8 ops counted as FLOPs)"
    )


if __name__ == "__main__":
    main()
