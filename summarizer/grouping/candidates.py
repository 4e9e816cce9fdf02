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
    found: dict[tuple[int, int], float] = {}
    for start in range(0, n, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).toarray()
        for offset, row in enumerate(block):
            i = start + offset
            row[i] = -1.0
            top = np.argpartition(-row, min(k, n - 1) - 1)[:k] if n - 1 > k else np.arange(n)
            for j in top:
                s = float(row[j])
                if j != i and s >= floor:
                    found[(min(i, int(j)), max(i, int(j)))] = s
    return [(i, j, s) for (i, j), s in sorted(found.items())]
