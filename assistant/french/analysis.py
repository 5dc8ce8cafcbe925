"""Question analysis in English and French: a French question is read through its English pivot
(assistant/french/pivot.py) by the English analyser, so every rule it has (follow-ups, clauses,
back-references, levels, Articles) holds in both languages; the analysis records the language
to answer in.

    >>> analyser = BilingualAnalyser(Corpus.load())
    >>> a = analyser.analyse("Que doit faire la Norvège ?")
    >>> a.language, a.parties
    ('fr', ('Norway',))
"""

from __future__ import annotations

from dataclasses import replace

from assistant.analysis import Analyser, Analysis
from assistant.french.pivot import FrenchPivot
from assistant.language import conversation_language, detect_language
from corpus.collection import Corpus


class BilingualAnalyser(Analyser):
    def __init__(self, corpus: Corpus):
        super().__init__(corpus)
        self.pivot = FrenchPivot(frozenset(self.vocabulary), gazetteer=self.gazetteer)

    def english(self, text: str, language: str | None = None) -> str:
        """`text` as the English analyser reads it: a French text through its pivot, others as they are.
        A text with no telling word ("en bref ?") is read in `language`, the conversation's."""
        return self.pivot.run(text) if (detect_language(text) or language) == "fr" else text

    def analyse(
        self, question: str, history: list[str] | None = None, previous_ids: tuple[tuple[str, ...], ...] = (),
        previous_passages: tuple[tuple[str, ...], ...] = (), language: str | None = None,
    ) -> Analysis:
        """As `Analyser.analyse`; the answer is in `language` when given, else in the conversation's."""
        history = list(history or [])
        language = language or conversation_language(question, history)
        pivoted = self.english(question, conversation_language(question, history))
        analysis = super().analyse(pivoted, [self.english(h) for h in history], previous_ids, previous_passages)
        return replace(analysis, language=language, clauses=tuple(replace(c, language=language) for c in analysis.clauses))
