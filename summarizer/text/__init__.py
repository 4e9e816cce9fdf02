"""Text stages between reading and the engines: sentences, chunking, cleanup, key points."""

from __future__ import annotations
