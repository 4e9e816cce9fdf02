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
