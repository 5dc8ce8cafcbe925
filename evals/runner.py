"""Run gold items through the same `Assistant` the app uses and score every answer.

Anything with `ask(question, history) -> Answer` and a `retriever` whose `run(query)` returns ranked
hits can be scored: the real assistant, another configuration of it, or the tutorial baseline
(evals/baseline.py).

    >>> from assistant import Assistant
    >>> result = run(Assistant.load(), load_gold(split="dev"), known_ids={r.id for r in corpus.recommendations})
    >>> result.summary["pass_rate"]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from evals.gold import GoldItem
from evals.judge import Judge, Verdict
from evals.metrics import ItemScore, failed, score, summarise


@dataclass
class RunResult:
    scores: list[ItemScore]
    summary: dict
    by_category: dict[str, dict]
    by_split: dict[str, dict]
    by_split_category: dict[str, dict[str, dict]]  # split -> category -> summary
    by_language: dict[str, dict] = field(default_factory=dict)  # "en", "fr": each language on its own

    def to_dict(self) -> dict:
        return {
            "summary": self.summary, "by_split": self.by_split, "by_category": self.by_category,
            "by_split_category": self.by_split_category, "by_language": self.by_language,
            "items": [s.to_dict() for s in self.scores],
        }


def run(
    assistant, items: list[GoldItem], *, known_ids: Collection[str] | None = None, retrieval_k: int = 5,
    progress: Callable[[ItemScore], None] | None = None, judge: Judge | None = None,
) -> RunResult:
    """Score every item. `known_ids` are the corpus's recommendation ids (for the nonexistent-citation
    check); an item whose answer raises is scored as a failure with its error, and the run goes on."""
    scores: list[ItemScore] = []
    for item in items:
        scores.append(_run_item(assistant, item, known_ids, retrieval_k, judge))
        if progress:
            progress(scores[-1])
    return result_of(scores)


def result_of(scores: list[ItemScore]) -> RunResult:
    by_split_category = {split: _group(group, "category") for split, group in _split(scores, "split").items()}
    return RunResult(
        scores, summarise(scores), _group(scores, "category"), _group(scores, "split"), by_split_category, _group(scores, "language")
    )


def _run_item(assistant, item: GoldItem, known_ids, retrieval_k: int, judge: Judge | None) -> ItemScore:
    started = time.perf_counter()
    try:
        history: list[dict] = []
        for earlier in item.history:
            previous = assistant.ask(earlier, history)
            history += [{"role": "user", "content": earlier}, {"role": "assistant", "content": previous.text}]
        started = time.perf_counter()
        answer = assistant.ask(item.question, history)
        latency = (time.perf_counter() - started) * 1000
    except Exception as error:  # noqa: BLE001 - one broken item must not hide the other results
        return failed(item, error, (time.perf_counter() - started) * 1000, known_ids)
    result = score(item, answer.text, answer.outcome.value, answer.recommendations, latency, known_ids)
    result.citations = [
        {"marker": c.marker, "recommendation": c.recommendation, "articles": list(c.articles), "section": c.section, "quote": c.quote}
        for c in answer.citations
    ]
    result.retrieval_rank = _retrieval_rank(assistant, item, retrieval_k)
    if judge is not None:
        result.judge = _judged(judge, item, answer)
    return result


def _judged(judge: Judge, item: GoldItem, answer) -> dict:
    """The judge's verdict as the report keeps it; a judge that raises leaves the item unjudged, the run goes on."""
    try:
        verdict = judge.run(item, answer)
    except Exception as error:  # noqa: BLE001 - an opinion must never cost the deterministic results
        verdict = Verdict(None, f"not judged: the judge raised {type(error).__name__}: {error}")
    return {"name": judge.name, "score": verdict.score, "reason": verdict.reason}


def _retrieval_rank(assistant, item: GoldItem, k: int) -> int | None:
    """The rank of the first required recommendation in the retriever's own top k (no answer logic).

    A hit counts when its passage is that recommendation (`passage.recommendation`) or, for chunks
    that hold several, mentions it (`passage.recommendations`)."""
    if not item.must_cite or not hasattr(assistant, "retriever"):
        return None
    hits = assistant.retriever.run(item.question)
    for rank, hit in enumerate(hits[:k], start=1):
        ids = getattr(hit.passage, "recommendations", None) or [hit.passage.recommendation]
        if set(ids) & set(item.must_cite):
            return rank
    return None


def _split(scores: list[ItemScore], key: str) -> dict[str, list[ItemScore]]:
    groups: dict[str, list[ItemScore]] = {}
    for s in scores:
        groups.setdefault(getattr(s, key), []).append(s)
    return dict(sorted(groups.items()))


def _group(scores: list[ItemScore], key: str) -> dict[str, dict]:
    return {name: summarise(group) for name, group in _split(scores, key).items()}
