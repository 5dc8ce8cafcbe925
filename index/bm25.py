"""A BM25 index over the passages, saved beside the dense index so a start does not rebuild it.

Each passage's tokens are saved with it (`TokenStore`), so that an update re-tokenises only the
documents that changed: the BM25 statistics (document frequencies, average length) are then
recomputed from stored token ids, in numpy, without touching the text again.

    >>> bm25 = Bm25Index.build(["Norway is required to ensure", "Bulgaria is invited to withdraw"])
    >>> bm25.search("what must norway ensure", k=1)[0][0]
    0
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.text import tokens

#: What a passage without any token is indexed as (bm25s needs at least one token per passage).
EMPTY = "_empty_"


class TokenStore:
    """Every passage's tokens as ids into one vocabulary: a flat id array and each passage's offset.

        >>> store = TokenStore.from_texts(["Norway shall ensure", "Bulgaria"])
        >>> store.tokens(0)
        ['norway', 'shall', 'ensur']
    """

    def __init__(self, vocabulary: list[str], ids: np.ndarray, offsets: np.ndarray):
        self.vocabulary = vocabulary
        self.ids = ids
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> TokenStore:
        builder = TokenStoreBuilder()
        builder.add_texts(texts)
        return builder.build()

    def tokens(self, position: int) -> list[str]:
        return [self.vocabulary[i] for i in self.ids[self.offsets[position]:self.offsets[position + 1]]]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / "tokens.npz", ids=self.ids, offsets=self.offsets)
        (folder / "tokens-vocabulary.json").write_text(json.dumps(self.vocabulary, ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path) -> TokenStore:
        with np.load(folder / "tokens.npz") as data:
            ids, offsets = data["ids"], data["offsets"]
        vocabulary = json.loads((folder / "tokens-vocabulary.json").read_text())
        return cls(vocabulary, ids, offsets)


class TokenStoreBuilder:
    """Passages added in order: new texts (tokenised here) or ranges of an earlier store (reused)."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._parts: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []

    def add_texts(self, texts: Iterable[str]) -> None:
        vocabulary = self._vocabulary
        ids: list[int] = []
        lengths: list[int] = []
        for text in texts:
            words = tokens(text) or [EMPTY]
            ids.extend(vocabulary.setdefault(w, len(vocabulary)) for w in words)
            lengths.append(len(words))
        self._parts.append(np.asarray(ids, dtype=np.int32))
        self._lengths.append(np.asarray(lengths, dtype=np.int64))

    def add_stored(self, store: TokenStore, start: int, end: int, remap: np.ndarray | None = None) -> np.ndarray:
        """Passages `start` to `end` (exclusive) of `store`; returns the id remapping to pass again
        for further ranges of the same store."""
        if remap is None:
            remap = np.fromiter((self._vocabulary.setdefault(w, len(self._vocabulary)) for w in store.vocabulary), dtype=np.int32, count=len(store.vocabulary))
        self._parts.append(remap[store.ids[store.offsets[start]:store.offsets[end]]])
        self._lengths.append(np.diff(store.offsets[start:end + 1]))
        return remap

    def build(self) -> TokenStore:
        """The store, with a vocabulary of only the tokens that some passage still has (in order of
        first use, as bm25s would number them)."""
        ids = np.concatenate(self._parts) if self._parts else np.zeros(0, dtype=np.int32)
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, dtype=np.int64)
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        words = list(self._vocabulary)
        # Renumber by first occurrence, dropping tokens of passages that are gone.
        used, first = np.unique(ids, return_index=True)
        order = used[np.argsort(first, kind="stable")]
        renumber = np.full(len(words), -1, dtype=np.int32)
        renumber[order] = np.arange(len(order), dtype=np.int32)
        return TokenStore([words[i] for i in order], renumber[ids] if len(ids) else ids, offsets)


class Bm25Index:
    def __init__(self, retriever: bm25s.BM25, size: int):
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> Bm25Index:
        return cls.from_tokens(TokenStore.from_texts(texts))

    @classmethod
    def from_tokens(cls, store: TokenStore) -> Bm25Index:
        """The index over stored tokens: no text is tokenised again."""
        retriever = bm25s.BM25()
        ids = store.ids.tolist()
        offsets = store.offsets.tolist()
        per_passage = [ids[offsets[i]:offsets[i + 1]] for i in range(len(store))]
        retriever.index((per_passage, {w: i for i, w in enumerate(store.vocabulary)}), show_progress=False)
        return cls(retriever, len(store))

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
        frequency = 0 if position is None or position + 1 >= len(indptr) else int(indptr[position + 1] - indptr[position])
        return float(np.log((self.size - frequency + 0.5) / (frequency + 0.5) + 1.0))

    def postings(self, token: str) -> np.ndarray | None:
        """The positions of the passages that contain `token` (None for a token no passage has)."""
        position = self._retriever.vocab_dict.get(token)
        indptr = self._retriever.scores["indptr"]
        if position is None or position + 1 >= len(indptr):
            return None
        return self._retriever.scores["indices"][indptr[position]:indptr[position + 1]]

    def knows(self, token: str) -> bool:
        return token in self._retriever.vocab_dict

    def scores(self, query: str) -> np.ndarray:
        """A BM25 score for every passage, in build order (zeros when no query word is known)."""
        known = [t for t in tokens(query) if t in self._retriever.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The `k` best (position, score) pairs with a score above zero, best first; with `mask`
        (a boolean per passage), only among the passages it marks."""
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        if not scores.any():
            return []
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def positions_mask(size: int, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
    """A boolean per passage, true in the given [start, end) ranges."""
    mask = np.zeros(size, dtype=bool)
    for start, end in ranges:
        mask[start:end] = True
    return mask
