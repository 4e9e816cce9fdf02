"""``briefing extract``: the articles exactly as read, no model involved."""

from __future__ import annotations

import json
from dataclasses import dataclass

from summarizer.config.commands import ExtractConfig
from summarizer.files import check_output, write_atomic
from summarizer.readers import read_inputs
from summarizer.records import ReadResult


@dataclass(frozen=True)
class ExtractResult:
    """What was read, its rendering, and where it went."""

    read: ReadResult
    rendered: str
    written_to: str | None

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when some failed."""
        return 1 if self.read.errors else 0


def render_articles(read: ReadResult, fmt: str) -> str:
    """JSON Lines (one article per line) or one JSON document with ``articles`` and ``errors``."""
    if fmt == "jsonl":
        return "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in read.articles)
    document = {"articles": [a.to_dict() for a in read.articles], "errors": [e.to_dict() for e in read.errors]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def extract(config: ExtractConfig, stdin: bytes | None = None) -> ExtractResult:
    """Read ``config.inputs`` and render the articles; write them to ``config.output`` (stdout when ``None``)."""
    if config.output is not None:
        check_output(config.output)  # before any work: a bad target must not cost the whole run
    read = read_inputs(config.inputs, stdin=stdin, options=config.read)
    rendered = render_articles(read, config.format)
    if config.output is not None:
        write_atomic(config.output, rendered)
    return ExtractResult(read, rendered, str(config.output) if config.output else None)
