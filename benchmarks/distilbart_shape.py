"""The distilbart-cnn-12-6-shaped model with random weights, its tokenizer and the articles the throughput benchmark
feeds it: synthetic ones, or real ones from a JSONL file cut to a length. Nothing is downloaded."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

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

    from summarizer.testing.tiny_models import bart_fast_tokenizer, train_bpe_tokenizer

    rng = random.Random(1)
    base = train_bpe_tokenizer(vocab_size=2000, extra_text=[_sentence(rng) for _ in range(2000)], max_length=1024)
    spec = json.loads(base.backend_tokenizer.to_str())
    vocab = spec["model"]["vocab"]
    for i in range(len(vocab), vocab_size):  # unreachable by merges: only the random model ever emits them
        vocab[f"tok{i}"] = i
    return bart_fast_tokenizer(Tokenizer.from_str(json.dumps(spec)), 1024)


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


def real_articles(folder: Path, pairs: Path, n: int, cut: int) -> list[Path]:
    """``n`` articles sampled (seeded) from a JSONL file of ``{"article": ...}`` records, each cut to ``cut``
    characters at a word boundary, written as text files (a title line, a blank line, the text)."""
    records = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked = random.Random(0).sample(records, min(n, len(records)))
    out = folder / f"real-{pairs.stem}-{n}-{cut}"
    out.mkdir(exist_ok=True)
    paths = []
    for i, record in enumerate(picked):
        text = " ".join(str(record["article"]).split())
        if len(text) > cut:
            text = text[:cut].rsplit(" ", 1)[0]
        path = out / f"article-{i:03d}.txt"
        path.write_text(f"Article {i}\n\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


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
