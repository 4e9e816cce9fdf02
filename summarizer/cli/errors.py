"""Exit codes and how errors reach the user: one line on stderr, never a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

import typer

from summarizer.exit_codes import EXIT_PARTIAL, EXIT_USAGE
from summarizer.records import InputError
from summarizer.terminal import printable_name, strip_controls


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one error line on stderr and exit with ``code`` (usage error by default)."""
    typer.echo(f"briefing: error: {strip_controls(printable_name(message))}", err=True)
    raise typer.Exit(code)


def fail_strict(exc: Exception) -> NoReturn:
    """``--strict`` stopped at the first bad input: nothing was written."""
    fail(f"{exc} (--strict: stopped, nothing written)", EXIT_PARTIAL)


def report_errors(errors: Sequence[InputError]) -> None:
    """One stderr line per input that could not be used."""
    for error in errors:
        typer.echo(f"briefing: {printable_name(error.input)}: {strip_controls(error.error)}", err=True)
