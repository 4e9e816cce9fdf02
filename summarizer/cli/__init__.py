"""The ``briefing`` command line: parse options, build a config, call one library function."""

from __future__ import annotations

from typing import Annotated

import typer

from summarizer import __version__

app = typer.Typer(
    name="briefing",
    help="Turn a pile of articles into a briefing you read in two minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"briefing-summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Turn a pile of articles into a briefing you read in two minutes."""


def main() -> None:
    """Entry point of the ``briefing`` command."""
    app()


def _register() -> None:
    from summarizer.cli.batch import batch
    from summarizer.cli.build import build, extract, summarize
    from summarizer.cli.daily import daily
    from summarizer.cli.eval import evaluate_pairs

    app.command()(summarize)
    app.command()(build)
    app.command()(extract)
    app.command()(daily)
    app.command(name="eval")(evaluate_pairs)
    app.command()(batch)


_register()
