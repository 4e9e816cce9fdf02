"""How well a grouping matches labels: pairwise and B-cubed precision, recall and F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class GroupingScore:
    """Precision and recall of a grouping against labels; ``predicted_pairs``/``true_pairs`` for the pairwise kind."""

    precision: float
    recall: float
    predicted_pairs: int = 0
    true_pairs: int = 0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(groups: Sequence[Sequence[str]]) -> set[tuple[str, str]]:
    return {(a, b) for g in groups for a in g for b in g if a < b}


def pairwise_score(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> GroupingScore:
    """Score predicted groups of ids against gold groups: a pair counts when both put it in one group."""
    got, want = _pairs(predicted), _pairs(gold)
    hits = len(got & want)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(want) if want else 1.0
    return GroupingScore(precision, recall, len(got), len(want))


def bcubed_score(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> GroupingScore:
    """B-cubed: per article, the share of its predicted group that truly belongs with it (P) and vice versa (R)."""
    pred = {a: i for i, g in enumerate(predicted) for a in g}
    true = {a: i for i, g in enumerate(gold) for a in g}
    items = sorted(true)
    if not items:
        return GroupingScore(1.0, 1.0)
    both = Counter((pred[a], true[a]) for a in items)
    pred_size, true_size = Counter(pred[a] for a in items), Counter(true[a] for a in items)
    precision = sum(both[(pred[a], true[a])] / pred_size[pred[a]] for a in items) / len(items)
    recall = sum(both[(pred[a], true[a])] / true_size[true[a]] for a in items) / len(items)
    return GroupingScore(precision, recall)
