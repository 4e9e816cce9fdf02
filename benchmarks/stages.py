"""Where the CPU of an extractive ``briefing build`` goes, stage by stage, in the real code path.

    .venv/bin/python benchmarks/stages.py ../shared/eval/news_pairs/dev.jsonl            # 60 dev articles
    .venv/bin/python benchmarks/stages.py ../shared/eval/news_pairs/dev.jsonl --articles 200

The CLI runs ``build --engine extractive --no-cache`` in this process, once on one other article (imports, model
load: the cold start, not counted) and then on the dev articles. Each stage's function is wrapped where it is called
and timed with ``time.process_time``; a stage's time leaves out the stages it calls (cleanup inside the engine's
split, the encoder inside the embedding call), so the rows add up to the build's CPU. Dev articles are written to a
temporary folder, never kept.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# (stage, module, function): every reference to the function, in any loaded module, is wrapped (a method: on its class).
STAGES = [
    ("read and parse the files", "summarizer.readers", "read_inputs"),
    ("cleanup (page furniture)", "summarizer.text.cleanup", "clean_article"),
    ("sentence splitting", "summarizer.text.sentences", "sentence_spans"),
    ("engine: sentence filters", "summarizer.engines.extractive", "content_sentences"),
    ("embedding: memo and pooling", "summarizer.embeddings", "embed_sentences"),
    ("engine: screen (text features, shortlist)", "summarizer.engines.scoring", "Scorer.shortlist"),
    ("engine: scoring and selection", "summarizer.engines.extractive", "_picked"),
    ("faithfulness: source sentences", "summarizer.faithfulness", "supporting_sentences"),
    ("faithfulness: unsupported terms", "summarizer.faithfulness", "ArticleTerms.of"),
    ("faithfulness: unsupported terms", "summarizer.faithfulness", "ArticleTerms.unsupported"),
    ("faithfulness: the rest", "summarizer.faithfulness", "check_points"),
    ("render", "summarizer.pipeline", "render"),
]


class Clock:
    """Exclusive CPU seconds per stage: a stage's time leaves out the wrapped stages it calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stack: list[list[float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Count the CPU of the block under ``name``, less that of stages inside it."""
        self._stack.append([0.0])
        start = time.process_time()
        try:
            yield
        finally:
            spent = time.process_time() - start
            inner = self._stack.pop()[0]
            self.seconds[name] = self.seconds.get(name, 0.0) + spent - inner
            if self._stack:
                self._stack[-1][0] += spent

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function``, timed under ``name``."""

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return function(*args, **kwargs)

        return timed


class _Timed:
    """A stand-in for an object whose one method is timed under a stage (the tokenizer, the encoder)."""

    def __init__(self, inner: Any, method: str, timed: Callable[..., Any]) -> None:
        self._inner = inner
        setattr(self, method, timed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def instrument(clock: Clock) -> None:
    """Wrap every stage's function wherever it is referenced, and the encoder's tokenizer and forward pass."""
    import importlib

    import summarizer.cli  # noqa: F401 - loads the modules the CLI path uses
    import summarizer.engines.extractive  # noqa: F401
    import summarizer.faithfulness  # noqa: F401
    import summarizer.pipeline  # noqa: F401
    from summarizer import embeddings

    for name, module, attribute in STAGES:
        owner: Any = importlib.import_module(module)
        *path, last = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, last)
        timed = clock.wrap(name, original)
        if path:
            setattr(owner, last, timed)
            continue
        for loaded in list(sys.modules.values()):
            for key, value in list(vars(loaded).items() if hasattr(loaded, "__dict__") else []):
                if value is original:
                    setattr(loaded, key, timed)
    encoder = embeddings._model()
    if hasattr(encoder, "tokenizer") and hasattr(encoder, "encoder"):
        tokenizer, forward = encoder.tokenizer, encoder.encoder
        encoder.tokenizer = _Timed(tokenizer, "encode_batch", clock.wrap("embedding: tokenise", tokenizer.encode_batch))
        encoder.encoder = _Timed(forward, "forward_batch", clock.wrap("embedding: encoder", forward.forward_batch))


def build(folder: Path, out: Path) -> None:
    """``briefing build FOLDER --engine extractive --no-cache -q -o OUT`` in this process."""
    from summarizer.cli import main

    sys.argv = ["briefing", "build", str(folder), "--engine", "extractive", "--no-cache", "-q", "-o", str(out)]
    try:
        main()
    except SystemExit as exc:
        if exc.code:
            raise


def profile(pairs: Path, count: int) -> tuple[Clock, float, int]:
    """Stage times of a build of ``count`` dev articles, after a one-article cold start."""
    from latency import SEED, article_folder, dev_articles

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "cold").mkdir()
        (root / "cold" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
        build(root / "cold", root / "cold.json")  # imports and model load: the cold start
        clock = Clock()
        instrument(clock)
        folder = article_folder(root, dev_articles(pairs, count), count, seeds=False)
        start = time.process_time()
        build(folder, root / "briefing.json")
        total = time.process_time() - start
    return clock, total, count


def print_stages(clock: Clock, total: float, count: int) -> None:
    """The stage table, Markdown."""
    from summarizer.embeddings import embedding_runtime

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {embedding_runtime()}")
    print(f"`briefing build` of {count} dev articles, extractive, --no-cache, after a cold start\n")
    print("| stage | CPU s | ms/article | share |\n|---|---:|---:|---:|")
    rows = sorted(clock.seconds.items(), key=lambda item: -item[1])
    rows.append(("everything else (CLI, records, writing)", total - sum(clock.seconds.values())))
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {1000 * seconds / count:.1f} | {seconds / total:.0%} |")
    print(f"| **total** | **{total:.2f}** | **{1000 * total / count:.1f}** | |")


def main() -> None:
    """Parse the arguments and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, help="news_pairs JSONL (dev articles)")
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    print_stages(*profile(args.pairs, args.articles))


if __name__ == "__main__":
    main()
