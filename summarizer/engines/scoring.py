"""The extractive engine's trained sentence scorer and the redundancy-aware selection that turns its scores into
key points.

Two conditional logits (softmaxes over an article's sentences, i.e. logistic regressions that compare a sentence with
the others of its article), trained on the same labels:

1. the *screen*, over the text features of :mod:`summarizer.engines.features` (position, length, words), scores every
   sentence; its best ``shortlist`` eligible sentences and the article's lead are the only ones embedded;
2. the *scorer*, over the same text features plus the embedding features (computed over that shortlist) and one
   "salience probe" (a linear read-out of the MiniLM embedding), ranks the shortlist.

Embedding is nearly all of the engine's cost, and a sentence the screen ranks low is almost never a key point
(training/train_scorer.py reports how many of the labelled sentences the shortlist keeps).

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

from summarizer.engines.features import (
    EMBEDDING_FEATURES,
    LEAD_SENTENCES,
    TEXT_FEATURES,
    embedding_features,
    text_features,
)
from summarizer.engines.shaping import WEIGHTS_FILE, ScorerError, file_identity

WEIGHTS_FORMAT = 2
PROBE_FEATURE = "salience_probe"
FEATURE_NAMES = (*TEXT_FEATURES, *EMBEDDING_FEATURES, PROBE_FEATURE)
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
class LinearModel:
    """Weights on standardised features: a row's score is ``sum(weight * (x - mean) / scale)``."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]

    def __post_init__(self) -> None:
        if not len(self.means) == len(self.scales) == len(self.weights):
            raise ScorerError("a model's means, scales and weights must each have one value per feature")
        if any(s <= 0 for s in self.scales):
            raise ScorerError("a model's feature scales must be positive")

    def logits(self, rows: Any) -> Any:
        """Each row's score."""
        import numpy as np

        z = (np.asarray(rows, dtype=np.float64) - np.asarray(self.means)) / np.asarray(self.scales)
        return z @ np.asarray(self.weights)


@dataclass(frozen=True)
class Shortlist:
    """The sentences of one article the screen kept (indices in article order) and their text feature rows."""

    indices: tuple[int, ...]
    text_rows: Any
    lead: int
    """How many of ``indices`` are the article's lead (its first ``LEAD_SENTENCES`` sentences, always kept)."""


@dataclass(frozen=True)
class Scorer:
    """The screen (text features of every sentence) and the scorer (text and embedding features of the shortlist);
    a sentence's probability of being the article's key sentence is the softmax of the scorer's scores."""

    names: tuple[str, ...]
    model: LinearModel
    probe_weights: tuple[float, ...]
    screen: LinearModel
    shortlist_size: int
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
        if len(self.model.weights) != len(self.names):
            raise ScorerError("the scorer needs one weight per feature")
        if len(self.screen.weights) != len(TEXT_FEATURES):
            raise ScorerError("the screen needs one weight per text feature")
        if self.shortlist_size < 1:
            raise ScorerError(f"the shortlist must keep at least one sentence, not {self.shortlist_size}")

    @classmethod
    def from_dict(cls, data: dict[str, Any], identity: str = "") -> Scorer:
        """The scorer described by a weights file's JSON object."""
        if data.get("format") != WEIGHTS_FORMAT:
            raise ScorerError(f"scorer weights format {data.get('format')!r} is not {WEIGHTS_FORMAT}")
        try:
            features = data["features"]
            screen = data["screen"]
            if [str(f["name"]) for f in screen["features"]] != list(TEXT_FEATURES):
                raise ScorerError("the screen's features do not match the text features: retrain")
            return cls(
                names=tuple(str(f["name"]) for f in features),
                model=_linear(features),
                probe_weights=tuple(float(w) for w in data["probe"]["weights"]),
                screen=_linear(screen["features"]),
                shortlist_size=int(screen["shortlist"]),
                selection=Selection(**data.get("selection", {})),
                identity=identity,
                training=dict(data.get("training", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ScorerError(f"scorer weights are incomplete or malformed: {exc!r}") from exc

    def shortlist(self, texts: Sequence[str], eligible: Sequence[bool]) -> Shortlist:
        """The article's lead and its ``shortlist_size`` best eligible sentences by the screen: those to embed."""
        return screened_shortlist(self.screen, self.shortlist_size, text_features(texts), eligible)

    def probe(self, embeddings: Any) -> Any:
        """The salience probe's value for each embedding row."""
        import numpy as np

        return np.asarray(embeddings, dtype=np.float64) @ np.asarray(self.probe_weights)

    def features(self, shortlist: Shortlist, embeddings: Any, similarities: Any | None = None) -> Any:
        """The model's input rows (unstandardised) for the shortlist, given its sentences' unit-length embeddings."""
        import numpy as np

        if not shortlist.indices:
            return np.zeros((0, len(self.names)))
        return np.column_stack([shortlist_features(shortlist, embeddings, similarities), self.probe(embeddings)])

    def probabilities(self, rows: Any) -> Any:
        """The softmax of the scores over the rows (one article's shortlist)."""
        import numpy as np

        logits = self.model.logits(rows)
        if not len(logits):
            return logits
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def score(self, shortlist: Shortlist, embeddings: Any, similarities: Any | None = None) -> Any:
        """The probability of each shortlisted sentence (``embeddings``: theirs, unit-length, in the same order)."""
        return self.probabilities(self.features(shortlist, embeddings, similarities))

    def weight_rows(self) -> list[tuple[str, float]]:
        """Each feature's weight (per standard deviation of the feature), largest effect first."""
        return _largest_first(self.names, self.model.weights)

    def screen_rows(self) -> list[tuple[str, float]]:
        """Each text feature's weight in the screen, largest effect first."""
        return _largest_first(TEXT_FEATURES, self.screen.weights)


def _largest_first(names: Sequence[str], weights: Sequence[float]) -> list[tuple[str, float]]:
    return sorted(zip(names, weights, strict=True), key=lambda row: -abs(row[1]))


def screened_shortlist(screen: LinearModel, size: int, text_rows: Any, eligible: Sequence[bool]) -> Shortlist:
    """The article's lead and its ``size`` best eligible sentences by ``screen``, from its text feature rows."""
    screened = screen.logits(text_rows) if len(text_rows) else []
    ranked = sorted((i for i, ok in enumerate(eligible) if ok), key=lambda i: (-float(screened[i]), i))
    lead = range(min(LEAD_SENTENCES, len(text_rows)))
    indices = tuple(sorted({*lead, *ranked[:size]}))
    return Shortlist(indices, text_rows[list(indices)] if indices else text_rows, len(lead))


def shortlist_features(shortlist: Shortlist, embeddings: Any, similarities: Any | None = None) -> Any:
    """The shortlist's text and embedding feature rows (all the model's inputs but the probe)."""
    import numpy as np

    embedded = embedding_features(embeddings, embeddings[: shortlist.lead], similarities)
    return np.column_stack([shortlist.text_rows, embedded])


def _linear(features: Sequence[dict[str, Any]]) -> LinearModel:
    return LinearModel(
        means=tuple(float(f["mean"]) for f in features),
        scales=tuple(float(f["scale"]) for f in features),
        weights=tuple(float(f["weight"]) for f in features),
    )


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
    """Markdown tables of the scorer's and the screen's feature weights (per standard deviation), largest first."""
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
        f"The screen: every sentence scored by its text features alone; the article's first {LEAD_SENTENCES} and the",
        f"{scorer.shortlist_size} best eligible sentences by this score are embedded and ranked by the scorer above.",
        "",
        "| text feature | screen weight |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {weight:+.3f} |" for name, weight in scorer.screen_rows()]
    lines += [
        "",
        "Correlated features share one effect and read together: the position encodings (first/second/third_sentence,",
        "position_prior, log_position, relative_position, early_length = position_prior × log_words) draw one curve.",
    ]
    return "\n".join(lines) + "\n"
