"""CTranslate2 backend: float32 greedy output equals the torch backend's token for token; backend selection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarizer.config.engine import EngineConfig, GenerationOverrides
from summarizer.engines.protocol import ModelLoadError

ctranslate2 = pytest.importorskip("ctranslate2", reason="ctranslate2 cannot be imported here")

TEXTS = [
    "The central bank raised interest rates for the fourth time this year, citing stubborn inflation.",
    "Scientists reported that the new telescope had captured images of distant galaxies.",
    "Local football fans celebrated after the team won the championship for the first time in decades.",
    "Rescue teams searched through the night.",
    "The minister will meet her counterparts in Brussels next week to discuss trade and security. "
    "Officials said the plan would cost about 2.5 billion dollars over three years.",
]


def _lively_bart(folder: Path, *, forced_bos: bool, eos_bias: float) -> Path:
    """The tiny BART with larger random weights, so different inputs give different, non-trivial outputs."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    from summarizer.testing.tiny_models import save_tiny_bart

    save_tiny_bart(folder, generation={"forced_bos_token_id": 0} if forced_bos else None)
    model = AutoModelForSeq2SeqLM.from_pretrained(folder)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for param in model.parameters():
            if param.dim() > 1:
                param.copy_(torch.randn(param.shape, generator=generator) * 0.3)
        model.final_logits_bias[0, model.config.eos_token_id] = eos_bias  # some outputs end early, some at the limit
    model.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def lively_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("lively")
    return {
        "plain": _lively_bart(root / "plain", forced_bos=False, eos_bias=2.0),
        "forced_bos": _lively_bart(root / "forced_bos", forced_bos=True, eos_bias=0.0),
    }


def _load(kind: str, config: EngineConfig) -> Any:
    """The torch or CTranslate2 backend for ``config`` on the CPU."""
    from summarizer.engines.backends import load_ctranslate2, load_torch
    from summarizer.engines.hub import locate_model
    from summarizer.engines.placement import resolve_placement, torch_placement

    location = locate_model(config.model)
    if kind == "torch":
        return load_torch(config, location, torch_placement(config, "cpu"))
    placement = resolve_placement(config, location.model_type, "cpu")
    return load_ctranslate2(config, location, placement)


def _token_ids_torch(generator: Any, text: str) -> list[int]:
    import torch

    encoded = generator.tokenizer([text], return_tensors="pt")
    with torch.inference_mode():
        output = generator.model.generate(**encoded, generation_config=generator.generation_config)[0].tolist()
    ids = output[1:]  # drop the decoder start token
    return ids[: ids.index(generator.tokenizer.eos_token_id)] if generator.tokenizer.eos_token_id in ids else ids


def _token_ids_ct2(generator: Any, text: str) -> list[int]:
    tokenizer = generator.tokenizer
    source = tokenizer.convert_ids_to_tokens(tokenizer([text])["input_ids"][0])
    prefix = [[generator.specials.forced_bos]] if generator.specials.forced_bos else None
    result = generator.translator.translate_batch([source], target_prefix=prefix, **generator.decoding_options())
    ids = tokenizer.convert_tokens_to_ids(result[0].hypotheses[0])
    return [i for i in ids if i != tokenizer.eos_token_id]


@pytest.mark.parametrize(
    ("variant", "min_length", "max_length"),
    [("plain", 0, 24), ("plain", 6, 16), ("forced_bos", 8, 24)],
)
def test_ct2_float32_greedy_equals_torch_token_for_token(
    lively_models: dict[str, Path], variant: str, min_length: int, max_length: int
) -> None:
    overrides = GenerationOverrides(num_beams=1, min_length=min_length, max_length=max_length)
    config = EngineConfig(model=str(lively_models[variant]), compute_type="float32", dtype="fp32", generation=overrides)
    torch_gen = _load("torch", config).generator
    ct2_gen = _load("ctranslate2", config).generator
    torch_ids = [_token_ids_torch(torch_gen, t) for t in TEXTS]
    ct2_ids = [_token_ids_ct2(ct2_gen, t) for t in TEXTS]
    assert ct2_ids == torch_ids
    assert len({tuple(ids) for ids in torch_ids}) > 1, "the model must give different outputs for different inputs"
    # The batched public path agrees too, including where generation stopped at the length limit.
    assert ct2_gen.generate(TEXTS) == torch_gen.generate(TEXTS)


def test_lively_model_covers_early_end_and_length_limit(lively_models: dict[str, Path]) -> None:
    config = EngineConfig(
        model=str(lively_models["plain"]),
        compute_type="float32",
        generation=GenerationOverrides(num_beams=1, min_length=0, max_length=24),
    )
    hits = {g.hit_max_length for g in _load("ctranslate2", config).generator.generate(TEXTS)}
    assert hits == {True, False}


def test_converted_copy_is_cached_and_reused(lively_models: dict[str, Path]) -> None:
    from summarizer.engines.backends.ctranslate2 import CONVERTED_MARKER, converted_dir
    from summarizer.engines.hub import locate_model

    model = str(lively_models["plain"])
    location = locate_model(model)
    assert location.on_disk
    config = EngineConfig(model=model, compute_type="int8_float32")
    first = _load("ctranslate2", config)
    assert (converted_dir(location, "int8_float32") / CONVERTED_MARKER).is_file()
    second = _load("ctranslate2", config)
    assert first.figures().converted_now is True
    assert second.figures().converted_now is False
    assert type(second.tokenizer).__name__ == "LeanTokenizer"  # the later load reads the runtime files
    assert second.generator.generate(TEXTS[:2]) == first.generator.generate(TEXTS[:2])


def test_auto_backend_falls_back_to_torch_and_says_why(tiny_bart: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.engines.backends.ctranslate2 as ct2_backend
    from summarizer.engines.seq2seq import Seq2SeqEngine

    monkeypatch.setattr(ct2_backend, "ctranslate2_installed", lambda: False)
    engine = Seq2SeqEngine.load(EngineConfig(model=str(tiny_bart), device="cpu"))
    assert engine.info.generation["backend"] == "torch"
    assert "ctranslate2 package is not installed" in engine.info.generation["backend_note"]
    with pytest.raises(ModelLoadError, match="not installed"):
        Seq2SeqEngine.load(EngineConfig(model=str(tiny_bart), device="cpu", backend="ctranslate2"))


def test_auto_backend_records_ctranslate2(tiny_bart: Path) -> None:
    from summarizer.engines.seq2seq import Seq2SeqEngine

    info = Seq2SeqEngine.load(EngineConfig(model=str(tiny_bart), device="cpu")).info.generation
    assert info["backend"] == "ctranslate2"
    assert info["compute_type"] in ("int8", "float32")


def test_unsupported_compute_type_is_a_clear_error() -> None:
    from summarizer.engines.placement import resolve_compute_type

    supported = ctranslate2.get_supported_compute_types("cpu")
    missing = next((c for c in ("bfloat16", "float16", "int8_bfloat16") if c not in supported), None)
    if missing is None:
        pytest.skip("this CPU supports every compute type we would test")
    with pytest.raises(ModelLoadError, match=f"--compute-type {missing}: not supported"):
        resolve_compute_type(missing, "cpu")


def test_batches_run_at_once_come_back_in_input_order_and_the_threads_reach_ctranslate2(
    lively_models: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[dict[str, Any]] = []
    real = ctranslate2.Translator

    def recording(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", recording)
    config = EngineConfig(
        model=str(lively_models["plain"]),
        compute_type="float32",
        batch_size=2,
        threads=2,
        parallel_batches=2,
        generation=GenerationOverrides(num_beams=1, min_length=0, max_length=16),
    )
    generator = _load("ctranslate2", config).generator
    assert (made[-1]["inter_threads"], made[-1]["intra_threads"]) == (2, 1)
    assert generator.translator.num_translators == 2
    together = generator.generate(TEXTS)
    assert generator.stats.batches == 3  # 5 texts, 2 a batch: posted at once, two run in parallel
    assert together == [generator.generate([text])[0] for text in TEXTS]
    assert len({g.text for g in together}) > 1, "the outputs must differ for the order to be checked"


@pytest.mark.parametrize(
    ("threads", "wanted", "articles", "workers", "each"),
    [
        (2, 0, None, 2, 1),
        (2, 0, 50, 2, 1),
        (2, 0, 1, 1, 2),  # a single article is one batch: it gets every thread
        (8, 0, 50, 2, 4),
        (1, 0, 50, 1, 1),
        (4, 1, 50, 1, 4),
        (2, 3, 50, 2, 1),
        (2, 2, 1, 2, 1),  # asked for: kept
    ],
)
def test_parallel_batches_share_the_threads(
    threads: int, wanted: int, articles: int | None, workers: int, each: int
) -> None:
    from summarizer.engines.backends.ctranslate2 import translator_options
    from summarizer.engines.placement import parallel_batches
    from summarizer.records import Placement

    config = EngineConfig(threads=threads, parallel_batches=wanted)
    count = parallel_batches(config, "cpu", threads, articles)
    placement = Placement("cpu", "ctranslate2", 8, compute_type="int8", threads=threads, parallel_batches=count)
    options = translator_options(placement)
    assert (count, options["inter_threads"], options["intra_threads"]) == (workers, workers, each)
    gpu = Placement("cuda", "ctranslate2", 8, compute_type="float16", threads=threads, parallel_batches=1)
    assert parallel_batches(config, "cuda", threads, articles) == 1
    assert translator_options(gpu) == {"device": "cuda", "compute_type": "float16"}


@pytest.mark.parametrize("model", ["plain", "bart", "t5"])
def test_the_lean_tokenizer_gives_what_transformers_gives(
    model: str, lively_models: dict[str, Path], tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    from transformers import AutoConfig, AutoTokenizer, GenerationConfig

    from summarizer.engines.backends import _settings_for
    from summarizer.engines.backends.ct2_runtime import load_runtime, save_runtime
    from summarizer.engines.backends.ctranslate2 import _specials
    from summarizer.engines.seq2seq import input_limit

    folder = lively_models[model] if model == "plain" else tiny_models[model]
    hf = AutoTokenizer.from_pretrained(folder)
    model_config = AutoConfig.from_pretrained(folder)
    generation_config = GenerationConfig.from_model_config(model_config)
    save_runtime(tmp_path, hf, model_config, generation_config)
    loaded = load_runtime(tmp_path)
    assert loaded is not None
    lean, stored_config, stored_generation = loaded
    texts = [*TEXTS, "  Leading space, <s> a special token inside, émigrés' “quotes” and 3.5%\n\nnew paragraph. "]
    for text in texts:
        for special in (True, False):
            mine = lean(text, add_special_tokens=special, return_offsets_mapping=True)
            theirs = hf(text, add_special_tokens=special, return_offsets_mapping=True)
            assert mine["input_ids"] == theirs["input_ids"]
            assert [tuple(o) for o in mine["offset_mapping"]] == [tuple(o) for o in theirs["offset_mapping"]]
    assert lean(texts, truncation=False)["input_ids"] == hf(texts, truncation=False)["input_ids"]
    assert lean.num_special_tokens_to_add(pair=False) == hf.num_special_tokens_to_add(pair=False)
    ids = list(range(len(hf)))
    assert lean.convert_ids_to_tokens(ids) == hf.convert_ids_to_tokens(ids)
    assert lean.convert_ids_to_tokens(ids[5]) == hf.convert_ids_to_tokens(ids[5])
    tokens = [*hf.convert_ids_to_tokens(ids[:50]), "no-such-token-here"]
    assert lean.convert_tokens_to_ids(tokens) == hf.convert_tokens_to_ids(tokens)
    for chunk in (ids[:40], ids[100:160], [hf.eos_token_id, *ids[60:90], hf.pad_token_id]):
        for skip in (True, False):
            mine_text = lean.decode(chunk, skip_special_tokens=skip, clean_up_tokenization_spaces=False)
            assert mine_text == hf.decode(chunk, skip_special_tokens=skip, clean_up_tokenization_spaces=False)
    assert (lean.eos_token_id, lean.pad_token_id) == (hf.eos_token_id, hf.pad_token_id)
    assert input_limit(lean, stored_config) == input_limit(hf, model_config)
    assert _settings_for(EngineConfig())(stored_config, stored_generation) == _settings_for(EngineConfig())(
        model_config, generation_config
    )
    assert _specials(lean, stored_generation) == _specials(hf, generation_config)


def test_a_converted_model_runs_without_torch_or_transformers(tiny_bart: Path, _private_caches: Path) -> None:
    import os
    import subprocess
    import sys
    import textwrap

    root = Path(__file__).resolve().parents[1]
    _load("ctranslate2", EngineConfig(model=str(tiny_bart), compute_type="int8"))  # converts, into _private_caches
    script = textwrap.dedent(f"""
        import sys
        from summarizer.config.engine import EngineConfig
        from summarizer.engines.seq2seq import Seq2SeqEngine
        config = EngineConfig(model={str(tiny_bart)!r}, backend="ctranslate2", compute_type="int8", device="cpu")
        engine = Seq2SeqEngine.load(config)
        assert engine.generator.generate(["The central bank raised rates."])[0].text is not None
        print("torch" in sys.modules, "transformers" in sys.modules)
    """)
    env = {**os.environ, "HF_HOME": str(_private_caches)}  # where the conversion above went
    run = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert run.stdout.split()[-2:] == ["False", "False"], run.stderr[-2000:]
