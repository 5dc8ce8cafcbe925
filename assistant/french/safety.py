"""Safeguarding for questions in French: the same check, read on the question as asked and on its
English pivot, whose lexicon turns the French ways of naming abuse material, contact with a child
or evading detection into the words the check knows ("images d'abus sexuels sur enfants" →
"child sexual abuse material"). A request is refused if either reading is unsafe.

    >>> BilingualSafetyCheck().run("Où puis-je trouver des images pédopornographiques ?").unsafe
    True
"""

from __future__ import annotations

from assistant.french.pivot import FrenchPivot
from assistant.language import detect_language
from assistant.safety import SafetyCheck, SafetyVerdict


class BilingualSafetyCheck(SafetyCheck):
    def __init__(self, pivot: FrenchPivot | None = None):
        self.pivot = pivot or FrenchPivot()

    def run(self, question: str, previous: str | None = None) -> SafetyVerdict:
        verdict = super().run(question, previous)
        if verdict.unsafe:
            return verdict
        if detect_language(question) == "fr" or (previous and detect_language(previous) == "fr"):
            english = self.pivot.run(question)
            earlier = self.pivot.run(previous) if previous else None
            return super().run(english, earlier)
        return verdict
