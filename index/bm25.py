"""A BM25 index over the passages, saved beside the dense index so a start does not rebuild it.

    >>> bm25 = Bm25Index.build(["Norway is required to ensure", "Bulgaria is invited to withdraw"])
    >>> bm25.search("what must norway ensure", k=1)[0][0]
    0
"""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from index.text import tokens


class Bm25Index:
    def __init__(self, retriever: bm25s.BM25, size: int):
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> Bm25Index:
        retriever = bm25s.BM25()
        retriever.index([tokens(t) or ["_empty_"] for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder))

    @classmethod
    def load(cls, folder: Path, size: int) -> Bm25Index:
        retriever = bm25s.BM25.load(str(folder))
        return cls(retriever, size)

    def idf(self, token: str) -> float:
        """How rare a (stemmed) token is across the passages; unknown tokens are rarest of all."""
        position = self._retriever.vocab_dict.get(token)
        indptr = self._retriever.scores["indptr"]
        frequency = 0 if position is None else int(indptr[position + 1] - indptr[position])
        return float(np.log((self.size - frequency + 0.5) / (frequency + 0.5) + 1.0))

    def knows(self, token: str) -> bool:
        return token in self._retriever.vocab_dict

    def scores(self, query: str) -> np.ndarray:
        """A BM25 score for every passage, in build order (zeros when no query word is known)."""
        known = [t for t in tokens(query) if t in self._retriever.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """The `k` best (position, score) pairs with a score above zero, best first."""
        scores = self.scores(query)
        if not scores.any():
            return []
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
