"""The extension point for a language-model judge: optional, off by default, no backend yet.

Every default metric is deterministic and offline (evals/metrics.py). A judge adds one more,
graded opinion per item (e.g. "is the answer faithful to its citations?") and never changes a
pass. Later issues add language-model backends; each is a class with this `run` method:

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
    score: float  # 0 (wrong) to 1 (right)
    reason: str = ""


class Judge(Protocol):
    name: str

    def run(self, item: GoldItem, answer) -> Verdict:
        """Grade `answer` (an `assistant.records.Answer`) against `item`."""
        ...
