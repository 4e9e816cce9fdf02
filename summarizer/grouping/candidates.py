"""Candidate pairs: each article's nearest neighbours by sparse cosine, computed a block of rows at a time."""

from __future__ import annotations

from typing import Any

BLOCK_ROWS = 512


def nearest_pairs(matrix: Any, k: int, floor: float) -> tuple[Any, Any, Any]:
    """Pairs as three arrays ``(first, second, cosine)`` with ``first < second``, sorted, where either article is
    among the other's ``k`` nearest and the cosine is at least ``floor``.

    Rows must be unit length. Memory stays at one block of rows × n, never n × n.
    """
    import numpy as np

    n = matrix.shape[0]
    k = min(k, n - 1)
    if k < 1:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    transposed = matrix.T.tocsc()
    firsts, seconds, values = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).toarray()
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf  # not its own neighbour
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        near = block[rows[:, None], top]
        keep = near >= floor
        mine = np.broadcast_to(rows[:, None] + start, top.shape)[keep]
        firsts.append(np.minimum(mine, top[keep]))
        seconds.append(np.maximum(mine, top[keep]))
        values.append(near[keep])
    first, second, value = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(values)
    key, where = np.unique(first * n + second, return_index=True)  # a pair found from both ends counts once
    return key // n, key % n, value[where]
