"""Candidate pairs: each article's nearest neighbours by sparse cosine, computed a block of rows at a time."""

from __future__ import annotations

from typing import Any

BLOCK_ROWS = 512


def nearest_pairs(matrix: Any, k: int, floor: float) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, cosine)`` with ``i < j`` where either is among the other's ``k`` nearest and cosine ≥ ``floor``.

    Rows must be unit length. Memory stays at one block of rows × n, never n × n.
    """
    import numpy as np

    n = matrix.shape[0]
    transposed = matrix.T.tocsc()
    k = min(k, n - 1)
    found: dict[tuple[int, int], float] = {}
    if k < 1:
        return []
    for start in range(0, n, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).toarray()
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf  # not its own neighbour
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        values = block[rows[:, None], top]
        for r, c, s in zip(np.repeat(rows, k).tolist(), top.ravel().tolist(), values.ravel().tolist(), strict=True):
            if s >= floor:
                i = r + start
                found[(min(i, c), max(i, c))] = s
    return [(i, j, s) for (i, j), s in sorted(found.items())]
