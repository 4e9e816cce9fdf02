"""The extractive engine's embedding precision: float32 by default, int8 only when asked (``--compute-type int8``),
keyed in the summary cache and reused by the faithfulness check; and points that do not depend on the batch."""

from __future__ import annotations

from pathlib import Path

import pytest

import summarizer.embeddings as embeddings
from summarizer.config.engine import EngineConfig
from summarizer.engines.caching import extractive_key
from summarizer.engines.extractive import ExtractiveEngine, embedding_precision, extractive_settings
from summarizer.engines.shaping import shipped_identity
from summarizer.faithfulness import check_items
from summarizer.records import Article, BriefingItem

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seeds() -> list[Article]:
    return [Article(p.name, p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.iterdir())]


def _engine(compute_type: str) -> ExtractiveEngine:
    return ExtractiveEngine.load(EngineConfig(engine="extractive", compute_type=compute_type))


@pytest.mark.parametrize(
    ("compute_type", "precision"),
    [("auto", "float32"), ("float32", "float32"), ("int8", "int8"), ("int8_float32", "int8"), ("float16", "float32")],
)
def test_int8_embeddings_only_when_asked_for(compute_type, precision):
    assert embedding_precision(compute_type) == precision
    assert _engine(compute_type).precision == precision


def test_the_precision_is_keyed_and_float32_keys_are_unchanged():
    assert extractive_settings(4) == {"max_points": 4, "scorer": shipped_identity(), "story_candidates": 12}
    assert extractive_settings(4, "int8") == {**extractive_settings(4), "embedding_precision": "int8"}
    keys = {t: extractive_key(EngineConfig(engine="extractive", compute_type=t)) for t in ("auto", "float32", "int8")}
    assert keys["auto"] == keys["float32"] != keys["int8"]


def test_an_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="float32, int8"):
        embeddings.embed_sentences(["A sentence."], "int4")


def test_int8_runs_the_int8_encoder_and_the_check_reuses_its_vectors(monkeypatch):
    monkeypatch.setattr(embeddings, "_MEMO", {})
    embedded: list[tuple[str, str]] = []
    real_embed = embeddings.embed

    def counting(texts, precision="float32"):
        embedded.extend((precision, t) for t in texts)
        return real_embed(texts, precision)

    monkeypatch.setattr(embeddings, "embed", counting)
    engine = _engine("int8")
    articles = _seeds()[:2]
    results = engine.key_points(articles)
    selection = list(embedded)
    assert selection and {p for p, _ in selection} == {"int8"}
    assert engine.info.generation["embedding_runtime"] == "ctranslate2 int8"
    assert engine.info.settings["embedding_precision"] == "int8"
    checked = check_items([BriefingItem(a, r) for a, r in zip(articles, results, strict=True)], engine.info)
    assert embedded == selection  # the check embedded nothing again (neither in int8 nor in float32)
    assert all(item.result.support for item in checked)


@pytest.mark.parametrize("compute_type", ["auto", "int8"])
def test_an_articles_points_do_not_depend_on_the_batch_it_is_in(compute_type, monkeypatch):
    articles = _seeds()
    engine = _engine(compute_type)
    monkeypatch.setattr(embeddings, "_MEMO", {})
    alone = [engine.key_points([a])[0].points for a in articles]
    for order in (articles, articles[::-1]):
        monkeypatch.setattr(embeddings, "_MEMO", {})  # embedded again, in batches of other lengths and neighbours
        together = {a.input: r.points for a, r in zip(order, engine.key_points(order), strict=True)}
        assert [together[a.input] for a in articles] == alone
