"""Every command-line option, declared once (:mod:`summarizer.cli.flags` turns the flags given into settings).

An option that was not given is ``None`` (or ``False`` for an on-switch): the dataclass defaults in
:mod:`summarizer.config` (or the settings file, for ``daily``) decide, and the help shows those defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer.config.commands import BuildConfig, EvalConfig, ExtractConfig, SummarizeConfig
from summarizer.config.defaults import (
    BACKENDS,
    BUILD_FORMATS,
    COMPUTE_TYPES,
    DAILY_CONFIG,
    DEFAULT_IN_BRIEF,
    DEVICES,
    DTYPES,
    ENGINES,
    EXTRACT_FORMATS,
    SUMMARIZE_FORMATS,
)
from summarizer.config.engine import EngineConfig
from summarizer.config.mapping import field_default

INPUT = "Input"
ENGINE = "Engine & model"
SPEED = "Speed"
OUTPUT = "Output"


def _engine_default(name: str) -> str:
    return str(field_default(EngineConfig, name))


def with_default(help: str, default: object) -> str:
    """``help`` with its default said, as every option's help ends."""
    return f"{help} (default: {default})"


def format_option(formats: tuple[str, ...], default: str) -> Any:
    """The ``--format/-f`` option of a command that writes ``formats``."""
    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(formats),
        help=with_default("Output format.", default),
        rich_help_panel=OUTPUT,
    )


# Input
SummarizeInputsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="INPUT",
        help="Article files (text, HTML, feed, JSON), URLs, or - to read stdin; each gets its own key points.",
        show_default=False,
    ),
]
InputsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="INPUT",
        help="Article files (text, HTML, feeds, JSON), folders, URLs, or - for stdin.",
        show_default=False,
    ),
]
PairsArg = Annotated[
    Path, typer.Argument(metavar="PAIRS", help="JSONL file of {id, article, reference} lines (dataset optional).")
]
InputsFromOpt = Annotated[
    Path | None,
    typer.Option(
        "--inputs-from",
        metavar="FILE",
        help="A file listing inputs (paths or URLs), one per line.",
        rich_help_panel=INPUT,
    ),
]
FromBatchOpt = Annotated[
    str | None,
    typer.Option(
        "--from-batch",
        metavar="DIR|URL",
        help="Render what `briefing batch` wrote (its Parquet/JSONL output) instead of reading inputs; no model "
        "loads. daily: the rows published on --date.",
        rich_help_panel=INPUT,
        show_default=False,
    ),
]
IncludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        metavar="GLOB",
        help="In folders, read only files matching this glob (repeatable).",
        rich_help_panel=INPUT,
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="In folders, skip files matching this glob (repeatable).",
        rich_help_panel=INPUT,
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Stop at the first bad input; write nothing (exit 1).", rich_help_panel=INPUT)
]
FetchOpt = Annotated[
    bool,
    typer.Option(
        "--fetch", help="For feed entries that carry only a teaser, fetch the linked page.", rich_help_panel=INPUT
    ),
]
ConfigOpt = Annotated[
    Path,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        show_default=False,
        help=with_default("The settings file.", DAILY_CONFIG),
        rich_help_panel=INPUT,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WINDOW",
        help="Take articles published in this window (24h, 2d, 2026-11-28) instead of those new since the last run.",
        rich_help_panel=INPUT,
    ),
]
InitPathArg = Annotated[
    Path,
    typer.Argument(metavar="PATH", help=with_default("The settings file to write.", DAILY_CONFIG), show_default=False),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.", rich_help_panel=OUTPUT)]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", metavar="N", help="Score only the first N pairs.", rich_help_panel=INPUT)
]

# Engine & model
EngineOpt = Annotated[
    str | None,
    typer.Option(
        "--engine",
        metavar="|".join(ENGINES),
        help=with_default("auto: the model when it loads, else extractive.", _engine_default("engine")),
        rich_help_panel=ENGINE,
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="ID|PATH",
        help=with_default("Hugging Face model id or local model folder.", _engine_default("model")),
        rich_help_panel=ENGINE,
    ),
]
DeviceOpt = Annotated[
    str | None,
    typer.Option(
        "--device",
        metavar="|".join(DEVICES),
        help=with_default("Where the model runs.", _engine_default("device")),
        rich_help_panel=ENGINE,
    ),
]
MaxPointsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-points",
        metavar="N",
        help=with_default(
            "At most this many key points per article.",
            f"{_engine_default('max_points')}; eval: {field_default(EvalConfig, 'engine').max_points}",
        ),
        rich_help_panel=ENGINE,
    ),
]
BeamsOpt = Annotated[
    int | None,
    typer.Option(
        "--num-beams", metavar="N", help=with_default("Beam search width.", "the model's"), rich_help_panel=ENGINE
    ),
]
MinLenOpt = Annotated[
    int | None,
    typer.Option(
        "--min-length",
        metavar="N",
        help=with_default("Minimum summary length in tokens.", "the model's"),
        rich_help_panel=ENGINE,
    ),
]
MaxLenOpt = Annotated[
    int | None,
    typer.Option(
        "--max-length",
        metavar="N",
        help=with_default("Maximum summary length in tokens (start token included).", "the model's"),
        rich_help_panel=ENGINE,
    ),
]

# Speed
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        metavar="|".join(BACKENDS),
        help=with_default("auto: CTranslate2 when installed and able, else torch.", _engine_default("backend")),
        rich_help_panel=SPEED,
    ),
]
ComputeTypeOpt = Annotated[
    str | None,
    typer.Option(
        "--compute-type",
        metavar="TYPE",
        help=with_default(
            f"CTranslate2 precision: {', '.join(COMPUTE_TYPES)}. Extractive: int8 embeds in int8 (faster, a few"
            " picks change), anything else in float32.",
            _engine_default("compute_type"),
        ),
        rich_help_panel=SPEED,
    ),
]
DtypeOpt = Annotated[
    str | None,
    typer.Option(
        "--dtype",
        metavar="|".join(DTYPES),
        help=with_default("torch: auto is bf16 where fast.", _engine_default("dtype")),
        rich_help_panel=SPEED,
    ),
]
BatchOpt = Annotated[
    int | None,
    typer.Option(
        "--batch-size",
        metavar="N",
        help=with_default("Texts per model call.", _engine_default("batch_size")),
        rich_help_panel=SPEED,
    ),
]
ThreadsOpt = Annotated[
    int | None,
    typer.Option(
        "--threads",
        metavar="N",
        help=with_default("CPU threads for the model.", "the CPUs this process may use"),
        rich_help_panel=SPEED,
    ),
]
ParallelBatchesOpt = Annotated[
    int | None,
    typer.Option(
        "--parallel-batches",
        metavar="N",
        help=with_default("CTranslate2 on CPU: batches run at once, sharing --threads.", "2; 1 for a single article"),
        rich_help_panel=SPEED,
    ),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the summary cache.", rich_help_panel=SPEED)
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="PATH",
        help=with_default("Summary cache folder.", "the user cache folder"),
        rich_help_panel=SPEED,
    ),
]

# Output
SummarizeFormatOpt = Annotated[str | None, format_option(SUMMARIZE_FORMATS, field_default(SummarizeConfig, "format"))]
BuildFormatOpt = Annotated[
    str | None, format_option(BUILD_FORMATS, f"from --out, else {field_default(BuildConfig, 'format')}")
]
ExtractFormatOpt = Annotated[str | None, format_option(EXTRACT_FORMATS, field_default(ExtractConfig, "format"))]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        metavar="FILE",
        help=with_default("Write the output here (eval: the predictions, as JSONL).", "stdout"),
        rich_help_panel=OUTPUT,
    ),
]
OutDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--out-dir",
        metavar="PATH",
        help=with_default("The output folder.", "dir in the settings file's output table"),
        rich_help_panel=OUTPUT,
    ),
]
TitleOpt = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar="TEXT",
        help=with_default(
            "The briefing's title.", f"{field_default(BuildConfig, 'title')}; daily: the settings file's"
        ),
        rich_help_panel=OUTPUT,
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="YYYY-MM-DD", help=with_default("The briefing's date.", "today"), rich_help_panel=OUTPUT
    ),
]
TemplateOpt = Annotated[
    Path | None,
    typer.Option(
        "--template", metavar="FILE", help="Your own Jinja template (daily: for the HTML page).", rich_help_panel=OUTPUT
    ),
]
StepSummaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--step-summary",
        metavar="FILE",
        help="Append a Markdown summary of the run here (e.g. $GITHUB_STEP_SUMMARY).",
        rich_help_panel=OUTPUT,
    ),
]
DryRunOpt = Annotated[
    bool,
    typer.Option(
        "--dry-run", help="Show what would be written and sent, and to whom; do neither.", rich_help_panel=OUTPUT
    ),
]
NoGroupingOpt = Annotated[
    bool, typer.Option("--no-grouping", help="One item per article, no story grouping.", rich_help_panel=OUTPUT)
]
DropUnsupportedOpt = Annotated[
    bool,
    typer.Option(
        "--drop-unsupported",
        help="Drop points stating numbers, names or quotes the article lacks (eval: score without them).",
        rich_help_panel=OUTPUT,
    ),
]
ShowSourcesOpt = Annotated[
    bool,
    typer.Option(
        "--show-sources", help="Show each point's source sentence(s) (Markdown and text).", rich_help_panel=OUTPUT
    ),
]
InBriefOpt = Annotated[
    int | None,
    typer.Option(
        "--in-brief",
        metavar="N",
        help=with_default('Open with "In brief": a sentence for each of the top N stories; 0: none.', DEFAULT_IN_BRIEF),
        rich_help_panel=OUTPUT,
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.", rich_help_panel=OUTPUT)]
