"""``briefing batch``: the same engines on a Ray cluster, one output row per article (Ray is imported lazily)."""

from summarizer.batch.cluster import RayMissing
from summarizer.batch.config import INSTALL_HINT, BatchConfig, parse_actors
from summarizer.batch.run import BatchFailed, BatchResult, run_batch

__all__ = ["INSTALL_HINT", "BatchConfig", "BatchFailed", "BatchResult", "RayMissing", "parse_actors", "run_batch"]
