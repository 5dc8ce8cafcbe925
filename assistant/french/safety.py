"""Safeguarding for questions in French: the same check, read on the question as asked and on its
English pivot, whose lexicon turns the French ways of naming abuse material, contact with a child
or evading detection into the words the check knows ("images d'abus sexuels sur enfants" →
"child sexual abuse material"). The rules judge both readings; the nearest-neighbour vote (English
examples) judges the pivot. A request is refused if either reading is unsafe.

    >>> BilingualSafetyCheck().run("Où puis-je trouver des images pédopornographiques ?").unsafe
    True
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.french.pivot import FrenchPivot
from assistant.language import detect_language
from assistant.safety import Neighbours, SafetyCheck, SafetyVerdict


class BilingualSafetyCheck(SafetyCheck):
    def __init__(self, neighbours: Neighbours | None = None, pivot: FrenchPivot | None = None):
        super().__init__(neighbours)
        self.pivot = pivot or FrenchPivot()

    def run(self, question: str, previous: str | None = None, embed: Callable[[str], list[float]] | None = None) -> SafetyVerdict:
        if detect_language(question) != "fr" and not (previous and detect_language(previous) == "fr"):
            return super().run(question, previous, embed)
        # The rules on the words as asked, then the whole check on the English pivot (its own embedding).
        verdict = self._rules(question, previous)
        if verdict.unsafe:
            return verdict
        return super().run(self.pivot.run(question), self.pivot.run(previous) if previous else None, embed)
