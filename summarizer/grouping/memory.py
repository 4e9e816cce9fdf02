"""Stories across days: a bounded memory of what earlier briefings covered, so a continuing story is linked to it.

Kept next to the outputs in its own file (``.briefing-stories.json``), separate from the daily state: per story an
id, the first and last day it was briefed, its title and a signature of at most ``SIGNATURE_TERMS`` weighted terms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from summarizer.config import ConfigError
from summarizer.files import write_atomic

MEMORY_FILE = ".briefing-stories.json"
MEMORY_VERSION = 1
SIGNATURE_TERMS = 40
MAX_STORIES = 5000  # about 2 MB of JSON at most, whatever the number of feeds


@dataclass
class Remembered:
    """One story an earlier briefing covered."""

    id: str
    first_seen: str
    last_seen: str
    title: str
    terms: dict[str, float]


def signature(
    matrix: Any, vocab: Sequence[str], members: Sequence[int], size: int = SIGNATURE_TERMS
) -> dict[str, float]:
    """The story's strongest terms: its articles' summed TF-IDF rows, top ``size`` terms, unit length."""
    import numpy as np

    total = np.asarray(matrix[list(members)].sum(axis=0)).ravel()
    nonzero = np.flatnonzero(total)
    strongest = nonzero[np.argsort(-total[nonzero], kind="stable")[: size * 2]]  # then ties by term, below
    top = sorted((int(c) for c in strongest), key=lambda c: (-total[c], vocab[c]))[:size]
    return _unit({vocab[c]: float(total[c]) for c in top})


def _unit(terms: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in terms.values())) or 1.0
    return {t: round(w / norm, 5) for t, w in sorted(terms.items())}


class StoryMemory:
    """The remembered stories; ``link`` finds today's continuations and records today's stories."""

    def __init__(self, stories: Sequence[Remembered] = ()) -> None:
        self.stories = {s.id: s for s in stories}

    def link(
        self, signatures: Sequence[dict[str, float]], titles: Sequence[str], today: str, days: int, threshold: float
    ) -> list[Remembered | None]:
        """For each of today's stories, the remembered story it continues (first seen before today), or ``None``."""
        cutoff = (dt.date.fromisoformat(today) - dt.timedelta(days=days)).isoformat()
        earlier = [s for s in sorted(self.stories.values(), key=lambda s: s.id) if cutoff <= s.last_seen]
        postings: dict[str, list[tuple[int, float]]] = {}
        for index, story in enumerate(earlier):
            for term, weight in story.terms.items():
                postings.setdefault(term, []).append((index, weight))
        found: list[Remembered | None] = []
        for sig, title in zip(signatures, titles, strict=True):
            scores: dict[int, float] = {}
            for term, weight in sig.items():
                for index, other in postings.get(term, ()):
                    scores[index] = scores.get(index, 0.0) + weight * other
            best = min(scores.items(), key=lambda kv: (-kv[1], kv[0]), default=(-1, 0.0))
            match = earlier[best[0]] if best[1] >= threshold else None
            found.append(match if match is not None and match.first_seen < today else None)
            self._record(match, sig, title, today)
        return found

    def _record(self, match: Remembered | None, sig: dict[str, float], title: str, today: str) -> None:
        if match is None:
            key = hashlib.sha1(f"{today}|{title}|{sorted(sig)[:5]}".encode()).hexdigest()[:12]
            self.stories[key] = Remembered(key, today, today, title, sig)
            return
        blended = {t: match.terms.get(t, 0.0) + sig.get(t, 0.0) for t in {*match.terms, *sig}}
        strongest = dict(sorted(blended.items(), key=lambda kv: (-kv[1], kv[0]))[:SIGNATURE_TERMS])
        match.terms = _unit(strongest)
        match.last_seen = max(match.last_seen, today)

    def to_dict(self, today: str, days: int) -> dict[str, Any]:
        """JSON-ready form without stories last seen more than ``days`` before ``today``, at most ``MAX_STORIES``."""
        cutoff = (dt.date.fromisoformat(today) - dt.timedelta(days=days)).isoformat()
        kept = sorted((s for s in self.stories.values() if s.last_seen >= cutoff), key=lambda s: (s.last_seen, s.id))
        return {"version": MEMORY_VERSION, "stories": [asdict(s) for s in kept[-MAX_STORIES:]]}


def load_memory(folder: Path) -> StoryMemory:
    """The story memory kept in ``folder``; an empty one when there is none yet."""
    path = folder / MEMORY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MEMORY_VERSION:
            raise ValueError(f"not a version {MEMORY_VERSION} story memory")
        return StoryMemory([_remembered(row) for row in data["stories"]])
    except FileNotFoundError:
        return StoryMemory()
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ConfigError(f"{path} cannot be read ({exc}); delete it to forget earlier stories") from None


def _remembered(row: dict[str, Any]) -> Remembered:
    terms = {str(t): float(w) for t, w in row["terms"].items()}
    return Remembered(str(row["id"]), str(row["first_seen"]), str(row["last_seen"]), str(row["title"]), terms)


def save_memory(folder: Path, memory: StoryMemory, today: str, days: int) -> None:
    """Write the memory, forgetting stories not seen for ``days`` days."""
    text = json.dumps(memory.to_dict(today, days), ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(folder / MEMORY_FILE, text + "\n")
