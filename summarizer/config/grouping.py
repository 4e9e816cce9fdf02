"""``[grouping]``: how same-story grouping decides (every knob, with its default from :mod:`config.defaults`)."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.config import ConfigError
from summarizer.config import defaults as d


@dataclass(frozen=True)
class GroupingSettings:
    """Same-story grouping: on or off, how similar articles must be to count as one story, and its features.

    Field names are the ``[grouping]`` keys of ``briefing.toml``; the README explains the defaults.
    """

    enabled: bool = True
    threshold: float = d.GROUPING_THRESHOLD
    attach_threshold: float = d.GROUPING_ATTACH_THRESHOLD
    attach_max_size: int = d.GROUPING_ATTACH_MAX_SIZE
    title_weight: float = d.GROUPING_TITLE_WEIGHT
    name_weight: float = d.GROUPING_NAME_WEIGHT
    time_penalty: float = d.GROUPING_TIME_PENALTY
    time_scale_days: float = d.GROUPING_TIME_SCALE_DAYS
    time_min_articles: int = d.GROUPING_TIME_MIN_ARTICLES
    short_terms: int = d.GROUPING_SHORT_TERMS
    veto_below: float = d.GROUPING_VETO_BELOW
    veto_template: float = d.GROUPING_VETO_TEMPLATE
    veto_min_names: int = d.GROUPING_VETO_MIN_NAMES
    veto_story_below: float = d.GROUPING_VETO_STORY_BELOW
    veto_central_days: float = d.GROUPING_VETO_CENTRAL_DAYS
    neighbours: int = d.GROUPING_NEIGHBOURS
    embedding_weight: float = d.GROUPING_EMBEDDING_WEIGHT
    memory_days: int = d.GROUPING_MEMORY_DAYS
    memory_threshold: float = d.GROUPING_MEMORY_THRESHOLD

    def __post_init__(self) -> None:
        for name in ("threshold", "attach_threshold", "veto_template", "memory_threshold"):
            if not 0.0 < getattr(self, name) < 1.0:
                raise ConfigError(f"[grouping] {name} must be between 0 and 1, got {getattr(self, name)}")
        for name in ("veto_below", "veto_story_below", "embedding_weight"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"[grouping] {name} must be between 0 and 1, got {getattr(self, name)}")
        for name in ("title_weight", "name_weight", "time_scale_days"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"[grouping] {name} must be above 0, got {getattr(self, name)}")
        for name in (
            "attach_max_size",
            "short_terms",
            "memory_days",
            "time_penalty",
            "veto_min_names",
            "time_min_articles",
            "veto_central_days",
        ):
            if getattr(self, name) < 0:
                raise ConfigError(f"[grouping] {name} must not be negative, got {getattr(self, name)}")
        if self.neighbours < 1:
            raise ConfigError(f"[grouping] neighbours must be at least 1, got {self.neighbours}")
