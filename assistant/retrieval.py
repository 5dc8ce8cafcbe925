"""Hybrid retrieval: dense (Chroma) and BM25 results fused by reciprocal rank, then nudged by what
the question analysis found (a recommendation id, a Party, a level, an Article).

    >>> retriever = HybridRetriever(index)
    >>> retriever.run("Europol and INTERPOL databases")[0].passage.recommendation
    'V-14'
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.analysis import Analysis
from corpus.articles import article_covers
from corpus.records import Passage
from index.store import BuiltIndex
from index.text import tokens


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused score, higher is better
    dense: float  # cosine similarity, 0 when the dense search did not return it
    sparse: float  # BM25 score, 0 when no question word is in it
    coverage: float  # share of the question's topic words (weighted by rarity) that the passage contains


class HybridRetriever:
    def __init__(self, index: BuiltIndex, *, dense_k: int = 12, sparse_k: int = 12, rrf_k: int = 20):
        self.index = index
        self.dense_k = dense_k
        self.sparse_k = sparse_k
        self.rrf_k = rrf_k
        # Coverage of the last few topics for every passage (see `coverage`), oldest first.
        self._tables: OrderedDict[tuple[str, ...], np.ndarray] = OrderedDict()
        self._tables_lock = threading.Lock()

    def run(self, query: str, analysis: Analysis | None = None, embed: Callable[[str], list[float]] | None = None) -> list[Hit]:
        """`embed`: the query's vector from the index's model (the answer path passes one that keeps
        the vectors made for the safety check); default: the index's own."""
        vector = (embed or self.index.embed)(query)
        dense = self.index.dense(vector, self.dense_k)
        # The keyword search also looks for the Convention's own words for what was asked in everyday ones.
        # A follow-up on the earlier question's subject ("in how many Parties?" after "How many children
        # contributed?") also looks for that question's words.
        sparse = self.index.sparse(" ".join((query, *analysis.paraphrased, *_carried(analysis))) if analysis else query, self.sparse_k)
        fused: dict[str, float] = {}
        dense_score = {p.id: s for p, s in dense}
        sparse_score = {p.id: s for p, s in sparse}
        passages = {p.id: p for p, _ in dense + sparse}
        for results in (dense, sparse):
            for rank, (passage, _) in enumerate(results):
                fused[passage.id] = fused.get(passage.id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        topic = list(analysis.terms or analysis.topic) if analysis and (analysis.terms or analysis.topic) else tokens(query)
        hits = []
        for pid, score in fused.items():
            passage = passages[pid]
            boost = self._boost(passage, analysis) / (self.rrf_k + 1) if analysis else 0.0
            hits.append(Hit(passage, score + boost, dense_score.get(pid, 0.0), sparse_score.get(pid, 0.0), self.coverage(topic, passage)))
        hits.sort(key=lambda h: (-h.score, h.passage.id))
        return hits

    def coverage(self, topic: list[str], passage: Passage) -> float:
        """The rarity-weighted share of `topic` tokens found in `passage`.

        Worked out for every passage at once, from the BM25 index's postings (which passages
        contain each token), once per topic: a question costs the postings of its few words, not
        a pass over the passages in Python, and nothing is kept per passage.
        """
        position = self.index.position(passage.id)
        if position is None:  # not a passage of the index
            return self._coverage(topic, frozenset(tokens(passage.indexed_text())))
        return float(self._coverage_table(tuple(topic))[position])

    def coverages(self, topic: list[str], passages: list[Passage]) -> list[float]:
        """`coverage` of each of `passages` (many at once: one table lookup, no per-passage work)."""
        table = self._coverage_table(tuple(topic))
        position = self.index.position
        found = [position(p.id) for p in passages]
        if None in found:
            return [self.coverage(topic, p) for p in passages]
        return table[np.asarray(found, dtype=np.int64)].tolist()

    def _coverage_table(self, topic: tuple[str, ...]) -> np.ndarray:
        table = self._tables.get(topic)  # (a dict read needs no lock; only writes take it)
        if table is not None:
            return table
        bm25 = self.index.bm25
        weights = {t: bm25.idf(t) for t in topic}
        total = sum(weights.values())
        table = np.zeros(len(self.index.passages), dtype=np.float64)
        if total:
            for token, weight in weights.items():  # in the order `_coverage` adds them
                found = bm25.postings(token)
                if found is not None:
                    table[found] += weight
            table /= total
        with self._tables_lock:
            self._tables[topic] = table
            while len(self._tables) > 16:
                self._tables.popitem(last=False)
        return table

    def text_coverage(self, topic: list[str], text: str) -> float:
        return self._coverage(topic, frozenset(tokens(text)))

    def _coverage(self, topic: list[str], have: frozenset[str]) -> float:
        if not topic:
            return 0.0
        weights = {t: self.index.bm25.idf(t) for t in topic}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in have) / total if total else 0.0

    @staticmethod
    def _boost(passage: Passage, analysis: Analysis) -> float:
        boost = 0.0
        if passage.recommendation and passage.recommendation in analysis.rec_ids:
            boost += 2
        if analysis.parties and set(analysis.parties) & (set(passage.addressees) | set(passage.countries)):
            boost += 1
        if analysis.levels and passage.level in analysis.levels:
            boost += 0.5
        if analysis.articles and any(article_covers(q, a) for q in analysis.articles for a in passage.articles):
            boost += 0.5
        return boost


def _carried(analysis: Analysis) -> tuple[str, ...]:
    """The earlier question that a follow-up without entities of its own took its subject from."""
    own = analysis.own
    if analysis.follow_up and analysis.context and own is not None and not own.has_entities and set(analysis.topic) - set(own.topic):
        return (analysis.context,)
    return ()
