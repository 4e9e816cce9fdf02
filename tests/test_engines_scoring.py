"""The extractive engine's trained scorer: features, the shipped weights, selection, and the weight table in eval."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.engines.extractive import ExtractiveEngine, extractive_settings
from summarizer.engines.features import (
    EMBEDDING_FEATURES,
    LEAD_SENTENCES,
    TEXT_FEATURES,
    embedding_features,
    lead_overlap,
    lexical_features,
    lexrank,
    position_features,
    scaled_centrality,
    text_features,
)
from summarizer.engines.scoring import (
    FEATURE_NAMES,
    WEIGHTS_FILE,
    ScorerError,
    Selection,
    format_weights,
    load_scorer,
    select_points,
)
from summarizer.engines.shaping import shipped_identity
from summarizer.evaluate import scorer_table
from tests.fakes import LeadEngine

TEXTS = [
    "The council approved a new tram line for the city centre on Monday.",
    "The line will cost 120 million pounds and open in 2027, officials said.",
    '"We have waited for this for years," said shopkeeper Ana Ruiz.',
    "He added that the works would close two streets for six months.",
    "Pictured: the old tram depot on Mill Road.",
]


def unit_rows(seed: int, n: int, dim: int = 8) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim))
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_position_features_flag_the_lead_and_decay():
    first, third, last = position_features(0, 5), position_features(2, 5), position_features(4, 5)
    assert first["first_sentence"] == 1.0 and first["second_sentence"] == 0.0 and first["position_prior"] == 1.0
    assert third["third_sentence"] == 1.0 and third["first_sentence"] == 0.0
    assert last["relative_position"] == 1.0 and last["position_prior"] == pytest.approx(0.5)
    assert position_features(0, 1)["relative_position"] == 0.0


def test_lexical_cues_of_single_sentences():
    said = lexical_features(TEXTS[1])
    assert said["attribution"] == 1.0 and said["number_density"] == pytest.approx(2 / 13)
    quote = lexical_features(TEXTS[2])
    assert quote["has_quote"] == 1.0 and quote["starts_with_quote"] == 1.0 and quote["first_person"] == 1.0
    assert lexical_features(TEXTS[3])["pronoun_start"] == 1.0
    assert lexical_features("Who will pay for it?")["question"] == 1.0
    assert lexical_features(TEXTS[0])["attribution"] == lexical_features(TEXTS[0])["question"] == 0.0


def test_features_are_uncased():
    """The scorer was trained on lowercased text: case must change nothing."""
    upper = text_features([t.upper() for t in TEXTS])
    assert np.array_equal(text_features(TEXTS), upper)
    assert upper.shape == (len(TEXTS), len(TEXT_FEATURES))


def test_embedding_features_are_over_the_given_sentences_and_the_lead():
    vectors = unit_rows(4, 5)
    rows = embedding_features(vectors, vectors[:LEAD_SENTENCES])
    column = {name: rows[:, i] for i, name in enumerate(EMBEDDING_FEATURES)}
    lead = vectors[:LEAD_SENTENCES].mean(axis=0)
    assert np.allclose(column["sim_lead"], vectors @ (lead / np.linalg.norm(lead)))
    assert column["lexrank"].mean() == pytest.approx(1.0) and column["centrality"].max() == 1.0
    assert embedding_features(vectors[:0], vectors[:0]).shape == (0, len(EMBEDDING_FEATURES))


def test_lexrank_and_centrality_rank_the_sentence_others_echo_highest():
    sims = np.array([[1.0, 0.9, 0.8], [0.9, 1.0, 0.1], [0.8, 0.1, 1.0]])
    ranks = lexrank(sims)
    assert ranks.argmax() == 0 and ranks.mean() == pytest.approx(1.0)
    scores = scaled_centrality(sims)
    assert scores.argmax() == 0 and scores.min() == 0.0


def test_lead_overlap_and_topic_words_follow_the_article():
    texts = [
        "Harbour dredging plan approved by the port board.",
        "Ferries need deeper water, the board said.",
        "The vote was unanimous.",
        "Dredging of the harbour starts in spring.",
        "Weather was mild all week.",
    ]
    rows = text_features(texts)
    column = {name: rows[:, i] for i, name in enumerate(TEXT_FEATURES)}
    assert column["lead_word_overlap"][3] > 0 and column["lead_word_overlap"][4] == 0
    assert np.allclose(column["early_length"], column["position_prior"] * column["log_words"])
    assert column["topic_words"][3] > column["topic_words"][4] == 0
    assert lead_overlap([["a"], ["a", "b"], ["c"]], 0) == 1.0  # the lead's other sentences, not itself


def test_the_shipped_weights_load_match_the_extractor_and_score():
    scorer = load_scorer()
    assert scorer.names == FEATURE_NAMES == (*TEXT_FEATURES, *EMBEDDING_FEATURES, "salience_probe")
    assert len(scorer.probe_weights) == 384
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert [f["name"] for f in data["features"]] == list(FEATURE_NAMES)
    assert [f["name"] for f in data["screen"]["features"]] == list(TEXT_FEATURES)
    for key in ("data", "articles", "seed", "labels", "script_version"):
        assert key in data["training"], key
    shortlist = scorer.shortlist(TEXTS, [True] * len(TEXTS))
    assert shortlist.indices == tuple(range(len(TEXTS)))  # a short article is shortlisted whole
    probabilities = scorer.score(shortlist, unit_rows(3, len(TEXTS), 384).astype(np.float32))
    assert probabilities.shape == (len(TEXTS),) and np.all((probabilities > 0) & (probabilities < 1))
    assert probabilities.sum() == pytest.approx(1.0)  # a softmax over the article's sentences
    assert scorer.identity == shipped_identity() == extractive_settings(3)["scorer"]


def test_the_engine_info_and_cache_key_name_the_weights(monkeypatch):
    """Points picked with other weights are never answered from the summary cache."""
    import summarizer.engines.shaping as identity
    from summarizer.config.engine import EngineConfig
    from summarizer.engines.caching import extractive_key

    assert ExtractiveEngine(3).info.settings["scorer"] == shipped_identity()
    key = extractive_key(EngineConfig(engine="extractive"))
    monkeypatch.setattr(identity, "WEIGHTS_FILE", WEIGHTS_FILE.with_name("other.json"))
    monkeypatch.setattr(identity.Path, "read_bytes", lambda self: b'{"format": 1, "other": true}')
    shipped_identity.cache_clear()
    try:
        assert extractive_key(EngineConfig(engine="extractive")) != key
    finally:
        shipped_identity.cache_clear()


def test_weights_that_do_not_fit_the_extractor_are_refused(tmp_path):
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-2] + data["features"][-1:]
    bad = tmp_path / "weights.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScorerError, match="do not match the feature extractor"):
        load_scorer(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ScorerError, match="not JSON"):
        load_scorer(bad)


def test_selection_blocks_repeats_stops_on_weak_ones_and_keeps_article_order():
    texts = [
        "The port board approved the harbour plan on Tuesday.",
        "The port board approved the harbour plan on Tuesday night.",
        "Fishermen fear the works will drive fish away.",
        "A public meeting is set for next month.",
    ]
    p = np.array([0.9, 0.85, 0.5, 0.1])
    sims = np.eye(4)
    assert select_points(texts, p, sims, [True] * 4, 2, Selection()) == [0, 2]  # the repeat shares trigrams
    unblocked = Selection(trigram_blocking=False)
    assert select_points(texts, p, sims, [True] * 4, 2, unblocked) == [0, 1]
    assert select_points(texts, p, sims, [False, True, True, True], 1, Selection()) == [1]
    assert select_points(texts, p, sims, [True] * 4, 4, Selection(min_relative_score=0.3)) == [0, 2]
    similar = np.array([[1, 0.1, 0.9, 0.1], [0.1, 1, 0.1, 0.1], [0.9, 0.1, 1, 0.1], [0.1, 0.1, 0.1, 1]])
    mmr = Selection(mmr_lambda=0.5, trigram_blocking=False)
    assert select_points(texts, np.array([0.9, 0.2, 0.8, 0.5]), similar, [True] * 4, 2, mmr) == [0, 3]


def test_selection_settings_are_validated():
    with pytest.raises(ScorerError):
        Selection(mmr_lambda=1.5)
    with pytest.raises(ScorerError):
        Selection(min_relative_score=-0.1)


def _table_weights(table: str, header: str) -> dict[str, float]:
    lines = table.splitlines()
    body = lines[lines.index(header) + 2 :]
    rows = body[: next((i for i, line in enumerate(body) if not line.startswith("| ")), len(body))]
    return {line.split("|")[1].strip(): float(line.split("|")[2]) for line in rows}


def test_the_weight_tables_list_every_feature_largest_first():
    scorer = load_scorer()
    table = format_weights(scorer)
    for header, names in (
        ("| feature | weight | odds ×/s.d. |", FEATURE_NAMES),
        ("| text feature | screen weight |", TEXT_FEATURES),
    ):
        weights = _table_weights(table, header)
        assert sorted(weights) == sorted(names)
        sizes = [abs(w) for w in weights.values()]
        assert sizes == sorted(sizes, reverse=True)
    negated = dataclasses.replace(scorer.model, weights=tuple(-w for w in scorer.model.weights))
    assert format_weights(dataclasses.replace(scorer, model=negated)) != table


def test_briefing_eval_prints_the_weight_table_after_rouge(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    article = " ".join(TEXTS[:4]) + " The tram depot will become a museum after the line opens."
    rows = [
        {"id": "a", "article": article, "reference": "Council approves tram line.\nIt costs 120 million pounds."},
        {"id": "b", "article": article.replace("tram", "bus"), "reference": "Council approves bus line."},
    ]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(pairs), "--engine", "extractive", "-q"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("ROUGE-1") < out.index("| feature | weight")
    assert all(f"| {name} |" in out for name in FEATURE_NAMES)
    assert shipped_identity() in out


def test_an_engine_without_the_scorer_gets_no_weight_table():
    assert scorer_table(LeadEngine()) == ""


def test_the_screen_shortlists_the_lead_and_its_best_eligible_sentences():
    scorer = load_scorer()
    texts = [
        f"Residents of district {i} said the {i}th bridge over the river would open in {2000 + i}." for i in range(40)
    ]
    eligible = [i % 5 != 4 for i in range(40)]
    short = scorer.shortlist(texts, eligible)
    assert list(short.indices) == sorted(short.indices) and short.indices[:LEAD_SENTENCES] == (0, 1, 2)
    assert short.lead == LEAD_SENTENCES
    assert len(short.indices) <= LEAD_SENTENCES + scorer.shortlist_size < len(texts)
    assert np.array_equal(short.text_rows, text_features(texts)[list(short.indices)])
    screened = scorer.screen.logits(text_features(texts))
    kept = [i for i in short.indices if eligible[i]]
    left = [i for i in range(len(texts)) if eligible[i] and i not in short.indices]
    assert len(kept) == scorer.shortlist_size and max(screened[left]) <= min(screened[kept])
    assert all(eligible[i] for i in short.indices if i >= LEAD_SENTENCES)  # the lead is kept whatever it is
    empty = scorer.shortlist([], [])
    assert empty.indices == () and scorer.score(empty, np.zeros((0, 384))).shape == (0,)


def test_weights_without_a_fitting_screen_are_refused(tmp_path):
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    data["screen"]["features"] = data["screen"]["features"][1:]
    bad = tmp_path / "weights.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScorerError, match="screen"):
        load_scorer(bad)
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    data["screen"]["shortlist"] = 0
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScorerError, match="at least one sentence"):
        load_scorer(bad)
