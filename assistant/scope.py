"""Is a question about the Committee's findings at all? Questions that are not get a polite refusal.

A question is in scope when it names something the corpus has (a recommendation id, an Article,
an urgency level, a Party together with a question about it), or when its words are the corpus's
words and retrieval finds passages close to it. "What is the capital of Australia?" names a
State but asks nothing the findings could answer; "How do I bake bread?" shares no vocabulary.

    >>> ScopeCheck(corpus, index.bm25).run(analysis, hits)
    True
"""

from __future__ import annotations

from assistant.analysis import Analysis
from assistant.retrieval import Hit
from corpus.articles import article_covers
from corpus.collection import Corpus
import re

from corpus.parties import fold
from index.bm25 import Bm25Index
from index.text import tokens


# Words that only make sense as a question about the findings ("how many recommendations ...").
_ANCHOR = re.compile(r"\brecommendations?\b|\brecs?\b|\bfactsheets?\b|\blanzarote\b|\bcommittee\b|\bpromising practices?\b")
_ARITHMETIC = re.compile(
    r"^\W*(?:what(?:'s| is)|calculate|compute|how much is|solve)?\s*[-\d\s.,()]+\s*(?:[-+*/x×÷^=]|times|plus|minus|divided by|multiplied by|to the power of)\s*[-\d\s.,()]+\W*$"
)


class ScopeCheck:
    def __init__(self, corpus: Corpus, bm25: Bm25Index, *, min_vocabulary: float = 0.4, min_dense: float = 0.2, sure_dense: float = 0.3):
        self.corpus = corpus
        self.bm25 = bm25
        self.min_vocabulary = min_vocabulary
        self.min_dense = min_dense
        self.sure_dense = sure_dense

    def vocabulary_share(self, text: str) -> float:
        """The rarity-weighted share of the question's words that the corpus uses."""
        words = tokens(text)
        if not words:
            return 0.0
        weights = [(self.bm25.idf(t), self.bm25.knows(t)) for t in words]
        total = sum(w for w, _ in weights)
        return sum(w for w, known in weights if known) / total if total else 0.0

    def run(self, analysis: Analysis, hits: list[Hit]) -> bool:
        a = analysis
        text = fold(a.normalised or a.text)
        if _ARITHMETIC.search(text):
            return False
        # An Article the corpus never names ("GDPR Article 17") is not a reason to answer.
        known_article = any(
            article_covers(q, k) or article_covers(k, q) for q in a.articles for k in self.corpus.known_articles
        )
        anchored = bool(_ANCHOR.search(text))
        if a.articles and not known_article and not anchored:
            return False
        if a.rec_ids or known_article or a.levels or a.define or anchored:
            return True
        if a.parties:
            asks_about_findings = a.obligation or a.practice or a.general or a.recommendation_word
            known_topic = any(self.bm25.knows(t) for t in a.topic)
            if asks_about_findings or known_topic or not a.topic:
                return True
        top_dense = max((h.dense for h in hits), default=0.0)
        if top_dense >= self.sure_dense:
            return True
        return self.vocabulary_share(a.text) >= self.min_vocabulary and top_dense >= self.min_dense
