"""Feed robustness: every file gives articles or a clear per-item error; count crashes and hangs.

    .venv/bin/python benchmarks/feeds.py ../shared/eval/feeds/feedparser_tests ../shared/eval/feeds/node-feedparser

Each file goes through ``read_inputs`` (the same path as ``briefing extract``) with a per-file time limit.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from types import FrameType

from summarizer.readers import UNEXPECTED_ERROR, read_inputs


class Hang(Exception):
    """A file took longer than the time limit."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def bench_folder(folder: Path, limit_s: int) -> dict[str, float]:
    """Counts for every file under ``folder``."""
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    slowest = (0.0, "")
    start_all = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        counts["files"] += 1
        start = time.perf_counter()
        signal.alarm(limit_s)
        try:
            result = read_inputs([str(path)])
        except Hang:
            counts["hangs"] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            counts["crashes (escaped)"] += 1
            print(f"CRASH {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        finally:
            signal.alarm(0)
        took = time.perf_counter() - start
        slowest = max(slowest, (took, str(path)))
        counts["articles"] += len(result.articles)
        counts["files with articles"] += bool(result.articles)
        item_errors = [e for e in result.errors if e.input != str(path)]
        file_errors = [e for e in result.errors if e.input == str(path)]
        counts["per-item errors"] += len(item_errors)
        counts["files with a file-level error"] += bool(file_errors)
        counts["teaser-only articles"] += sum(any(n.startswith("teaser") for n in a.notes) for a in result.articles)
        for error in result.errors:
            if error.error.startswith(UNEXPECTED_ERROR):
                counts["crashes (caught)"] += 1
                print(f"CAUGHT {error.input}: {error.error}", file=sys.stderr)
            reasons[error.error.split("(")[0].split(":")[0].strip()] += 1
    counts_out: dict[str, float] = dict(counts)
    counts_out["seconds"] = round(time.perf_counter() - start_all, 1)
    counts_out["slowest file (s)"] = round(slowest[0], 2)
    print(f"slowest: {slowest[1]}", file=sys.stderr)
    print(f"error reasons: {reasons.most_common(8)}", file=sys.stderr)
    return counts_out


def main(argv: list[str] | None = None) -> int:
    """Print one table row per folder."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=10, help="Seconds per file before it counts as a hang.")
    args = parser.parse_args(argv)
    columns = [
        "files",
        "files with articles",
        "articles",
        "teaser-only articles",
        "per-item errors",
        "files with a file-level error",
        "crashes (caught)",
        "crashes (escaped)",
        "hangs",
        "seconds",
        "slowest file (s)",
    ]
    print("| folder | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for folder in args.folders:
        row = bench_folder(folder, args.limit)
        print(f"| {folder.name} | " + " | ".join(str(row.get(c, 0)) for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
