"""Each decision made once: where the model is, where it runs, which engine runs (and the cache keyed on it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.config.engine import EngineConfig
from summarizer.engines import plan_engine
from summarizer.engines.caching import CachingEngine, engine_key, extractive_key
from summarizer.records import Article, ArticlePoints, CacheStats, EngineInfo, Fallback, Placement, RunFigures
from summarizer.summary_cache import SummaryCache
from tests.fakes import FirstSentenceEngine


def test_extractive_key_ignores_the_seq2seq_model_and_its_settings(tmp_path: Path) -> None:
    base = EngineConfig(engine="extractive", model="nobody/one")
    assert engine_key(base) == engine_key(EngineConfig(engine="extractive", model=str(tmp_path), backend="torch"))
    assert engine_key(base) != engine_key(EngineConfig(engine="extractive", max_points=2))
    # An auto fallback is keyed apart from --engine extractive: its stored info says what it stands in for.
    assert extractive_key(base) == engine_key(base) != extractive_key(base, "nobody/one")


class _StandIn(FirstSentenceEngine):
    """An engine that reports itself as the extractive fallback, as ``auto`` does when the model fails to load."""

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("extractive", "embedder", {"max_points": 3}, fallback=Fallback("broken", "some/model"))


def test_a_fallback_found_while_loading_is_keyed_as_the_engine_that_ran(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "bart"}))
    config = EngineConfig(model=str(model))
    plan = plan_engine(config)
    assert plan.engine == "seq2seq"
    engine = CachingEngine(plan, _StandIn, SummaryCache(tmp_path / "c"))
    articles = [Article(input="a.txt", title="A", text="The mayor opened the bridge. It rained.")]
    engine.key_points(articles)
    assert engine._key == extractive_key(config, "some/model") != engine_key(plan)


def test_engine_info_flattens_in_the_order_it_always_had_and_reads_back() -> None:
    info = EngineInfo(
        "seq2seq",
        "some/model",
        {"num_beams": 2, "max_input_tokens": 128},
        placement=Placement(
            "cpu", "torch", 8, dtype="fp32", threads=2, token_budget=4096, note="why torch", parallel_batches=2
        ),
        run=RunFigures(load_s=1.5, converted_now=True, batching={"texts": 3}),
        cache=CacheStats(1, 2, ("a note",)),
    )
    assert list(info.generation) == [
        "num_beams",
        "max_input_tokens",
        "device",
        "batch_size",
        "backend",
        "converted_now",
        "backend_note",
        "load_s",
        "dtype",
        "threads",
        "parallel_batches",
        "token_budget",
        "batching",
        "cache",
    ]
    assert info.generation["cache"] == {"hits": 1, "misses": 2, "notes": ["a note"]}
    assert EngineInfo.from_dict(info.to_dict()) == info
    fallback = EngineInfo("extractive", "embedder", {"max_points": 3}, fallback=Fallback("why", "some/model"))
    assert fallback.generation == {"max_points": 3, "fallback": "why", "fallback_from": "some/model"}
    assert EngineInfo.from_dict(fallback.to_dict()) == fallback


def test_stored_info_leaves_out_this_runs_figures(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "bart"}))
    config = EngineConfig(model=str(model))

    class Loaded(FirstSentenceEngine):
        @property
        def info(self) -> EngineInfo:
            placement = Placement("cpu", "torch", 8, dtype="fp32")
            return EngineInfo("seq2seq", "m", {"num_beams": 1}, placement, RunFigures(load_s=2.0, batching={}))

    articles = [Article(input="a.txt", title="A", text="The mayor opened the bridge. It rained.")]
    CachingEngine(plan_engine(config), Loaded, SummaryCache(tmp_path / "c")).key_points(articles)
    again = CachingEngine(plan_engine(config), lambda: pytest.fail("loaded"), SummaryCache(tmp_path / "c"))
    points: list[ArticlePoints] = again.key_points(articles)
    assert points and again.info.generation == {
        "num_beams": 1,
        "device": "cpu",
        "batch_size": 8,
        "backend": "torch",
        "dtype": "fp32",
        "cache": {"hits": 1, "misses": 0},
    }


def test_cached_check_results_keep_the_typed_engine_info() -> None:
    from summarizer.records import Candidate, TokenCounts
    from summarizer.summary_cache import points_from_json, points_to_json

    info = EngineInfo(
        "seq2seq",
        "m",
        {"num_beams": 2},
        Placement("cpu", "ctranslate2", 8, compute_type="int8", threads=2, token_budget=4096),
        RunFigures(1.25, True, {"texts": 3}),
        CacheStats(1, 2, ("a note",)),
    )
    candidates = (Candidate("A point.", 1.0), Candidate("Another sentence.", 0.25))
    points = ArticlePoints(("A point.",), TokenCounts(3, 3), engine=info, candidates=candidates)
    assert points_from_json(points_to_json(points)) == points
    # A row written before the engine info had typed parts still reads (its engine is replaced on use).
    old = json.loads(points_to_json(points))
    old["engine"] = {"name": "x", "model": "y", "generation": {"num_beams": 2}}
    assert points_from_json(json.dumps(old)).engine == EngineInfo("x", "y")


def test_auto_and_seq2seq_share_a_key_when_the_model_is_on_disk(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bart"}))
    auto = EngineConfig(model=str(tmp_path))
    assert plan_engine(auto).engine == "seq2seq"
    assert engine_key(auto) == engine_key(EngineConfig(model=str(tmp_path), engine="seq2seq")) is not None
