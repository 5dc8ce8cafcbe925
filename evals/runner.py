"""Run gold items through the same `Assistant` the app uses and score every answer.

    >>> from assistant import Assistant
    >>> result = run(Assistant.load(), load_gold(split="dev"))
    >>> result.summary["pass_rate"]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from evals.gold import GoldItem
from evals.metrics import ItemScore, score, summarise


@dataclass
class RunResult:
    scores: list[ItemScore]
    summary: dict
    by_category: dict[str, dict]
    by_split: dict[str, dict]
    by_language: dict[str, dict] = field(default_factory=dict)  # "en", "fr": each language on its own


def run(assistant, items: list[GoldItem], *, retrieval_k: int = 5, progress: Callable[[ItemScore], None] | None = None) -> RunResult:
    scores: list[ItemScore] = []
    for item in items:
        history: list[dict] = []
        for earlier in item.history:
            previous = assistant.ask(earlier, history)
            history += [{"role": "user", "content": earlier}, {"role": "assistant", "content": previous.text}]
        started = time.perf_counter()
        answer = assistant.ask(item.question, history)
        latency = (time.perf_counter() - started) * 1000
        result = score(item, answer.text, answer.outcome.value, answer.recommendations, latency)
        result.retrieval_rank = _retrieval_rank(assistant, item, retrieval_k)
        result.language = item.language
        scores.append(result)
        if progress:
            progress(result)
    return RunResult(scores, summarise(scores), _group(scores, "category"), _group(scores, "split"), _group(scores, "language"))


def _retrieval_rank(assistant, item: GoldItem, k: int) -> int | None:
    """The rank of the first required recommendation in the retriever's own top k (no answer logic)."""
    if not item.must_cite or not hasattr(assistant, "retriever"):
        return None
    hits = assistant.retriever.run(item.question)
    for rank, hit in enumerate(hits[:k], start=1):
        if hit.passage.recommendation in item.must_cite:
            return rank
    return None


def _group(scores: list[ItemScore], key: str) -> dict[str, dict]:
    groups: dict[str, list[ItemScore]] = {}
    for s in scores:
        groups.setdefault(getattr(s, key), []).append(s)
    return {name: summarise(group) for name, group in sorted(groups.items())}
