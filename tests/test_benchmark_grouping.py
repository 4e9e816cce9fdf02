"""benchmarks/grouping.py: every baseline threshold is its own row, and ``--kinds`` scores one collection alone."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Any:
    sys.path.insert(0, str(BENCHMARKS))  # the script imports its sibling grouping_lookalikes
    try:
        spec = importlib.util.spec_from_file_location("benchmark_grouping", BENCHMARKS / "grouping.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_each_baseline_threshold_gets_its_own_row(bench: Any) -> None:
    found = bench.methods(argparse.Namespace(no_minilm=True))
    baselines = [label for label in found if label.startswith("TF-IDF")]
    assert len(baselines) == len(bench.TFIDF_THRESHOLDS)  # 0.065 and 0.07 once shared the label "0.07"
    assert "TF-IDF full text, avg link 0.065" in baselines
    assert "TF-IDF full text, avg link 0.10" in baselines


def _row(cluster: str, dataset: str, k: int) -> dict[str, Any]:
    text = f"Report {k} on {cluster}. It has a second sentence about the same thing."
    return {"id": f"{cluster}-{k}", "cluster": cluster, "dataset": dataset, "title": None, "text": text}


def test_kinds_select_one_collection_by_its_prefix(bench: Any, tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    rows = [_row("a", "DUC2003-task3", 0), _row("b", "DUC2006", 1), _row("b", "DUC2006", 2), _row("c", "TAC2009", 3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    name, days, gold = bench.cluster_days(path, "DUC2006")
    assert name == "DUC2006 mixed days (seed 0)"
    assert [[a.id for a in day] for day in days] == [["b-1", "b-2"]]
    assert gold == [[["b-1", "b-2"]]]
    assert sorted(a.id for day in bench.cluster_days(path, "DUC")[1] for a in day) == ["a-0", "b-1", "b-2"]
    with pytest.raises(SystemExit, match="'TAC2010'"):
        bench.cluster_days(path, "TAC2010")


def test_a_day_is_read_as_briefing_daily_reads_it(bench: Any) -> None:
    text = "Report on the flood. It has a second sentence about the same flood."
    rows = [
        {"id": "x-1", "title": "Flood waters rise, officials say", "text": text},
        {"id": "x-2", "title": "Flood waters rise in", "text": text + " And a third one."},  # cut off: replaced
        {"id": "x-3", "title": None, "text": text},  # the same text as x-1: one article
    ]
    articles = bench.read_lines(rows)
    assert [a.id for a in articles] == ["x-1", "x-2"]
    assert [a.title for a in articles] == ["Flood waters rise, officials say", "Report on the flood"]
    truth = [["x-1", "x-3"], ["x-2"]]
    assert bench._with_merged([["x-1"], ["x-2"]], truth) == truth  # x-3 is scored where its article went
    values, _, groups = bench.score(lambda day: [[a.id] for a in day], ("day", [articles], [truth]))
    assert groups == [truth] and values[5] == 1.0
