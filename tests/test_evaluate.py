"""``briefing eval``: normalisation, ROUGE, Lead-3 in the same run, per-dataset rows, predictions file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import ConfigError
from summarizer.evaluate import (
    Pair,
    dataset_group,
    evaluate,
    format_table,
    lead,
    normalise,
    read_pairs,
    reference_sentences,
    rouge,
)
from tests.fakes import LeadEngine

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news_pairs" / "dev.jsonl"

STORY = (
    "The river Alde burst its banks on Sunday after three days of rain. "
    "About 200 homes in the village of Marsh End were flooded. "
    "Rescue teams used boats to reach people trapped upstairs. "
    "The weather service expects more rain on Wednesday. "
    "Insurers said claims could pass 10 million."
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("He said he didn't know.", "he said he did n't know ."),
        ("The firm (ACME) grew.", "the firm -lrb- acme -rrb- grew ."),
        ('She called it "great".', "she called it `` great '' ."),
    ],
)
def test_normalise_makes_tokenized_and_plain_text_equal(a, b):
    assert normalise(a) == normalise(b)


def test_rouge_is_100_for_the_same_text_in_either_tokenization_and_0_for_disjoint_text():
    scores = rouge(["He didn't go to the (old) market."], ["he did n't go to the -lrb- old -rrb- market ."])
    assert scores == {"rouge1": 100.0, "rouge2": 100.0, "rougeLsum": 100.0}
    assert rouge(["Cats sleep."], ["Rockets launch quickly."])["rouge1"] == 0.0


def test_rouge_stems_words():
    assert rouge(["The dogs were running."], ["The dog was run."])["rouge1"] > 50


@pytest.mark.parametrize(
    ("reference", "sentences"),
    [
        ("First point .\nSecond point .", ["First point .", "Second point ."]),
        ("First point . Second point .", ["First point .", "Second point ."]),
        ("one sentence only, lower case.", ["one sentence only, lower case."]),
    ],
)
def test_reference_sentences(reference, sentences):
    assert reference_sentences(reference) == sentences


@pytest.mark.parametrize(
    ("dataset", "group"),
    [
        ("cnn_dailymail 3.0.0 (train split, Kaggle copy)", "CNN/DM"),
        ("cnn_dailymail (test split)", "CNN/DM"),
        ("xsum (test split)", "XSum"),
        ("", "other"),
        ("newsroom", "newsroom"),
    ],
)
def test_dataset_group(dataset, group):
    assert dataset_group(dataset) == group


def _write_pairs(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_read_pairs_limits_and_reports_bad_lines(tmp_path):
    rows = [{"id": str(i), "article": STORY, "reference": "Floods."} for i in range(5)]
    assert [p.id for p in read_pairs(_write_pairs(tmp_path / "ok.jsonl", rows), limit=2)] == ["0", "1"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rows[0]) + "\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.jsonl:2"):
        read_pairs(bad)


def test_evaluate_scores_lead3_in_the_same_run_with_per_dataset_rows():
    pairs = [
        Pair("a", STORY, "The Alde burst its banks .\nAbout 200 homes were flooded .", "cnn_dailymail (test split)"),
        Pair("b", STORY, "floods hit marsh end after days of rain.", "xsum (test split)"),
    ]
    report, predictions = evaluate(pairs, LeadEngine(3))
    for group in ("CNN/DM", "XSum", "all"):
        assert report.engine[group].means() == report.baseline[group].means()
    assert report.engine["CNN/DM"].n == 1 and report.engine["all"].n == 2
    assert report.points == 6 and report.flagged == 0
    assert predictions[0] == {"id": "a", "points": lead(STORY), "engine": "lead (first-3)"}
    table = format_table(report)
    assert "| CNN/DM | 1 | Lead-3 |" in table and "| XSum | 1 |" in table and "| all | 2 | difference | +0.00" in table
    worse, _ = evaluate(pairs, LeadEngine(1))
    assert worse.engine["all"].means()["rouge1"] != report.engine["all"].means()["rouge1"]


def test_cli_eval_prints_the_table_and_writes_predictions(tmp_path):
    rows = [
        {"id": "p1", "article": STORY, "reference": "The Alde flooded 200 homes .", "dataset": "cnn_dailymail"},
        {"id": "p2", "article": STORY, "reference": "more rain is expected on wednesday.", "dataset": "xsum"},
    ]
    pairs = _write_pairs(tmp_path / "pairs.jsonl", rows)
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["eval", str(pairs), "--engine", "extractive", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "| CNN/DM | 1 | extractive" in result.stdout and "Lead-3" in result.stdout
    assert "flagged as unsupported by the article: 0" in result.stdout
    predictions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in predictions] == ["p1", "p2"]
    assert all(p["engine"].startswith("extractive") and 1 <= len(p["points"]) <= 3 for p in predictions)


@pytest.mark.parametrize("args", [["eval", "/no/such/pairs.jsonl"], ["eval", "PAIRS", "--limit", "0"]])
def test_cli_eval_usage_errors_exit_2(args, tmp_path):
    pairs = _write_pairs(tmp_path / "p.jsonl", [{"id": "1", "article": STORY, "reference": "x"}])
    result = CliRunner().invoke(app, [str(pairs) if a == "PAIRS" else a for a in args])
    assert result.exit_code == 2, result.output


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_file(), reason="needs ../shared/eval/news_pairs/dev.jsonl")
def test_eval_on_20_dev_articles(tmp_path):
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["eval", str(DEV), "--engine", "extractive", "--limit", "20", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "| all | 20 | extractive" in result.stdout
    assert "flagged as unsupported by the article: 0" in result.stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 20


def test_cli_eval_progress_in_a_log_has_no_carriage_returns(tmp_path):
    """Off a terminal (CI logs), `eval` used to write `\\r` redraws; now only the final count, one line."""
    rows = [{"id": f"p{i}", "article": STORY, "reference": "The Alde flooded 200 homes ."} for i in range(3)]
    pairs = _write_pairs(tmp_path / "pairs.jsonl", rows)
    result = CliRunner().invoke(app, ["eval", str(pairs), "--engine", "extractive"])
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stderr
    assert result.stderr.count("briefing: eval: 3/3 articles") == 1
