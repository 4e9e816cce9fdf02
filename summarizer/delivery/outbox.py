"""The outbox: what each channel still has to send, one JSON file per briefing date in the output folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.delivery.errors import DeliveryError
from summarizer.files import write_atomic

OUTBOX_FOLDER = ".briefing-outbox"


class Outbox:
    """Parcels waiting to be sent, by date and channel; a parcel is removed once its channel delivered it."""

    def __init__(self, folder: Path):
        self.folder = folder / OUTBOX_FOLDER

    def _file(self, date: str) -> Path:
        return self.folder / f"{date}.json"

    def put(self, date: str, parcels: dict[str, dict[str, Any]]) -> None:
        """Store ``date``'s parcels, replacing any older ones for that date (the day's briefing was rebuilt)."""
        write_atomic(self._file(date), json.dumps(parcels, ensure_ascii=False, indent=1) + "\n")

    def waiting(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every date's parcels that are still to be sent."""
        found = {}
        for path in sorted(self.folder.glob("*.json")):
            try:
                parcels = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise DeliveryError(f"outbox file {path} cannot be read ({exc}); delete it to drop it") from None
            if not isinstance(parcels, dict):
                raise DeliveryError(f"outbox file {path} is damaged; delete it to drop it")
            found[path.stem] = parcels
        return found

    def done(self, date: str, channel: str) -> None:
        """``channel`` delivered ``date``'s parcel: forget it (and the file once nothing of that date waits)."""
        path = self._file(date)
        parcels = self.waiting().get(date, {})
        parcels.pop(channel, None)
        if parcels:
            write_atomic(path, json.dumps(parcels, ensure_ascii=False, indent=1) + "\n")
        else:
            path.unlink(missing_ok=True)
