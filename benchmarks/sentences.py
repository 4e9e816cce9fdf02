"""Our sentence splitter (``text/boundaries.py``) against pysbd on dev articles: boundary agreement and CPU.

    pip install pysbd   # no longer a dependency of the project; only this comparison needs it
    .venv/bin/python benchmarks/sentences.py ../shared/eval/news_pairs/dev.jsonl
    .venv/bin/python benchmarks/sentences.py ../shared/eval/news_pairs/dev.jsonl --examples 30

Both split the cleaned article, paragraph by paragraph, as the extractive engine does. A boundary is counted by the
number of non-space characters before it, so the two can differ in where white space goes and still agree.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pysbd_split(text: str) -> list[str]:
    """pysbd's sentences of ``text``, paragraph by paragraph (as the project split before)."""
    import re

    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [s.strip() for p in re.split(r"\n\s*\n", text) if p.strip() for s in segmenter.segment(p) if s.strip()]


def boundaries(sentences: Sequence[str]) -> set[int]:
    """Where each sentence but the last ends, in non-space characters from the start."""
    ends, count = set(), 0
    for sentence in sentences[:-1]:
        count += len("".join(sentence.split()))
        ends.add(count)
    return ends


def timed(split: Callable[[str], list[str]], texts: Sequence[str]) -> tuple[list[list[str]], float]:
    """``split`` of every text and the CPU seconds it took."""
    start = time.process_time()
    result = [split(t) for t in texts]
    return result, time.process_time() - start


def main() -> None:
    """Compare the splitters and print the figures (and some differing boundaries)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, help="news_pairs JSONL")
    parser.add_argument("--examples", type=int, default=0, help="print this many differing boundaries")
    args = parser.parse_args()
    from summarizer.text.cleanup import clean_article
    from summarizer.text.sentences import split_sentences

    with args.pairs.open(encoding="utf-8") as lines:
        texts = [clean_article(json.loads(line)["article"]) for line in lines]
    theirs, their_cpu = timed(pysbd_split, texts)
    ours, our_cpu = timed(split_sentences, texts)
    common = total_theirs = total_ours = identical = 0
    differing: list[str] = []
    for text, a, b in zip(texts, theirs, ours, strict=True):
        x, y = boundaries(a), boundaries(b)
        common, total_theirs, total_ours = common + len(x & y), total_theirs + len(x), total_ours + len(y)
        identical += len(set(a) & set(b))
        differing += [f"{'pysbd' if e in x else 'ours '} | {_context(text, e)}" for e in sorted(x ^ y)]
    print(f"{len(texts)} articles; pysbd {their_cpu:.2f} CPU-s, ours {our_cpu:.2f} CPU-s")
    print(f"boundaries: pysbd {total_theirs}, ours {total_ours}, both {common}")
    print(f"of pysbd's boundaries ours has {common / total_theirs:.1%}; of ours pysbd has {common / total_ours:.1%}")
    print(f"pysbd's sentences that ours splits identically: {identical / sum(map(len, theirs)):.1%}")
    random.Random(0).shuffle(differing)
    for line in differing[: args.examples]:
        print(line)


def _context(text: str, nonspace: int) -> str:
    """The text around the point after ``nonspace`` non-space characters."""
    seen = 0
    for i, char in enumerate(text):
        if seen == nonspace:
            return f"{text[max(0, i - 50) : i]!r} ‖ {text[i : i + 30]!r}"
        seen += not char.isspace()
    return repr(text[-50:])


if __name__ == "__main__":
    main()
