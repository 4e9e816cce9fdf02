"""Same-story grouping: sparse whole-article features, candidate pairs, average linkage, a story memory across days."""
