"""``briefing init``: write a starter ``briefing.toml``; the work is in :mod:`summarizer.config.starter`."""

# No `from __future__ import annotations`: typer reads the commands' signatures at run time, where a string annotation
# costs a compile and an eval each (about 5 ms of every run, issue 13).

import shlex
from pathlib import Path

import typer

from summarizer.cli import options as o
from summarizer.cli.errors import user_errors
from summarizer.config.defaults import DAILY_CONFIG
from summarizer.terminal import printable_name

INIT_EXAMPLES = """Examples:

briefing init
briefing init news/briefing.toml
briefing init --force
"""


def init(path: o.InitPathArg = Path(DAILY_CONFIG), force: o.ForceOpt = False) -> None:
    """Write a commented starter briefing.toml (and an empty sources/ folder beside it) for briefing daily."""
    from summarizer.config.starter import write_starter

    with user_errors():
        written = write_starter(path, force=force)
    typer.echo(f"Wrote {printable_name(str(written.path))}; put articles in {printable_name(str(written.sources))}/")
    config = "" if path == Path(DAILY_CONFIG) else f" --config {shlex.quote(str(path))}"
    typer.echo(f"Next: briefing daily{config}")
