"""briefing-summarizer: turn a pile of articles into a briefing someone reads in two minutes."""

__version__ = "0.1.0"
