"""The real model path on tiny random-weight BART and T5 models built in-process."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from summarizer.config.engine import EngineConfig, GenerationOverrides
from summarizer.engines import create_engine
from summarizer.engines.backends.batching import Generation
from summarizer.engines.protocol import ModelLoadError
from summarizer.engines.seq2seq import Seq2SeqEngine
from summarizer.records import Article
from summarizer.text.chunking import chunk_text
from summarizer.text.sentences import sentence_spans

TOPICS = [
    "the harbour",
    "the city council",
    "the river bridge",
    "the new library",
    "the rail line",
    "the power plant",
    "the school board",
    "the hospital",
    "the airport",
    "the football club",
    "the museum",
]
ACTORS = ["officials", "the mayor", "engineers", "residents", "auditors", "union leaders", "inspectors"]
VERBS = ["discussed", "criticised", "praised", "inspected", "funded"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def numbered_article(sentences: int) -> str:
    """An article whose every sentence is unique and findable: 'Sentence 17 says ...'."""
    lines = []
    for i in range(sentences):
        topic, actor = TOPICS[i % len(TOPICS)], ACTORS[i % len(ACTORS)]
        verb, day = VERBS[i % len(VERBS)], DAYS[i % len(DAYS)]
        lines.append(f"Sentence {i} says {actor} {verb} {topic} on {day}.")
        if i % 6 == 5:
            lines.append("\n\n")
    return " ".join(lines).replace(" \n\n ", "\n\n")


class RecordingGenerator:
    """Wraps a backend and records every batch of inputs it was asked to condense."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.calls: list[list[str]] = []

    def generate(self, texts: Sequence[str]) -> list[Generation]:
        self.calls.append(list(texts))
        return self.inner.generate(texts)


def load(path, **kwargs) -> Seq2SeqEngine:
    kwargs.setdefault("backend", "torch")
    engine = Seq2SeqEngine.load(EngineConfig(model=str(path), device="cpu", **kwargs))
    engine.generator = RecordingGenerator(engine.generator)
    return engine


def test_effective_settings_come_from_the_model_and_are_recorded(tiny_bart):
    engine = load(tiny_bart)
    generation = engine.info.generation
    assert engine.info.name == "seq2seq"
    assert engine.info.model == str(tiny_bart)
    assert (generation["num_beams"], generation["min_length"], generation["max_length"]) == (2, 12, 24)
    assert generation["no_repeat_ngram_size"] == 3
    assert generation["max_input_tokens"] == 128


def test_user_flags_override_model_settings(tiny_bart):
    engine = load(tiny_bart, generation=GenerationOverrides(num_beams=1, max_length=16, min_length=4))
    generation = engine.info.generation
    assert (generation["num_beams"], generation["min_length"], generation["max_length"]) == (1, 4, 16)
    assert engine.generator.inner.generation_config.num_beams == 1
    assert engine.generator.inner.generation_config.max_length == 16


def test_t5_prefix_is_applied_to_every_input(tiny_t5):
    engine = load(tiny_t5)
    assert engine.info.generation["prefix"] == "summarize: "
    engine.key_points([Article(input="a.txt", title="A", text=numbered_article(14))])
    inputs = [text for call in engine.generator.calls for text in call]
    assert inputs and all(text.startswith("summarize: ") for text in inputs)


def test_articles_are_batched_together(tiny_bart):
    engine = load(tiny_bart, batch_size=4)
    articles = [
        Article(input=f"{i}.txt", title=f"A{i}", text=f"Short article {i} about the harbour. It rained.")
        for i in range(5)
    ]
    results = engine.key_points(articles)
    assert len(results) == 5
    assert len(engine.generator.calls) == 1 and len(engine.generator.calls[0]) == 5
    for result in results:
        assert result.chunks == 1 and result.tokens.complete


def test_a_long_article_is_read_in_full(tiny_bart):
    """Several times the model's limit: every sentence reaches a chunk and the token counts add up."""
    engine = load(tiny_bart, max_points=4)
    text = numbered_article(60)
    [result] = engine.key_points([Article(input="long.txt", title="Long", text=text)])
    limit = engine.max_input_tokens
    assert result.tokens.input > 5 * limit
    assert result.tokens.summarized == result.tokens.input
    assert result.chunks > 5
    assert any("read in" in note for note in result.notes)
    first_round = engine.generator.calls[0]
    assert len(first_round) == result.chunks
    for i in range(60):
        holders = [chunk for chunk in first_round if f"Sentence {i} says" in chunk]
        assert len(holders) == 1, f"sentence {i} reached {len(holders)} chunks"
    for chunk in first_round:
        assert len(engine.tokenizer(chunk)["input_ids"]) <= limit
    assert len(result.points) <= 4


def test_ten_thousand_token_article_is_summarized_in_full(tiny_bart):
    engine = load(tiny_bart)
    text = numbered_article(700)
    [result] = engine.key_points([Article(input="huge.txt", title="Huge", text=text)])
    assert result.tokens.input >= 10_000
    assert result.tokens.summarized == result.tokens.input
    assert result.chunks == len(engine.generator.calls[0]) > 70


class FirstSentenceGenerator:
    """A stand-in backend whose 'summary' is the first sentence of each input: distinct points per chunk."""

    name = "first-sentence"

    def __init__(self):
        self.calls: list[list[str]] = []

    def generate(self, texts: Sequence[str]) -> list[Generation]:
        self.calls.append(list(texts))
        return [Generation(text.split(". ")[0] + ".", hit_max_length=False) for text in texts]


def test_too_many_chunk_points_are_condensed_again(tiny_bart):
    engine = load(tiny_bart, max_points=3)
    engine.generator = FirstSentenceGenerator()
    [result] = engine.key_points([Article(input="huge.txt", title="Huge", text=numbered_article(400))])
    rounds = engine.generator.calls
    assert len(rounds) >= 2, "the joined chunk summaries should be condensed again"
    assert len(rounds[1]) < len(rounds[0])
    assert result.points[0] == "Sentence 0 says officials discussed the harbour on Monday."
    assert len(result.points) <= 3
    assert result.tokens.complete


def test_few_chunk_points_are_merged_without_another_round(tiny_bart):
    engine = load(tiny_bart, max_points=50)
    engine.generator = FirstSentenceGenerator()
    [result] = engine.key_points([Article(input="long.txt", title="Long", text=numbered_article(30))])
    assert len(engine.generator.calls) == 1
    assert len(result.points) == result.chunks > 1


def test_chunker_splits_only_sentences_longer_than_the_budget():
    text = "Short one. " + "word " * 50 + "end. Another short one."
    offsets, pos = [], 0
    for token in text.split(" "):
        if token:
            start = text.index(token, pos)
            offsets.append((start, start + len(token)))
            pos = start + len(token)
    chunks = chunk_text(text, offsets, sentence_spans(text), budget=20)
    assert "".join(c.text for c in chunks) == text
    assert sum(c.tokens for c in chunks) == len(offsets)
    assert all(c.tokens <= 20 for c in chunks)
    assert chunks[0].text.startswith("Short one.")


@pytest.mark.parametrize(
    "text",
    [
        numbered_article(2),
        "  \n\nLeading blank lines. Then a second paragraph.\n\nAnd a third one, with trailing space.  \n\n ",
        "One sentence without a full stop",
    ],
)
def test_a_text_that_fits_is_the_one_chunk_sentence_packing_makes_without_splitting_it(tiny_bart, text, monkeypatch):
    import summarizer.engines.seq2seq as seq2seq

    engine = load(tiny_bart)
    encoded = engine.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    offsets = [tuple(o) for o in encoded["offset_mapping"]]
    packed = chunk_text(text, offsets, sentence_spans(text), engine.chunk_budget)
    splits: list[str] = []
    monkeypatch.setattr(seq2seq, "sentence_spans", lambda t: splits.append(t) or sentence_spans(t))
    assert engine.chunks_of(text) == (len(offsets), packed)
    assert len(packed) == 1 and not splits  # fits whole: no sentence splitting at all
    long_text = numbered_article(60)
    assert len(engine.chunks_of(long_text)[1]) > 1 and splits == [long_text]


def test_missing_local_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelLoadError) as info:
        create_engine(EngineConfig(model=str(tmp_path / "nope")))
    message = str(info.value)
    assert "nope" in message and "--model" in message and "Hugging Face cache" in message
