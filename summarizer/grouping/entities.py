"""Look-alike stories: two separate bursts of reports whose key names disagree are two events, however alike their
words (two earthquakes, two typhoons, two plane crashes)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

MIN_ARTICLES = 2  # a lone report is never judged: it may be one side of a broad topic, or look back on an event


@dataclass
class Profile:
    """A story's names (summed weights, and how many of its articles use each), its size and its dated reports."""

    weights: dict[int, float] = field(default_factory=dict)
    articles: dict[int, int] = field(default_factory=dict)
    size: int = 0
    dated: int = 0
    first: float = math.inf  # publication times (seconds) of its earliest and latest dated article
    last: float = -math.inf

    def add(self, other: Profile) -> None:
        """Fold another story into this one."""
        for column, weight in other.weights.items():
            self.weights[column] = self.weights.get(column, 0.0) + weight
            self.articles[column] = self.articles.get(column, 0) + other.articles[column]
        self.size, self.dated = self.size + other.size, self.dated + other.dated
        self.first, self.last = min(self.first, other.first), max(self.last, other.last)

    def key(self) -> dict[int, float]:
        """The names more than half of the story's articles use: what it is about, not what it mentions once."""
        return {c: w for c, w in self.weights.items() if 2 * self.articles[c] > self.size}


class KeyNames:
    """Whether two stories are look-alikes: each a burst of at least ``MIN_ARTICLES`` dated reports spanning at most
    ``burst_days``, the bursts do not overlap in time, each names at least ``min_names`` entities, and their key
    names agree (cosine) less than ``below``.

    One earthquake in Noto and Ishikawa in January, another in Hualien and Taiwan in April: the Taiwan report's
    "tsunami alerts for southern Japan" is no key name of its story, so it does not make the two one. Reports of one
    topic spread over months (obesity surveys in Shanghai, then Hong Kong) are no burst and are not judged.
    """

    def __init__(
        self,
        names: Any,
        vocab: Sequence[str],
        times: Sequence[float | None],
        below: float,
        min_names: int,
        burst_days: float,
    ) -> None:
        self.below, self.min_names, self.burst = below, min_names, burst_days * 86400.0
        same = _same_names(vocab)
        self.rows = [_row_profile(names, i, times[i], same) for i in range(names.shape[0])]
        self.groups: dict[int, Profile] = {}

    def profile(self, members: Iterable[int]) -> Profile:
        """The profile of a story made of these articles."""
        total = Profile()
        for m in members:
            total.add(self.rows[m])
        return total

    def conflict(self, one: Profile, other: Profile) -> bool:
        """Whether two stories with these profiles are different events."""
        if self.below <= 0 or min(one.dated, other.dated) < MIN_ARTICLES:
            return False
        if not (_burst(one, self.burst) and _burst(other, self.burst)):
            return False
        if not (one.last < other.first or other.last < one.first):
            return False  # overlapping bursts: the same days' news, judged by the words alone
        if min(len(one.weights), len(other.weights)) < max(self.min_names, 1):
            return False
        first, second = one.key(), other.key()
        if not first or not second:
            return False
        dot = sum(w * second.get(c, 0.0) for c, w in first.items())
        norms = math.sqrt(sum(w * w for w in first.values())) * math.sqrt(sum(w * w for w in second.values()))
        return dot < self.below * norms

    def refuses(self, a: int, b: int) -> bool:
        """For the linkage: whether groups ``a`` and ``b`` (named by their smallest member) must stay apart."""
        return self.conflict(self._group(a), self._group(b))

    def merged(self, a: int, b: int) -> None:
        """For the linkage: group ``b`` was folded into group ``a``."""
        self._group(a).add(self._group(b))
        del self.groups[b]

    def _group(self, a: int) -> Profile:
        if a not in self.groups:
            self.groups[a] = self.profile([a])
        return self.groups[a]


def _burst(story: Profile, seconds: float) -> bool:
    """Dated, and all its dated reports within ``seconds``."""
    return story.first <= story.last and story.last - story.first <= seconds


def _same_names(vocab: Sequence[str]) -> list[int]:
    """Each column as the first column of the same name: "Japan's" is Japan, "U.S." is US."""
    first: dict[str, int] = {}
    bare = [word.removesuffix("'s").removesuffix("’s").replace(".", "") for word in vocab]
    for column, word in enumerate(bare):
        first.setdefault(word, column)
    return [first[word] for word in bare]


def _row_profile(names: Any, row: int, time: float | None, same: list[int]) -> Profile:
    start, end = names.indptr[row], names.indptr[row + 1]
    weights: dict[int, float] = {}
    for column, weight in zip(names.indices[start:end].tolist(), names.data[start:end].tolist(), strict=True):
        weights[same[column]] = weights.get(same[column], 0.0) + weight
    if time is None:
        return Profile(weights, dict.fromkeys(weights, 1), 1)
    return Profile(weights, dict.fromkeys(weights, 1), 1, 1, time, time)


CENTRAL_COUNT = 2.0  # a name is central to a report from this many mentions (a title mention counts title_weight)


def central_names(counts: dict[str, float], columns: dict[str, int], named: Any, same: list[int]) -> set[int]:
    """The names a report is about: those in its title or mentioned at least twice, not those it names in passing."""
    found = set()
    for word, count in counts.items():
        column = columns.get(word)
        if count >= CENTRAL_COUNT and column is not None and named[column]:
            found.add(same[column])
    return found


def central_look_alikes(
    first: Any, second: Any, candidates: Any, day: Any, counts: Sequence[dict[str, float]],
    times: Sequence[float | None], days: float,
) -> Any:  # fmt: skip
    """Which candidate pairs are two reports more than ``days`` apart about different things: one report's central
    names appear nowhere in the other (so they have none in common either).

    The ECB report that moved "ahead of the US Federal Reserve" names the Fed in passing; the Fed report three
    months later never names the ECB: two rate decisions, however alike their words.
    """
    import numpy as np

    found = np.zeros(len(first), dtype=bool)
    if days <= 0 or not candidates.any():
        return found
    same = _same_names(day.vocab)
    columns = {word: column for column, word in enumerate(day.vocab)}
    named = np.zeros(len(day.vocab), dtype=bool)
    named[day.names.indices] = True
    central: dict[int, set[int]] = {}
    for k in np.flatnonzero(candidates).tolist():
        i, j = int(first[k]), int(second[k])
        ti, tj = times[i], times[j]
        if ti is None or tj is None or abs(ti - tj) <= days * 86400.0:
            continue
        for row in (i, j):
            if row not in central:
                central[row] = central_names(counts[row], columns, named, same)
        one, other = central[i], central[j]
        if one and other:
            found[k] = not one & _all_names(day.names, j, same) or not other & _all_names(day.names, i, same)
    return found


def _all_names(names: Any, row: int, same: list[int]) -> set[int]:
    return {same[c] for c in names.indices[names.indptr[row] : names.indptr[row + 1]].tolist()}
