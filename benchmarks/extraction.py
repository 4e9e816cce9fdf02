"""Article extraction from saved web pages: word-level F1 of our pipeline against trafilatura alone.

    .venv/bin/python benchmarks/extraction.py ../shared/eval/html/article-extraction-benchmark
    .venv/bin/python benchmarks/extraction.py ../shared/eval/html/newspaper4k_tests

The first folder holds ``html/*.html.gz`` and ``ground-truth.json`` (id → articleBody); the second holds
``html/*.html``, expected text in ``txt/`` and metadata (title, publish_date) in ``metadata/``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from summarizer.readers import read_bytes
from summarizer.readers.base import ReadError

_WORD = re.compile(r"\w+")


def words(text: str | None) -> Counter[str]:
    """The bag of lower-cased words of a text."""
    return Counter(_WORD.findall((text or "").lower()))


def prf(predicted: str | None, expected: str) -> tuple[float, float, float]:
    """Word-level precision, recall and F1 (bags of words, as in the article-extraction benchmark)."""
    got, want = words(predicted), words(expected)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def trafilatura_alone(html: bytes, url: str | None) -> dict[str, Any]:
    """The reference: trafilatura's default extraction and metadata, nothing else."""
    import trafilatura

    text = trafilatura.extract(html, url=url) or ""
    metadata = trafilatura.extract_metadata(html, default_url=url)
    if metadata is None:
        return {"text": text, "title": None, "date": None}
    return {"text": text, "title": metadata.title, "date": metadata.date}


def pipeline(html: bytes, url: str | None, name: str) -> dict[str, Any]:
    """What ``briefing extract`` reads from the page."""
    try:
        items = read_bytes(html, name, Path(name))
    except ReadError:
        return {"text": "", "title": None, "date": None}
    article = items[0]
    if not hasattr(article, "text"):
        return {"text": "", "title": None, "date": None}
    return {"text": article.text, "title": article.title, "date": article.published}  # type: ignore[union-attr]


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _timed(fn: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def _summary(name: str, scores: list[tuple[float, float, float]], seconds: float, extra: str = "") -> str:
    p, r, f = (statistics.mean(s[i] for s in scores) for i in range(3))
    empty = sum(1 for s in scores if s[2] == 0)
    return f"| {name} | {len(scores)} | {p:.3f} | {r:.3f} | {f:.3f} | {empty} | {seconds:.1f} |{extra}"


def bench_ground_truth(root: Path) -> None:
    """scrapinghub/article-extraction-benchmark: mean P/R/F1 over the pages."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    runs: dict[str, tuple[list[tuple[float, float, float]], float]] = {
        "trafilatura alone": ([], 0.0),
        "briefing pipeline": ([], 0.0),
    }
    for key, expected in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        url = expected.get("url")
        for name, fn in (
            ("trafilatura alone", lambda html=html, url=url: trafilatura_alone(html, url)),
            ("briefing pipeline", lambda html=html, url=url, key=key: pipeline(html, url, f"{key}.html")),
        ):
            result, seconds = _timed(fn)
            scores, total = runs[name]
            scores.append(prf(result["text"], expected["articleBody"]))
            runs[name] = (scores, total + seconds)
    print("| extractor | pages | precision | recall | F1 | empty | seconds |")
    print("|---|---|---|---|---|---|---|")
    for name, (scores, seconds) in runs.items():
        print(_summary(name, scores, seconds))


def bench_newspaper(root: Path) -> None:
    """newspaper4k tests: text F1 vs txt/, and title / date against metadata/."""
    print("| extractor | pages | precision | recall | F1 | empty | seconds | title exact | date (day) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ("trafilatura alone", "briefing pipeline"):
        scores, seconds, titles, dates, n_meta, n_dates = [], 0.0, 0, 0, 0, 0
        for txt in sorted((root / "txt").glob("*.txt")):
            page = root / "html" / f"{txt.stem}.html"
            if not page.is_file():
                continue
            html = page.read_bytes()
            meta_file = root / "metadata" / f"{txt.stem}.json"
            meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else None
            url = meta.get("url") if meta else None
            if name == "trafilatura alone":
                result, took = _timed(lambda html=html, url=url: trafilatura_alone(html, url))
            else:
                result, took = _timed(lambda html=html, url=url, page=page: pipeline(html, url, page.name))
            seconds += took
            scores.append(prf(result["text"], txt.read_text(encoding="utf-8")))
            if meta:
                n_meta += 1
                titles += _norm(result["title"]) == _norm(meta.get("title"))
                if meta.get("publish_date"):
                    n_dates += 1
                    dates += (result["date"] or "")[:10] == str(meta["publish_date"])[:10]
        print(_summary(name, scores, seconds, f" {titles}/{n_meta} | {dates}/{n_dates} |"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark that matches each folder given."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for folder in args.folders:
        print(f"\n## {folder}\n")
        if (folder / "ground-truth.json").is_file():
            bench_ground_truth(folder)
        elif (folder / "txt").is_dir():
            bench_newspaper(folder)
        else:
            print(f"{folder}: neither ground-truth.json nor txt/ found", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
