"""Train the extractive engine's sentence scorer on CNN/DailyMail train articles and write its weights file.

    python -m training.train_scorer /path/to/cnndm_train.jsonl.gz      (or: make train-scorer DATA=...)

Deterministic: a seeded subset of the articles (default 5,000: the first 4,000 fit the models, the last 1,000 choose
the regularisation and the selection settings), then one final fit on the whole subset. Labels: the greedy
ROUGE-1+2 oracle over the sentences that may become key points (``training/labels.py``). Two models are fitted on
them: the screen (text features of every eligible sentence), then the scorer on each article's shortlist (its lead
and the screen's best ``SHORTLIST`` eligible sentences: all the engine embeds). The sentence embeddings
(the slow part) and the labels are cached outside the repository, in ``~/.cache/briefing-summarizer/training``
unless ``--cache-dir`` says otherwise.

The data is lowercased and PTB-tokenized then detokenized, so every feature is uncased; sentence-initial letters are
capitalised again only so that the sentence splitter and the news cleanup see text shaped like real articles."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from summarizer.embeddings import embed
from summarizer.engines.extractive import content_sentences
from summarizer.engines.features import TEXT_FEATURES, text_features
from summarizer.engines.scoring import (
    FEATURE_NAMES,
    PROBE_FEATURE,
    WEIGHTS_FILE,
    WEIGHTS_FORMAT,
    LinearModel,
    Scorer,
    Selection,
    screened_shortlist,
    select_points,
    shortlist_features,
)
from summarizer.evaluate import rouge
from training.labels import LABELS_VERSION, ORACLE_SENTENCES, f1, ngrams, oracle_labels, rouge_tokens

SCRIPT_VERSION = "2"
DEFAULT_ARTICLES = 5000
DEFAULT_VALIDATION = 1000
DEFAULT_SEED = 13
PROBE_FOLDS = 5
POINTS = 3  # what `briefing eval` asks for (its --max-points default)
L2_GRID = (0.1, 1.0, 10.0)  # L2 penalty of the feature model (on standardised features)
SCREEN_L2 = 1.0
# Sentences the screen keeps beside the lead: the engine's embedding cost. With 12 the shortlists hold ~46% of a
# training article's words (39-49% of a dev article's) and 84% of the oracle's sentences (the run logs it).
SHORTLIST = 12
PROBE_L2 = 10.0
# Trigram blocking is always on: a reader must never get the same fact twice, whatever ROUGE would say.
SELECTION_GRID = tuple(
    Selection(mmr_lambda=lam, trigram_blocking=True, min_relative_score=ratio)
    for lam in (1.0, 0.9, 0.8, 0.7)
    for ratio in (0.0, 0.15, 0.3)
)
CHUNK_ARTICLES = 250  # articles embedded (and cached) together


@dataclass
class Example:
    """One training article (or its shortlist): content sentences (lowercased), which may be points, the highlights;
    then its labels, embeddings and feature rows (text features for a whole article, all features for a shortlist)."""

    id: str
    texts: list[str]
    eligible: list[bool]
    reference: list[str]
    labels: Any = None
    embeddings: Any = None
    features: Any = None


# ---- data -------------------------------------------------------------------------------------------------------

_BYLINE = re.compile(r"^\s*by\.\s+([^.]{1,80}?)\.\s+")
_SENTENCE_START = re.compile(r"(^|[.!?][\"'”’)]*\s+)([a-z])")


def recase(text: str) -> str:
    """Lowercased news text shaped like the real thing for the splitter and the cleanup (features stay uncased)."""
    text = _BYLINE.sub(r"By . \1 . ", text)
    text = text.replace("(cnn)", "(CNN)")
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def read_subset(path: Path, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` articles of the gzipped JSONL file, chosen by a seeded permutation (same seed, same articles)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    order = np.random.default_rng(seed).permutation(len(lines))[:count]
    return [json.loads(lines[i]) for i in order]


def make_example(row: dict[str, Any]) -> Example:
    """An article's content sentences, split and cleaned as the engine does, lowercased."""
    sentences = content_sentences(recase(str(row["article"])))
    reference = [line.strip() for line in str(row["reference"]).splitlines() if line.strip()]
    return Example(str(row["id"]), [t.lower() for t in sentences.texts], list(sentences.eligible), reference)


# ---- embeddings (cached) ----------------------------------------------------------------------------------------


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cached_array(path: Path | None, compute: Callable[[], Any]) -> tuple[Any, bool]:
    """The array saved at ``path``, else computed (and saved there when there is a path); and whether it was cached."""
    if path is not None and path.is_file():
        return np.load(path), True
    value = compute()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, value)
    return value, False


def _split(examples: Sequence[Example], values: Any, field: str) -> None:
    offset = 0
    for example in examples:
        setattr(example, field, values[offset : offset + len(example.texts)])
        offset += len(example.texts)


def embed_examples(examples: Sequence[Example], cache_dir: Path | None) -> bool:
    """Fill each example's embeddings, from the cache when the same sentences were embedded before."""
    texts = [t for e in examples for t in e.texts]
    path = cache_dir / f"embeddings-{_digest(*texts)}.npy" if cache_dir else None
    vectors, was_cached = cached_array(path, lambda: embed(texts) if texts else np.zeros((0, 384), dtype=np.float32))
    _split(examples, vectors, "embeddings")
    return was_cached


def label_examples(examples: Sequence[Example], cache_dir: Path | None) -> bool:
    """Fill each example's oracle labels, from the cache when the same sentences and highlights were labelled."""
    key = [LABELS_VERSION, *(t for e in examples for t in [*e.texts, str(e.eligible), *e.reference])]
    path = cache_dir / f"labels-{_digest(*key)}.npy" if cache_dir else None
    labels, was_cached = cached_array(
        path, lambda: np.concatenate([oracle_labels(e.texts, e.reference, e.eligible) for e in examples] or [[]])
    )
    _split(examples, labels, "labels")
    return was_cached


# ---- models -----------------------------------------------------------------------------------------------------


def fit_conditional_logit(x: Any, y: Any, groups: Sequence[int], l2: float) -> Any:
    """The weights of an L2-regularised conditional logit (scipy L-BFGS): each group (an article's eligible rows, in
    order) is one softmax, and its labelled rows share the target probability. Groups without a label are skipped."""
    from scipy.optimize import minimize

    sizes = np.asarray(groups)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    group = np.repeat(np.arange(len(sizes)), sizes)
    positives = np.add.reduceat(y, starts)
    used = positives > 0
    target = y / np.where(used, positives, 1.0)[group]
    n = max(int(used.sum()), 1)

    def loss(w: Any) -> tuple[float, Any]:
        z = x @ w
        top = np.maximum.reduceat(z, starts)
        exp = np.exp(z - top[group])
        total = np.add.reduceat(exp, starts)
        log_likelihood = np.add.reduceat(target * z, starts) - (np.log(total) + top)
        value = -float(log_likelihood[used].sum()) / n + 0.5 * l2 * float(w @ w) / n
        gradient = -(target - (exp / total[group]) * used[group]) / n
        return value, x.T @ gradient + l2 * w / n

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    return result.x


def stacked(examples: Sequence[Example], field: str) -> Any:
    """One array of an attribute over the eligible sentences of all examples."""
    return np.concatenate([np.asarray(getattr(e, field))[np.asarray(e.eligible, dtype=bool)] for e in examples])


def group_sizes(examples: Sequence[Example]) -> list[int]:
    """How many eligible sentences each example has."""
    return [sum(e.eligible) for e in examples]


def fit_probe(examples: Sequence[Example]) -> Any:
    """The salience probe: a conditional logit of the label on the 384-d embedding."""
    x = stacked(examples, "embeddings").astype(np.float64)
    return fit_conditional_logit(x, stacked(examples, "labels"), group_sizes(examples), PROBE_L2)


def cross_fitted_probe(examples: Sequence[Example]) -> list[Any]:
    """Each example's probe values from a probe that never saw it (so the feature model is not fooled by it)."""
    folds = [list(range(k, len(examples), PROBE_FOLDS)) for k in range(PROBE_FOLDS)]
    values: list[Any] = [None] * len(examples)
    for fold in folds:
        held = set(fold)
        w = fit_probe([e for i, e in enumerate(examples) if i not in held])
        for i in fold:
            values[i] = examples[i].embeddings.astype(np.float64) @ w
    return values


def standardised_fit(rows: Any, examples: Sequence[Example], l2: float) -> LinearModel:
    """A conditional logit on standardised ``rows`` (the eligible rows of ``examples``, stacked) and their labels."""
    means, scales = rows.mean(axis=0), rows.std(axis=0)
    scales[scales == 0] = 1.0
    w = fit_conditional_logit((rows - means) / scales, stacked(examples, "labels"), group_sizes(examples), l2)
    return LinearModel(
        means=tuple(float(v) for v in means),
        scales=tuple(float(v) for v in scales),
        weights=tuple(float(v) for v in w),
    )


def fit_screen(examples: Sequence[Example]) -> LinearModel:
    """The screen: a conditional logit on the text features of every eligible sentence of whole articles."""
    return standardised_fit(stacked(examples, "features"), examples, SCREEN_L2)


def shortlisted(examples: Sequence[Example], screen: LinearModel) -> list[Example]:
    """Each article cut to its shortlist, as the engine sees it: text feature rows of the kept sentences plus the
    embedding features computed over them. Articles whose shortlist has no eligible sentence are left out."""
    result = []
    for e in examples:
        short = screened_shortlist(screen, SHORTLIST, e.features, e.eligible)
        keep = list(short.indices)
        sub = Example(e.id, [e.texts[i] for i in keep], [e.eligible[i] for i in keep], e.reference)
        sub.labels, sub.embeddings = e.labels[keep], e.embeddings[keep]
        if any(sub.eligible):
            sub.features = shortlist_features(short, sub.embeddings)
            result.append(sub)
    return result


def screen_recall(examples: Sequence[Example], short: Sequence[Example]) -> float:
    """The share of the labelled sentences that the shortlists keep."""
    return float(sum(e.labels.sum() for e in short) / max(sum(e.labels.sum() for e in examples), 1.0))


def make_scorer(
    examples: Sequence[Example],
    probe_values: Sequence[Any],
    probe: Any,
    l2: float,
    selection: Selection,
    screen: LinearModel,
) -> Scorer:
    """Fit the feature model on shortlisted ``examples`` (with these probe values); wrap it with probe and screen."""
    rows = np.concatenate(
        [
            np.column_stack([e.features, v])[np.asarray(e.eligible, dtype=bool)]
            for e, v in zip(examples, probe_values, strict=True)
        ]
    )
    return Scorer(
        names=FEATURE_NAMES,
        model=standardised_fit(rows, examples, l2),
        probe_weights=tuple(float(v) for v in probe),
        screen=screen,
        shortlist_size=SHORTLIST,
        selection=selection,
    )


def picks(scorer: Scorer, examples: Iterable[Example], selection: Selection) -> list[list[int]]:
    """The sentences the scorer makes points of (``POINTS`` per article), as the engine picks them."""
    chosen = []
    for e in examples:
        rows = np.column_stack([e.features, scorer.probe(e.embeddings)])
        sims = e.embeddings @ e.embeddings.T
        chosen.append(select_points(e.texts, scorer.probabilities(rows), sims, e.eligible, POINTS, selection))
    return chosen


def quick_rouge(examples: Sequence[Example], chosen: Sequence[Sequence[int]]) -> dict[str, float]:
    """Mean ROUGE-1/2 F1 from cached tokens (for the grid: the same figures as rouge-score's, much faster)."""
    totals = {"rouge1": 0.0, "rouge2": 0.0}
    for e, picked in zip(examples, chosen, strict=True):
        sentences, reference = example_tokens(e)
        tokens = [t for i in picked for t in sentences[i]]
        for n in (1, 2):
            totals[f"rouge{n}"] += 100 * f1(ngrams(tokens, n), ngrams(reference, n))
    return {k: v / max(len(examples), 1) for k, v in totals.items()}


_TOKENS: dict[tuple[str, tuple[str, ...]], tuple[list[list[str]], list[str]]] = {}


def example_tokens(e: Example) -> tuple[list[list[str]], list[str]]:
    """An example's sentence tokens and reference tokens, as ROUGE sees them (memoised)."""
    key = (e.id, tuple(e.texts))
    if key not in _TOKENS:
        reference = [t for line in e.reference for t in rouge_tokens(line)]
        _TOKENS[key] = ([rouge_tokens(t) for t in e.texts], reference)
    return _TOKENS[key]


def full_rouge(examples: Sequence[Example], chosen: Sequence[Sequence[int]]) -> dict[str, float]:
    """Mean ROUGE-1/2/Lsum F1 as ``briefing eval`` computes it."""
    totals: Counter[str] = Counter()
    for e, picked in zip(examples, chosen, strict=True):
        totals.update(rouge([e.texts[i] for i in picked], e.reference))
    return {k: v / max(len(examples), 1) for k, v in totals.items()}


# ---- the run ----------------------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace, log: Callable[[str], None]) -> list[Example]:
    """Read, split, label, embed and featurise the subset, a chunk at a time (each chunk's embeddings cached)."""
    start = time.process_time()
    rows = read_subset(args.data, args.articles, args.seed)
    examples: list[Example] = []
    for first in range(0, len(rows), CHUNK_ARTICLES):
        chunk = [make_example(r) for r in rows[first : first + CHUNK_ARTICLES]]
        chunk = [e for e in chunk if any(e.eligible) and e.reference]
        cache = None if args.no_cache else args.cache_dir
        cached = [
            name
            for name, hit in (("embeddings", embed_examples(chunk, cache)), ("labels", label_examples(chunk, cache)))
            if hit
        ]
        for e in chunk:
            e.features = text_features(e.texts)
        examples += chunk
        done = min(first + CHUNK_ARTICLES, len(rows))
        note = f"cached: {', '.join(cached)}; " if cached else ""
        log(f"{done}/{len(rows)} articles prepared ({note}{time.process_time() - start:.0f} CPU-s)")
    log(f"{len(examples)} of {len(rows)} articles have sentences that may be points, and highlights")
    return examples


def choose(
    train: Sequence[Example], valid: Sequence[Example], log: Callable[[str], None]
) -> tuple[float, Selection, dict[str, Any]]:
    """The L2 penalty and selection with the best ROUGE-1 + ROUGE-2 on the validation articles (whole articles in,
    shortlisted by a screen fitted on ``train``)."""
    screen = fit_screen(train)
    short_train, short_valid = shortlisted(train, screen), shortlisted(valid, screen)
    kept = screen_recall(valid, short_valid)
    log(f"shortlists keep {kept:.1%} of the validation articles' labelled sentences")
    probe_values = cross_fitted_probe(short_train)
    probe = fit_probe(short_train)
    best: tuple[float, float, Selection, Scorer] | None = None
    for l2 in L2_GRID:
        scorer = make_scorer(short_train, probe_values, probe, l2, Selection(), screen)
        for selection in SELECTION_GRID:
            scores = quick_rouge(short_valid, picks(scorer, short_valid, selection))
            total = scores["rouge1"] + scores["rouge2"]
            log(f"l2={l2:g} {selection}: " + " ".join(f"{k}={v:.2f}" for k, v in scores.items()))
            if best is None or total > best[0]:
                best = (total, l2, selection, scorer)
    assert best is not None
    _, l2, selection, scorer = best
    ours = full_rouge(short_valid, picks(scorer, short_valid, selection))
    lead = full_rouge(short_valid, [list(range(min(POINTS, len(e.texts)))) for e in short_valid])
    log("validation, chosen: " + " ".join(f"{k}={v:.2f}" for k, v in ours.items()))
    log("validation, Lead-3: " + " ".join(f"{k}={v:.2f}" for k, v in lead.items()))
    return (
        l2,
        selection,
        {
            "articles": len(short_valid),
            "scorer": _rounded(ours),
            "lead3": _rounded(lead),
            "shortlist_recall": round(kept, 4),
        },
    )


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 2) for k, v in scores.items()}


def write_weights(path: Path, scorer: Scorer, l2: float, provenance: dict[str, Any]) -> None:
    """The weights file: features (name, mean, scale, weight), probe, screen, selection and how it was trained."""
    data = {
        "format": WEIGHTS_FORMAT,
        "model": "conditional logit (softmax over an article's shortlisted sentences) on standardised sentence "
        "features (summarizer/engines/features.py); weights are per standard deviation",
        "features": _feature_rows(scorer.names, scorer.model),
        "screen": {
            "description": "conditional logit over the text features of every eligible sentence; the article's lead "
            f"and its best {scorer.shortlist_size} eligible sentences by this score are embedded and scored",
            "shortlist": scorer.shortlist_size,
            "features": _feature_rows(TEXT_FEATURES, scorer.screen),
        },
        "probe": {
            "feature": PROBE_FEATURE,
            "description": f"conditional logit of the label on the 384-d MiniLM embedding (L2 {PROBE_L2:g}), "
            "fitted out of fold for the feature model",
            "weights": [round(w, 6) for w in scorer.probe_weights],
        },
        "selection": {
            "mmr_lambda": scorer.selection.mmr_lambda,
            "trigram_blocking": scorer.selection.trigram_blocking,
            "min_relative_score": scorer.selection.min_relative_score,
        },
        "training": {**provenance, "l2": l2},
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _feature_rows(names: Sequence[str], model: LinearModel) -> list[dict[str, Any]]:
    return [
        {"name": n, "mean": round(m, 6), "scale": round(s, 6), "weight": round(w, 6)}
        for n, m, s, w in zip(names, model.means, model.scales, model.weights, strict=True)
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="gzipped JSONL of {id, article, reference} (highlights, one a line)")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="size of the seeded subset")
    parser.add_argument("--validation", type=int, default=DEFAULT_VALIDATION, help="of those, held out for choosing")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE, help="weights file to write")
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "briefing-summarizer" / "training")
    parser.add_argument("--no-cache", action="store_true", help="embed again, keep nothing")
    args = parser.parse_args(argv)
    if not 0 < args.validation < args.articles:
        parser.error("--validation must be between 0 and --articles")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Train, validate, refit on the whole subset and write the weights file."""
    args = parse_args(argv)
    started, clock = time.time(), time.process_time()

    def log(message: str) -> None:
        print(f"[{time.time() - started:6.0f}s] {message}", file=sys.stderr, flush=True)

    examples = prepare(args, log)
    cut = len(examples) - min(args.validation, len(examples) - 1)
    l2, selection, validation = choose(examples[:cut], examples[cut:], log)
    log(f"chosen: l2={l2:g} {selection}")
    screen = fit_screen(examples)
    short = shortlisted(examples, screen)
    scorer = make_scorer(short, cross_fitted_probe(short), fit_probe(short), l2, selection, screen)
    provenance = {
        "script": "training/train_scorer.py",
        "script_version": SCRIPT_VERSION,
        "data": args.data.name,
        "articles": len(examples),
        "fit_articles": cut,
        "validation_articles": len(examples) - cut,
        "seed": args.seed,
        "labels": f"greedy ROUGE-1+2 F1 oracle, at most {ORACLE_SENTENCES} eligible sentences",
        "features": list(FEATURE_NAMES[:-1]),
        "validation": validation,
    }
    write_weights(args.out, scorer, l2, provenance)
    log(f"wrote {args.out} ({time.process_time() - clock:.0f} CPU-s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
