"""The judge protocol: an optional, graded opinion on each answer, off by default.

Every default metric is deterministic and offline (evals/metrics.py). A judge adds one more,
graded opinion per item (e.g. "is the answer faithful to its citations?") and never changes a
pass. `evals/llm_judge.py` is the language-model judge behind `lanzarote eval --judge`; any class
with this `run` method will do:

    >>> class Faithfulness:
    ...     name = "faithfulness"
    ...     def run(self, item: GoldItem, answer) -> Verdict:
    ...         return Verdict(score=1.0, reason="every sentence is in a cited passage")
    >>> result = run(assistant, items, judge=Faithfulness())   # evals.runner.run
    >>> result.summary["judge_score"]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from evals.gold import GoldItem


@dataclass(frozen=True)
class Verdict:
    #: 0 (wrong) to 1 (right); None: not judged (an unreadable reply, a model error), never a 0 or a 1.
    score: float | None
    reason: str = ""

    @property
    def judged(self) -> bool:
        return self.score is not None


class Judge(Protocol):
    name: str

    def run(self, item: GoldItem, answer) -> Verdict:
        """Grade `answer` (an `assistant.records.Answer`) against `item`."""
        ...
