"""Publication times as articles give them (ISO 8601, RFC 822, a bare date): parsed for ordering, shown to people."""

from __future__ import annotations

import datetime as dt
import email.utils

MAX_DATE_CHARS = 100
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_time(value: str | None) -> dt.datetime | None:
    """A timezone-aware UTC datetime, or ``None`` when ``value`` is empty or not a date we can read.

    A bare date counts as midnight UTC; a time without a zone is taken as UTC.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    if len(text) > MAX_DATE_CHARS:
        return None
    parsed = _parse(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    try:
        return parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # 9999-12-31T23:59:59-23:59 is past the last representable instant
        return None


def _parse(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except (ValueError, OverflowError):
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def unreadable_date_note(value: str | None) -> str | None:
    """A note for an article whose publication date is given but cannot be read (it is shown as given)."""
    if not value or not value.strip() or parse_time(value) is not None:
        return None
    shown = value.strip()[:40] + ("…" if len(value.strip()) > 40 else "")
    return f"the publication date {shown!r} is not a date that can be read; shown as given, not used for ordering"


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
