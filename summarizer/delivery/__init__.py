"""Sending the finished briefing: email (SMTP), a webhook (Slack, Teams, JSON), and an outbox so a retry re-sends.

Each channel's parcel is stored in the output folder's outbox before it is sent and removed once it is: a failed
delivery leaves it there, and the next run sends it again without rebuilding anything (secrets are never stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.config.delivery import DeliverySettings
from summarizer.delivery import smtp as email_channel
from summarizer.delivery import webhook as webhook_channel
from summarizer.delivery.errors import DeliveryError
from summarizer.delivery.outbox import Outbox
from summarizer.records import Briefing

__all__ = ["DeliveryError", "DeliveryOutcome", "deliver", "parcels_for"]


@dataclass(frozen=True)
class DeliveryOutcome:
    """What delivery did (or, in a dry run, would do), one line per channel, and what failed."""

    lines: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """True when any channel could not deliver."""
        return bool(self.failures)


def parcels_for(briefing: Briefing, settings: DeliverySettings) -> dict[str, dict[str, Any]]:
    """What each configured channel sends for ``briefing``, ready to store: the message, or the request body."""
    parcels: dict[str, dict[str, Any]] = {}
    if settings.email is not None:
        message = email_channel.build_message(briefing, settings.email)
        parcels["email"] = {"message": message.as_string(), "to": list(settings.email.to)}
    if settings.webhook is not None:
        parcels["webhook"] = {"body": webhook_channel.body_for(briefing, settings.webhook.format)}
    return parcels


def _send(channel: str, parcel: dict[str, Any], settings: DeliverySettings, dry_run: bool) -> str:
    if channel == "email" and settings.email is not None:
        message = email_channel.parse_message(parcel["message"])
        if dry_run:
            return "would send " + email_channel.describe(message, parcel["to"], settings.email)
        return email_channel.send_message(message, parcel["to"], settings.email)
    if channel == "webhook" and settings.webhook is not None:
        if dry_run:
            return "would post " + webhook_channel.describe(settings.webhook)
        return webhook_channel.post(webhook_channel.resolve_url(settings.webhook), parcel["body"], settings.webhook)
    raise DeliveryError(
        f"{channel}: a briefing waits in the outbox, but [delivery.{channel}] is no longer configured "
        "(configure it again, or delete the file in .briefing-outbox/ to drop it)"
    )


def deliver(
    folder: Path, settings: DeliverySettings, briefing: Briefing | None = None, dry_run: bool = False
) -> DeliveryOutcome:
    """Queue ``briefing``'s parcels (if any) in ``folder``'s outbox, then send everything waiting there.

    A dry run stores and sends nothing: it says what would be sent, and to whom.
    """
    outbox = Outbox(folder)
    try:
        waiting = outbox.waiting()
        if briefing is not None and settings.enabled:
            parcels = parcels_for(briefing, settings)
            if dry_run:
                waiting[briefing.date] = parcels
            else:
                outbox.put(briefing.date, parcels)
                waiting = outbox.waiting()
    except (DeliveryError, OSError) as exc:
        return DeliveryOutcome(failures=(f"outbox: {exc}",))
    lines, failures = [], []
    for date, parcels in sorted(waiting.items()):
        for channel, parcel in sorted(parcels.items()):
            try:
                lines.append(f"{date}: {_send(channel, parcel, settings, dry_run)}")
            except DeliveryError as exc:
                failures.append(f"{date}: {exc}")
                continue
            if not dry_run:
                outbox.done(date, channel)
    return DeliveryOutcome(tuple(lines), tuple(failures))
