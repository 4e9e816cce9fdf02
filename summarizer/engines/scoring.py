"""The extractive engine's trained sentence scorer: a conditional logit (a softmax over the article's sentences, i.e.
a logistic regression that compares a sentence with the others of its article) over the features of
:mod:`summarizer.engines.features` plus one "salience probe" (a linear read-out of the MiniLM embedding), and the
redundancy-aware selection that turns its scores into key points.

The weights ship in ``scorer_weights.json`` beside this module (written by ``training/train_scorer.py``, which
records how they were trained). Inference is numpy only."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.engines.features import BASE_FEATURES, article_features
from summarizer.engines.shaping import WEIGHTS_FILE, ScorerError, file_identity

WEIGHTS_FORMAT = 1
PROBE_FEATURE = "salience_probe"
FEATURE_NAMES = (*BASE_FEATURES, PROBE_FEATURE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Selection:
    """How scored sentences become key points."""

    mmr_lambda: float = 1.0
    """Relevance against redundancy in MMR (1.0: redundancy only through trigram blocking)."""
    trigram_blocking: bool = True
    """Skip a sentence that shares a word trigram with one already picked."""
    min_relative_score: float = 0.0
    """Stop adding points once a sentence's probability falls below this share of the best one's."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.mmr_lambda <= 1.0:
            raise ScorerError(f"mmr_lambda must be within 0..1, not {self.mmr_lambda}")
        if not 0.0 <= self.min_relative_score <= 1.0:
            raise ScorerError(f"min_relative_score must be within 0..1, not {self.min_relative_score}")


@dataclass(frozen=True)
class Scorer:
    """A conditional logit on standardised features: a sentence's score is ``sum(weight * (x - mean) / scale)``,
    and its probability of being the article's key sentence the softmax of the scores over the article."""

    names: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    probe_weights: tuple[float, ...]
    selection: Selection = field(default_factory=Selection)
    identity: str = ""
    training: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.names != FEATURE_NAMES:
            missing = sorted(set(FEATURE_NAMES) - set(self.names))
            extra = sorted(set(self.names) - set(FEATURE_NAMES))
            raise ScorerError(
                f"the scorer's features do not match the feature extractor (missing {missing}, unknown {extra}, "
                "or another order): retrain with training/train_scorer.py"
            )
        if not len(self.means) == len(self.scales) == len(self.weights) == len(self.names):
            raise ScorerError("the scorer's means, scales and weights must each have one value per feature")
        if any(s <= 0 for s in self.scales):
            raise ScorerError("the scorer's feature scales must be positive")

    @classmethod
    def from_dict(cls, data: dict[str, Any], identity: str = "") -> Scorer:
        """The scorer described by a weights file's JSON object."""
        if data.get("format") != WEIGHTS_FORMAT:
            raise ScorerError(f"scorer weights format {data.get('format')!r} is not {WEIGHTS_FORMAT}")
        try:
            features = data["features"]
            return cls(
                names=tuple(str(f["name"]) for f in features),
                means=tuple(float(f["mean"]) for f in features),
                scales=tuple(float(f["scale"]) for f in features),
                weights=tuple(float(f["weight"]) for f in features),
                probe_weights=tuple(float(w) for w in data["probe"]["weights"]),
                selection=Selection(**data.get("selection", {})),
                identity=identity,
                training=dict(data.get("training", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ScorerError(f"scorer weights are incomplete or malformed: {exc!r}") from exc

    def probe(self, embeddings: Any) -> Any:
        """The salience probe's value for each embedding row."""
        import numpy as np

        return np.asarray(embeddings, dtype=np.float64) @ np.asarray(self.probe_weights)

    def features(self, texts: Sequence[str], embeddings: Any, similarities: Any | None = None) -> Any:
        """The model's input rows (unstandardised): the base features plus the probe."""
        import numpy as np

        base = article_features(texts, embeddings, similarities)
        return np.column_stack([base, self.probe(embeddings)]) if len(texts) else np.zeros((0, len(self.names)))

    def logits(self, rows: Any) -> Any:
        """Each sentence's score from its feature rows."""
        import numpy as np

        z = (np.asarray(rows, dtype=np.float64) - np.asarray(self.means)) / np.asarray(self.scales)
        return z @ np.asarray(self.weights)

    def probabilities(self, rows: Any) -> Any:
        """The softmax of the scores over the rows (one article's sentences)."""
        import numpy as np

        logits = self.logits(rows)
        if not len(logits):
            return logits
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def score(self, texts: Sequence[str], embeddings: Any, similarities: Any | None = None) -> Any:
        """The probability of each sentence of one article (texts and their unit-length embeddings)."""
        return self.probabilities(self.features(texts, embeddings, similarities))

    def weight_rows(self) -> list[tuple[str, float]]:
        """Each feature's weight (per standard deviation of the feature), largest effect first."""
        return sorted(zip(self.names, self.weights, strict=True), key=lambda row: -abs(row[1]))


def load_scorer(path: Path | None = None) -> Scorer:
    """The scorer in ``path`` (default: the weights shipped with the package)."""
    if path is None:
        return _shipped_scorer()
    return _read(path)


@lru_cache(maxsize=1)
def _shipped_scorer() -> Scorer:
    return _read(WEIGHTS_FILE)


def _read(path: Path) -> Scorer:
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except OSError as exc:
        raise ScorerError(f"cannot read the scorer weights {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise ScorerError(f"{path}: not JSON ({exc})") from None
    try:
        return Scorer.from_dict(data, file_identity(raw))
    except ScorerError as exc:
        raise ScorerError(f"{path}: {exc}") from None


def trigrams(sentence: str) -> set[tuple[str, ...]]:
    """The sentence's lowercased word trigrams."""
    words = _WORD.findall(sentence.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def select_points(
    texts: Sequence[str],
    probabilities: Any,
    similarities: Any,
    eligible: Sequence[bool],
    k: int,
    selection: Selection,
) -> list[int]:
    """Up to ``k`` eligible sentences by score, skipping repeats (MMR, trigram blocking); in article order."""
    chosen: list[int] = []
    seen: set[tuple[str, ...]] = set()
    candidates = [i for i, ok in enumerate(eligible) if ok]
    top = max((float(probabilities[i]) for i in candidates), default=1.0) or 1.0
    lam = selection.mmr_lambda
    while candidates and len(chosen) < k:

        def gain(i: int) -> float:
            redundancy = max((float(similarities[i, j]) for j in chosen), default=0.0)
            # Scaled by the best score, so that lambda weighs relevance and similarity on the same 0..1 scale.
            return lam * float(probabilities[i]) / top - (1 - lam) * redundancy

        best = max(candidates, key=gain)
        candidates.remove(best)
        if chosen and float(probabilities[best]) < selection.min_relative_score * top:
            break
        grams = trigrams(texts[best])
        if selection.trigram_blocking and grams & seen:
            continue
        chosen.append(best)
        seen |= grams
    return sorted(chosen)


def format_weights(scorer: Scorer) -> str:
    """A Markdown table of the scorer's feature weights (per standard deviation), largest effect first."""
    lines = [
        f"sentence scorer {scorer.identity}: weight per standard deviation of each feature; a sentence's odds of",
        "being picked over another sentence of its article multiply by exp(weight) per standard deviation",
        "",
        "| feature | weight | odds ×/s.d. |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {weight:+.3f} | {math.exp(weight):.2f} |" for name, weight in scorer.weight_rows()]
    lines += [
        "",
        "Correlated features share one effect and read together: the position encodings (first/second/third_sentence,",
        "position_prior, log_position, relative_position, early_length = position_prior × log_words) draw one curve.",
    ]
    return "\n".join(lines) + "\n"
