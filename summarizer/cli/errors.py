"""How errors reach the user: one line on stderr and an exit code from :mod:`summarizer.exit_codes`, no traceback."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

import typer

from summarizer.config import ConfigError
from summarizer.exit_codes import EXIT_PARTIAL, EXIT_USAGE
from summarizer.records import InputError
from summarizer.terminal import printable_name, strip_controls


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one error line on stderr and exit with ``code`` (usage error by default)."""
    typer.echo(f"briefing: error: {strip_controls(printable_name(message))}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can fix (settings, model, ``--strict``) into one stderr line and their exit code."""
    from summarizer.engines.protocol import ModelLoadError
    from summarizer.readers.base import StrictError

    try:
        yield
    except (ConfigError, ModelLoadError) as exc:
        fail(str(exc))
    except StrictError as exc:
        # --strict stopped at the first bad input: nothing was written
        fail(f"{exc} (--strict: stopped, nothing written)", EXIT_PARTIAL)


def report_errors(errors: Sequence[InputError]) -> None:
    """One stderr line per input that could not be used."""
    for error in errors:
        typer.echo(f"briefing: {printable_name(error.input)}: {strip_controls(error.error)}", err=True)


def report_written(path: object, count: int | None = None) -> None:
    """Say on stderr which file was written (and how many articles it holds)."""
    articles = "" if count is None else f" ({count} article{'s' if count != 1 else ''})"
    typer.echo(f"briefing: wrote {printable_name(str(path))}{articles}", err=True)
