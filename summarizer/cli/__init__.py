"""The ``briefing`` command line: parse options, build a config, call one library function."""

# No `from __future__ import annotations`: typer reads the commands' signatures at run time, where a string annotation
# costs a compile and an eval each (about 5 ms of every run, issue 13).

from typing import Annotated, Any

import typer

from summarizer import __version__

app = typer.Typer(
    name="briefing",
    help="Turn a pile of articles into a briefing you read in two minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # "rich" for the option panels; help texts avoid square brackets, which rich would read as markup
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
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


def _show_metavars_not_types() -> None:
    # typer prints an argument's Python type (<list[str]>) beside its metavar and <bool> beside every
    # on-switch; the metavar (INPUT..., FILE) says it better, and a switch takes no value to describe.
    from typer.core import TyperArgument, TyperOption

    argument_type = TyperArgument.display_type_rich
    option_type = TyperOption.display_type_rich

    def argument(self: TyperArgument, ctx: Any) -> str | None:
        return None if self.metavar else argument_type(self, ctx)

    def option(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else option_type(self, ctx)

    TyperArgument.display_type_rich = argument  # type: ignore[method-assign,assignment]
    TyperOption.display_type_rich = option  # type: ignore[method-assign]


def _register() -> None:
    from summarizer.cli import batch, build, daily, starter
    from summarizer.cli import eval as evaluation

    app.command(epilog=build.SUMMARIZE_EXAMPLES)(build.summarize)
    app.command(epilog=build.BUILD_EXAMPLES)(build.build)
    app.command(epilog=build.EXTRACT_EXAMPLES, short_help="Print the articles as read, no model (JSON Lines or JSON).")(
        build.extract
    )
    app.command(
        epilog=daily.DAILY_EXAMPLES, short_help="Build today's briefing from what is new (settings from a TOML file)."
    )(daily.daily)
    app.command(
        name="init", epilog=starter.INIT_EXAMPLES, short_help="Write a commented starter briefing.toml for daily."
    )(starter.init)
    app.command(
        name="eval", epilog=evaluation.EVAL_EXAMPLES, short_help="Score key points against reference summaries (ROUGE)."
    )(evaluation.evaluate_pairs)
    app.command(
        epilog=batch.BATCH_EXAMPLES, short_help="Summarize many articles on a Ray cluster (JSONL/Parquet rows out)."
    )(batch.batch)


_show_metavars_not_types()
_register()
