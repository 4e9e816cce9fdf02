"""The one error delivery raises."""


class DeliveryError(Exception):
    """A channel could not deliver the briefing; the message names the channel and says why (exit code 4)."""
