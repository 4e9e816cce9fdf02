"""training/: oracle labels on a hand-made example, and a whole run on a tiny synthetic file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

from summarizer.engines.scoring import FEATURE_NAMES, load_scorer
from training.labels import greedy_oracle, oracle_labels
from training.train_scorer import main, read_subset, recase


def test_greedy_oracle_adds_sentences_while_rouge_rises():
    reference = "the mayor opened the bridge on friday and traffic flowed".split()
    sentences = [
        "the mayor opened the bridge on friday".split(),
        "it rained all day".split(),
        "and traffic flowed".split(),
        "the mayor opened the bridge".split(),  # adds nothing once the first is in
    ]
    assert greedy_oracle(sentences, reference, [True] * 4, limit=3) == [0, 2]
    assert greedy_oracle(sentences, reference, [False, True, True, True], limit=3) == [2, 3]
    assert greedy_oracle(sentences, reference, [True] * 4, limit=1) == [0]
    assert greedy_oracle(sentences, "nothing in common".split(), [True] * 4, limit=3) == []


def test_oracle_labels_mark_the_sentences_the_highlights_draw_on():
    texts = [
        "the council approved the new tram line on monday.",
        "the weather was mild.",
        "the line will cost 120 million pounds, officials said.",
    ]
    reference = ["council approves new tram line.", "it will cost 120 million pounds."]
    assert oracle_labels(texts, reference, [True, True, True]).tolist() == [1.0, 0.0, 1.0]
    assert oracle_labels(texts, reference, [True, True, False]).tolist() == [1.0, 0.0, 0.0]
    assert oracle_labels(texts, reference, [True, True, True], limit=1).sum() == 1.0


def test_recase_shapes_lowercased_news_for_the_splitter_and_cleanup():
    text = "by. jane doe for mailonline. london (cnn) -- the vote passed. it was close! why? nobody knows."
    assert (
        recase(text)
        == "By . Jane doe for mailonline . London (CNN) -- the vote passed. It was close! Why? Nobody knows."
    )


STORY = (
    "the {town} council approved a plan on tuesday to build a new {thing} near the river. "
    "the {thing} will cost {money} million pounds and open in {year}, the council said. "
    "residents have asked for a {thing} for more than ten years. "
    "some shop owners fear the building work will keep customers away. "
    "the weather in {town} was mild for the time of year. "
    "a public meeting about the plan will be held next month at the town hall. "
    "local football club {town} united won its match on saturday."
)


def synthetic_file(path: Path, count: int) -> Path:
    towns, things = ["lowmere", "eastby", "portwell", "hadley"], ["bridge", "library", "school", "pool"]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(count):
            fill = {"town": towns[i % 4], "thing": things[(i // 4) % 4], "money": 10 + i, "year": 2026 + i % 3}
            highlights = "{town} approves a new {thing}.\nit will cost {money} million pounds.".format(**fill)
            row = {"id": f"synthetic-{i}", "article": STORY.format(**fill), "reference": highlights}
            handle.write(json.dumps(row) + "\n")
    return path


def test_the_subset_is_seeded(tmp_path):
    data = synthetic_file(tmp_path / "train.jsonl.gz", 10)
    ids = [r["id"] for r in read_subset(data, 5, seed=1)]
    assert ids == [r["id"] for r in read_subset(data, 5, seed=1)] and len(set(ids)) == 5
    assert ids != [r["id"] for r in read_subset(data, 5, seed=2)]


def test_a_run_on_a_tiny_file_writes_weights_the_engine_can_load(tmp_path):
    data = synthetic_file(tmp_path / "train.jsonl.gz", 12)
    out = tmp_path / "weights.json"
    args = [str(data), "--articles", "12", "--validation", "4", "--seed", "3", "--cache-dir", str(tmp_path / "cache")]
    assert main([*args, "--out", str(out)]) == 0
    scorer = load_scorer(out)
    assert scorer.names == FEATURE_NAMES
    training = json.loads(out.read_text(encoding="utf-8"))["training"]
    assert training["articles"] == 12 and training["seed"] == 3 and training["data"] == "train.jsonl.gz"
    assert list((tmp_path / "cache").glob("embeddings-*.npy"))  # the slow part is cached outside the repository
    texts = STORY.format(town="lowmere", thing="bridge", money=5, year=2027).split(". ")
    shortlist = scorer.shortlist(texts, [True] * len(texts))
    vectors = np.eye(len(texts), 384, dtype=np.float32)[list(shortlist.indices)]
    best = shortlist.indices[int(np.argmax(scorer.score(shortlist, vectors)))]
    assert best != 4  # the weather sentence is never the best one
    again = tmp_path / "again.json"
    assert main([*args, "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()  # deterministic
