"""The lean embedding runtime (CTranslate2 encoder, no torch): agreement with sentence-transformers, conversion into
the user cache, the named fallback, lazy imports, and the faithfulness check reusing the selection's embeddings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import summarizer.embedding_runtime as runtime
import summarizer.embeddings as embeddings
from summarizer.engines.extractive import ExtractiveEngine, content_sentences, pick_sentences
from summarizer.records import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
VARIED = [
    "The mayor opened the new bridge on Friday.",
    "That's not true.",
    "Yes.",
    "",
    "   spaced \n\t out   text   ",
    "PUBLISHED: 09:12 EST, 3 March 2025 | UPDATED: 11:40 EST",
    "Inflation rose 3.4% in May, up from 2.9% — the highest since 2023, the ONS said.",
    "Efren Peñaflorida's Dynamic Teen Company offers Filipino youth an alternative to gangs.",
    "Die Regierung in Berlin kündigte am Montag neue Hilfen an.",
    "東京で地震があった。",
    "Click here 👉 to read more!!! #breaking @newsdesk https://example.com/a?b=c",
    "word " * 400,  # longer than 256 tokens: embedded from its first 256 tokens, as sentence-transformers does
]


@pytest.fixture(scope="session")
def lean() -> runtime.LeanEncoder:
    """The converted encoder, built once per session into the test cache folder (conversion: ~5-20 s)."""
    start = time.perf_counter()
    encoder = runtime.load_lean_encoder()
    print(f"lean encoder ready in {time.perf_counter() - start:.1f} s")
    return encoder


@pytest.fixture(scope="session")
def reference() -> object:
    """sentence-transformers on torch, the reference the lean runtime must agree with."""
    return embeddings._SentenceTransformersEncoder("reference for the agreement tests")


def _seed_sentences() -> list[list[str]]:
    return [content_sentences(p.read_text(encoding="utf-8")).texts for p in sorted(SEEDS.iterdir())]


def test_the_converted_copy_lives_in_the_user_cache_folder(lean):
    folder = runtime.converted_dir(runtime.bundled_model_folder())
    assert (folder / runtime.CONVERTED_MARKER).is_file()
    assert Path(os.environ["XDG_CACHE_HOME"]) in folder.parents  # the tests' cache, never the user's
    assert lean.runtime == "ctranslate2 float32"


def test_lean_embeddings_agree_with_sentence_transformers(lean, reference):
    texts = VARIED + [t for group in _seed_sentences() for t in group]
    ours, theirs = lean.encode(texts), reference.encode(texts)
    assert ours.shape == (len(texts), runtime.DIMENSIONS) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float((ours * theirs).sum(axis=1).min()) >= 0.99


def test_a_long_sentence_is_cut_at_256_tokens(lean):
    long = "alpha beta gamma " * 200
    assert len(lean.tokenizer.encode(long).ids) == runtime.MAX_TOKENS
    cut = " ".join(long.split()[: runtime.MAX_TOKENS - 2])  # one token per word here, plus [CLS] and [SEP]
    assert float(lean.encode([long])[0] @ lean.encode([cut])[0]) > 0.9999


def test_the_same_sentences_are_picked_with_either_runtime(lean, reference):
    for texts in _seed_sentences():
        sentences = content_sentences(" ".join(texts))
        ours = pick_sentences(sentences, lean.encode(sentences.texts), 4)
        theirs = pick_sentences(sentences, np.asarray(reference.encode(sentences.texts)), 4)
        assert ours == theirs


def test_batches_cover_every_sentence_within_the_token_budget():
    lengths = [5, 300, 12, 12, 7, 40, 1, 90]
    batches = runtime.length_batches(lengths, budget=100)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(max(lengths[i] for i in b) * len(b) <= 100 or len(b) == 1 for b in batches)
    assert runtime.length_batches([]) == []


def test_mean_pooling_ignores_padding():
    hidden = np.array([[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]]], dtype=np.float32)
    assert np.allclose(runtime.mean_pool(hidden, np.array([2])), [[1.0, 0.0]])


def test_encoding_is_order_independent(lean):
    texts = VARIED[:8]
    forward, backward = lean.encode(texts), lean.encode(texts[::-1])[::-1]
    assert np.allclose(forward, backward, atol=1e-5)


class _FakeConverter:
    calls = 0

    def __init__(self, folder: str):
        self.folder = folder

    def convert(self, output_dir: str, quantization: str, force: bool) -> None:
        type(self).calls += 1
        (Path(output_dir) / runtime.CONVERTED_MARKER).write_text(f"converted by {os.getpid()}")


def test_conversion_is_atomic_and_a_lost_race_keeps_the_winner(tmp_path, monkeypatch):
    import ctranslate2.converters

    monkeypatch.setattr(ctranslate2.converters, "TransformersConverter", _FakeConverter)
    target = tmp_path / "model" / "float32"
    real_rename = os.rename

    def other_process_wins(src: str, dst: str) -> None:
        real_rename(Path(src).parent / "winner", dst)  # the other process renamed its copy into place first
        real_rename(src, dst)  # raises: the target is a non-empty folder now

    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "winner").mkdir()
    (tmp_path / "model" / "winner" / runtime.CONVERTED_MARKER).write_text("winner")
    monkeypatch.setattr(runtime.os, "rename", other_process_wins)
    assert runtime.convert(tmp_path, target) == target
    assert (target / runtime.CONVERTED_MARKER).read_text() == "winner"
    assert sorted(p.name for p in target.parent.iterdir()) == ["float32"]  # no staging folder left behind
    monkeypatch.setattr(runtime.os, "rename", real_rename)
    calls = _FakeConverter.calls
    runtime.convert(tmp_path, target)
    assert _FakeConverter.calls == calls  # converted once: later runs reuse the copy


def test_a_killed_conversions_leftovers_are_removed_but_a_running_one_is_not(tmp_path):
    target = tmp_path / "float32"
    old, fresh = tmp_path / "float32.tmp-old", tmp_path / "float32.tmp-fresh"
    for folder in (old, fresh):
        folder.mkdir()
    os.utime(old, (time.time() - 2 * runtime.STALE_STAGING_S,) * 2)
    runtime.remove_stale_staging(target)
    assert not old.exists() and fresh.exists()


def test_the_cache_key_follows_the_model_files(tmp_path):
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        (tmp_path / name).write_text("x")
    before = runtime.model_identity(tmp_path)
    (tmp_path / "model.safetensors").write_text("different weights")
    assert runtime.model_identity(tmp_path) != before


def test_the_torch_fallback_is_named_in_the_info_and_the_notes(monkeypatch):
    def unavailable(*args: object) -> None:
        raise runtime.LeanRuntimeUnavailable("no ctranslate2 here")

    monkeypatch.setattr(runtime, "load_lean_encoder", unavailable)
    monkeypatch.setattr(embeddings, "_MEMO", {})
    embeddings._model.cache_clear()
    try:
        engine = ExtractiveEngine(max_points=2)
        text = (SEEDS / "myanmar-junta-russia-visit.txt").read_text(encoding="utf-8")
        [result] = engine.key_points([Article("seed", "Seed", text)])
        runtime_info = engine.info.generation["embedding_runtime"]
        assert runtime_info.startswith("sentence-transformers (torch)") and "no ctranslate2 here" in runtime_info
        assert any("no ctranslate2 here" in note for note in result.notes)
    finally:
        embeddings._model.cache_clear()


def test_the_faithfulness_check_reuses_the_selection_embeddings(lean, monkeypatch):
    from summarizer.faithfulness import check_points

    monkeypatch.setattr(embeddings, "_MEMO", {})
    embedded: list[str] = []
    real_embed = embeddings.embed
    monkeypatch.setattr(
        embeddings, "embed", lambda texts, precision="float32": embedded.extend(texts) or real_embed(texts, precision)
    )
    text = (SEEDS / "myanmar-junta-russia-visit.txt").read_text(encoding="utf-8")
    article = Article("seed", "Seed", text.replace(". ", ".  \n"))  # extra whitespace must not defeat the memo
    [result] = ExtractiveEngine(max_points=3).key_points([article])
    selection = len(embedded)
    check_points([article], [result.points])
    assert selection > 0 and len(embedded) == selection  # nothing embedded twice


def test_a_warm_single_file_summarize_imports_no_torch(lean, tmp_path):
    modules = tmp_path / "modules.json"
    script = (
        "import json, sys\n"
        "from summarizer.cli import main\n"
        "modules = sys.argv[1]\n"
        f"sys.argv = ['briefing', 'summarize', {str(SEEDS / 'myanmar-junta-russia-visit.txt')!r},"
        " '--engine', 'extractive', '--no-cache', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = ('torch', 'transformers', 'sentence_transformers')\n"
        "open(modules, 'w').write(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(modules)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(modules.read_text()) == []
    info = json.loads(done.stdout)["engine"]["generation"]
    assert info["embedding_runtime"] == "ctranslate2 float32"


DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news_pairs" / "dev.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_file(), reason="needs ../shared/eval/news_pairs/dev.jsonl")
def test_dev_articles_get_the_same_picks_and_close_embeddings(lean, reference):
    with DEV.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    sample = records[:10] + records[100:110] + records[200:210]  # CNN/DM train, CNN/DM test, XSum
    for record in sample:
        sentences = content_sentences(record["article"])
        ours, theirs = lean.encode(sentences.texts), np.asarray(reference.encode(sentences.texts))
        assert float((ours * theirs).sum(axis=1).min()) >= 0.99, record["id"]
        assert pick_sentences(sentences, ours, 3) == pick_sentences(sentences, theirs, 3), record["id"]
