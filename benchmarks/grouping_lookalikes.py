"""The hand-made look-alike pairs: whether each stayed apart, and for a pair that merged, why (the inputs of both
look-alike rules). Used by ``benchmarks/grouping.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.config.grouping import GroupingSettings
from summarizer.grouping.candidates import nearest_pairs
from summarizer.grouping.cluster import pair_scores, row_dots
from summarizer.grouping.entities import KeyNames, Profile
from summarizer.grouping.terms import article_terms, day_terms
from summarizer.records import Article

Groups = list[list[str]]


def kept_apart(predicted: list[Groups], items_path: Path, pairs_path: Path) -> tuple[list[list[str]], list[bool]]:
    """The look-alike pairs of stories, and whether each stayed apart in this grouping."""
    rows = [json.loads(line) for line in items_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    story = {r["id"]: r["story"] for r in rows}
    merged = {frozenset(story[i] for i in g) for g in predicted[0]}
    pairs = json.loads(pairs_path.read_text(encoding="utf-8"))["pairs"]
    return pairs, [not any(a in m and b in m for m in merged) for a, b in pairs]


def lookalikes(predicted: list[Groups], items_path: Path, pairs_path: Path, articles: list[Article]) -> None:
    """Whether each pair of look-alike stories stayed apart; for those that merged, the rules' inputs."""
    rows = [json.loads(line) for line in items_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    story = {r["id"]: r["story"] for r in rows}
    pairs, apart = kept_apart(predicted, items_path, pairs_path)
    print(f"\nLook-alike pairs kept apart by ours: {sum(apart)} of {len(pairs)}\n")
    print("| look-alike stories | kept apart |\n|---|---|")
    for (a, b), kept in zip(pairs, apart, strict=True):
        print(f"| {a} / {b} | {'yes' if kept else 'no (merged)'} |")
    for (a, b), kept in zip(pairs, apart, strict=True):
        if not kept:
            explain(articles, [story[x.id] for x in articles], a, b)


def explain(articles: list[Article], labels: list[str], a: str, b: str) -> None:
    """The word cosine, score, names and pair-veto inputs of every article pair across two stories, and the
    story-level rule's inputs (sizes, spans, key names and their agreement), computed as ``group_indices`` does."""
    params = GroupingSettings()
    terms = [article_terms(x, params.title_weight) for x in articles]
    day = day_terms(terms, params.name_weight)  # a small day: every word kept, as group_indices does below 100
    first, second, cosine = nearest_pairs(day.matrix, len(articles), -2.0)
    score, vetoed = pair_scores(first, second, cosine, day, terms, params)
    names = row_dots(day.names, first, second)
    print(f"\nWhy {a} / {b} merged (pair veto: names < {params.veto_below} while words >= {params.veto_template}):\n")
    print("| articles | word cosine | score | names agree | names each | pair veto |\n|---|---:|---:|---:|---:|---:|")
    for i, j, c, s, v, m in zip(first, second, cosine, score, vetoed, names, strict=True):
        if {labels[i], labels[j]} == {a, b}:
            counts = f"{day.name_counts[i]:.0f}, {day.name_counts[j]:.0f}"
            print(f"| {articles[i].id} {articles[j].id} | {c:.3f} | {s:.3f} | {m:.3f} | {counts} | {bool(v)} |")
    key_names = KeyNames(
        day.names, day.vocab, [t.time for t in terms], params.veto_story_below, params.veto_min_names,
        params.time_scale_days,
    )  # fmt: skip
    one, other = (key_names.profile(k for k, x in enumerate(labels) if x == s) for s in (a, b))
    print(f"\nStory rule (bursts of <= {params.time_scale_days:g} days that do not overlap, key names agree less than")
    print(f"{params.veto_story_below}): conflict = {key_names.conflict(one, other)}")
    for label, profile in ((a, one), (b, other)):
        print(f"- {label}: {_describe(profile, day.vocab)}")


def _describe(profile: Profile, vocab: Any) -> str:
    days = (profile.last - profile.first) / 86400 if profile.first <= profile.last else float("nan")
    key = sorted(profile.key().items(), key=lambda kv: -kv[1])
    mentioned = sorted(set(profile.weights) - set(profile.key()), key=lambda c: -profile.weights[c])
    return (
        f"{profile.size} articles over {days:.1f} days; key names {[vocab[c] for c, _ in key]}; "
        f"mentioned by fewer {[vocab[c] for c in mentioned][:8]}"
    )
