"""Publication times as articles give them (ISO 8601, RFC 822, a bare date): parsed for ordering, shown to people."""

from __future__ import annotations

import datetime as dt
import email.utils

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_time(value: str | None) -> dt.datetime | None:
    """A timezone-aware UTC datetime, or ``None`` when ``value`` is empty or not a date we can read.

    A bare date counts as midnight UTC; a time without a zone is taken as UTC.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    parsed: dt.datetime | None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _has_time(value: str) -> bool:
    return ":" in value


def display_time(value: str | None) -> str:
    """A short, unambiguous label such as ``8 Nov 2017, 23:15 UTC``; the raw text when it cannot be parsed."""
    parsed = parse_time(value)
    if parsed is None:
        return (value or "").strip()
    day = f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
    return f"{day}, {parsed:%H:%M} UTC" if _has_time(value or "") else day


def iso_time(value: str | None) -> str:
    """The machine-readable form for ``<time datetime>``; empty when the value cannot be parsed."""
    parsed = parse_time(value)
    if parsed is None:
        return ""
    return parsed.isoformat() if _has_time(value or "") else parsed.date().isoformat()
