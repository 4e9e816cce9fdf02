"""Throughput of the naive transformers loop vs the project's pipeline, on distilbart-cnn-12-6's shape.

Random weights (no download), a tokenizer trained in-process, output length pinned (min = max new tokens).
Every configuration runs in its own process, so peak RSS and model load time are its own.

    .venv/bin/python benchmarks/throughput.py            # full run (many minutes on 2 cores)
    .venv/bin/python benchmarks/throughput.py --quick    # small smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# sshleifer/distilbart-cnn-12-6's config.json, hard-coded (no download).
DISTILBART_CNN_12_6 = {
    "vocab_size": 50264,
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 6,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
    "activation_function": "gelu",
    "scale_embedding": False,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "decoder_start_token_id": 2,
    "forced_eos_token_id": 2,
    "task_specific_params": {
        "summarization": {
            "early_stopping": True,
            "length_penalty": 2.0,
            "max_length": 142,
            "min_length": 56,
            "no_repeat_ngram_size": 3,
            "num_beams": 4,
        }
    },
}
NEW_TOKENS = 64
BEAMS = 4
WORDS = (
    "government announced measures support families energy prices officials plan cost billion dollars years "
    "critics argued money households central bank raised interest rates inflation scientists reported telescope "
    "images galaxies company quarterly profit demand cloud services rescue teams searched night heavy rain "
    "flooding towns minister counterparts trade security football fans celebrated championship researchers "
    "warned sea temperatures coral reefs region election voters council budget schools hospital workers strike"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def build_tokenizer(vocab_size: int) -> Any:
    """A byte-level BPE tokenizer trained here, its vocabulary filled up to the model's size."""
    from tokenizers import Tokenizer
    from transformers import PreTrainedTokenizerFast

    from summarizer.testing.tiny_models import train_bpe_tokenizer

    rng = random.Random(1)
    base = train_bpe_tokenizer(vocab_size=2000, extra_text=[_sentence(rng) for _ in range(2000)], max_length=1024)
    spec = json.loads(base.backend_tokenizer.to_str())
    vocab = spec["model"]["vocab"]
    for i in range(len(vocab), vocab_size):  # unreachable by merges: only the random model ever emits them
        vocab[f"tok{i}"] = i
    tok = Tokenizer.from_str(json.dumps(spec))
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=1024,
    )


def save_model(folder: Path) -> None:
    """The random distilbart-shaped model and its tokenizer, saved to ``folder``."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    torch.manual_seed(0)
    config = BartConfig(**DISTILBART_CNN_12_6)
    tokenizer = build_tokenizer(config.vocab_size)
    assert tokenizer.pad_token_id == 1 and tokenizer.eos_token_id == 2, "token ids must match distilbart's"
    model = BartForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=2,
        bos_token_id=0,
        eos_token_id=2,
        pad_token_id=1,
        forced_eos_token_id=2,
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def make_articles(folder: Path, n: int, seed: int) -> list[Path]:
    """``n`` synthetic articles of 300-900 tokens as text files."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder / "model")
    rng = random.Random(seed)
    out = folder / f"articles-{n}-{seed}"
    out.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        target = rng.randint(300, 900)
        sentences = [f"Article {seed}-{i} headline"]
        while len(tokenizer(" ".join(sentences[1:]))["input_ids"]) < target:
            sentences.append(_sentence(rng))
        path = out / f"article-{i:03d}.txt"
        path.write_text(sentences[0] + "\n\n" + " ".join(sentences[1:-1]) + "\n")
        paths.append(path)
    return paths


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

    start = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
    load = time.perf_counter() - start
    texts, out_tokens = [], 0
    start = time.perf_counter()
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
    return {"load_s": load, "gen_s": time.perf_counter() - start, "out_tokens": out_tokens, "texts": texts}


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
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--kind",
        kind,
        "--setting",
        setting,
        "--batch",
        str(batch),
        "--n",
        str(n),
        "--model",
        str(work / "model"),
        "--articles",
        str(articles),
    ]
    env = {**os.environ, "HF_HOME": str(work / "hf")}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"{kind}/{setting} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(line[len("RESULT ") :]))


def time_process(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


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


def flops_per_article(input_tokens: float) -> float:
    """Matmul FLOPs of one article: encoder over its input, decoder 64 steps x 4 beams (lm head included)."""
    c = DISTILBART_CNN_12_6
    d, f, vocab = c["d_model"], c["encoder_ffn_dim"], c["vocab_size"]
    enc_layer = 2 * (4 * d * d + 2 * d * f) * input_tokens + 2 * 2 * input_tokens * input_tokens * d
    steps = NEW_TOKENS * BEAMS
    # decoder layer per token: self-attn proj 4d², cross-attn q/out 2d² (k/v computed once), ffn 2df
    dec_layer = 2 * (6 * d * d + 2 * d * f) * steps + 2 * 2 * d * (input_tokens + NEW_TOKENS / 2) * steps
    cross_kv = 2 * 2 * d * d * input_tokens
    head = 2 * d * vocab * steps
    return float(c["encoder_layers"] * enc_layer + c["decoder_layers"] * (dec_layer + cross_kv) + head)


def agreement(a: list[str], b: list[str]) -> str:
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
    print(f"working folder: {work}  (CPUs usable: {len(os.sched_getaffinity(0))})", flush=True)
    if not (work / "model" / "config.json").is_file():
        start = time.perf_counter()
        save_model(work / "model")
        print(f"built and saved the random distilbart-cnn-12-6-shaped model in {time.perf_counter() - start:.1f}s")
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
        print(f"  done: {label}: {r['articles'] / r['gen_s']:.3f} articles/s", flush=True)

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

    whole_process(work, args.briefing_n, naive_rate)
    compute_limit(work, bench_paths, results)


def whole_process(work: Path, n: int, naive_rate: float) -> None:
    """``briefing build`` as a user runs it (model load included), then the cached re-run, then ``--help``."""
    paths = make_articles(work, n, seed=2)
    briefing = str(Path(sys.executable).with_name("briefing"))
    env = {**os.environ, "HF_HOME": str(work / "hf")}
    common = [
        briefing,
        "build",
        str(paths[0].parent),
        "--model",
        str(work / "model"),
        "--num-beams",
        str(BEAMS),
        "--min-length",
        str(NEW_TOKENS + 1),
        "--max-length",
        str(NEW_TOKENS + 1),
        "--quiet",
    ]
    cache = work / f"cache-{time.time_ns()}"
    for extra in (["--backend", "ctranslate2", "--compute-type", "int8"],):
        time_process(
            [
                briefing,
                "build",
                str(paths[0]),
                "--model",
                str(work / "model"),
                "--no-cache",
                "--quiet",
                *extra,
                "-o",
                str(work / "warm.md"),
            ],
            env,
        )  # converts once, outside the timing
        first = time_process([*common, *extra, "--cache-dir", str(cache), "-o", str(work / "first.json")], env)
        again = time_process([*common, *extra, "--cache-dir", str(cache), "-o", str(work / "again.json")], env)
        cache_use = json.loads((work / "again.json").read_text())["engine"]["generation"].get("cache")
        rate = n / first
        print(
            f"\nwhole `briefing build` of {n} articles ({' '.join(extra)}, batch 8, model load included): "
            f"{first:.1f}s = {rate:.3f} articles/s = {rate / naive_rate:.2f}x the naive loop's generation alone"
        )
        print(f"cached re-run: {again:.2f}s = {first / again:.0f}x faster than the first run (cache: {cache_use})")
    helps = [time_process([briefing, "--help"], env) for _ in range(3)]
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
