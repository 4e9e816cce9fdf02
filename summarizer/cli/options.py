"""Every command-line option, declared once, and the helpers that turn flags into configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.config.engine import EngineConfig, GenerationOverrides
from summarizer.config.reading import ReadOptions

ModelOpt = Annotated[str, typer.Option("--model", help="Hugging Face model id or local model folder.")]
DeviceOpt = Annotated[str, typer.Option("--device", help="auto|cpu|cuda|mps")]
MaxPointsOpt = Annotated[int, typer.Option("--max-points", help="At most this many key points per article.")]
BeamsOpt = Annotated[int | None, typer.Option("--num-beams", help="Beam search width (default: the model's).")]
MinLenOpt = Annotated[int | None, typer.Option("--min-length", help="Minimum summary length in tokens.")]
MaxLenOpt = Annotated[
    int | None, typer.Option("--max-length", help="Maximum summary length in tokens (start token included).")
]
BatchOpt = Annotated[int, typer.Option("--batch-size", help="Texts per model call.")]
BackendOpt = Annotated[
    str, typer.Option("--backend", help="auto|torch|ctranslate2 (auto: CTranslate2 when installed and able).")
]
ComputeTypeOpt = Annotated[
    str, typer.Option("--compute-type", help="CTranslate2: auto|int8|int8_float32|float32|bfloat16|float16...")
]
DtypeOpt = Annotated[str, typer.Option("--dtype", help="torch: auto|fp32|bf16|fp16 (auto: bf16 where fast).")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the summary cache.")]
CacheDirOpt = Annotated[
    Path | None, typer.Option("--cache-dir", help="Summary cache folder (default: the user cache folder).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")]
EngineOpt = Annotated[
    str, typer.Option("--engine", help="auto|seq2seq|extractive (auto: the model when it loads, else extractive).")
]
DropUnsupportedOpt = Annotated[
    bool, typer.Option("--drop-unsupported", help="Drop points stating numbers, names or quotes the article lacks.")
]
ShowSourcesOpt = Annotated[
    bool, typer.Option("--show-sources", help="Print each point's source sentence(s) (Markdown and text).")
]
IncludeOpt = Annotated[
    list[str] | None, typer.Option("--include", help="In folders, read only files matching this glob (repeatable).")
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option("--exclude", help="In folders, skip files matching this glob (repeatable).")
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Stop at the first bad input; write nothing (exit 1).")]
FetchOpt = Annotated[
    bool, typer.Option("--fetch", help="For feed entries that carry only a teaser, fetch the linked page.")
]
InputsFromOpt = Annotated[
    Path | None, typer.Option("--inputs-from", help="A file listing inputs (paths or URLs), one per line.")
]


def engine_config(
    model: str,
    device: str,
    max_points: int,
    num_beams: int | None,
    min_length: int | None,
    max_length: int | None,
    batch_size: int,
    *,
    backend: str = "auto",
    compute_type: str = "auto",
    dtype: str = "auto",
    no_cache: bool = False,
    cache_dir: Path | None = None,
    quiet: bool = False,
    engine: str = "auto",
) -> EngineConfig:
    generation = GenerationOverrides(num_beams=num_beams, min_length=min_length, max_length=max_length)
    return EngineConfig(
        model=model,
        device=device,
        generation=generation,
        max_points=max_points,
        batch_size=batch_size,
        backend=backend,
        compute_type=compute_type,
        dtype=dtype,
        cache=not no_cache,
        cache_dir=cache_dir,
        quiet=quiet,
        engine=engine,
    )


def read_options(
    include: list[str] | None, exclude: list[str] | None, strict: bool, fetch: bool, inputs_from: Path | None
) -> ReadOptions:
    return ReadOptions(
        include=tuple(include or ()), exclude=tuple(exclude or ()), strict=strict, fetch=fetch, inputs_from=inputs_from
    )


def stdin_if_needed(inputs: list[str]) -> bytes | None:
    from summarizer.readers import read_stdin

    return read_stdin() if "-" in inputs else None
